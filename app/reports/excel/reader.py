"""From sheet rows to typed values: find the header row, match headers to declared columns,
drop blank rows, and read each cell by its column's kind. A cell that cannot be read is a
``FieldError`` carrying its Excel row and column, so the message reads "3행 '성별' 열: ...".

Free text passes ``app.text_rules`` here, for every area's sheet. Lenient on purpose: headers in any order, with notes or spaces; dates typed as text or as
20261124; phone numbers whose leading 0 Excel dropped; choice labels spaced differently.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from app import codes
from app.dates import parse_date
from app.errors import FieldError, InputRefused
from app.reports.excel.columns import Column, SheetSpec
from app.text_rules import text_problem

# Lower-case: compared with the lower-cased cell text.
TRUE_WORDS = frozenset({"예", "네", "y", "yes", "o", "true", "1", "v", "✓", "●"})
FALSE_WORDS = frozenset({"아니오", "아니요", "n", "no", "x", "false", "0", "-"})
# The header row is looked for among the first rows that are not blank.
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class SheetTable:
    """A sheet with its header understood: the columns found and the rows below them."""

    title: str
    columns: dict[str, int]  # field -> 0-based index
    ignored: tuple[str, ...]
    rows: list[tuple[int, tuple[object, ...]]]  # (Excel row number, values)


@dataclass(frozen=True)
class SheetRow:
    """One non-blank row: the raw cells of the columns read, by field."""

    row: int
    cells: dict[str, object]


@dataclass(frozen=True)
class TypedRow:
    """One row read: the values that converted, and a problem for each cell that did not."""

    row: int
    values: dict[str, object]
    errors: tuple[FieldError, ...]


# ---------------------------------------------------------------- cells

def shown(value: object) -> str:
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


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_date(value: object) -> date | None:
    """A date cell, or text/number typed as a date. Raises ValueError."""
    if isinstance(value, bool) or isinstance(value, time):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        # A number in a date column is only a date when it is written like 20261124.
        if float(value).is_integer() and 19000101 <= value <= 29991231:
            return parse_date(str(int(value)))
        raise ValueError(value)
    return parse_date(value)


def read_phone(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Excel drops the leading 0 of 01012345678 typed into a number cell; Korean
        # numbers always start with 0, so put it back.
        digits = str(int(value))
        return digits if digits.startswith("0") else "0" + digits
    return shown(value)


def read_choice(labels: dict, value: object) -> object | None:
    text = shown(value)
    found = codes.code_for_label(labels, text)
    if found is None:
        # Tolerate spacing typed differently: "공동위원장 (공공)", "이장 · 통장".
        squeezed = "".join(text.split())
        for code, (ko, en) in labels.items():
            if squeezed in ("".join(ko.split()), "".join(en.split())):
                return code
    return found


def read_bool(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = shown(value).lower()
    if not text or text in FALSE_WORDS:
        return False
    if text in TRUE_WORDS:
        return True
    raise ValueError(text)


def read_int(value: object) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    return int(shown(value).replace(",", ""))


def parse_cell(column: Column, raw: object) -> tuple[object, str | None]:
    """(value, None), or (None, error code) when the cell cannot be read as its kind."""
    kind = column.kind
    if kind == "date":
        try:
            return read_date(raw), None
        except (ValueError, TypeError, OverflowError):
            return None, "invalid_date"
    if kind == "choice":
        if is_blank(raw):
            return (None, "required") if column.blank is None else (column.blank, None)
        code = read_choice(dict(column.choices or {}), raw)
        return (None, "invalid_choice") if code is None else (code, None)
    if kind == "multi":
        found = []
        for part in (p for p in shown(raw).replace("，", ",").split(",") if p.strip()):
            code = read_choice(dict(column.choices or {}), part.strip())
            if code is None:
                return None, "invalid_choice"
            found.append(code)
        return tuple(dict.fromkeys(found)), None
    if kind == "bool":
        try:
            return read_bool(raw), None
        except ValueError:
            return None, "invalid_bool"
    if kind == "int":
        try:
            return read_int(raw), None
        except (ValueError, TypeError):
            return None, "invalid_number"
    if kind == "phone":
        return read_phone(raw), None
    return shown(raw), None  # text and id


def parse_row(spec: SheetSpec, row: SheetRow) -> TypedRow:
    """Convert the cells present in a row; blank cells become empty values."""
    values: dict[str, object] = {}
    errors: list[FieldError] = []
    for name, raw in row.cells.items():
        column = spec.by_field[name]
        value, problem = parse_cell(column, raw)
        if problem is None and column.kind == "text" and isinstance(value, str):
            # The guard of every free-text field (주민등록번호, control characters), so a
            # sheet gets the answer the window gets; its message never quotes the cell.
            # Line breaks are left to the area's rules, which first tidy the spacing of
            # single-line fields as the window's services do.
            refused = text_problem(name, value, multiline=True)
            if refused is not None:
                errors.append(FieldError(name, refused.code, refused.params, row=row.row))
                continue
        if problem is None:
            values[name] = value
        elif problem == "required":
            errors.append(FieldError(name, problem, row=row.row))
        else:
            errors.append(FieldError(name, problem, {"value": shown(raw)}, row=row.row))
    return TypedRow(row.row, values, tuple(errors))


# ---------------------------------------------------------------- the sheet

def map_columns(spec: SheetSpec, title: str, rows: list[tuple[int, tuple[object, ...]]]) -> SheetTable:
    """Find the header row and match its cells to the declared columns. Refuses a sheet
    that lacks a required column, naming every missing one."""
    nonblank = [(n, values) for n, values in rows if any(not is_blank(v) for v in values)]
    # The header is the first row, but allow a title line or two above it.
    header_at = 0
    for position, (_n, values) in enumerate(nonblank[:HEADER_SEARCH_ROWS]):
        if any(spec.field_for(v) == spec.anchor for v in values if not is_blank(v)):
            header_at = position
            break
    header_number, header = nonblank[header_at] if nonblank else (1, ())
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        found = spec.field_for(value)
        if found is None or found in columns:
            ignored.append(shown(value))
        else:
            columns[found] = index
    missing = [c.header for c in spec.columns if c.required and c.field not in columns]
    if missing:
        raise InputRefused("excel_missing_columns", columns=", ".join(missing))
    body = [(n, values) for n, values in rows if n > header_number]
    return SheetTable(title=title, columns=columns, ignored=tuple(ignored), rows=body)


def body_rows(spec: SheetSpec, table: SheetTable) -> list[SheetRow]:
    """The rows below the header with something in a column that is read."""
    read = {name: index for name, index in table.columns.items() if spec.by_field[name].is_read}
    found: list[SheetRow] = []
    for number, values in table.rows:
        cells = {name: (values[index] if index < len(values) else None) for name, index in read.items()}
        if any(not is_blank(v) for v in cells.values()):
            found.append(SheetRow(number, cells))
    return found
