"""How CouncilDesk's sheets print from Excel: A4 landscape, one page wide, the header row
repeated on every page, and on every page a printed heading (the sheet's title, the
council and the printing date) and a page-number footer, so a coordinator can print
straight from the spreadsheet.

The heading is the page header Excel prints, not a row in the sheet: a title row above
the column names would move them, and the same file must still import as it was exported.
"""
from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def _safe(text: str) -> str:
    # '&' starts a code in Excel's header language (&P page, &D date): a literal one is '&&'.
    return text.replace("&", "&&")


def fit_a4_landscape(ws: Worksheet, header_rows: str = "1:1", title: str = "", council: str = "") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = header_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    for header in (ws.oddHeader, ws.evenHeader):
        header.center.text = f"&B&14{_safe(title or ws.title)}"
        header.left.text = _safe(council)
        header.right.text = "인쇄일 &D"
    for footer in (ws.oddFooter, ws.evenFooter):
        footer.center.text = "&P / &N 쪽"
