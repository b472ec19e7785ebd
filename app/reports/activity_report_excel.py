"""The activity report as the workbook the city collects: one sheet per section, each
with the council, the period and the section's title above its table, a 합계 row where
the section has one, and A4 landscape print set-up (one page wide, header repeated)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.reports.activity_report import ActivityReport, Section, build_activity_report
from app.reports.excel.workbook import append_row, save_atomically
from app.reports.excel_print import fit_a4_landscape
from app.security.audit import record
from app.security.permissions import Permission, require
from db.session import UnitOfWork

_HEADER_ROW = 4
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_MONEY = "#,##0"


def _sheet(wb: Workbook, report: ActivityReport, section: Section, first: bool) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = section.title.replace("·", "_")[:31]
    append_row(ws, [f"{report.council} 활동 실적 — {section.title}"])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, [f"기간: {report.period_text}"])
    append_row(ws, [section.note] if section.note else [])
    append_row(ws, [header for header, _ in section.columns])
    for index, (_header, weight) in enumerate(section.columns, start=1):
        cell = ws.cell(row=_HEADER_ROW, column=index)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = max(10, weight * 6)
    for row in section.rows:
        append_row(ws, list(row))
    if section.total is not None:
        append_row(ws, list(section.total))
        for cell in ws[ws.max_row]:
            cell.font, cell.fill = Font(bold=True), _TOTAL_FILL
    for row in ws.iter_rows(min_row=_HEADER_ROW + 1, max_row=ws.max_row, max_col=len(section.columns)):
        for cell in row:
            cell.border = _BORDER
            if isinstance(cell.value, int):
                cell.number_format = _MONEY
            elif cell.value == "*":
                cell.alignment = Alignment(horizontal="right")
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=1)
    fit_a4_landscape(ws, header_rows=f"{_HEADER_ROW}:{_HEADER_ROW}")


def write_activity_xlsx(report: ActivityReport, out_path: Path) -> Path:
    wb = Workbook()
    for index, section in enumerate(report.sections):
        _sheet(wb, report, section, index == 0)
    return save_atomically(wb, Path(out_path))


def export_activity_report(uow: UnitOfWork, out_path: Path, start: date, end: date, council: str) -> Path:
    """Write the report of ``start``..``end`` as a workbook (an export: logged)."""
    require(uow.actor, Permission.EXPORT)
    report = build_activity_report(uow, start, end, council)
    written = write_activity_xlsx(report, out_path)
    record(uow, "export", "joint_project", "", {"document": "활동 실적", "from": start, "to": end,
                                                "file": written.name, "format": "xlsx"})
    return written
