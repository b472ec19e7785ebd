"""Workbooks on disk: open one safely and pick its sheet, write a declared sheet (header,
formats, drop-downs, print setup) with its guide sheet, and save without ever leaving half
a file behind.

Every failure to read or write becomes an ``InputRefused`` with a message the user can act
on (not an Excel file, no permission, the file is open in Excel ...).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.korean import attach
from app.errors import InputRefused
from app.reports.excel.columns import Column, SheetSpec
from app.reports.excel.reader import SheetTable, map_columns
from app.reports.excel_print import fit_a4_landscape

DATE_FORMAT = "yyyy-mm-dd"
# Validations cover the whole column below the header, so rows typed in later get them too.
LAST_ROW = 1048576
# The template pre-formats this many rows so typed dates and phones keep their form.
TEMPLATE_ROWS = 200

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
EXPORT_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
ID_FONT = Font(color="808080")


# ---------------------------------------------------------------- reading

def read_sheet(path: Path, spec: SheetSpec) -> SheetTable:
    """The sheet named ``spec.title`` (else the first), its header matched to the spec."""
    path = Path(path)
    if not path.exists():
        raise InputRefused("file_missing", path=str(path))
    try:
        with open(path, "rb") as handle:
            # A file handle, not the path: openpyxl would refuse a good workbook just for
            # its extension, and a non-zip file fails below as it should.
            wb = load_workbook(handle, read_only=True, data_only=True)
            try:
                ws = wb[spec.title] if spec.title in wb.sheetnames else wb.worksheets[0]
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
    return map_columns(spec, title, rows)


# ---------------------------------------------------------------- writing

def _validation(column: Column) -> DataValidation | None:
    if column.kind in ("choice", "bool"):
        labels = column.choice_labels
        # An inline list: no helper sheet to break when rows are copied between files.
        # Excel caps the formula at 255 characters and splits on commas.
        formula = '"' + ",".join(labels) + '"'
        assert len(formula) <= 255 and not any("," in label for label in labels), column.field
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.error = f"목록에 있는 값만 쓸 수 있습니다: {', '.join(labels)}"
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
    validation.showErrorMessage = True
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
                rows: Iterable[Sequence[object]], template_rows: int = 0) -> Worksheet:
    """The data sheet as the first sheet of ``wb``: header, rows, formats, drop-downs,
    filter, frozen panes, A4 landscape print. ``template_rows`` empty rows are pre-formatted."""
    ws = wb.active
    ws.title = spec.title
    _write_header(ws, columns)
    count = 0
    for values in rows:
        # None rather than "" so empty cells stay truly empty in Excel.
        ws.append([None if v == "" else v for v in values])
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
    fit_a4_landscape(ws)
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
        allowed = ", ".join(column.choice_labels) if column.kind in ("choice", "bool") else ""
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
        raise refuse_write(out_path, exc) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return out_path
