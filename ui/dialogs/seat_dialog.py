"""Seats on a subcommittee: adding a member in office, and ending a seat."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.members import members_in_office
from app.subcommittees import SeatView, SubcommitteeView, add_seat, end_seat
from app.areas import Change
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr
from ui.state import AppState
from ui.widgets import DateEdit


class SeatDialog(FormDialog):
    """분과에 위원 추가: members in office who do not sit on it now."""

    def __init__(self, parent: QWidget | None, state: AppState, subcommittee: SubcommitteeView) -> None:
        super().__init__(parent, N_("분과에 위원 추가"), ok_ko=N_("추가"))
        self.state = state
        self.subcommittee = subcommittee
        self.saved: SubcommitteeView | None = None
        today = clock.today()
        fields = self.group("")
        self.member = fields.add("member_id", N_("위원"), QComboBox())
        self.joined_on = fields.add("joined_on", N_("참여일"), DateEdit(today))
        self.body.addWidget(fields)
        seated = {s.member_id for s in subcommittee.seats if s.left_on is None}
        for member in ops.call(members_in_office, state.uow(), today):
            if member.id not in seated:
                label = member.name + (f" ({member.affiliation})" if member.affiliation else "")
                self.member.addItem(label, member.id)
        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)
        self.body.addWidget(self.empty_note)
        self.empty_note.setVisible(self.member.count() == 0)
        self.resize(420, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.empty_note.setText(tr("추가할 수 있는 재임 위원이 없습니다."))

    def save(self) -> bool:
        member_id = self.member.currentData()
        if not member_id:
            return False

        def action() -> None:
            self.saved = ops.call(add_seat, self.state.uow(), self.subcommittee.id, member_id,
                                  self.joined_on.value(), clock.today())

        if not self.attempt(action):
            return False
        ops.notify({Change.SUBCOMMITTEES, Change.MEMBERS})
        return True


class EndSeatDialog(FormDialog):
    """분과 참여 종료: the seat ends on a day; the history stays."""

    def __init__(self, parent: QWidget | None, state: AppState, subcommittee: SubcommitteeView,
                 seat: SeatView) -> None:
        super().__init__(parent, N_("분과 참여 종료"), ok_ko=N_("참여 종료"))
        self.state = state
        self.subcommittee = subcommittee
        self.seat = seat
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        fields = self.group("")
        self.left_on = fields.add("left_on", N_("탈퇴일"), DateEdit(clock.today()))
        self.body.addWidget(fields)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.intro.setText(tr("{name} 위원의 '{sub}' 참여를 끝냅니다.").format(
            name=self.seat.member_name, sub=self.subcommittee.name))

    def save(self) -> bool:
        def action() -> None:
            ops.call(end_seat, self.state.uow(), self.subcommittee.id, self.seat.member_id, self.left_on.value(),
                     clock.today())

        if not self.attempt(action):
            return False
        ops.notify({Change.SUBCOMMITTEES, Change.MEMBERS})
        return True
