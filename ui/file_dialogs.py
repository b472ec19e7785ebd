"""Asking for a file or a place to save one, starting in the Documents folder, with the
extension added when a person leaves it out. A printout with a 한글 form offers both
formats in the dialog's type list (저장 형식: PDF / 한글 (HWPX)); the extension chosen
picks the writer."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

PDF_FILTER = "PDF (*.pdf)"
HWPX_FILTER = "한글 (HWPX) (*.hwpx)"
# PDF first: it stays the print format; the HWPX beside it is for editing in 한글.
PDF_OR_HWPX_FILTER = f"{PDF_FILTER};;{HWPX_FILTER}"
HWPX_SUFFIX = ".hwpx"
EXCEL_FILTER = "Excel (*.xlsx)"
DB_FILTER = "CouncilDesk (*.db *.sqlite);;* (*)"


def documents_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def _suffixes(file_filter: str) -> list[str]:
    """'.pdf' from 'PDF (*.pdf)'; every extension of every type in a ';;' list, in order."""
    return [s.lower() for s in re.findall(r"\*(\.[\w.]+)", file_filter)]


def ask_save_path(parent: QWidget | None, title: str, file_name: str, file_filter: str) -> Path | None:
    """The path to save to. A name typed with one of the offered extensions keeps it;
    otherwise the extension of the type chosen in the dialog is added (the first type's
    when the dialog names none)."""
    chosen, selected = QFileDialog.getSaveFileName(parent, title, str(documents_dir() / file_name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() in _suffixes(file_filter):
        return path
    suffix = (_suffixes(selected) if selected else []) or _suffixes(file_filter)
    return path.with_name(path.name + suffix[0])


def ask_open_path(parent: QWidget | None, title: str, file_filter: str, start: Path | None = None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start or documents_dir()), file_filter)
    return Path(chosen) if chosen else None
