"""Workbooks on disk: open one safely and pick its sheet, write a declared sheet (header,
formats, drop-downs, print setup) with its guide sheet, and save without ever leaving half
a file behind.

Every failure to read or write becomes an ``InputRefused`` with a message the user can act
on (not an Excel file, no permission, the file is open in Excel ...). Every writer puts its
rows through ``append_row`` and saves through ``save_atomically``, so no text becomes a live
formula and no stored control character breaks the file; reading goes through ``guard``
first, so an oversized file or a zip bomb is refused before it is inflated.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from app.atomic_file import atomic_output
from app.korean import attach
from app.errors import MESSAGES, InputRefused
from app.i18n import N_
from app.text_rules import clean_for_file, is_formula_like
from app.reports.excel.columns import Column, SheetSpec
from app.reports.excel.reader import SheetTable, map_columns
from app.reports.excel_print import fit_a4_landscape

DATE_FORMAT = "yyyy-mm-dd"
# Validations cover the whole column below the header, so rows typed in later get them too.
LAST_ROW = 1048576
# The template pre-formats this many rows so typed dates and phones keep their form.
TEMPLATE_ROWS = 200

# Limits of a workbook that is read. A roster of 5,000 members is about 2 MB uncompressed;
# 50 MB leaves room for any real file while bounding memory. Excel itself holds at most
# 32,767 characters in a cell. XML compresses well (~10:1, a blank-heavy sheet ~50:1);
# beyond 200:1 for a member over 1 MB is a bomb, not a sheet.
MAX_UNCOMPRESSED = 50_000_000
MAX_MEMBERS = 10_000
MAX_CELL_CHARS = 32_767
MAX_RATIO = 200
RATIO_FLOOR = 1_000_000

MESSAGES.update({
    "excel_too_large": N_("엑셀 파일이 너무 큽니다: {path}\n압축을 푼 크기가 {limit}MB를 넘는 파일은 읽지 않습니다. "
                          "필요한 시트와 행만 새 파일에 복사해 저장하세요."),
    "excel_zip_bomb": N_("엑셀 파일의 압축 비율이 비정상적으로 높아 읽지 않았습니다: {path}\n"
                         "손상되었거나 조작된 파일일 수 있습니다. 엑셀에서 새 파일로 다시 저장하세요."),
    "excel_cell_too_long": N_("{row}행 {column}열 칸의 글이 너무 깁니다. 한 칸에는 {max}자까지(엑셀의 한도) 쓸 수 "
                              "있습니다. 아무것도 가져오지 않았습니다."),
})

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
EXPORT_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
ID_FONT = Font(color="808080")


# ---------------------------------------------------------------- reading

def guard(handle: BinaryIO, path: Path) -> None:
    """Refuse a workbook before anything is inflated: by the sizes its zip directory
    declares (zipfile never inflates a member beyond its declared size, so a lie there
    only truncates it). Not a zip at all is left to openpyxl's "not an Excel file"."""
    try:
        members = zipfile.ZipFile(handle).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    finally:
        handle.seek(0)
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise InputRefused("excel_zip_bomb", path=str(path))
    if total > MAX_UNCOMPRESSED or len(members) > MAX_MEMBERS:
        raise InputRefused("excel_too_large", path=str(path), limit=MAX_UNCOMPRESSED // 1_000_000)


def pick_sheet(wb: Workbook, title: str) -> Worksheet:
    """The sheet named ``title`` if it is visible, else the first visible sheet: a hidden
    sheet holds rows nobody looking at the file would see, so it is never imported."""
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    for ws in visible:
        if ws.title == title:
            return ws
    if not visible:
        raise InputRefused("excel_no_rows")
    return visible[0]


def _check_cells(number: int, values: tuple[object, ...]) -> None:
    for index, value in enumerate(values, start=1):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise InputRefused("excel_cell_too_long", row=number, column=get_column_letter(index),
                               max=MAX_CELL_CHARS)


def read_sheet(path: Path, spec: SheetSpec) -> SheetTable:
    """The visible sheet named ``spec.title`` (else the first visible one), its header
    matched to the spec. Oversized files, zip bombs and overlong cells are refused."""
    path = Path(path)
    if not path.exists():
        raise InputRefused("file_missing", path=str(path))
    try:
        with open(path, "rb") as handle:
            guard(handle, path)
            # A file handle, not the path: openpyxl would refuse a good workbook just for
            # its extension, and a non-zip file fails below as it should.
            wb = load_workbook(handle, read_only=True, data_only=True)
            try:
                ws = pick_sheet(wb, spec.title)
                # Files saved by other programs may declare a wrong size; read what is there.
                ws.reset_dimensions()
                rows = []
                for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    _check_cells(number, values)
                    rows.append((number, tuple(values)))
                title = ws.title
            finally:
                wb.close()
    except InputRefused:
        raise
    except FileNotFoundError as exc:
        raise InputRefused("file_missing", path=str(path)) from exc
    except PermissionError as exc:
        raise InputRefused("file_unreadable", path=str(path)) from exc
    except Exception as exc:  # noqa: BLE001 - any failure to parse means "not a usable xlsx"
        raise InputRefused("not_excel", path=str(path)) from exc
    return map_columns(spec, title, rows)


# ---------------------------------------------------------------- writing

def file_value(value: object) -> object:
    """A value as it may be written: text without the characters an .xlsx cannot hold
    (older data may have them; openpyxl would refuse the whole file)."""
    return clean_for_file(value) if isinstance(value, str) else value


def keep_as_text(cell: Cell) -> None:
    """Text that a spreadsheet would run (``=cmd|...``, ``+1``, ``@SUM(A1)``) stays text:
    a string cell (openpyxl makes ``=...`` a formula) with Excel's quote prefix, which
    Excel and LibreOffice keep even when the cell is edited and confirmed again."""
    if isinstance(cell.value, str) and is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(ws: Worksheet, values: Sequence[object]) -> None:
    """``ws.append`` for data: cleaned values, formula-like text kept as text."""
    ws.append([file_value(v) for v in values])
    row = ws.max_row
    for index, value in enumerate(values, start=1):
        if isinstance(value, str) and value:
            keep_as_text(ws.cell(row=row, column=index))


def make_workbook_safe(wb: Workbook) -> None:
    """The net under every writer: no cell of ``wb`` is saved as a formula from text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    keep_as_text(cell)

def _validation(column: Column) -> DataValidation | None:
    if column.kind in ("choice", "bool"):
        labels = column.choice_labels
        # An inline list: no helper sheet to break when rows are copied between files.
        # Excel caps the formula at 255 characters and splits on commas.
        formula = '"' + ",".join(labels) + '"'
        assert len(formula) <= 255 and not any("," in label for label in labels), column.field
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.error = f"목록에 있는 값만 쓸 수 있습니다: {', '.join(labels)}"
    elif column.kind == "multi":
        # A drop-down to pick from, but no error: a cell may hold several labels ("복지, 보건").
        labels = column.choice_labels
        validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
        validation.showErrorMessage = False
    elif column.kind == "date":
        validation = DataValidation(type="date", operator="between", allow_blank=True,
                                    formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)")
        validation.error = "날짜를 2026-11-24처럼 입력하세요."
    elif column.max_length is not None:
        validation = DataValidation(type="textLength", operator="lessThanOrEqual",
                                    formula1=str(column.max_length), allow_blank=True)
        validation.error = f"{attach(column.header, '은/는')} {column.max_length}자 이내로 입력하세요."
    else:
        return None
    validation.errorTitle = column.header
    validation.promptTitle = column.header
    validation.prompt = column.hint[:255]
    validation.showErrorMessage = column.kind != "multi"
    validation.showInputMessage = True
    return validation


def _write_header(ws: Worksheet, columns: Sequence[Column]) -> None:
    ws.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = (REQUIRED_FILL if column.required
                     else EXPORT_ONLY_FILL if not column.is_read else HEADER_FILL)
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 30


def _body_style(column: Column) -> dict[str, object]:
    if column.kind == "date":
        return {"number_format": DATE_FORMAT}
    if column.kind in ("id", "phone"):
        # Text format so Excel does not turn 01012345678 into a number.
        return {"number_format": "@", **({"font": ID_FONT} if column.kind == "id" else {})}
    if column.wrap:
        return {"alignment": Alignment(wrap_text=True, vertical="top")}
    return {}


def write_sheet(wb: Workbook, spec: SheetSpec, columns: Sequence[Column],
                rows: Iterable[Sequence[object]], template_rows: int = 0, council: str = "") -> Worksheet:
    """The data sheet as the first sheet of ``wb``: header, rows, formats, drop-downs,
    filter, frozen panes, A4 landscape print. ``template_rows`` empty rows are pre-formatted."""
    ws = wb.active
    ws.title = spec.title
    _write_header(ws, columns)
    count = 0
    for values in rows:
        # None rather than "" so empty cells stay truly empty in Excel.
        append_row(ws, [None if v == "" else v for v in values])
        count += 1
    styled_rows = max(count, template_rows)
    for index, column in enumerate(columns, start=1):
        style = _body_style(column)
        if count == 0:
            # An empty form only needs the number formats; fonts come with typed values.
            style = {k: v for k, v in style.items() if k == "number_format"}
        if not style or styled_rows == 0:
            continue
        for (cell,) in ws.iter_rows(min_row=2, max_row=styled_rows + 1, min_col=index, max_col=index):
            for name, value in style.items():
                setattr(cell, name, value)
    # Keep the first columns in view while scrolling right.
    ws.freeze_panes = spec.freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(count + 1, 2)}"
    for index, column in enumerate(columns, start=1):
        validation = _validation(column)
        if validation is not None:
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    fit_a4_landscape(ws, title=spec.title, council=council)
    return ws


def write_guide(wb: Workbook, spec: SheetSpec, columns: Sequence[Column]) -> Worksheet:
    """The guide sheet: how to fill in the data sheet, and one line per column."""
    ws = wb.create_sheet(spec.guide_title)
    for letter, width in zip("ABCD", (20, 8, 70, 60)):
        ws.column_dimensions[letter].width = width
    ws.append([spec.guide_heading])
    ws["A1"].font = Font(bold=True, size=14)
    for line in spec.guide_lines:
        ws.append([line])
    ws.append([])
    ws.append(["열", "필수", "입력 방법", "고를 수 있는 값"])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for column in columns:
        allowed = ", ".join(column.choice_labels) if column.kind in ("choice", "multi", "bool") else ""
        required = "필수" if column.required else column.required_note
        ws.append([column.header, required, column.hint, allowed])
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    return ws


def refuse_write(path: Path, exc: OSError) -> InputRefused:
    if isinstance(exc, PermissionError):
        detail = "쓰기 권한이 없거나 같은 파일이 엑셀에서 열려 있습니다. 파일을 닫고 다시 시도하세요."
    elif isinstance(exc, FileNotFoundError):
        detail = "저장할 폴더가 없습니다."
    else:
        detail = exc.strerror or str(exc)
    return InputRefused("write_failed", path=str(path), detail=detail)


def save_atomically(wb: Workbook, out_path: Path) -> Path:
    """Save next to the target and swap it in (``app.atomic_file``: fsynced, the folder
    too), so a crash never leaves half a file; nothing is saved as a formula from text."""
    out_path = Path(out_path)
    make_workbook_safe(wb)
    try:
        with atomic_output(out_path) as handle:
            wb.save(handle)
    except OSError as exc:
        raise refuse_write(out_path, exc) from exc
    return out_path