"""Approving draft minutes (회의록 승인): by whom, on which day, at which meeting, and
which two members sign them as 확인자 (the co-chairs, or the 분과장, chosen by default).

Approval locks the minutes for good (corrections become addenda), so OK asks once more
before it calls the service. What still blocks approval (attendance not recorded for
everyone, an item without a result, the meeting not marked held) is said in the dialog.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from app.dates import format_date
from app.meetings.core import MeetingSummary, MeetingView
from app.meetings.minutes import MinutesSigners, Signer, approve_minutes, minutes_signers
from app.areas import Change
from ui import appearance, clock, messages, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr
from ui.state import AppState
from ui.widgets import DateEdit

GENERAL = "_general"


class ApproveMinutesDialog(FormDialog):
    inline_refusals = {code: GENERAL for code in (
        "minutes_not_held", "minutes_already_approved", "attendance_incomplete", "item_without_result")}
    inline_refusals["approval_before_meeting"] = "approved_on"
    inline_refusals["confirmer_not_on_roster"] = "confirmer1"

    def __init__(self, parent: QWidget | None, state: AppState, meeting: MeetingView,
                 later_meetings: list[MeetingSummary], default_approver: str = "") -> None:
        super().__init__(parent, N_("회의록 승인"), ok_ko=N_("승인"))
        self.state = state
        self.meeting = meeting
        self.saved = None
        self.error_labels[GENERAL] = self.general_error
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        appearance.emphasise(self.heading)
        self.body.addWidget(self.heading)
        fields = self.group("")
        self.approved_by = fields.add("approved_by", N_("승인자"), QLineEdit(default_approver))
        self.approved_on = fields.add("approved_on", N_("승인일"), DateEdit(clock.today()))
        self.at_meeting = fields.add("at_meeting_id", N_("승인한 회의"), QComboBox())
        self.signers: MinutesSigners = ops.call(minutes_signers, state.uow(), meeting.id)
        self.confirmer1 = fields.add("confirmer1", N_("확인자 1"), self._signer_combo(self.signers.confirmers[0]))
        self.confirmer2 = fields.add("confirmer2", N_("확인자 2"), self._signer_combo(self.signers.confirmers[1]))
        self.at_meeting.addItem("", None)
        for summary in later_meetings:
            self.at_meeting.addItem(f"{summary.label} ({format_date(summary.held_on)})", summary.id)
        if later_meetings:
            self.at_meeting.setCurrentIndex(1)
            self.approved_on.set_value(min(later_meetings[0].held_on, clock.today()))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.body.addWidget(fields)
        self.body.addWidget(self.note)
        self.resize(520, 0)
        self.retranslate_ui()
        self.approved_by.setFocus()

    def _signer_combo(self, chosen: Signer | None) -> QComboBox:
        """The members on the meeting's roster, present ones first, '직책 성명'."""
        combo = QComboBox()
        combo.addItem("", None)
        for signer in self.signers.candidates:
            combo.addItem(f"{signer.title} {signer.name}", signer.member_id)
            if chosen is not None and signer.member_id == chosen.member_id:
                combo.setCurrentIndex(combo.count() - 1)
        return combo

    def confirmers(self) -> tuple[str | None, str | None]:
        return self.confirmer1.currentData(), self.confirmer2.currentData()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.heading.setText(self.meeting.label)
        self.at_meeting.setItemText(0, tr("(회의 밖에서 승인)"))
        for combo in (self.confirmer1, self.confirmer2):
            combo.setItemText(0, tr("(빈칸: 손으로 적어 서명)"))
        self.approved_by.setPlaceholderText(tr("예: 공동위원장 김정호"))
        self.note.setText(tr("승인하면 회의록이 잠깁니다. 그 뒤에 고칠 내용은 [정정 기록 추가]로 남깁니다."))

    def save(self) -> bool:
        approved_by = self.approved_by.text()
        approved_on = self.approved_on.value()
        question = tr("{label}의 회의록을 {date}자로 승인합니다.\n\n승인한 뒤에는 출석·안건·의결 결과를 고칠 수 없고, 고칠 내용은 정정 기록으로만 남길 수 있습니다.").format(
            label=self.meeting.label, date=format_date(approved_on))
        if not approved_by.strip():
            return self.attempt(lambda: ops.call(approve_minutes, self.state.uow(), self.meeting.id, approved_by,
                                                        approved_on, clock.today()))
        if not messages.confirm(self, tr("회의록 승인"), question, yes=tr("승인합니다"), destructive=False):
            return False

        def action() -> None:
            self.saved = ops.call(approve_minutes, self.state.uow(), self.meeting.id, approved_by, approved_on,
                                         clock.today(), at_meeting_id=self.at_meeting.currentData(),
                                         confirmers=self.confirmers())

        if not self.attempt(action):
            return False
        ops.notify({Change.MEETINGS})
        return True
