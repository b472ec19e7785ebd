"""Adding or editing an organization of the directory (지역자원 기관): name, sector
(공공/민간/민관협력), what it does, e-mail and website."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from app.areas import Change
from app.resources import codes as rcodes
from app.resources.rules import OrganizationData
from app.resources.services import create_organization, update_organization
from app.resources.views import OrganizationView
from ui import ops
from ui.dialogs.base import FormDialog
from ui.dialogs.member_dialog import code_combo, retranslate_combo, select_code
from ui.i18n import N_, tr
from ui.state import AppState


class OrganizationDialog(FormDialog):
    inline_refusals = {"duplicate_organization": "name"}

    def __init__(self, parent: QWidget | None, state: AppState, organization: OrganizationView | None = None) -> None:
        super().__init__(parent, N_("기관 수정") if organization else N_("기관 추가"))
        self.state = state
        self.organization = organization
        self.saved: OrganizationView | None = None
        fields = self.group("")
        self.name = fields.add("name", N_("기관명"), QLineEdit())
        self.sector = fields.add("sector", N_("기관 구분"), code_combo(rcodes.SECTOR, N_("선택하세요")))
        self.description = fields.add("description", N_("하는 일"), QPlainTextEdit())
        self.description.setFixedHeight(80)
        self.email = fields.add("email", N_("이메일"), QLineEdit())
        self.website = fields.add("website", N_("누리집"), QLineEdit())
        self.body.addWidget(fields)
        if organization is not None:
            self.name.setText(organization.name)
            select_code(self.sector, organization.sector)
            self.description.setPlainText(organization.description)
            self.email.setText(organization.email)
            self.website.setText(organization.website)
        self.resize(520, 0)
        self.retranslate_ui()
        self.name.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        retranslate_combo(self.sector, rcodes.SECTOR)
        self.name.setPlaceholderText(tr("예: 햇살면 새마을부녀회"))
        self.website.setPlaceholderText(tr("예: https://haetsal.go.kr"))

    def data(self) -> OrganizationData:
        return OrganizationData(name=self.name.text(), sector=self.sector.currentData() or "",
                                description=self.description.toPlainText(), email=self.email.text(),
                                website=self.website.text())

    def save(self) -> bool:
        def action() -> None:
            if self.organization is None:
                self.saved = ops.call(create_organization, self.state.uow(), self.data())
            else:
                self.saved = ops.call(update_organization, self.state.uow(), self.organization.id, self.data())

        if not self.attempt(action):
            return False
        ops.notify({Change.RESOURCES})
        return True
