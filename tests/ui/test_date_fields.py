"""Dates typed from the keyboard are read whole, shown as understood, and refused with a
message when they cannot be read — never stored wrong in silence (issue 8, item 1).

Keys are typed as a person types them (``qtbot.keyClicks`` into the field, then Tab or
Enter), not set with ``set_value``."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import answer_with
from ui.widgets import DateEdit, OptionalDateEdit

TODAY = date(2026, 11, 24)
_KEEP: list[object] = []


@pytest.fixture
def tab(qtbot, state):  # type: ignore[no-untyped-def]
    """The meetings tab, built as the window builds it (from the area registry)."""
    from app.areas import area, load
    from app.demo_meetings import build_demo_meetings

    build_demo_meetings(state.db, TODAY)
    widget = load(area("meetings").tab_factory)(state)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    widget.show()
    return widget


def in_form(qtbot, field: DateEdit) -> DateEdit:  # type: ignore[no-untyped-def]
    """The field in a small form with a field after it, so Tab has somewhere to go."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    form = QWidget()
    layout = QVBoxLayout(form)
    layout.addWidget(field)
    layout.addWidget(QLineEdit())
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    _KEEP.append(form)  # qtbot closes it at the end of the test; Python must not drop it first
    return field


def typed(qtbot, field: DateEdit, text: str, leave_with=Qt.Key.Key_Tab) -> None:  # type: ignore[no-untyped-def]
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClick(field.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, leave_with)


@pytest.mark.parametrize("text", ["2026. 12. 22.", "2026.12.22", "2026-12-22", "20261222", "26.12.22",
                                  "2026/12/22", "261222"])
def test_every_usual_form_is_read_whole(qtbot, text: str) -> None:
    field = in_form(qtbot, DateEdit(date(2026, 11, 12)))
    changes: list[object] = []
    field.dateChanged.connect(changes.append)
    typed(qtbot, field, text)
    assert field.value() == date(2026, 12, 22)
    assert field.is_valid()
    assert field.line.text() == "2026. 12. 22."  # shown back in the usual form
    assert changes and changes[-1] == field.date()


def test_a_short_date_with_one_digit_month_and_day(qtbot) -> None:
    field = in_form(qtbot, DateEdit(date(2026, 11, 12)))
    typed(qtbot, field, "2026. 1. 5.", leave_with=Qt.Key.Key_Return)
    assert field.value() == date(2026, 1, 5)


def test_what_is_understood_is_shown_while_typing(qtbot) -> None:
    field = in_form(qtbot, DateEdit(date(2026, 11, 12)))
    field.line.selectAll()
    qtbot.keyClick(field.line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field.line, "20261222")
    assert "2026. 12. 22." in field.hint.text() and "(화)" in field.hint.text()


@pytest.mark.parametrize("text", ["2026.13.40", "2026-02-30", "tomorrow", "12/22", "1899-12-31"])
def test_what_cannot_be_read_is_refused_with_a_message_and_the_value_kept(qtbot, text: str) -> None:
    field = in_form(qtbot, DateEdit(date(2026, 11, 12)))
    typed(qtbot, field, text)
    assert not field.is_valid()
    assert field.value() == date(2026, 11, 12)
    assert "날짜로 읽을 수 없습니다" in field.hint.text()
    assert "날짜로 읽을 수 없습니다" in field.problem() and "은(는)" not in field.problem()


def test_an_optional_date_reads_typed_keys_too(qtbot) -> None:
    field = OptionalDateEdit(None)
    in_form(qtbot, field)  # type: ignore[arg-type]
    assert field.value() is None
    field.check.setChecked(True)
    typed(qtbot, field.edit, "1958.3.9")
    assert field.value() == date(1958, 3, 9)


def test_the_meeting_dialog_saves_the_date_typed(tab, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.meeting_dialog import MeetingDialog

    def fill(dialog: MeetingDialog) -> None:
        dialog.place.setText("햇살면 행정복지센터 2층")
        typed(qtbot, dialog.held_on, "2026. 12. 22.")
        typed(qtbot, dialog.notice_on.edit, "20261210")
        assert "(화)" in dialog.held_on.hint.text()

    opened: list[MeetingDialog] = []
    monkeypatch.setattr(MeetingDialog, "exec", answer_with(lambda d: (opened.append(d), fill(d))))
    tab.create_button.click()
    assert opened[0].result() == 1, [label.text() for label in opened[0].error_labels.values() if label.text()]
    assert tab.detail is not None
    assert tab.detail.meeting.held_on == date(2026, 12, 22)
    assert tab.detail.meeting.notice_on == date(2026, 12, 10)


def test_a_dialog_with_an_unreadable_date_stays_open_and_saves_nothing(tab, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.meeting_dialog import MeetingDialog

    seen: list[str] = []

    def fill(dialog: MeetingDialog) -> None:
        typed(qtbot, dialog.held_on, "2026.13.40")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        seen.append(dialog.error_labels["held_on"].text())
        assert dialog.result() == 0  # still open
        typed(qtbot, dialog.held_on, "2026-12-22")  # corrected: the red line goes
        seen.append(dialog.error_labels["held_on"].text())

    monkeypatch.setattr(MeetingDialog, "exec", answer_with(fill, press_ok=False))
    before = tab.proxy.rowCount()
    tab.create_button.click()
    assert "'2026.13.40'은 날짜로 읽을 수 없습니다" in seen[0]
    assert seen[1] == ""
    assert tab.proxy.rowCount() == before
