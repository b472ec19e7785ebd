"""The meetings tab's 인쇄 menu offers 한글 (HWPX) beside PDF for the 통지서, 회의자료 and
회의록: the type chosen in the save dialog picks the writer; the 출석부 stays PDF only."""
from __future__ import annotations

import pytest
from hwpx import HwpxDocument
from PySide6.QtWidgets import QFileDialog

from tests.ui.test_meetings_tab import _open, _row_of, mstate, tab  # noqa: F401
from ui import file_dialogs


@pytest.mark.parametrize("typed, chosen_type, written_name", [
    ("회의록", file_dialogs.HWPX_FILTER, "회의록.hwpx"),      # the type chosen adds its extension
    ("회의록.hwpx", file_dialogs.PDF_FILTER, "회의록.hwpx"),  # an offered extension typed wins
])
def test_minutes_saved_as_hwpx_from_the_type_list(tab, monkeypatch, answers, tmp_path, typed, chosen_type,
                                                  written_name) -> None:
    offered: list[str] = []

    def save_dialog(_parent, _title, _start, file_filter):  # type: ignore[no-untyped-def]
        offered.append(file_filter)
        return str(tmp_path / typed), chosen_type

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    _open(tab, _row_of(tab, 2), "minutes")
    tab.print_actions["minutes"].trigger()
    assert offered == [f"{file_dialogs.PDF_FILTER};;{file_dialogs.HWPX_FILTER}"]
    document = HwpxDocument.open(tmp_path / written_name)
    assert "회  의  록" in document.text.plain()
    assert answers["file_saved"].asked


def test_attendance_sheet_is_offered_as_pdf_only(tab, monkeypatch, answers, tmp_path) -> None:
    offered: list[str] = []

    def save_dialog(_parent, _title, _start, file_filter):  # type: ignore[no-untyped-def]
        offered.append(file_filter)
        return str(tmp_path / "출석부"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    _open(tab, _row_of(tab, 2), "attendance")
    tab.print_actions["attendance"].trigger()
    assert offered == [file_dialogs.PDF_FILTER]
    assert (tmp_path / "출석부.pdf").read_bytes().startswith(b"%PDF")


def test_save_path_keeps_an_offered_extension_and_adds_the_chosen_one(monkeypatch, tmp_path) -> None:
    answers = iter([(str(tmp_path / "a"), ""), (str(tmp_path / "b.sqlite"), ""), (str(tmp_path / "c.txt"), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    assert file_dialogs.ask_save_path(None, "t", "a", file_dialogs.PDF_OR_HWPX_FILTER) == tmp_path / "a.pdf"
    assert file_dialogs.ask_save_path(None, "t", "b", file_dialogs.DB_FILTER) == tmp_path / "b.sqlite"
    assert file_dialogs.ask_save_path(None, "t", "c", file_dialogs.PDF_FILTER) == tmp_path / "c.txt.pdf"
