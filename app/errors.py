"""Errors the domain raises, each with a code and parameters, rendered in Korean or English.

The UI and the CLI show ``error.message(lang)``; they never show a traceback. Messages say
what was wrong and what to do. Each code maps to a Korean message, which is the msgid of
the catalogue (``app.i18n``) that gives the English.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.korean import fill
from app.i18n import N_, NP_, gettext, pgettext

# A Korean msgid, or (until its module moves onto the catalogue) a (Korean, English) pair:
# app/cli.py, app/backup.py and app/sync/city.py still register pairs.
Message = str | tuple[str, str]

# field name -> its label, a Korean msgid in the "field" context (some label words mean
# something else on screens: 찬성 is "Yes" on a button, "Yes votes" as a field).
FIELD_LABELS: dict[str, str] = {
"name": NP_("field", "성명"),
    "sex": NP_("field", "성별"),
    "birth_date": NP_("field", "생년월일"),
    "affiliation": NP_("field", "소속"),
    "position": NP_("field", "직위"),
    "kind": NP_("field", "구분"),
    "category": NP_("field", "자격"),
    "role": NP_("field", "직책"),
    "phone": NP_("field", "연락처"),
    "honorary_official": NP_("field", "명예사회복지공무원"),
    "pledge_on": NP_("field", "비밀유지서약일"),
    "consent_on": NP_("field", "개인정보동의일"),
    "note": NP_("field", "비고"),
    "recommended_on": NP_("field", "추천일"),
    "start_on": NP_("field", "위촉일"),
    "end_on": NP_("field", "임기만료일"),
    "ended_on": NP_("field", "해촉일"),
    "end_reason": NP_("field", "해촉사유"),
    "end_note": NP_("field", "해촉 비고"),
    "id": NP_("field", "위원ID"),
    "description": NP_("field", "설명"),
    "service_areas": NP_("field", "서비스 분야"),
    "lead_member_id": NP_("field", "분과장"),
    "joined_on": NP_("field", "참여일"),
    "left_on": NP_("field", "탈퇴일"),
    "founded_on": NP_("field", "구성일"),
    "closed_on": NP_("field", "폐지일"),
    "council_code": NP_("field", "협의체 코드"),
    "council_name": NP_("field", "협의체 이름"),
    "appointing_authority": NP_("field", "위촉권자"),
    "username": NP_("field", "아이디"),
    "password": NP_("field", "비밀번호"),
    "display_name": NP_("field", "이름"),
}

class MessageTable(dict[str, Message]):
    """Codes are global: two areas giving one code different words would silently show one
    area's message for the other's error, so a second, different text for a code is refused
    when its module is imported."""

    def update(self, *args: object, **kwargs: Message) -> None:  # type: ignore[override]
        for code, text in dict(*args, **kwargs).items():  # type: ignore[arg-type]
            if code in self and self[code] != text:
                raise ValueError(f"message code {code!r} is already {self[code]!r}, not {text!r}")
            self[code] = text


# code -> Korean msgid; English comes from the catalogue. {field} is the field's label;
# other names are parameters. Areas add their codes from their own messages modules.
MESSAGES: MessageTable = MessageTable({
    "required": N_("{field}을(를) 입력하세요."),
    "too_long": N_("{field}은(는) {max}자 이하로 입력하세요."),
    "invalid_choice": N_("{field} 값 '{value}'은(는) 쓸 수 없습니다. 목록에서 고르세요."),
    "invalid_date": N_("{field} '{value}'은(는) 날짜가 아닙니다. 2026-11-24처럼 입력하세요."),
    "future_date": N_("{field}이(가) 오늘보다 뒤입니다. 날짜를 확인하세요."),
    "date_too_old": N_("{field}이(가) 너무 이릅니다. 날짜를 확인하세요."),
    "end_before_start": N_("{field}이(가) 위촉일보다 앞섭니다. 날짜를 확인하세요."),
    "recommended_after_start": N_("추천일이 위촉일보다 뒤입니다. 날짜를 확인하세요."),
    "invalid_phone": N_("연락처 '{value}'의 형식이 맞지 않습니다. 010-1234-5678처럼 입력하세요."),
    "invalid_number": N_("{field} '{value}'은(는) 숫자가 아닙니다."),
    "invalid_bool": N_("{field} '{value}'은(는) '예' 또는 '아니오'로 입력하세요."),
    "duplicate_member": N_("같은 성명과 {what}의 위원 '{name}'이(가) 이미 있습니다. 기존 위원을 수정하세요."),
    "role_taken": N_("{role}은(는) 이미 '{name}' 위원이 맡고 있습니다. 먼저 그 위원의 직책을 바꾸세요."),
    "member_cap": N_("현재 위원이 {count}명으로 정원({cap}명)에 이르렀습니다. 설정에서 정원을 바꾸거나 다른 위원의 임기를 정리하세요."),
    "member_not_found": N_("위원을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "term_not_found": N_("임기 기록을 찾을 수 없습니다(ID {id})."),
    "no_current_term": N_("'{name}' 위원은 현재 임기 중이 아닙니다."),
    "term_overlap": N_("새 임기가 이전 임기({start}~{end})와 겹칩니다. 위촉일을 이전 임기 뒤로 하세요."),
    "open_term": N_("'{name}' 위원은 아직 임기 중입니다. 재위촉은 임기가 끝난 뒤(또는 해촉 뒤)에 하세요."),
    "dismiss_before_start": N_("해촉일이 위촉일({start})보다 앞섭니다."),
    "already_deleted": N_("이미 삭제된 기록입니다."),
    "not_deleted": N_("삭제되지 않은 기록입니다."),
    "subcommittee_not_found": N_("분과를 찾을 수 없습니다(ID {id})."),
    "duplicate_subcommittee": N_("같은 이름의 분과 '{name}'이(가) 이미 있습니다."),
    "subcommittee_closed": N_("'{name}' 분과는 폐지되었습니다. 다시 열거나 다른 분과를 고르세요."),
    "already_in_subcommittee": N_("'{name}' 위원은 이미 이 분과에 참여하고 있습니다."),
    "not_in_subcommittee": N_("'{name}' 위원은 이 분과에 참여하고 있지 않습니다."),
    "member_not_in_office": N_("'{name}' 위원은 {date}에 임기 중이 아닙니다."),
    "db_missing": N_("데이터 파일이 없습니다: {path}\n경로를 확인하거나 'councildesk init'으로 새로 만드세요."),
    "db_missing_folder": N_("데이터 파일을 둘 폴더가 없습니다: {path}\n폴더를 먼저 만드세요."),
    "db_read_only": N_("데이터 파일 또는 폴더에 쓸 수 없습니다(읽기 전용): {path}\n쓰기 권한이 있는 위치로 옮기세요."),
    "db_unreadable": N_("데이터 파일을 읽을 권한이 없습니다: {path}"),
    "db_is_directory": N_("데이터 파일 자리에 폴더가 있습니다: {path}\n파일 이름을 주세요."),
    "db_not_councildesk": N_("협의체 데스크 데이터 파일이 아닙니다: {path}\n올바른 파일을 고르세요."),
    "db_too_new": N_("이 데이터 파일은 더 새 버전의 협의체 데스크에서 만들어졌습니다. 프로그램을 최신 버전으로 바꾸세요. (파일을 바꾸지 않았습니다)"),
    "db_exists": N_("이미 데이터 파일이 있습니다: {path}\n다른 이름을 쓰거나 기존 파일을 옮기세요."),
    "file_missing": N_("파일이 없습니다: {path}"),
    "file_unreadable": N_("파일을 읽을 권한이 없습니다: {path}\n파일을 다른 곳(바탕화면 등)에 복사한 뒤 다시 고르세요."),
    "not_excel": N_("엑셀 파일(.xlsx)이 아니거나 손상된 파일입니다: {path}\n엑셀에서 .xlsx로 다시 저장하세요."),
    "excel_missing_columns": N_("엑셀 파일에 필요한 열이 없습니다: {columns}\n양식 파일을 내려받아 그 열 이름을 쓰세요."),
    "excel_no_rows": N_("엑셀 파일에 가져올 행이 없습니다."),
    "excel_invalid_rows": N_("엑셀 파일에 잘못된 행이 {count}개 있습니다. 아무것도 가져오지 않았습니다."),
    "excel_unknown_id": N_("이 데이터에 없는 위원ID입니다: {value}\n새 위원이면 위원ID 칸을 비우세요."),
    "excel_duplicate_in_file": N_("{other_row}행과 같은 위원입니다."),
    "write_failed": N_("파일을 쓸 수 없습니다: {path}\n{detail}"),
    "invalid_setting": N_("설정 값이 올바르지 않습니다: {field}"),
    "db_damaged": N_("데이터 파일이 손상되었습니다: {path}\n가장 최근의 정상 백업으로 되돌릴 수 있습니다(파일 → 백업에서 복원)."),
    "not_allowed": N_("{role} 계정으로는 할 수 없는 일입니다. 권한이 있는 계정으로 로그인하세요."),
    "wrong_login": N_("아이디 또는 비밀번호가 맞지 않습니다. 5번 틀리면 잠시 잠깁니다."),
    "account_locked": N_("비밀번호를 여러 번 틀려 계정이 잠겼습니다. {minutes}분 뒤에 다시 시도하거나 관리자에게 비밀번호 재설정을 부탁하세요."),
    "keyring_missing": N_("열쇠 파일이 없습니다: {path}\n데이터 파일과 같은 폴더에 있어야 합니다. 백업 폴더의 같은 이름 파일(.keys)을 옆에 두세요."),
    "keyring_tampered": N_("열쇠 파일(.keys)이 프로그램 밖에서 고쳐졌습니다: {path}\n잠금·실패 횟수·계정 열쇠를 믿을 수 없어 열지 않았습니다. 관리자가 복구 코드로 여세요(로그인 → 복구 코드로 열기)."),
    "keyring_rolled_back": N_("열쇠 파일(.keys)이 이 데이터 파일이 마지막으로 본 것보다 예전 것입니다(다시 복사해 넣은 파일): {path}\n열지 않았습니다. 관리자가 복구 코드로 여세요(로그인 → 복구 코드로 열기)."),
    "keyring_damaged": N_("열쇠 파일이 손상되었습니다: {path}\n백업 폴더의 .keys 파일로 바꾸세요."),
    "db_not_encrypted": N_("암호화되지 않은 데이터 파일입니다: {path}\n새로 만든 파일(councildesk init)로 옮긴 뒤 쓰세요."),
    "wrong_recovery_code": N_("복구 코드가 맞지 않습니다. 처음 설정할 때 인쇄한 코드를 대시(-)까지 그대로 입력하세요."),
    "weak_password": N_("비밀번호가 너무 약합니다({length}자, {kinds}종류). 영문 대문자·소문자·숫자·기호 중 두 종류를 섞으면 {two}자 이상, 세 종류를 섞으면 {three}자 이상으로 하세요."),
    "password_is_username": N_("비밀번호에 아이디(거꾸로 쓴 것도)를 쓸 수 없습니다. 아이디와 관계없는 비밀번호를 고르세요."),
    "password_is_council_name": N_("비밀번호에 협의체 이름이나 지역 이름을 쓸 수 없습니다. 남이 짐작하기 어려운 비밀번호를 고르세요."),
    "common_password": N_("너무 흔한 비밀번호입니다(앞뒤에 숫자나 기호를 붙여도 같습니다). 흔한 단어나 키보드 배열이 아닌 비밀번호를 고르세요."),
    "invalid_username": N_("아이디는 2~40자의 글자·숫자·점(.)·밑줄(_)·빼기(-)만 쓸 수 있습니다."),
    "duplicate_account": N_("아이디 '{username}'은(는) 이미 있습니다. 다른 아이디를 쓰세요."),
    "account_not_found": N_("계정 '{username}'을(를) 찾을 수 없습니다."),
    "account_inactive": N_("계정 '{username}'은(는) 사용 중지되었습니다."),
    "last_admin": N_("마지막 관리자 계정입니다. 다른 관리자를 먼저 만드세요."),
    "cannot_deactivate_self": N_("지금 로그인한 자기 계정은 중지할 수 없습니다."),
    "not_logged_in": N_("로그인이 필요합니다."),
    "wrong_password": N_("현재 비밀번호가 맞지 않습니다."),
})

# code -> text appended to the message (sync refusals promise that nothing changed).
MESSAGE_SUFFIXES: dict[str, str] = {}

UNKNOWN_ERROR = N_("알 수 없는 오류가 났습니다({code}).")
ROW_PREFIX = N_("{row}행 '{column}' 열: ")


def field_label(field_name: str, lang: str = "ko") -> str:
    label = FIELD_LABELS.get(field_name)
    return pgettext("field", label, lang) if label else field_name


def message_text(code: str, lang: str = "ko") -> str:
    """The message of ``code`` in ``lang``, placeholders not yet filled."""
    entry = MESSAGES.get(code, UNKNOWN_ERROR)
    if isinstance(entry, tuple):
        text = entry[0] if lang == "ko" else entry[1]
    else:
        text = gettext(entry, lang)
    suffix = MESSAGE_SUFFIXES.get(code)
    return text + gettext(suffix, lang) if suffix else text


def render(code: str, params: dict[str, object], lang: str = "ko") -> str:
    text = message_text(code, lang)
    values = dict(params)
    if "field" in values and isinstance(values["field"], str):
        values["field"] = field_label(values["field"], lang)
    values.setdefault("code", code)
    try:
        # Korean particles follow the word put in: "성명을", "연락처를", never "성명을(를)".
        return fill(text, values)
    except (KeyError, IndexError):
        return text


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
        return gettext(ROW_PREFIX, lang).format(row=self.row, column=column) + text


class ValidationFailed(InputRefused):
    """One or more fields are wrong; each is listed."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("validation", count=len(errors))
        self.errors = errors

    def message(self, lang: str = "ko") -> str:
        return "\n".join(e.message(lang) for e in self.errors)
