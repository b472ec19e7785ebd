"""The access log (접속기록) as an Excel workbook, for an inspection or an audit request.

Only accounts that may read the log may export it, and the export is itself logged.
Times are written in the PC's local time (the log stores UTC). Texts pass through
``safe_text`` again: entries are stored safe since revision 0005_keyed_log, but an older
file may hold a control character that openpyxl would refuse.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from app.reports.excel.workbook import append_row
from app.reports.excel_members import _save_atomically
from app.reports.excel_print import fit_a4_landscape
from app.security.audit import ACTIONS, AccessLogRow, log_event, safe_text
from app.security.permissions import Permission, require
from db.session import Database

SHEET_TITLE = "접속기록"
HEADERS = (("일시", 20), ("계정", 14), ("접속 컴퓨터", 28), ("작업", 12), ("대상", 22), ("대상 ID", 38),
           ("내용", 60))


def local_time(at: datetime) -> datetime:
    """A stored naive-UTC time in the PC's time zone, without tzinfo (Excel has none)."""
    return at.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


def export_access_log(db: Database, rows: Sequence[AccessLogRow], out_path: Path) -> Path:
    actor = require(db.actor, Permission.ACCESS_LOG_READ)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([title for title, _width in HEADERS])
    for index, (_title, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        ws.column_dimensions[cell.column_letter].width = width
    for row in rows:
        # Account names and details hold whatever was typed at a login prompt: made safe for
        # XML (control characters) and kept as text (no formula) like every other export.
        # Whose record and what happened in words (the viewer's), the id beside them.
        texts = (row.account, row.machine, ACTIONS.get(row.action, (row.action,))[0], row.target_text(),
                 row.target_id, row.details_text())
        append_row(ws, [local_time(row.at), *(safe_text(t) for t in texts)])
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd hh:mm:ss"
        ws.cell(row=ws.max_row, column=7).alignment = Alignment(wrap_text=False)
    ws.freeze_panes = "A2"
    fit_a4_landscape(ws)
    ws.auto_filter.ref = f"A1:G{max(1, len(rows) + 1)}"
    written = _save_atomically(wb, Path(out_path))
    log_event(db.session_factory, actor, "export", "access_log", "", {"file": written.name, "rows": len(rows),
                                                                       "format": "xlsx"})
    return written
