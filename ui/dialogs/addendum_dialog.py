"""A correction to approved minutes (회의록 정정): who, when, why and what.

The approved text stays as it was; the addendum is printed with it and makes the next
approved version with its own hash.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.meetings.core import MeetingView
from app.meetings.minutes import add_minutes_addendum
from app.areas import Change
from ui import appearance, clock, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr
from ui.state import AppState
from ui.widgets import DateEdit

GENERAL = "_general"


class AddendumDialog(FormDialog):
    inline_refusals = {"minutes_not_approved": GENERAL, "minutes_tampered": GENERAL}

    def __init__(self, parent: QWidget | None, state: AppState, meeting: MeetingView) -> None:
        super().__init__(parent, N_("회의록 정정 기록 추가"), ok_ko=N_("추가"))
        self.state = state
        self.meeting = meeting
        self.saved = None
        self.error_labels[GENERAL] = self.general_error
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        appearance.emphasise(self.heading)
        self.body.addWidget(self.heading)
        fields = self.group("")
        self.made_by = fields.add("made_by", N_("정정자"), QLineEdit())
        self.made_on = fields.add("made_on", N_("정정일"), DateEdit(clock.today()))
        self.reason = fields.add("reason", N_("사유"), QLineEdit())
        self.text = fields.add("text", N_("정정 내용"), QPlainTextEdit())
        self.text.setMinimumHeight(110)
        self.body.addWidget(fields)
        self.resize(560, 0)
        self.retranslate_ui()
        self.made_by.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.heading.setText(self.meeting.label)
        self.reason.setPlaceholderText(tr("예: 위원 성명 오기"))
        self.text.setPlaceholderText(tr("예: 출석위원 '김영희'를 '김영미'로 바로잡음"))

    def save(self) -> bool:
        def action() -> None:
            self.saved = ops.call(add_minutes_addendum, self.state.uow(), self.meeting.id, self.made_by.text(),
                                              self.made_on.value(), self.reason.text(),
                                              self.text.toPlainText(), clock.today())

        if not self.attempt(action):
            return False
        ops.notify({Change.MEETINGS})
        return True
