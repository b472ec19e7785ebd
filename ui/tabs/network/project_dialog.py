"""Adding or changing a joint project (특화사업·공동사업): name, kind, subcommittee, plan
item, period, money, beneficiaries, partner organizations from the directory (typed to
filter, Space to tick), progress and result."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QSpinBox, QVBoxLayout, QWidget)

from app import codes
from app.areas import Change
from app.network import codes as ncodes
from app.network.rules import MONEY_MAX, PartnerData, ProjectData
from app.network.services import create_project, list_plan_items, update_project
from app.network.views import ProjectView
from app.resources import codes as rcodes
from app.resources.services import list_organizations
from app.subcommittees import list_subcommittees
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, language, tr
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit


def _money() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MONEY_MAX)
    box.setGroupSeparatorShown(True)
    box.setSuffix(" 원")
    return box


class ProjectDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, project: ProjectView | None = None) -> None:
        super().__init__(parent, N_("사업 수정") if project else N_("사업 추가"))
        self.state = state
        self.project = project
        self.saved: ProjectView | None = None
        fields = self.group("")
        self.name = fields.add("project_name", N_("사업명"), QLineEdit())
        self.kind = fields.add("project_kind", N_("사업 구분"), QComboBox())
        for code in ncodes.PROJECT_KIND:
            self.kind.addItem("", code)
        self.subcommittee = fields.add("subcommittee_id", N_("분과"), QComboBox())
        self.plan_item = fields.add("plan_item_id", N_("계획 과제"), QComboBox())
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        self.start_on = DateEdit(project.start_on if project else clock.today())
        self.end_on = OptionalDateEdit(project.end_on if project else None)
        row.addWidget(self.start_on, 1)
        row.addWidget(self.end_on, 1)
        fields.add("project_start_on", N_("기간(시작·끝)"), dates, ("project_end_on",))
        self.budget = fields.add("budget", N_("예산"), _money())
        self.spending = fields.add("spending", N_("집행액"), _money())
        self.beneficiaries = fields.add("beneficiaries", N_("수혜자 수"), QSpinBox())
        self.beneficiaries.setRange(-1, 10_000_000)
        partners = QWidget()
        column = QVBoxLayout(partners)
        column.setContentsMargins(0, 0, 0, 0)
        self.partner_filter = QLineEdit()
        self.partner_filter.setClearButtonEnabled(True)
        self.partner_list = QListWidget()
        self.partner_list.setFixedHeight(150)
        column.addWidget(self.partner_filter)
        column.addWidget(self.partner_list)
        fields.add("partners", N_("참여 기관"), partners)
        self.progress = fields.add("project_progress", N_("추진 경과"), QPlainTextEdit())
        self.result_edit = fields.add("project_result", N_("성과"), QPlainTextEdit())
        for edit in (self.progress, self.result_edit):
            edit.setFixedHeight(56)
            edit.setTabChangesFocus(True)
        self.body.addWidget(fields)
        self.partner_filter.textChanged.connect(self.on_partner_filter_textChanged)
        self.partner_filter.returnPressed.connect(self.partner_list.setFocus)

        today = clock.today()
        self.subcommittee.addItem("", None)
        for sub in ops.call(list_subcommittees, state.uow(), today, include_closed=False):
            self.subcommittee.addItem(sub.name, sub.id)
        self.plan_item.addItem("", None)
        for plan in ops.call(list_plan_items, state.uow()):
            self.plan_item.addItem(f"{plan.year} {plan.title}", plan.id)
        lang = language()
        chosen = {p.organization_id for p in project.partners} if project else set()
        self.roles = {p.organization_id: p.role for p in project.partners} if project else {}
        for organization in ops.call(list_organizations, state.uow()):
            item = QListWidgetItem(f"{organization.name} ({codes.label(rcodes.SECTOR, organization.sector, lang)})")
            item.setData(Qt.ItemDataRole.UserRole, organization.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if organization.id in chosen else Qt.CheckState.Unchecked)
            self.partner_list.addItem(item)
        if project is not None:
            self.name.setText(project.name)
            self.kind.setCurrentIndex(self.kind.findData(project.kind))
            self.subcommittee.setCurrentIndex(max(0, self.subcommittee.findData(project.subcommittee_id)))
            self.plan_item.setCurrentIndex(max(0, self.plan_item.findData(project.plan_item_id)))
            self.budget.setValue(project.budget)
            self.spending.setValue(project.spending)
            self.beneficiaries.setValue(-1 if project.beneficiaries is None else project.beneficiaries)
            self.progress.setPlainText(project.progress_note)
            self.result_edit.setPlainText(project.result)
        else:
            self.kind.setCurrentIndex(self.kind.findData("joint"))
            self.beneficiaries.setValue(-1)
        self.resize(560, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        lang = language()
        for index in range(self.kind.count()):
            self.kind.setItemText(index, codes.label(ncodes.PROJECT_KIND, self.kind.itemData(index), lang))
        self.subcommittee.setItemText(0, tr("(정하지 않음)"))
        self.plan_item.setItemText(0, tr("(정하지 않음)"))
        self.beneficiaries.setSpecialValueText(tr("모름"))
        self.partner_filter.setPlaceholderText(tr("기관 이름으로 찾기 (스페이스로 선택)"))
        self.name.setPlaceholderText(tr("예: 행복 도시락 나눔"))

    def on_partner_filter_textChanged(self, text: str) -> None:
        words = text.split()
        for index in range(self.partner_list.count()):
            item = self.partner_list.item(index)
            item.setHidden(not all(w in item.text() for w in words))

    def chosen_partners(self) -> tuple[PartnerData, ...]:
        items = (self.partner_list.item(i) for i in range(self.partner_list.count()))
        return tuple(PartnerData(item.data(Qt.ItemDataRole.UserRole), self.roles.get(item.data(Qt.ItemDataRole.UserRole), ""))
                     for item in items if item.checkState() == Qt.CheckState.Checked)

    def data(self) -> ProjectData:
        people = self.beneficiaries.value()
        return ProjectData(
            name=self.name.text(), kind=self.kind.currentData(), start_on=self.start_on.value(),
            end_on=self.end_on.value(), subcommittee_id=self.subcommittee.currentData(),
            plan_item_id=self.plan_item.currentData(), budget=self.budget.value(), spending=self.spending.value(),
            beneficiaries=None if people < 0 else people, progress_note=self.progress.toPlainText(),
            result=self.result_edit.toPlainText(), partners=self.chosen_partners())

    def save(self) -> bool:
        def action() -> None:
            if self.project is None:
                self.saved = ops.call(create_project, self.state.uow(), self.data())
            else:
                self.saved = ops.call(update_project, self.state.uow(), self.project.id, self.data())

        if not self.attempt(action):
            return False
        ops.notify({Change.NETWORK})
        return True
