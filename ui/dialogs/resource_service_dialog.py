"""Adding or editing a service of the directory (지역자원): who offers it, what it is, for
whom, how to apply, what it costs, when, where (리/마을) and how much room it has.

A new service is verified today by whoever enters it (``create_service``); its status has
its own actions in the tab (중단, 다시 운영).
"""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from app import codes
from app.areas import Change
from app.errors import FieldError
from app.resources import codes as rcodes
from app.resources.rules import ServiceData
from app.resources.services import create_service, list_organizations, update_service
from app.resources.views import ServiceView
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.member_dialog import code_combo, retranslate_combo, select_code
from ui.i18n import N_, language, tr
from ui.state import AppState


def _checks(labels: codes.Labels, per_row: int) -> tuple[QWidget, dict[str, QCheckBox]]:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    checks: dict[str, QCheckBox] = {}
    for i, code in enumerate(labels):
        checks[code] = QCheckBox()
        grid.addWidget(checks[code], i // per_row, i % per_row)
    return box, checks


def _text_box(height: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)  # keyboard first: Tab leaves the box instead of typing a tab
    return box


def _number(text: str, field: str, errors: list[FieldError]) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errors.append(FieldError(field, "invalid_number", {"value": text[:20]}))
        return None


class ServiceDialog(FormDialog):
    inline_refusals = {"duplicate_service": "name", "organization_closed": "organization_id"}

    def __init__(self, parent: QWidget | None, state: AppState, service: ServiceView | None = None,
                 organization_id: str | None = None) -> None:
        super().__init__(parent, N_("자원 수정") if service else N_("자원 추가"))
        self.state = state
        self.service = service
        self.saved: ServiceView | None = None

        what = self.group(N_("무엇을"))
        self.organization = what.add("organization_id", N_("제공 기관"), QComboBox())
        self.name = what.add("name", N_("서비스명"), QLineEdit())
        self.kind = what.add("resource_kind", N_("자원 유형"), code_combo(rcodes.RESOURCE_KIND, N_("선택하세요")))
        areas, self.area_checks = _checks(codes.SERVICE_AREA, 4)
        what.add("service_areas", N_("서비스 분야"), areas)
        self.description = what.add("description", N_("설명"), _text_box(70))

        whom = self.group(N_("누구에게"))
        targets, self.target_checks = _checks(rcodes.TARGET_GROUP, 3)
        whom.add("target_groups", N_("대상"), targets)
        ages = QWidget()
        row = QHBoxLayout(ages)
        row.setContentsMargins(0, 0, 0, 0)
        self.minimum_age, self.maximum_age = QLineEdit(), QLineEdit()
        self.age_dash = QLabel("~")
        for edit in (self.minimum_age, self.maximum_age):
            edit.setMaximumWidth(70)
        row.addWidget(self.minimum_age)
        row.addWidget(self.age_dash)
        row.addWidget(self.maximum_age)
        row.addStretch(1)
        whom.add("minimum_age", N_("연령(세)"), ages, ("maximum_age",))
        self.eligibility = whom.add("eligibility_description", N_("이용 자격"), _text_box(50))
        self.area_places = whom.add("area_places", N_("서비스 지역(리·마을)"), QLineEdit())

        how = self.group(N_("이용 방법"))
        self.application = how.add("application_process", N_("신청 방법"), _text_box(50))
        self.fees = how.add("fees_description", N_("비용"), QLineEdit())
        self.schedule = how.add("schedule_description", N_("운영 일정"), QLineEdit())
        room = QWidget()
        room_row = QHBoxLayout(room)
        room_row.setContentsMargins(0, 0, 0, 0)
        self.current_use, self.capacity, self.capacity_unit = QLineEdit(), QLineEdit(), QLineEdit()
        self.of_label, self.unit_label = QLabel("/"), QLabel()
        for edit in (self.current_use, self.capacity):
            edit.setMaximumWidth(80)
        self.capacity_unit.setMaximumWidth(150)
        for widget in (self.current_use, self.of_label, self.capacity, self.unit_label, self.capacity_unit):
            room_row.addWidget(widget)
        room_row.addStretch(1)
        how.add("capacity", N_("이용/정원"), room, ("current_use", "capacity_unit"))

        # Two columns, each packed at the top (a stretched group spreads its rows apart).
        columns = QHBoxLayout()
        for groups in ((what, how), (whom,)):
            column = QVBoxLayout()
            for group in groups:
                column.addWidget(group)
            column.addStretch(1)
            columns.addLayout(column, 1)
        self.body.addLayout(columns)

        self._organizations = ops.call(list_organizations, state.uow())
        self.organization.addItem("", None)
        for org in self._organizations:
            if org.status == "active" or (service is not None and org.id == service.organization_id):
                self.organization.addItem(org.name, org.id)
        select_code(self.organization, service.organization_id if service else organization_id)
        if service is not None:
            self.load(service)
        self.setMinimumWidth(900)
        self.retranslate_ui()
        (self.name if self.organization.currentData() else self.organization).setFocus()

    def load(self, s: ServiceView) -> None:
        self.name.setText(s.name)
        select_code(self.kind, s.resource_kind)
        for code, check in self.area_checks.items():
            check.setChecked(code in s.service_areas)
        for code, check in self.target_checks.items():
            check.setChecked(code in s.target_groups)
        self.description.setPlainText(s.description)
        self.minimum_age.setText("" if s.minimum_age is None else str(s.minimum_age))
        self.maximum_age.setText("" if s.maximum_age is None else str(s.maximum_age))
        self.eligibility.setPlainText(s.eligibility_description)
        self.area_places.setText(", ".join(s.area_places))
        self.application.setPlainText(s.application_process)
        self.fees.setText(s.fees_description)
        self.schedule.setText(s.schedule_description)
        self.current_use.setText(str(s.current_use))
        self.capacity.setText("" if s.capacity is None else str(s.capacity))
        self.capacity_unit.setText(s.capacity_unit)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        lang = language()
        retranslate_combo(self.kind, rcodes.RESOURCE_KIND)
        self.organization.setItemText(0, tr("기관을 고르세요"))
        for code, check in self.area_checks.items():
            check.setText(codes.label(codes.SERVICE_AREA, code, lang))
        for code, check in self.target_checks.items():
            check.setText(codes.label(rcodes.TARGET_GROUP, code, lang))
        self.name.setPlaceholderText(tr("예: 도시락 배달"))
        self.area_places.setPlaceholderText(tr("비워 두면 읍면동 전체 (예: 상촌리, 중촌리)"))
        self.fees.setPlaceholderText(tr("예: 무료"))
        self.schedule.setPlaceholderText(tr("예: 평일 오전 9시~오후 6시"))
        self.current_use.setPlaceholderText(tr("이용"))
        self.capacity.setPlaceholderText(tr("정원"))
        self.capacity.setToolTip(tr("정원이 없으면 비워 두세요"))
        self.capacity_unit.setPlaceholderText(tr("예: 명, 도시락/일"))
        self.unit_label.setText(tr("단위"))

    def data(self, errors: list[FieldError]) -> ServiceData:
        places = tuple(p.strip() for p in self.area_places.text().replace("，", ",").split(",") if p.strip())
        return ServiceData(
            organization_id=self.organization.currentData() or "", name=self.name.text(),
            resource_kind=self.kind.currentData() or "", description=self.description.toPlainText(),
            service_areas=tuple(c for c, check in self.area_checks.items() if check.isChecked()),
            target_groups=tuple(c for c, check in self.target_checks.items() if check.isChecked()),
            eligibility_description=self.eligibility.toPlainText(),
            minimum_age=_number(self.minimum_age.text(), "minimum_age", errors),
            maximum_age=_number(self.maximum_age.text(), "maximum_age", errors),
            application_process=self.application.toPlainText(), fees_description=self.fees.text(),
            schedule_description=self.schedule.text(), area_places=places,
            capacity=_number(self.capacity.text(), "capacity", errors), capacity_unit=self.capacity_unit.text(),
            current_use=_number(self.current_use.text(), "current_use", errors) or 0,
        )

    def save(self) -> bool:
        errors: list[FieldError] = []
        data = self.data(errors)
        if errors:  # numbers that are not numbers never reach the service
            self.clear_errors()
            self.show_field_errors(errors)
            return False
        today = clock.today()

        def action() -> None:
            if self.service is None:
                self.saved = ops.call(create_service, self.state.uow(), data, today)
            else:
                self.saved = ops.call(update_service, self.state.uow(), self.service.id, data)

        if not self.attempt(action):
            return False
        ops.notify({Change.RESOURCES})
        return True
