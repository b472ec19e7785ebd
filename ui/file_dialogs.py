"""Asking for a file or a place to save one, starting in the Documents folder, with the
extension added when a person leaves it out."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

PDF_FILTER = "PDF (*.pdf)"
EXCEL_FILTER = "Excel (*.xlsx)"
DB_FILTER = "CouncilDesk (*.db *.sqlite);;* (*)"


def documents_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def ask_save_path(parent: QWidget | None, title: str, file_name: str, file_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(documents_dir() / file_name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    suffix = file_filter.split("*")[1].split(")")[0].split()[0]  # ".pdf" from "PDF (*.pdf)"
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def ask_open_path(parent: QWidget | None, title: str, file_filter: str, start: Path | None = None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start or documents_dir()), file_filter)
    return Path(chosen) if chosen else None
