"""대상자 (a person in need) added or edited, and a consent recorded for one purpose and
recipient: one service call per save, each field's problem under the field."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from app import codes
from app.cases import codes as cc
from app.cases.rules import ClientData, ConsentData
from app.cases.services import add_client, record_consent, update_client
from app.cases.views import ClientView, ConsentView
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, language, tr
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit


def code_combo(labels: codes.Labels, blank_ko: str | None = None) -> QComboBox:
    """A choice from a code list (Korean or English labels), optionally with a blank first."""
    combo = QComboBox()
    if blank_ko is not None:
        combo.addItem("", "")
    for code in labels:
        combo.addItem("", code)
    combo.setProperty("blank_ko", blank_ko)
    fill_code_combo(combo, labels)
    return combo


def fill_code_combo(combo: QComboBox, labels: codes.Labels) -> None:
    lang = language()
    for i in range(combo.count()):
        code = combo.itemData(i)
        combo.setItemText(i, codes.label(labels, code, lang) if code else tr(combo.property("blank_ko") or ""))


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class ClientDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, client: ClientView | None = None) -> None:
        super().__init__(parent, N_("대상자 수정") if client else N_("대상자 등록"))
        self.state, self.client = state, client
        self.saved: ClientView | None = None
        who = self.group(N_("대상자"))
        self.name = who.add("name", N_("성명"), QLineEdit(), ("client_name",))
        self.sex = who.add("sex", N_("성별"), code_combo(codes.SEX, N_("(적지 않음)")))
        self.birth_date = who.add("birth_date", N_("생년월일"), OptionalDateEdit(None))
        self.place = who.add("place", N_("리·마을"), QLineEdit(), ("client_place",))
        self.address = who.add("address", N_("주소"), QLineEdit())
        self.phone = who.add("phone", N_("연락처"), QLineEdit())
        self.household_type = who.add("household_type", N_("가구 유형"), code_combo(cc.HOUSEHOLD_TYPE, N_("(적지 않음)")))
        size = QSpinBox()
        size.setRange(0, 20)
        self.household_size = who.add("household_size", N_("가구원 수"), size)
        found = self.group(N_("발굴"))
        self.found_source = found.add("found_source", N_("발굴 경로"), code_combo(cc.FOUND_SOURCE, N_("(적지 않음)")))
        self.found_by = found.add("found_by", N_("발굴한 사람"), QLineEdit())
        self.found_on = found.add("found_on", N_("발굴일"), OptionalDateEdit(clock.today()))
        self.crisis_level = found.add("crisis_level", N_("위기도"), code_combo(cc.CRISIS_LEVEL, N_("(적지 않음)")))
        self.note = found.add("note", N_("메모"), QPlainTextEdit())
        self.note.setFixedHeight(70)
        self.body.addWidget(who)
        self.body.addWidget(found)
        if client is not None:
            self.name.setText(client.name)
            choose(self.sex, client.sex)
            self.birth_date.set_value(client.birth_date)
            self.place.setText(client.place)
            self.address.setText(client.address)
            self.phone.setText(client.phone)
            choose(self.household_type, client.household_type)
            self.household_size.setValue(client.household_size or 0)
            choose(self.found_source, client.found_source)
            self.found_by.setText(client.found_by)
            self.found_on.set_value(client.found_on)
            choose(self.crisis_level, client.crisis_level)
            self.note.setPlainText(client.note)
        self.resize(520, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        for combo, labels in ((self.sex, codes.SEX), (self.household_type, cc.HOUSEHOLD_TYPE),
                              (self.found_source, cc.FOUND_SOURCE), (self.crisis_level, cc.CRISIS_LEVEL)):
            fill_code_combo(combo, labels)
        self.phone.setPlaceholderText("010-1234-5678")
        self.note.setPlaceholderText(tr("주민등록번호는 적지 마세요. 이 메모는 어디로도 나가지 않습니다."))

    def data(self) -> ClientData:
        return ClientData(
            name=self.name.text(), sex=self.sex.currentData(), birth_date=self.birth_date.value(),
            place=self.place.text(), address=self.address.text(), phone=self.phone.text(),
            household_type=self.household_type.currentData(), household_size=self.household_size.value() or None,
            found_source=self.found_source.currentData(), found_by=self.found_by.text(),
            found_on=self.found_on.value(), crisis_level=self.crisis_level.currentData(),
            note=self.note.toPlainText())

    def save(self) -> bool:
        today, data = clock.today(), self.data()

        def action() -> None:
            if self.client is None:
                self.saved = ops.call(add_client, self.state.uow(), data, today)
            else:
                self.saved = ops.call(update_client, self.state.uow(), self.client.id, data, today)

        return self.attempt(action)


class ConsentDialog(FormDialog):
    """One consent: purpose, (for provision) its recipient, date, items, retention, how,
    and the guardian for an under-14 (the service refuses without one, under the field)."""

    inline_refusals = {"organization_not_found": "recipient_organization_id"}

    def __init__(self, parent: QWidget | None, state: AppState, client: ClientView,
                 organizations: list[tuple[str, str]]) -> None:
        super().__init__(parent, N_("동의 기록"))
        self.state, self.client = state, client
        self.saved: ConsentView | None = None
        grid = self.group("")
        self.purpose = grid.add("purpose", N_("동의 목적"), code_combo(cc.CONSENT_PURPOSE))
        self.recipient_kind = grid.add("recipient_kind", N_("제공받는 자 구분"),
                                       code_combo(cc.RECIPIENT_KIND, N_("(해당 없음)")))
        self.organization = grid.add("recipient_organization_id", N_("제공받는 기관"), QComboBox())
        for org_id, name in organizations:
            self.organization.addItem(name, org_id)
        self.recipient_name = grid.add("recipient_name", N_("제공받는 자"), QLineEdit())
        self.given_on = grid.add("given_on", N_("동의일"), DateEdit(clock.today()))
        self.items = grid.add("items", N_("동의 항목"), QLineEdit())
        self.retention = grid.add("retention", N_("보유 기간"), QLineEdit())
        self.given_how = grid.add("given_how", N_("동의 방법"), code_combo(cc.CONSENT_HOW))
        self.guardian_name = grid.add("guardian_name", N_("법정대리인"), QLineEdit(), ("guardian",))
        self.guardian_relation = grid.add("guardian_relation", N_("법정대리인 관계"), QLineEdit())
        self.body.addWidget(grid)
        self.items.setText("성명, 연락처, 주소, 가구 상황")
        self.retention.setText("사례 종결 후 5년")
        self.purpose.currentIndexChanged.connect(lambda _i: self.on_purpose_changed())
        self.recipient_kind.currentIndexChanged.connect(lambda _i: self.on_purpose_changed())
        self.on_purpose_changed()
        self.resize(500, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        for combo, labels in ((self.purpose, cc.CONSENT_PURPOSE), (self.recipient_kind, cc.RECIPIENT_KIND),
                              (self.given_how, cc.CONSENT_HOW)):
            fill_code_combo(combo, labels)
        self.recipient_name.setPlaceholderText(tr("예: 햇살군청 희망복지지원단"))

    def on_purpose_changed(self) -> None:
        provision = self.purpose.currentData() == "provision"
        self.recipient_kind.setEnabled(provision)
        if provision and not self.recipient_kind.currentData():
            choose(self.recipient_kind, "organization")
        kind = self.recipient_kind.currentData() if provision else ""
        self.organization.setEnabled(kind == "organization")
        self.recipient_name.setEnabled(kind in ("sigungu", "other"))

    def data(self) -> ConsentData:
        provision = self.purpose.currentData() == "provision"
        kind = self.recipient_kind.currentData() if provision else ""
        return ConsentData(
            client_id=self.client.id, purpose=self.purpose.currentData(), given_on=self.given_on.value(),
            items=self.items.text(), retention=self.retention.text(), given_how=self.given_how.currentData(),
            recipient_kind=kind,
            recipient_organization_id=self.organization.currentData() if kind == "organization" else None,
            recipient_name=self.recipient_name.text() if kind in ("sigungu", "other") else "",
            guardian_name=self.guardian_name.text(), guardian_relation=self.guardian_relation.text())

    def save(self) -> bool:
        today, data = clock.today(), self.data()
        return self.attempt(lambda: setattr(self, "saved", ops.call(record_consent, self.state.uow(), data, today)))
