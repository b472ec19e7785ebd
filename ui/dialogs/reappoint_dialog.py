"""재위촉: a new term after the previous one, keeping the history."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QLabel, QWidget

from app.dates import format_date, term_end_for
from app.members import MemberView, TermData, reappoint_member
from app.areas import Change
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit


def next_start(member: MemberView, today: date) -> date:
    """The day after the last term ends (the usual 재위촉), or today for a lapsed member."""
    last = member.current_term.last_day if member.current_term else None
    if last is None:
        return today
    return last + timedelta(days=1)


class ReappointDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, member: MemberView) -> None:
        super().__init__(parent, N_("재위촉"), ok_ko=N_("재위촉"))
        self.state = state
        self.member = member
        self.saved: MemberView | None = None
        self._end_touched = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        start = next_start(member, clock.today())
        fields = self.group("")
        self.recommended_on = fields.add("recommended_on", N_("추천일"), OptionalDateEdit())
        self.start_on = fields.add("start_on", N_("위촉일"), DateEdit(start))
        end = None if member.kind == "ex_officio" else term_end_for(start, state.settings().term_years)
        self.end_on = fields.add("end_on", N_("임기만료일"), OptionalDateEdit(end))
        self.body.addWidget(fields)
        self.start_on.dateChanged.connect(self.on_start_on_dateChanged)
        self.end_on.edit.dateChanged.connect(self.on_end_on_edited)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        current = self.member.current_term
        text = tr("{name} 위원을 다시 위촉합니다. 이전 임기 기록은 그대로 남습니다.").format(name=self.member.name)
        if current is not None and current.last_day is not None:
            text += "\n" + tr("지난 임기: {start} ~ {end}").format(
                start=format_date(current.start_on), end=format_date(current.last_day))
        self.intro.setText(text)

    def on_start_on_dateChanged(self) -> None:
        if not self._end_touched and self.member.kind != "ex_officio":
            self.end_on.edit.blockSignals(True)
            self.end_on.set_value(term_end_for(self.start_on.value(), self.state.settings().term_years))
            self.end_on.edit.blockSignals(False)

    def on_end_on_edited(self) -> None:
        self._end_touched = True

    def save(self) -> bool:
        term = TermData(start_on=self.start_on.value(), end_on=self.end_on.value(),
                        recommended_on=self.recommended_on.value())

        def action() -> None:
            self.saved = ops.call(reappoint_member, self.state.uow(), self.member.id, term, clock.today())

        if not self.attempt(action):
            return False
        ops.notify({Change.MEMBERS})
        return True
