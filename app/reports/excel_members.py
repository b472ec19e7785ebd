"""The member roster as an Excel workbook: export, blank template, and checked import.

The sheet "위원명부" has one row per member. Its 위원ID column carries the member's UUID so
that a file exported, edited in Excel and imported again updates the same people instead
of adding them twice; a row without an ID is a new member.

Import is two steps so the user sees every problem before anything changes:
``read_members_workbook`` turns the file into a ``MemberImportPlan`` (every row checked,
every problem a ``FieldError`` with its Excel row, nothing written), and
``apply_members_import`` applies a plan in one transaction.

No Qt here: the UI passes a ``progress(done, total)`` callback.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app import codes
from app.reports.excel_print import fit_a4_landscape
from app.security.audit import append_entry, record
from app.security.permissions import Permission, require
from app.dates import parse_date
from app.errors import AppError, FieldError, InputRefused, ValidationFailed, field_label
from app.members import (
    MemberData,
    MemberView,
    TermData,
    TermView,
    add_member_in_session,
    clean_member_data,
    list_members,
    member_status,
    update_member_in_session,
    validate_member_data,
    validate_term_data,
)
from app.settings import load_settings
from db.models import Member
from db.session import UnitOfWork

__all__ = [
    "COLUMNS", "ImportResult", "ImportRow", "MemberImportPlan", "apply_members_import",
    "export_members", "read_members_workbook", "write_members_template",
]

Progress = Callable[[int, int], None]

SHEET_TITLE = "위원명부"
GUIDE_TITLE = "안내"
DATE_FORMAT = "yyyy-mm-dd"
PROGRESS_EVERY = 50
# Validations cover the whole column below the header, so rows typed in later get them too.
_LAST_ROW = 1048576

YES, NO = "예", "아니오"
# Lower-case: compared with the lower-cased cell text.
_TRUE_WORDS = {"예", "네", "y", "yes", "o", "true", "1", "v", "✓", "●"}
_FALSE_WORDS = {"아니오", "아니요", "n", "no", "x", "false", "0", "-"}

CHOICES: dict[str, dict] = {
    "sex": codes.SEX,
    "kind": codes.MEMBER_KIND,
    "category": codes.CATEGORY,
    "role": codes.ROLE,
}


@dataclass(frozen=True)
class Column:
    """One column of the roster sheet. ``field`` names a MemberData/TermData field."""

    field: str
    kind: str  # "id" | "text" | "phone" | "choice" | "bool" | "date" | "status"
    width: float
    hint: str
    required: bool = False
    in_template: bool = True

    @property
    def header(self) -> str:
        # Header texts are the field labels of app.errors, so an error's "'성별' 열" names
        # exactly the column the user sees.
        return "상태" if self.field == "status" else field_label(self.field)


COLUMNS: tuple[Column, ...] = (
    Column("id", "id", 38, "프로그램이 붙인 번호입니다. 고치지 마세요. 새 위원은 비워 두세요."),
    Column("name", "text", 10, "30자 이내.", required=True),
    Column("sex", "choice", 6, "남 또는 여.", required=True),
    Column("birth_date", "date", 12, "주민등록번호는 적지 마세요. 생년월일만 적습니다."),
    Column("affiliation", "text", 24, "소속 기관·단체 또는 마을(리)."),
    Column("position", "text", 14, "소속에서의 직위."),
    Column("kind", "choice", 9, "당연직(공무원 등 직위로 참여) 또는 위촉직.", required=True),
    Column("category", "choice", 30, "시행규칙 제7조② 자격. 목록에서 고르세요.", required=True),
    Column("role", "choice", 16, "비우면 '위원'.",),
    Column("phone", "phone", 15, "010-1234-5678처럼 적습니다."),
    Column("honorary_official", "bool", 12, "예 또는 아니오. 비우면 아니오."),
    Column("pledge_on", "date", 14, "비밀유지 서약서를 받은 날."),
    Column("consent_on", "date", 14, "개인정보 수집·이용 동의를 받은 날."),
    Column("recommended_on", "date", 12, "읍면동장이 추천한 날. 위촉일보다 늦을 수 없습니다."),
    Column("start_on", "date", 12, "현재(마지막) 임기의 위촉일.", required=True),
    Column("end_on", "date", 12, "현재(마지막) 임기의 만료일. 위촉직은 꼭 적습니다(당연직은 비워도 됨)."),
    Column("status", "status", 10, "내보낼 때만 채워집니다. 가져올 때는 무시합니다.", in_template=False),
    Column("note", "text", 30, "2,000자 이내."),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
REQUIRED_FIELDS = tuple(c.field for c in COLUMNS if c.required)
_MEMBER_FIELDS = ("name", "sex", "birth_date", "affiliation", "position", "kind", "category", "role",
                  "phone", "honorary_official", "pledge_on", "consent_on", "note")
_TERM_FIELDS = ("recommended_on", "start_on", "end_on")

# Header spellings people use besides ours (Korean and English labels and field codes
# are accepted anyway).
_HEADER_ALIASES = {
    "이름": "name", "위원명": "name", "성함": "name",
    "생일": "birth_date",
    "소속기관": "affiliation", "기관": "affiliation",
    "위원구분": "kind",
    "위촉자격": "category", "자격구분": "category",
    "전화번호": "phone", "휴대전화": "phone", "휴대폰": "phone", "전화": "phone",
    "명예사회복지공무원여부": "honorary_official",
    "서약일": "pledge_on", "동의일": "consent_on",
    "위촉일자": "start_on", "임기시작일": "start_on", "임기시작": "start_on",
    "임기종료일": "end_on", "임기만료": "end_on", "임기종료": "end_on",
    "id": "id", "위원번호": "id",
}

# Errors that the member services raise as a whole-action refusal, shown in the import
# against the column that caused them.
_REFUSAL_FIELDS = {"duplicate_member": "name", "role_taken": "role", "member_cap": "start_on",
                   "term_overlap": "start_on", "dismiss_before_start": "start_on"}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_EXPORT_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
_ID_FONT = Font(color="808080")


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class ImportRow:
    """One sheet row as understood: what it would do and what is wrong with it."""

    row: int
    member_id: str | None
    data: MemberData
    term: TermData | None
    errors: tuple[FieldError, ...]
    action: str  # "add" | "update" | "unchanged"

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class MemberImportPlan:
    """Everything a roster file would change, checked; build it with ``read_members_workbook``."""

    path: Path
    sheet: str
    rows: tuple[ImportRow, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def valid_rows(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if r.is_valid)

    @property
    def invalid_rows(self) -> tuple[ImportRow, ...]:
        return tuple(r for r in self.rows if not r.is_valid)

    @property
    def errors(self) -> tuple[FieldError, ...]:
        return tuple(e for r in self.rows for e in r.errors)

    @property
    def counts(self) -> dict[str, int]:
        """Rows by action among valid rows, plus ``invalid`` and ``total``."""
        valid = self.valid_rows
        return {
            "add": sum(1 for r in valid if r.action == "add"),
            "update": sum(1 for r in valid if r.action == "update"),
            "unchanged": sum(1 for r in valid if r.action == "unchanged"),
            "invalid": len(self.rows) - len(valid),
            "total": len(self.rows),
        }


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    skipped: int
    added_ids: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------- writing

def _choice_labels(field_name: str) -> list[str]:
    if field_name == "honorary_official":
        return [YES, NO]
    return [ko for ko, _en in CHOICES[field_name].values()]


def _add_validations(ws: Worksheet, columns: Sequence[Column]) -> None:
    """Dropdowns for the code lists and date checks, the same in the template and exports."""
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{_LAST_ROW}"
        if column.kind in ("choice", "bool"):
            labels = _choice_labels(column.field)
            # An inline list: no helper sheet to break when rows are copied between files.
            # Excel caps the formula at 255 characters and splits on commas.
            formula = '"' + ",".join(labels) + '"'
            assert len(formula) <= 255 and not any("," in label for label in labels)
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.error = f"목록에 있는 값만 쓸 수 있습니다: {', '.join(labels)}"
        elif column.kind == "date":
            validation = DataValidation(type="date", operator="between", allow_blank=True,
                                        formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)")
            validation.error = "날짜를 2026-11-24처럼 입력하세요."
        elif column.field == "name":
            validation = DataValidation(type="textLength", operator="lessThanOrEqual",
                                        formula1="30", allow_blank=True)
            validation.error = "성명은 30자 이내로 입력하세요."
        else:
            continue
        validation.errorTitle = column.header
        validation.promptTitle = column.header
        validation.prompt = column.hint[:255]
        validation.showErrorMessage = True
        validation.showInputMessage = True
        validation.add(cells)
        ws.add_data_validation(validation)


def _write_header(ws: Worksheet, columns: Sequence[Column]) -> None:
    ws.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = _HEADER_FONT
        cell.fill = (_REQUIRED_FILL if column.required
                     else _EXPORT_ONLY_FILL if column.kind == "status" else _HEADER_FILL)
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 30


def _finish_sheet(ws: Worksheet, columns: Sequence[Column], rows: int) -> None:
    # Keep the ID and the name in view while scrolling right through 18 columns.
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(rows + 1, 2)}"
    _add_validations(ws, columns)
    fit_a4_landscape(ws)


def _write_guide(wb: Workbook, columns: Sequence[Column]) -> None:
    ws = wb.create_sheet(GUIDE_TITLE)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 70
    ws.column_dimensions["D"].width = 60
    ws.append(["위원명부 엑셀 작성 안내"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in (
        f"• '{SHEET_TITLE}' 시트의 첫 행(열 제목)은 바꾸지 마세요. 열 순서는 바꿔도 됩니다.",
        "• 한 행에 위원 한 명을 적습니다. 빈 행은 건너뜁니다.",
        "• 위원ID가 있는 행은 그 위원의 정보를 고치고, 위원ID가 빈 행은 새 위원으로 추가합니다.",
        "• 파일에서 행을 지워도 프로그램의 위원은 삭제되지 않습니다. 해촉·삭제는 프로그램에서 하세요.",
        "• 위촉일·임기만료일은 현재(마지막) 임기의 날짜입니다. 재위촉은 프로그램에서 하세요.",
        "• 날짜는 2026-11-24처럼 입력합니다. 목록이 있는 칸은 목록에서 고르세요.",
        "• 주황색 제목은 꼭 채워야 하는 열입니다. 주민등록번호는 어디에도 적지 마세요.",
        "• 가져오기 전에 모든 행을 검사하며, 잘못된 행이 있으면 몇 행 어느 열인지 알려 줍니다.",
    ):
        ws.append([line])
    ws.append([])
    ws.append(["열", "필수", "입력 방법", "고를 수 있는 값"])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for column in columns:
        allowed = ", ".join(_choice_labels(column.field)) if column.kind in ("choice", "bool") else ""
        required = "필수" if column.required else "위촉직 필수" if column.field == "end_on" else ""
        ws.append([column.header, required, column.hint, allowed])
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)


def _member_row(view: MemberView) -> list[object]:
    term = view.current_term
    values: dict[str, object] = {
        "id": view.id,
        "name": view.name,
        "sex": codes.label(codes.SEX, view.sex),
        "birth_date": view.birth_date,
        "affiliation": view.affiliation,
        "position": view.position,
        "kind": codes.label(codes.MEMBER_KIND, view.kind),
        "category": codes.label(codes.CATEGORY, view.category),
        "role": codes.label(codes.ROLE, view.role),
        "phone": view.phone,
        "honorary_official": YES if view.honorary_official else NO,
        "pledge_on": view.pledge_on,
        "consent_on": view.consent_on,
        "recommended_on": term.recommended_on if term else None,
        "start_on": term.start_on if term else None,
        "end_on": term.end_on if term else None,
        "status": codes.label(codes.MEMBER_STATUS, view.status),
        "note": view.note,
    }
    # None rather than "" so empty cells stay truly empty in Excel.
    return [values[c.field] if values[c.field] != "" else None for c in COLUMNS]


def _style_body(ws: Worksheet, columns: Sequence[Column], rows: int) -> None:
    for index, column in enumerate(columns, start=1):
        if column.kind == "date":
            style = {"number_format": DATE_FORMAT}
        elif column.kind in ("id", "phone"):
            # Text format so Excel does not turn 01012345678 into a number.
            style = {"number_format": "@", **({"font": _ID_FONT} if column.kind == "id" else {})}
        elif column.field == "note":
            style = {"alignment": Alignment(wrap_text=True, vertical="top")}
        else:
            continue
        for (cell,) in ws.iter_rows(min_row=2, max_row=rows + 1, min_col=index, max_col=index):
            for name, value in style.items():
                setattr(cell, name, value)


def _refuse_write(path: Path, exc: OSError) -> InputRefused:
    if isinstance(exc, PermissionError):
        detail = "쓰기 권한이 없거나 같은 파일이 엑셀에서 열려 있습니다. 파일을 닫고 다시 시도하세요."
    elif isinstance(exc, FileNotFoundError):
        detail = "저장할 폴더가 없습니다."
    else:
        detail = exc.strerror or str(exc)
    return InputRefused("write_failed", path=str(path), detail=detail)


def _save_atomically(wb: Workbook, out_path: Path) -> Path:
    """Save next to the target and swap it in, so a crash never leaves half a file."""
    out_path = Path(out_path)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=out_path.parent)
        os.close(fd)
        wb.save(tmp_name)
        os.replace(tmp_name, out_path)
        tmp_name = None
    except OSError as exc:
        raise _refuse_write(out_path, exc) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return out_path


def export_members(uow: UnitOfWork, out_path: Path, today: date, status: str = "all") -> Path:
    """Write the roster (``status`` as in ``list_members``) to ``out_path``; returns the path."""
    require(uow.actor, Permission.EXPORT)
    views = list_members(uow, today, status=status)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    _write_header(ws, COLUMNS)
    for view in views:
        ws.append(_member_row(view))
    _style_body(ws, COLUMNS, len(views))
    _finish_sheet(ws, COLUMNS, len(views))
    _write_guide(wb, COLUMNS)
    written = _save_atomically(wb, out_path)
    record(uow, "export", "member", "", {"file": written.name, "rows": len(views), "format": "xlsx"})
    return written


def write_members_template(out_path: Path) -> Path:
    """Write the empty roster form that coordinators fill in for a first import."""
    columns = [c for c in COLUMNS if c.in_template]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    _write_header(ws, columns)
    # Pre-format the first rows so typed dates and phones keep their form.
    for index, column in enumerate(columns, start=1):
        if column.kind in ("date", "id", "phone"):
            fmt = DATE_FORMAT if column.kind == "date" else "@"
            for row in range(2, 202):
                ws.cell(row=row, column=index).number_format = fmt
    _finish_sheet(ws, columns, 0)
    _write_guide(wb, columns)
    return _save_atomically(wb, out_path)


# ---------------------------------------------------------------- reading: cells

def _normalize_header(value: object) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)  # "성명(필수)", "생년월일 [yyyy-mm-dd]"
    return re.sub(r"[\s*]", "", text).lower()


def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        lookup[_normalize_header(column.header)] = column.field
        lookup[_normalize_header(field_label(column.field, "en"))] = column.field
        lookup[column.field.lower()] = column.field
    lookup.update({_normalize_header(k): v for k, v in _HEADER_ALIASES.items()})
    return lookup


_HEADERS = _header_lookup()


def _shown(value: object) -> str:
    """A cell value as the user would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_date(value: object) -> date | None:
    """A date cell, or text/number typed as a date. Raises ValueError."""
    if isinstance(value, bool) or isinstance(value, time):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        # A number in a date column is only a date when it is written like 20261124.
        if float(value).is_integer() and 19000101 <= value <= 29991231:
            return parse_date(str(int(value)))
        raise ValueError(value)
    return parse_date(value)


def _read_phone(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Excel drops the leading 0 of 01012345678 typed into a number cell; Korean
        # numbers always start with 0, so put it back.
        digits = str(int(value))
        return digits if digits.startswith("0") else "0" + digits
    return _shown(value)


def _read_choice(labels: dict, value: object) -> object | None:
    text = _shown(value)
    found = codes.code_for_label(labels, text)
    if found is None:
        # Tolerate spacing typed differently: "공동위원장 (공공)", "이장 · 통장".
        squeezed = "".join(text.split())
        for code, (ko, en) in labels.items():
            if squeezed in ("".join(ko.split()), "".join(en.split())):
                return code
    return found


def _read_bool(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = _shown(value).lower()
    if not text or text in _FALSE_WORDS:
        return False
    if text in _TRUE_WORDS:
        return True
    raise ValueError(text)


def _parse_cells(cells: dict[str, object]) -> tuple[dict[str, object], list[FieldError]]:
    """Convert the cells present in a row; blank cells become empty values."""
    values: dict[str, object] = {}
    errors: list[FieldError] = []
    for name, raw in cells.items():
        column = COLUMN_BY_FIELD[name]
        shown = _shown(raw)
        if column.kind == "date":
            try:
                values[name] = _read_date(raw)
            except (ValueError, TypeError, OverflowError):
                errors.append(FieldError(name, "invalid_date", {"value": shown}))
        elif column.kind == "choice":
            if _is_blank(raw):
                if name == "role":
                    values[name] = "member"
                else:
                    errors.append(FieldError(name, "required"))
                continue
            code = _read_choice(CHOICES[name], raw)
            if code is None:
                errors.append(FieldError(name, "invalid_choice", {"value": shown}))
            else:
                values[name] = code
        elif column.kind == "bool":
            try:
                values[name] = _read_bool(raw)
            except ValueError:
                errors.append(FieldError(name, "invalid_bool", {"value": shown}))
        elif column.kind == "phone":
            values[name] = _read_phone(raw)
        else:  # text and id
            values[name] = shown
    return values, errors


# ---------------------------------------------------------------- reading: the file

@dataclass(frozen=True)
class _Sheet:
    title: str
    columns: dict[str, int]  # field -> 0-based index
    ignored: tuple[str, ...]
    rows: list[tuple[int, tuple[object, ...]]]  # (excel row number, values)


def _load_sheet(path: Path) -> _Sheet:
    if not path.exists():
        raise InputRefused("file_missing", path=str(path))
    try:
        with open(path, "rb") as handle:
            # A file handle, not the path: openpyxl would refuse a good workbook just for
            # its extension, and a non-zip file fails below as it should.
            wb = load_workbook(handle, read_only=True, data_only=True)
            try:
                ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
                # Files saved by other programs may declare a wrong size; read what is there.
                ws.reset_dimensions()
                rows = [(number, tuple(values))
                        for number, values in enumerate(ws.iter_rows(values_only=True), start=1)]
                title = ws.title
            finally:
                wb.close()
    except FileNotFoundError as exc:
        raise InputRefused("file_missing", path=str(path)) from exc
    except PermissionError as exc:
        raise InputRefused("file_unreadable", path=str(path)) from exc
    except Exception as exc:  # noqa: BLE001 - any failure to parse means "not a usable xlsx"
        raise InputRefused("not_excel", path=str(path)) from exc
    return _map_columns(title, rows)


def _map_columns(title: str, rows: list[tuple[int, tuple[object, ...]]]) -> _Sheet:
    nonblank = [(n, values) for n, values in rows if any(not _is_blank(v) for v in values)]
    # The header is the first row, but allow a title line or two above it.
    header_at = 0
    for position, (_n, values) in enumerate(nonblank[:10]):
        if any(_HEADERS.get(_normalize_header(v)) == "name" for v in values):
            header_at = position
            break
    header_number, header = nonblank[header_at] if nonblank else (1, ())
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, value in enumerate(header):
        if _is_blank(value):
            continue
        found = _HEADERS.get(_normalize_header(value))
        if found is None or found in columns:
            ignored.append(_shown(value))
        else:
            columns[found] = index
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        raise InputRefused("excel_missing_columns", columns=", ".join(field_label(f) for f in missing))
    body = [(n, values) for n, values in rows if n > header_number]
    return _Sheet(title=title, columns=columns, ignored=tuple(ignored), rows=body)


def _row_cells(sheet: _Sheet, values: tuple[object, ...]) -> dict[str, object]:
    return {name: (values[index] if index < len(values) else None)
            for name, index in sheet.columns.items() if name != "status"}


def _term_overlaps(earlier: TermView, start: date, end: date | None) -> bool:
    last = earlier.last_day
    return (last is None or start <= last) and (end is None or end >= earlier.start_on)


def _term_key(term: TermData | TermView | None) -> tuple | None:
    return None if term is None else (term.start_on, term.end_on, term.recommended_on)


def _first_per_field(parse_errors: list[FieldError], checks: Iterable[FieldError]) -> list[FieldError]:
    """Validation errors only for fields that converted, so one mistake gives one message."""
    seen = {e.field for e in parse_errors}
    return parse_errors + [e for e in checks if e.field not in seen]


@dataclass
class _Draft:
    """A row being checked; becomes an ``ImportRow``."""

    row: int
    member_id: str | None
    data: MemberData
    term: TermData | None
    errors: list[FieldError]
    action: str

    def fail(self, error: FieldError) -> None:
        self.errors.append(replace(error, row=self.row))

    def freeze(self) -> ImportRow:
        return ImportRow(self.row, self.member_id, self.data, self.term,
                         tuple(replace(e, row=self.row) for e in self.errors), self.action)


def _draft_row(number: int, cells: dict[str, object], existing: dict[str, MemberView],
               today: date) -> _Draft:
    values, errors = _parse_cells(cells)
    member_id = str(values.pop("id", "") or "") or None
    known = existing.get(member_id) if member_id else None
    if member_id and known is None:
        errors.append(FieldError("id", "excel_unknown_id", {"value": member_id}))

    # An update keeps whatever the file has no column for; a new member starts empty.
    if known is not None:
        base = known.to_data()
        latest = known.current_term
    else:
        base = MemberData(name="", sex="", kind="", category=0)
        latest = None
    data = clean_member_data(replace(base, **{k: v for k, v in values.items() if k in _MEMBER_FIELDS}))

    term_values = {k: v for k, v in values.items() if k in _TERM_FIELDS}
    term: TermData | None
    if latest is None and known is not None and not any(term_values.values()):
        term = None  # a member without terms, and the file adds none
    else:
        start = term_values.get("start_on", latest.start_on if latest else None)
        end = term_values.get("end_on", latest.end_on if latest else None)
        recommended = term_values.get("recommended_on", latest.recommended_on if latest else None)
        term = TermData(start_on=start, end_on=end, recommended_on=recommended)  # type: ignore[arg-type]

    if known is None:
        action = "add"
    elif errors:
        action = "update"  # a value that could not be read is a change the user meant
    elif data == known.to_data() and _term_key(term) == _term_key(latest):
        action = "unchanged"
    else:
        action = "update"

    # An untouched row changes nothing, so rules tightened since it was entered do not
    # block the rest of the file.
    if action != "unchanged":
        checks = validate_member_data(data, today)
        if term is not None:
            checks += validate_term_data(term, data.kind)
            if known is not None and latest is not None and term.start_on is not None:
                for earlier in known.terms[:-1]:
                    if _term_overlaps(earlier, term.start_on, term.end_on):
                        last = earlier.last_day
                        checks.append(FieldError("start_on", "term_overlap", {
                            "start": earlier.start_on.isoformat(),
                            "end": last.isoformat() if last else "재직 중"}))
        errors = _first_per_field(errors, checks)
    return _Draft(number, member_id, data, term, errors, action)


def _check_in_file(drafts: list[_Draft]) -> None:
    """The same person twice in the file: same ID, or same name with birth date or phone."""
    first_seen: dict[tuple, int] = {}
    for draft in drafts:
        keys: list[tuple[str, tuple]] = []
        if draft.member_id:
            keys.append(("id", ("id", draft.member_id)))
        if draft.data.name and draft.data.birth_date:
            keys.append(("name", ("birth", draft.data.name, draft.data.birth_date)))
        if draft.data.name and draft.data.phone:
            keys.append(("name", ("phone", draft.data.name, draft.data.phone)))
        for field_name, key in keys:
            if key in first_seen:
                draft.fail(FieldError(field_name, "excel_duplicate_in_file", {"other_row": first_seen[key]}))
                break
        for _field, key in keys:
            first_seen.setdefault(key, draft.row)


def _check_against_others(drafts: list[_Draft], existing: dict[str, MemberView], today: date,
                          cap: int) -> None:
    """Rules against members not in the file, as the member services apply them."""
    in_file = {d.member_id for d in drafts if d.member_id}
    outside = [v for v in existing.values() if v.id not in in_file]
    by_name: dict[str, list[MemberView]] = {}
    for view in outside:
        by_name.setdefault(view.name, []).append(view)
    for draft in drafts:
        if draft.action == "unchanged" or draft.errors:
            continue
        for other in by_name.get(draft.data.name, ()):
            if draft.data.birth_date is not None and other.birth_date == draft.data.birth_date:
                draft.fail(FieldError("name", "duplicate_member", {"name": draft.data.name, "what": "생년월일"}))
                break
            if draft.data.phone and other.phone == draft.data.phone:
                draft.fail(FieldError("name", "duplicate_member", {"name": draft.data.name, "what": "연락처"}))
                break

    # Everyone's role and status once the file is applied (valid rows only).
    final: dict[object, tuple[str, str, str]] = {v.id: (v.role, v.status, v.name) for v in outside}
    for draft in drafts:
        known = existing.get(draft.member_id or "")
        if draft.errors:
            if known is not None:
                final[known.id] = (known.role, known.status, known.name)
            continue
        final[draft.member_id or draft.row] = (draft.data.role, _status_after(draft, known, today), draft.data.name)

    for draft in drafts:
        if draft.errors or draft.action == "unchanged" or draft.data.role not in codes.SINGLE_HOLDER_ROLES:
            continue
        me = draft.member_id or draft.row
        for key, (role, status, name) in final.items():
            if key != me and role == draft.data.role and status in ("active", "pending"):
                draft.fail(FieldError("role", "role_taken",
                                      {"role": codes.label(codes.ROLE, role), "name": name}))
                break

    # New members in office today count against the cap (updates are applied first).
    active = sum(1 for key, (_r, status, _n) in final.items()
                 if status == "active" and not isinstance(key, int))
    for draft in drafts:
        if draft.errors or draft.action != "add" or draft.term is None:
            continue
        term = draft.term
        if term.start_on <= today and (term.end_on is None or term.end_on >= today):
            if active >= cap:
                draft.fail(FieldError("start_on", "member_cap", {"count": active, "cap": cap}))
            else:
                active += 1


def _status_after(draft: _Draft, known: MemberView | None, today: date) -> str:
    terms: tuple[TermView, ...] = known.terms if known is not None else ()
    if draft.term is not None:
        previous = terms[-1] if terms else None
        new = TermView(
            id="", number=len(terms) or 1, recommended_on=draft.term.recommended_on,
            start_on=draft.term.start_on, end_on=draft.term.end_on,
            ended_on=previous.ended_on if previous else None,
            end_reason=previous.end_reason if previous else None, end_note="",
        )
        terms = terms[:-1] + (new,) if previous else (new,)
    return member_status(terms, today)


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
        progress(done, total)


def read_members_workbook(uow: UnitOfWork, path: Path, today: date,
                          progress: Progress | None = None) -> MemberImportPlan:
    """Read and check a roster file. Writes nothing; refuses files it cannot use."""
    require(uow.actor, Permission.MEMBERS_EDIT)
    path = Path(path)
    sheet = _load_sheet(path)
    body = [(n, _row_cells(sheet, values)) for n, values in sheet.rows]
    body = [(n, cells) for n, cells in body if any(not _is_blank(v) for v in cells.values())]
    if not body:
        raise InputRefused("excel_no_rows")
    if "end_on" not in sheet.columns and any(
            _read_choice(codes.MEMBER_KIND, cells["kind"]) == "appointed" for _n, cells in body):
        # The column may only be left out when no row is 위촉직 (officials have no fixed end).
        appointed = codes.label(codes.MEMBER_KIND, "appointed")
        raise InputRefused("excel_missing_columns", columns=f"{field_label('end_on')} ({appointed})")

    existing = {v.id: v for v in list_members(uow, today)}
    with uow:
        cap = load_settings(uow.session).max_members

    drafts: list[_Draft] = []
    total = len(body)
    for done, (number, cells) in enumerate(body, start=1):
        drafts.append(_draft_row(number, cells, existing, today))
        _report(progress, done, total)
    _check_in_file(drafts)
    _check_against_others(drafts, existing, today, cap)
    return MemberImportPlan(path=path, sheet=sheet.title, rows=tuple(d.freeze() for d in drafts),
                            ignored_columns=sheet.ignored)


# ---------------------------------------------------------------- applying

def _refusal_at(row: ImportRow, exc: AppError) -> ValidationFailed:
    """A service's refusal mid-import, pointed at the row and column that caused it."""
    if isinstance(exc, ValidationFailed):
        return ValidationFailed([replace(e, row=row.row) for e in exc.errors])
    field_name = _REFUSAL_FIELDS.get(exc.code, "name")
    return ValidationFailed([FieldError(field_name, exc.code, dict(exc.params), row=row.row)])


def _correct_latest_term(member: Member, term: TermData) -> None:
    """Fix the dates of the latest term in place (a correction, not a new appointment)."""
    live = sorted((t for t in member.terms if t.deleted_at is None), key=lambda t: t.start_on)
    if not live:
        return
    latest = live[-1]
    if (latest.start_on, latest.end_on, latest.recommended_on) == (term.start_on, term.end_on, term.recommended_on):
        return
    errors = validate_term_data(term, member.kind)
    if errors:
        raise ValidationFailed(errors)
    latest.start_on, latest.end_on, latest.recommended_on = term.start_on, term.end_on, term.recommended_on


def apply_members_import(uow: UnitOfWork, plan: MemberImportPlan, today: date, only_valid: bool = False,
                         progress: Progress | None = None) -> ImportResult:
    """Apply a checked plan in one transaction: all of it or, on any error, none of it.

    With ``only_valid`` the rows with problems are skipped; otherwise any problem refuses
    the whole file. Updates run before additions, and updates that give up a co-chair role
    run first of all, so handing a role from one member to another in the same file works.
    """
    actor = require(uow.actor, Permission.MEMBERS_EDIT)
    invalid = plan.invalid_rows
    if invalid and not only_valid:
        raise InputRefused("excel_invalid_rows", count=len(invalid))
    rows = plan.valid_rows
    changes = [r for r in rows if r.action in ("add", "update")]
    unchanged = len(rows) - len(changes)
    added_ids: list[str] = []
    updated = 0
    total = len(changes)
    with uow:
        session = uow.session

        def order(row: ImportRow) -> int:
            if row.action == "add":
                return 2
            current = session.get(Member, row.member_id)
            releases = (current is not None and current.role in codes.SINGLE_HOLDER_ROLES
                        and current.role != row.data.role)
            return 0 if releases else 1

        for done, row in enumerate(sorted(changes, key=order), start=1):
            try:
                if row.action == "add":
                    assert row.term is not None
                    member = add_member_in_session(session, row.data, row.term, today)
                    added_ids.append(member.id)
                else:
                    assert row.member_id is not None
                    member = update_member_in_session(session, row.member_id, row.data, today)
                    if row.term is not None:
                        _correct_latest_term(member, row.term)
                        session.flush()
                    updated += 1
            except AppError as exc:
                raise _refusal_at(row, exc) from exc
            _report(progress, done, total)
        append_entry(session, actor, "import", "member", "",
                     {"file": plan.path.name, "added": len(added_ids), "updated": updated,
                      "skipped": len(invalid)})
        uow.commit()
    return ImportResult(added=len(added_ids), updated=updated, unchanged=unchanged,
                        skipped=len(invalid), added_ids=tuple(added_ids))
