"""A case moved on: a step reached on a date (대상자 구분 with its classification), a line
of the service plan, a check (점검) with the next one, and closing with a reason. Each save
is one service of ``app.cases.services``; a date out of order shows under the date."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.cases import codes as cc
from app.cases.rules import PlanItemData
from app.cases.services import add_plan_item, close_case, open_case, record_check, record_step
from app.cases.views import CaseView
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.case_client_dialog import choose, code_combo, fill_code_combo
from ui.i18n import N_, language
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit

# Every step's date error lands under the one date field.
_STEP_DATE_KEYS = ("on", *(column for column in cc.STEP_COLUMNS), "step")


def next_step(case: CaseView) -> str:
    """The first step after the last one reached (종결 has its own dialog)."""
    order = [code for code, _column, _ko, _en in cc.STEPS if code != "closed"]
    current = case.current_step
    later = order[order.index(current) + 1:] if current in order else []
    return later[0] if later else "follow_up"


class OpenCaseDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, client_id: str) -> None:
        super().__init__(parent, N_("사례 열기"))
        self.state, self.client_id = state, client_id
        self.saved: CaseView | None = None
        grid = self.group("")
        self.found_on = grid.add("found_on", N_("발굴일"), DateEdit(clock.today()))
        self.worker = grid.add("worker", N_("담당"), QLineEdit())
        self.body.addWidget(grid)
        self.retranslate_ui()

    def save(self) -> bool:
        today, on, worker = clock.today(), self.found_on.value(), self.worker.text()
        return self.attempt(lambda: setattr(self, "saved", ops.call(
            open_case, self.state.uow(), self.client_id, on, today, worker)))


class StepDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, case: CaseView) -> None:
        super().__init__(parent, N_("단계 기록"))
        self.state, self.case = state, case
        self.saved: CaseView | None = None
        grid = self.group("")
        self.step = grid.add("step_code", N_("단계"), QComboBox())
        for code, _column, _ko, _en in cc.STEPS:
            if code not in ("found", "closed"):
                self.step.addItem("", code)
        self.on = grid.add("on", N_("날짜"), DateEdit(clock.today()), _STEP_DATE_KEYS)
        self.classification = grid.add("classification", N_("대상자 구분"), code_combo(cc.CLASSIFICATION))
        self.body.addWidget(grid)
        choose(self.step, next_step(case))
        self.step.currentIndexChanged.connect(lambda _i: self.on_step_changed())
        self.retranslate_ui()
        self.on_step_changed()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        from app import codes

        for i in range(self.step.count()):
            self.step.setItemText(i, codes.label(cc.STEP, self.step.itemData(i), language()))
        fill_code_combo(self.classification, cc.CLASSIFICATION)

    def on_step_changed(self) -> None:
        self.classification.setEnabled(self.step.currentData() == "classified")

    def save(self) -> bool:
        today, step, on = clock.today(), self.step.currentData(), self.on.value()
        classification = self.classification.currentData() if step == "classified" else ""
        return self.attempt(lambda: setattr(self, "saved", ops.call(
            record_step, self.state.uow(), self.case.id, step, on, today, classification)))


class PlanItemDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, case: CaseView) -> None:
        super().__init__(parent, N_("서비스 제공계획 항목"))
        self.state, self.case = state, case
        self.saved: CaseView | None = None
        grid = self.group("")
        self.what = grid.add("plan_what", N_("제공 내용"), QLineEdit(), ("what",))
        self.who = grid.add("who", N_("제공자"), QLineEdit())
        self.due_on = grid.add("due_on", N_("기한"), OptionalDateEdit(None))
        self.body.addWidget(grid)
        self.resize(460, 0)
        self.retranslate_ui()

    def save(self) -> bool:
        data = PlanItemData(self.what.text(), self.who.text(), self.due_on.value())
        return self.attempt(lambda: setattr(self, "saved", ops.call(
            add_plan_item, self.state.uow(), self.case.id, data)))


class CheckDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, case: CaseView) -> None:
        super().__init__(parent, N_("점검 기록"))
        self.state, self.case = state, case
        self.saved: CaseView | None = None
        grid = self.group("")
        self.checked_on = grid.add("checked_on", N_("점검일"), DateEdit(clock.today()))
        self.note = grid.add("note", N_("점검 내용"), QPlainTextEdit())
        self.note.setFixedHeight(70)
        self.next_check_on = grid.add("next_check_on", N_("다음 점검일"), OptionalDateEdit(None))
        self.body.addWidget(grid)
        self.resize(460, 0)
        self.retranslate_ui()

    def save(self) -> bool:
        today, on, note, after = clock.today(), self.checked_on.value(), self.note.toPlainText(), \
            self.next_check_on.value()
        return self.attempt(lambda: setattr(self, "saved", ops.call(
            record_check, self.state.uow(), self.case.id, on, note, after, today)))


class CloseCaseDialog(FormDialog):
    inline_refusals = {"case_not_closable": "closing_reason"}

    def __init__(self, parent: QWidget | None, state: AppState, case: CaseView) -> None:
        super().__init__(parent, N_("사례 종결"), N_("종결"))
        self.state, self.case = state, case
        self.saved: CaseView | None = None
        grid = self.group("")
        self.closed_on = grid.add("closed_on", N_("종결일"), DateEdit(clock.today()))
        self.reason = grid.add("closing_reason", N_("종결 사유"), code_combo(cc.CLOSING_REASON, N_("(고르세요)")))
        self.note = grid.add("closing_note", N_("종결 메모"), QPlainTextEdit())
        self.note.setFixedHeight(70)
        self.body.addWidget(grid)
        self.resize(460, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        fill_code_combo(self.reason, cc.CLOSING_REASON)

    def save(self) -> bool:
        today, on, reason, note = clock.today(), self.closed_on.value(), self.reason.currentData(), \
            self.note.toPlainText()
        return self.attempt(lambda: setattr(self, "saved", ops.call(
            close_case, self.state.uow(), self.case.id, on, reason, today, note)))
