"""Printing a finished PDF: the print dialog's choices reach the spooler; failures are calm."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog

from ui import printing


def test_spool_command_carries_printer_copies_and_file(tmp_path: Path) -> None:
    pdf = tmp_path / "회의록.pdf"
    assert printing.spool_command(pdf, "사무실-프린터", 2) == ["lp", "-n", "2", "-d", "사무실-프린터", "--", str(pdf)]
    assert printing.spool_command(pdf, "", 0) == ["lp", "-n", "1", "--", str(pdf)]


@pytest.fixture
def accepted_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setCopyCount(3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)


def test_print_pdf_sends_the_chosen_copies_to_the_spooler(qtbot, tmp_path, monkeypatch, accepted_dialog, answers) -> None:
    pdf = tmp_path / "출석부.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    jobs: list[list[str]] = []
    monkeypatch.setattr(printing.shutil, "which", lambda _name: "/usr/bin/lp")
    monkeypatch.setattr(printing.subprocess, "run",
                        lambda command, **_kw: jobs.append(command) or subprocess.CompletedProcess(command, 0))
    assert printing.print_pdf(None, pdf)
    assert jobs and jobs[0][:3] == ["lp", "-n", "3"] and jobs[0][-1] == str(pdf)
    assert answers["inform"].asked


def test_a_failed_print_job_says_how_to_print_by_hand(qtbot, tmp_path, monkeypatch, accepted_dialog, answers) -> None:
    pdf = tmp_path / "회의록.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(printing.shutil, "which", lambda _name: None)  # no spooler on this PC
    assert not printing.print_pdf(None, pdf)
    assert answers["warn"].asked


def test_cancelled_print_dialog_prints_nothing(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(printing, "spool", lambda *_a: pytest.fail("nothing may be printed"))
    assert not printing.print_pdf(None, tmp_path / "x.pdf")
