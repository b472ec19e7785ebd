"""Sending a finished PDF to paper: the person picks the printer and copies in Qt's print
dialog, and the operating system's spooler prints the file.

PySide6-Essentials has no PDF renderer (QtPdf), and the PDF is already the exact page, so
it goes to the printer as it is: ``lp`` (CUPS) on Linux and macOS, the shell's
``printto`` verb on Windows.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from ui import messages
from ui.i18n import tr


def spool_command(pdf: Path, printer_name: str, copies: int) -> list[str]:
    """The CUPS command line for one print job (the printer's default if none was named)."""
    command = ["lp", "-n", str(max(1, copies))]
    if printer_name:
        command += ["-d", printer_name]
    return command + ["--", str(pdf)]


def _spool_windows(pdf: Path, printer_name: str) -> bool:
    import ctypes

    # ShellExecute returns a value above 32 on success.
    verb, args = ("printto", f'"{printer_name}"') if printer_name else ("print", None)
    return ctypes.windll.shell32.ShellExecuteW(None, verb, str(pdf), args, None, 0) > 32  # type: ignore[attr-defined]


def spool(pdf: Path, printer_name: str, copies: int) -> bool:
    if sys.platform == "win32":
        return all(_spool_windows(pdf, printer_name) for _ in range(max(1, copies)))
    if shutil.which("lp") is None:
        return False
    try:
        result = subprocess.run(spool_command(pdf, printer_name, copies), capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def print_pdf(parent: QWidget | None, pdf: Path) -> bool:
    """Ask for printer and copies, then print; on failure say how to print by hand."""
    printer = QPrinter()
    printer.setDocName(pdf.stem)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("인쇄"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if spool(pdf, printer.printerName(), printer.copyCount()):
        messages.inform(parent, tr("프린터로 보냈습니다.") + f"\n{printer.printerName()}", tr("인쇄"))
        return True
    messages.warn(parent, tr("프린터로 보내지 못했습니다. PDF 파일을 열어 그 프로그램에서 인쇄하세요.") + f"\n{pdf}")
    return False


messages.offer_printing(print_pdf)
