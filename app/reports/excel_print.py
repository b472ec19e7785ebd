"""How CouncilDesk's sheets print from Excel: A4 landscape, one page wide, the header row
repeated on every page (so a coordinator can print straight from the spreadsheet)."""
from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def fit_a4_landscape(ws: Worksheet, header_rows: str = "1:1") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = header_rows
