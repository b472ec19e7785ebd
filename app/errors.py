"""Errors the domain raises, each with a code and parameters, rendered in Korean or English.

The UI and the CLI show ``error.message(lang)``; they never show a traceback. Messages say
what was wrong and what to do.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("성명", "Name"),
    "sex": ("성별", "Sex"),
    "birth_date": ("생년월일", "Birth date"),
    "affiliation": ("소속", "Affiliation"),
    "position": ("직위", "Position"),
    "kind": ("구분", "Kind"),
    "category": ("자격", "Qualification"),
    "role": ("직책", "Role"),
    "phone": ("연락처", "Phone"),
    "honorary_official": ("명예사회복지공무원", "Honorary welfare official"),
    "pledge_on": ("비밀유지서약일", "Confidentiality pledge date"),
    "consent_on": ("개인정보동의일", "Privacy consent date"),
    "note": ("비고", "Note"),
    "recommended_on": ("추천일", "Recommended on"),
    "start_on": ("위촉일", "Term start"),
    "end_on": ("임기만료일", "Term end"),
    "ended_on": ("해촉일", "Dismissal date"),
    "end_reason": ("해촉사유", "Reason"),
    "id": ("위원ID", "Member ID"),
    "description": ("설명", "Description"),
    "service_areas": ("서비스 분야", "Service areas"),
    "lead_member_id": ("분과장", "Lead"),
    "joined_on": ("참여일", "Joined on"),
    "left_on": ("탈퇴일", "Left on"),
    "founded_on": ("구성일", "Founded on"),
    "closed_on": ("폐지일", "Closed on"),
    "council_code": ("협의체 코드", "Council code"),
    "council_name": ("협의체 이름", "Council name"),
    "appointing_authority": ("위촉권자", "Appointing authority"),
    "username": ("아이디", "User name"),
    "password": ("비밀번호", "Password"),
    "display_name": ("이름", "Display name"),
}

# code -> (Korean, English). {field} is the field's label; other names are parameters.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("{field}을(를) 입력하세요.", "{field} is required."),
    "too_long": ("{field}은(는) {max}자 이하로 입력하세요.", "{field} must be at most {max} characters."),
    "invalid_choice": ("{field} 값 '{value}'은(는) 쓸 수 없습니다. 목록에서 고르세요.",
                       "{field}: '{value}' is not allowed. Choose from the list."),
    "invalid_date": ("{field} '{value}'은(는) 날짜가 아닙니다. 2026-11-24처럼 입력하세요.",
                     "{field} '{value}' is not a date. Use a form like 2026-11-24."),
    "future_date": ("{field}이(가) 오늘보다 뒤입니다. 날짜를 확인하세요.",
                    "{field} is in the future. Check the date."),
    "date_too_old": ("{field}이(가) 너무 이릅니다. 날짜를 확인하세요.", "{field} is too early. Check the date."),
    "end_before_start": ("{field}이(가) 위촉일보다 앞섭니다. 날짜를 확인하세요.",
                         "{field} is before the term start. Check the dates."),
    "recommended_after_start": ("추천일이 위촉일보다 뒤입니다. 날짜를 확인하세요.",
                                "The recommendation date is after the term start. Check the dates."),
    "invalid_phone": ("연락처 '{value}'의 형식이 맞지 않습니다. 010-1234-5678처럼 입력하세요.",
                      "Phone '{value}' is not valid. Use a form like 010-1234-5678."),
    "invalid_number": ("{field} '{value}'은(는) 숫자가 아닙니다.", "{field} '{value}' is not a number."),
    "invalid_bool": ("{field} '{value}'은(는) '예' 또는 '아니오'로 입력하세요.",
                     "{field} '{value}' must be yes or no."),
    "duplicate_member": ("같은 성명과 {what}의 위원 '{name}'이(가) 이미 있습니다. 기존 위원을 수정하세요.",
                         "A member '{name}' with the same {what} already exists. Edit that member instead."),
    "role_taken": ("{role}은(는) 이미 '{name}' 위원이 맡고 있습니다. 먼저 그 위원의 직책을 바꾸세요.",
                   "{role} is already held by '{name}'. Change that member's role first."),
    "member_cap": ("현재 위원이 {count}명으로 정원({cap}명)에 이르렀습니다. 설정에서 정원을 바꾸거나 다른 위원의 임기를 정리하세요.",
                   "There are already {count} members, the cap of {cap}. Change the cap in settings or end other terms."),
    "member_not_found": ("위원을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요.",
                         "Member not found (ID {id}). Refresh the list."),
    "term_not_found": ("임기 기록을 찾을 수 없습니다(ID {id}).", "Term not found (ID {id})."),
    "no_current_term": ("'{name}' 위원은 현재 임기 중이 아닙니다.", "'{name}' is not currently in office."),
    "term_overlap": ("새 임기가 이전 임기({start}~{end})와 겹칩니다. 위촉일을 이전 임기 뒤로 하세요.",
                     "The new term overlaps the previous one ({start}–{end}). Start it after that term."),
    "open_term": ("'{name}' 위원은 아직 임기 중입니다. 재위촉은 임기가 끝난 뒤(또는 해촉 뒤)에 하세요.",
                  "'{name}' is still in office. Reappoint after the term ends or is ended."),
    "dismiss_before_start": ("해촉일이 위촉일({start})보다 앞섭니다.", "The dismissal date is before the term start ({start})."),
    "already_deleted": ("이미 삭제된 기록입니다.", "This record is already deleted."),
    "not_deleted": ("삭제되지 않은 기록입니다.", "This record is not deleted."),
    "subcommittee_not_found": ("분과를 찾을 수 없습니다(ID {id}).", "Subcommittee not found (ID {id})."),
    "duplicate_subcommittee": ("같은 이름의 분과 '{name}'이(가) 이미 있습니다.", "A subcommittee named '{name}' already exists."),
    "subcommittee_closed": ("'{name}' 분과는 폐지되었습니다. 다시 열거나 다른 분과를 고르세요.",
                            "Subcommittee '{name}' is closed. Reopen it or choose another."),
    "already_in_subcommittee": ("'{name}' 위원은 이미 이 분과에 참여하고 있습니다.", "'{name}' already sits on this subcommittee."),
    "not_in_subcommittee": ("'{name}' 위원은 이 분과에 참여하고 있지 않습니다.", "'{name}' does not sit on this subcommittee."),
    "member_not_in_office": ("'{name}' 위원은 {date}에 임기 중이 아닙니다.", "'{name}' is not in office on {date}."),
    "db_missing": ("데이터 파일이 없습니다: {path}\n경로를 확인하거나 'councildesk init'으로 새로 만드세요.",
                   "The data file does not exist: {path}\nCheck the path or create one with 'councildesk init'."),
    "db_missing_folder": ("데이터 파일을 둘 폴더가 없습니다: {path}\n폴더를 먼저 만드세요.",
                          "The folder for the data file does not exist: {path}\nCreate it first."),
    "db_read_only": ("데이터 파일 또는 폴더에 쓸 수 없습니다(읽기 전용): {path}\n쓰기 권한이 있는 위치로 옮기세요.",
                     "The data file or its folder is read-only: {path}\nMove it somewhere writable."),
    "db_unreadable": ("데이터 파일을 읽을 권한이 없습니다: {path}", "No permission to read the data file: {path}"),
    "db_is_directory": ("데이터 파일 자리에 폴더가 있습니다: {path}\n파일 이름을 주세요.",
                        "That path is a folder, not a data file: {path}"),
    "db_not_councildesk": ("협의체 데스크 데이터 파일이 아닙니다: {path}\n올바른 파일을 고르세요.",
                           "This is not a CouncilDesk data file: {path}\nChoose the right file."),
    "db_too_new": ("이 데이터 파일은 더 새 버전의 협의체 데스크에서 만들어졌습니다. 프로그램을 최신 버전으로 바꾸세요. (파일을 바꾸지 않았습니다)",
                   "This data file was made by a newer CouncilDesk. Update the program. (The file was not changed.)"),
    "db_exists": ("이미 데이터 파일이 있습니다: {path}\n다른 이름을 쓰거나 기존 파일을 옮기세요.",
                  "A data file already exists: {path}\nUse another name or move it away."),
    "file_missing": ("파일이 없습니다: {path}", "File not found: {path}"),
    "file_unreadable": ("파일을 읽을 권한이 없습니다: {path}\n파일을 다른 곳(바탕화면 등)에 복사한 뒤 다시 고르세요.",
                        "No permission to read the file: {path}\nCopy it somewhere else (e.g. the desktop) and try again."),
    "not_excel": ("엑셀 파일(.xlsx)이 아니거나 손상된 파일입니다: {path}\n엑셀에서 .xlsx로 다시 저장하세요.",
                  "Not an Excel (.xlsx) file, or it is damaged: {path}\nSave it again as .xlsx in Excel."),
    "excel_missing_columns": ("엑셀 파일에 필요한 열이 없습니다: {columns}\n양식 파일을 내려받아 그 열 이름을 쓰세요.",
                              "The sheet lacks required columns: {columns}\nDownload the template and use its column names."),
    "excel_no_rows": ("엑셀 파일에 가져올 행이 없습니다.", "The sheet has no rows to import."),
    "excel_invalid_rows": ("엑셀 파일에 잘못된 행이 {count}개 있습니다. 아무것도 가져오지 않았습니다.",
                           "The sheet has {count} invalid rows. Nothing was imported."),
    "excel_unknown_id": ("이 데이터에 없는 위원ID입니다: {value}\n새 위원이면 위원ID 칸을 비우세요.",
                         "Unknown member ID: {value}\nLeave the ID empty for new members."),
    "excel_duplicate_in_file": ("{other_row}행과 같은 위원입니다.", "Same member as row {other_row}."),
    "write_failed": ("파일을 쓸 수 없습니다: {path}\n{detail}", "Cannot write the file: {path}\n{detail}"),
    "invalid_setting": ("설정 값이 올바르지 않습니다: {field}", "Invalid setting: {field}"),
    "db_damaged": ("데이터 파일이 손상되었습니다: {path}\n가장 최근의 정상 백업으로 되돌릴 수 있습니다(파일 → 백업에서 복원).",
                   "The data file is damaged: {path}\nYou can go back to the latest good backup (File → Restore)."),
    "not_allowed": ("{role} 계정으로는 할 수 없는 일입니다. 권한이 있는 계정으로 로그인하세요.",
                    "A {role} account may not do this. Log in with an account that may."),
    "wrong_login": ("아이디 또는 비밀번호가 맞지 않습니다. 5번 틀리면 잠시 잠깁니다.",
                    "Wrong user name or password. After 5 failures the account is locked for a while."),
    "account_locked": ("비밀번호를 여러 번 틀려 계정이 잠겼습니다. {minutes}분 뒤에 다시 시도하거나 관리자에게 비밀번호 재설정을 부탁하세요.",
                       "Too many wrong passwords: the account is locked. Try again in {minutes} minutes or ask an administrator."),
    "keyring_missing": ("열쇠 파일이 없습니다: {path}\n데이터 파일과 같은 폴더에 있어야 합니다. 백업 폴더의 같은 이름 파일(.keys)을 옆에 두세요.",
                        "The key file is missing: {path}\nIt must sit beside the data file; copy the .keys file from a backup."),
    "keyring_damaged": ("열쇠 파일이 손상되었습니다: {path}\n백업 폴더의 .keys 파일로 바꾸세요.",
                        "The key file is damaged: {path}\nReplace it with the .keys file from a backup."),
    "db_not_encrypted": ("암호화되지 않은 데이터 파일입니다: {path}\n새로 만든 파일(councildesk init)로 옮긴 뒤 쓰세요.",
                         "This data file is not encrypted: {path}\nCreate a new one (councildesk init) and move the data."),
    "wrong_recovery_code": ("복구 코드가 맞지 않습니다. 처음 설정할 때 인쇄한 코드를 대시(-)까지 그대로 입력하세요.",
                            "Wrong recovery code. Type the code printed at setup exactly."),
    "weak_password": ("비밀번호는 {min}자 이상이고 영문자·숫자·기호 중 두 가지 이상을 섞어야 합니다.",
                      "The password needs at least {min} characters mixing two of letters, digits and symbols."),
    "invalid_username": ("아이디는 2~40자의 글자·숫자·점(.)·밑줄(_)·빼기(-)만 쓸 수 있습니다.",
                         "A user name has 2-40 letters, digits, dots, underscores or hyphens."),
    "duplicate_account": ("아이디 '{username}'은(는) 이미 있습니다. 다른 아이디를 쓰세요.",
                          "The user name '{username}' is taken. Choose another."),
    "account_not_found": ("계정 '{username}'을(를) 찾을 수 없습니다.", "Account '{username}' not found."),
    "account_inactive": ("계정 '{username}'은(는) 사용 중지되었습니다.", "Account '{username}' is deactivated."),
    "last_admin": ("마지막 관리자 계정입니다. 다른 관리자를 먼저 만드세요.",
                   "This is the last administrator. Create another administrator first."),
    "cannot_deactivate_self": ("지금 로그인한 자기 계정은 중지할 수 없습니다.", "You cannot deactivate the account you are using."),
    "not_logged_in": ("로그인이 필요합니다.", "Please log in."),
    "wrong_password": ("현재 비밀번호가 맞지 않습니다.", "The current password is wrong."),
}


def field_label(field_name: str, lang: str = "ko") -> str:
    ko, en = FIELD_LABELS.get(field_name, (field_name, field_name))
    return ko if lang == "ko" else en


def render(code: str, params: dict[str, object], lang: str = "ko") -> str:
    ko, en = MESSAGES.get(code, ("알 수 없는 오류가 났습니다({code}).", "Unexpected error ({code})."))
    values = {k: v for k, v in params.items()}
    if "field" in values and isinstance(values["field"], str):
        values["field"] = field_label(values["field"], lang)
    values.setdefault("code", code)
    try:
        return (ko if lang == "ko" else en).format(**values)
    except (KeyError, IndexError):
        return ko if lang == "ko" else en


class AppError(Exception):
    """A refusal the user can act on. Nothing was changed when it is raised."""

    exit_code = 1

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str = "ko") -> str:
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.message("ko")


class InputRefused(AppError):
    """Bad input (a file, a value): the CLI exits 3."""

    exit_code = 3


class NotFound(AppError):
    exit_code = 3


@dataclass(frozen=True)
class FieldError:
    """One problem with one field; ``row`` is set for spreadsheet rows (1-based, as Excel shows)."""

    field: str
    code: str
    params: dict[str, object] = field(default_factory=dict)
    row: int | None = None

    def message(self, lang: str = "ko") -> str:
        text = render(self.code, {"field": self.field, **self.params}, lang)
        if self.row is None:
            return text
        column = field_label(self.field, lang)
        prefix = f"{self.row}행 '{column}' 열: " if lang == "ko" else f"Row {self.row}, column '{column}': "
        return prefix + text


class ValidationFailed(InputRefused):
    """One or more fields are wrong; each is listed."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("validation", count=len(errors))
        self.errors = errors

    def message(self, lang: str = "ko") -> str:
        return "\n".join(e.message(lang) for e in self.errors)
