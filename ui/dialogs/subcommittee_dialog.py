"""Creating or editing a 실무분과: name, description, service areas, lead."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QPlainTextEdit, QWidget

from app import codes
from app.members import members_in_office
from app.subcommittees import SubcommitteeData, SubcommitteeView, create_subcommittee, update_subcommittee
from app.areas import Change
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, language, tr
from ui.state import AppState
from ui.widgets import OptionalDateEdit


class SubcommitteeDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, subcommittee: SubcommitteeView | None = None) -> None:
        super().__init__(parent, N_("분과 수정") if subcommittee else N_("분과 만들기"))
        self.state = state
        self.subcommittee = subcommittee
        self.saved: SubcommitteeView | None = None
        fields = self.group("")
        self.name = fields.add("name", N_("분과 이름"), QLineEdit())
        areas = QWidget()
        grid = QGridLayout(areas)
        grid.setContentsMargins(0, 0, 0, 0)
        self.area_checks: dict[str, QCheckBox] = {}
        for i, code in enumerate(codes.SERVICE_AREA):
            check = QCheckBox()
            self.area_checks[code] = check
            grid.addWidget(check, i // 4, i % 4)
        fields.add("service_areas", N_("서비스 분야"), areas)
        self.lead = fields.add("lead_member_id", N_("분과장"), QComboBox())
        self.founded_on = fields.add("founded_on", N_("구성일"), OptionalDateEdit(
            subcommittee.founded_on if subcommittee else clock.today()))
        self.description = fields.add("description", N_("설명"), QPlainTextEdit())
        self.description.setFixedHeight(90)
        self.body.addWidget(fields)

        self.lead.addItem("", None)
        for member in ops.call(members_in_office, state.uow(), clock.today()):
            self.lead.addItem(member.name, member.id)
        if subcommittee is not None:
            self.name.setText(subcommittee.name)
            for code in subcommittee.service_areas:
                if code in self.area_checks:
                    self.area_checks[code].setChecked(True)
            self.description.setPlainText(subcommittee.description)
            if subcommittee.lead_member_id:
                index = self.lead.findData(subcommittee.lead_member_id)
                if index < 0:  # a lead no longer in office still shows, so saving keeps them
                    self.lead.addItem(subcommittee.lead_name, subcommittee.lead_member_id)
                    index = self.lead.count() - 1
                self.lead.setCurrentIndex(index)
        self.resize(520, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        lang = language()
        for code, check in self.area_checks.items():
            check.setText(codes.label(codes.SERVICE_AREA, code, lang))
        self.lead.setItemText(0, tr("(정하지 않음)"))
        self.name.setPlaceholderText(tr("예: 노인분과"))

    def data(self) -> SubcommitteeData:
        return SubcommitteeData(
            name=self.name.text(), description=self.description.toPlainText(),
            service_areas=tuple(code for code, check in self.area_checks.items() if check.isChecked()),
            lead_member_id=self.lead.currentData(), founded_on=self.founded_on.value(),
        )

    def save(self) -> bool:
        today = clock.today()

        def action() -> None:
            if self.subcommittee is None:
                self.saved = ops.call(create_subcommittee, self.state.uow(), self.data(), today)
            else:
                self.saved = ops.call(update_subcommittee, self.state.uow(), self.subcommittee.id, self.data(), today)

        if not self.attempt(action):
            return False
        ops.notify({Change.SUBCOMMITTEES, Change.MEMBERS})
        return True
