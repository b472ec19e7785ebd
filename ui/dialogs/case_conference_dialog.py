"""사례회의: a conference made (date, place), an attendee added — a member only with a
confidentiality pledge on record, which the service decides and this dialog shows under
the member field — and a case discussed with its summary, decision, role-sharing rows
and next check."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app.cases import codes as cc
from app.cases.conferences import add_attendee, create_conference, discuss_case
from app.cases.rules import AttendeeData, ConferenceData, DiscussionData, RoleData
from app.cases.views import ConferenceView
from app.errors import FieldError, ValidationFailed
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.case_client_dialog import choose, code_combo, fill_code_combo
from ui.i18n import N_, tr
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit


class ConferenceDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState) -> None:
        super().__init__(parent, N_("사례회의 만들기"))
        self.state = state
        self.saved: ConferenceView | None = None
        grid = self.group("")
        self.held_on = grid.add("held_on", N_("회의일"), DateEdit(clock.today()))
        self.place = grid.add("place", N_("장소"), QLineEdit())
        self.note = grid.add("note", N_("메모"), QPlainTextEdit())
        self.note.setFixedHeight(60)
        self.body.addWidget(grid)
        self.resize(460, 0)
        self.retranslate_ui()

    def save(self) -> bool:
        today = clock.today()
        data = ConferenceData(self.held_on.value(), self.place.text(), self.note.toPlainText())
        return self.attempt(lambda: setattr(self, "saved", ops.call(create_conference, self.state.uow(), data, today)))


class AttendeeDialog(FormDialog):
    """Who attends: a member (from those in office), the host office's staff or an agency's
    worker (an organization of the directory, or an agency by name)."""

    inline_refusals = {"no_pledge": "member_id", "attendee_twice": "member_id"}

    def __init__(self, parent: QWidget | None, state: AppState, conference_id: str,
                 members: list[tuple[str, str]], organizations: list[tuple[str, str]]) -> None:
        super().__init__(parent, N_("참석자 추가"), N_("추가"))
        self.state, self.conference_id = state, conference_id
        self.saved: ConferenceView | None = None
        grid = self.group("")
        self.kind = grid.add("kind", N_("구분"), code_combo(cc.ATTENDEE_KIND))
        self.member = grid.add("member_id", N_("위원"), QComboBox())
        for member_id, name in members:
            self.member.addItem(name, member_id)
        self.organization = grid.add("organization_id", N_("기관"), QComboBox())
        self.organization.addItem("", None)
        for org_id, name in organizations:
            self.organization.addItem(name, org_id)
        self.agency_name = grid.add("agency_name", N_("기관명"), QLineEdit())
        self.person_name = grid.add("person_name", N_("성명"), QLineEdit())
        self.position = grid.add("position", N_("직위"), QLineEdit())
        self.body.addWidget(grid)
        self.kind.currentIndexChanged.connect(lambda _i: self.on_kind_changed())
        self.resize(460, 0)
        self.retranslate_ui()
        self.on_kind_changed()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        fill_code_combo(self.kind, cc.ATTENDEE_KIND)
        self.organization.setItemText(0, tr("(디렉터리 밖 기관)"))

    def on_kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.member.setEnabled(kind == "member")
        for widget in (self.person_name, self.position):
            widget.setEnabled(kind != "member")
        self.organization.setEnabled(kind == "agency")
        self.agency_name.setEnabled(kind == "agency")

    def data(self) -> AttendeeData:
        kind = self.kind.currentData()
        if kind == "member":
            return AttendeeData("member", member_id=self.member.currentData())
        agency = kind == "agency"
        return AttendeeData(kind, organization_id=self.organization.currentData() if agency else None,
                            agency_name=self.agency_name.text() if agency and not self.organization.currentData()
                            else "", person_name=self.person_name.text(), position=self.position.text())

    def save(self) -> bool:
        data = self.data()
        return self.attempt(lambda: setattr(self, "saved", ops.call(
            add_attendee, self.state.uow(), self.conference_id, data)))


class DiscussionDialog(FormDialog):
    """A case discussed: summary, decision, next check and role-sharing rows (agency,
    person, service, deadline — typed into a small table, one row per role)."""

    ROLE_HEADERS = (N_("기관"), N_("담당자"), N_("제공 서비스"), N_("기한(예: 2026. 12. 1.)"))
    inline_refusals = {"case_already_discussed": "case_record_id"}

    def __init__(self, parent: QWidget | None, state: AppState, conference_id: str,
                 cases: list[tuple[str, str]]) -> None:
        super().__init__(parent, N_("사례 논의 기록"))
        self.state, self.conference_id = state, conference_id
        self.saved: ConferenceView | None = None
        grid = self.group("")
        self.case = grid.add("case_record_id", N_("사례"), QComboBox())
        for case_id, name in cases:
            self.case.addItem(name, case_id)
        self.summary = grid.add("summary", N_("사례 요약"), QPlainTextEdit())
        self.summary.setFixedHeight(70)
        self.decision = grid.add("decision", N_("결정"), code_combo(cc.DECISION))
        self.next_check_on = grid.add("next_check_on", N_("다음 점검일"), OptionalDateEdit(None))
        roles = QWidget()
        box = QVBoxLayout(roles)
        box.setContentsMargins(0, 0, 0, 0)
        self.roles = QTableWidget(0, len(self.ROLE_HEADERS))
        self.roles.horizontalHeader().setStretchLastSection(True)
        self.roles.setMinimumHeight(110)
        self.add_role_button = QPushButton()
        self.add_role_button.clicked.connect(self.on_add_role_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_role_button)
        row.addStretch(1)
        box.addWidget(self.roles)
        box.addLayout(row)
        grid.add("roles", N_("역할 분담"), roles, ("service", "agency_name", "due_on"))
        self.body.addWidget(grid)
        choose(self.decision, "integrated")
        self.resize(620, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        fill_code_combo(self.decision, cc.DECISION)
        self.roles.setHorizontalHeaderLabels([tr(h) for h in self.ROLE_HEADERS])
        self.add_role_button.setText(tr("역할 한 줄 추가"))

    def on_add_role_clicked(self) -> None:
        self.roles.insertRow(self.roles.rowCount())
        self.roles.setCurrentCell(self.roles.rowCount() - 1, 0)
        self.roles.setFocus()

    def _cell(self, row: int, column: int) -> str:
        item = self.roles.item(row, column)
        return item.text().strip() if item is not None else ""

    def role_rows(self) -> tuple[RoleData, ...]:
        from app.dates import parse_typed_date

        rows = []
        for r in range(self.roles.rowCount()):
            agency, person, service, due = (self._cell(r, c) for c in range(4))
            if not (agency or person or service or due):
                continue
            try:
                due_on = parse_typed_date(due, clock.today()) if due else None
            except ValueError as error:  # never saved with a date the person did not mean
                raise ValidationFailed([FieldError("due_on", "invalid_date", {"value": due[:20]})]) from error
            rows.append(RoleData(service, None, agency, person, due_on))
        return tuple(rows)

    def set_role(self, row: int, values: tuple[str, str, str, str]) -> None:
        while self.roles.rowCount() <= row:
            self.roles.insertRow(self.roles.rowCount())
        for column, text in enumerate(values):
            self.roles.setItem(row, column, QTableWidgetItem(text))

    def save(self) -> bool:
        def action() -> None:
            data = DiscussionData(self.case.currentData() or "", self.summary.toPlainText(),
                                  self.decision.currentData(), self.next_check_on.value(), self.role_rows())
            self.saved = ops.call(discuss_case, self.state.uow(), self.conference_id, data)

        return self.attempt(action)
