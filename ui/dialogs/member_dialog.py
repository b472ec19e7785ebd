"""Adding a member (with the first term) or editing a member's record.

Fields follow ``app.members.MemberData``; the term end defaults to ``term_end_for`` and is
optional for 당연직 (officials serve while in post). Validation is the domain's: the
dialog shows its field errors in red and stays open.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QWidget)

from app import codes
from app.dates import format_date, term_end_for
from app.members import MemberData, MemberView, TermData, add_member, update_member
from app.areas import Change
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, language, tr
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit


def code_combo(labels: dict, placeholder_ko: str | None = None) -> QComboBox:
    combo = QComboBox()
    if placeholder_ko is not None:
        combo.addItem("", None)
    for code in labels:
        combo.addItem("", code)
    combo.setProperty("placeholder_ko", placeholder_ko)
    combo.setProperty("labels_of", id(labels))
    retranslate_combo(combo, labels)
    return combo


def retranslate_combo(combo: QComboBox, labels: dict) -> None:
    lang = language()
    for i in range(combo.count()):
        code = combo.itemData(i)
        if code is None:
            combo.setItemText(i, tr(combo.property("placeholder_ko") or ""))
        else:
            combo.setItemText(i, codes.label(labels, code, lang))


def select_code(combo: QComboBox, code: object) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(0, index))


class MemberDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, member: MemberView | None = None) -> None:
        super().__init__(parent, N_("위원 수정") if member else N_("위원 추가"))
        self.state = state
        self.member = member
        self.saved: MemberView | None = None
        self._end_touched = False
        self._category_touched = member is not None
        today = clock.today()

        person = self.group(N_("인적 사항"))
        self.name = person.add("name", N_("성명"), QLineEdit())
        self.sex = person.add("sex", N_("성별"), code_combo(codes.SEX, N_("선택하세요")))
        self.birth_date = person.add("birth_date", N_("생년월일"), OptionalDateEdit())
        self.phone = person.add("phone", N_("연락처"), QLineEdit())
        self.affiliation = person.add("affiliation", N_("소속"), QLineEdit())
        self.position = person.add("position", N_("직위"), QLineEdit())

        seat = self.group(N_("위원 구분"))
        self.kind = seat.add("kind", N_("구분"), code_combo(codes.MEMBER_KIND))
        self.category = seat.add("category", N_("자격"), code_combo(codes.CATEGORY))
        self.role = seat.add("role", N_("직책"), code_combo(codes.ROLE))
        self.honorary = seat.add("honorary_official", N_("명예사회복지공무원"), QCheckBox())

        self.term_group = None
        if member is None:
            term = self.group(N_("임기"))
            self.recommended_on = term.add("recommended_on", N_("추천일"), OptionalDateEdit())
            self.start_on = term.add("start_on", N_("위촉일"), DateEdit(today))
            self.end_on = term.add("end_on", N_("임기만료일"), OptionalDateEdit(self._default_end(today)))
            self.term_hint = QLabel()
            self.term_hint.setWordWrap(True)
            self.term_hint.setStyleSheet("color: #555;")
            term.grid.addWidget(self.term_hint, 99, 0, 1, 2)
            self.start_on.dateChanged.connect(self.on_start_on_dateChanged)
            self.end_on.edit.dateChanged.connect(self.on_end_on_edited)
            self.term_group = term
        else:
            self.term_info = QLabel()
            self.term_info.setWordWrap(True)

        pledge = self.group(N_("서약·동의"))
        self.pledge_on = pledge.add("pledge_on", N_("비밀유지서약일"), OptionalDateEdit())
        self.consent_on = pledge.add("consent_on", N_("개인정보동의일"), OptionalDateEdit())

        notes = self.group(N_("비고"))
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        notes.add("note", N_("비고"), self.note)

        columns = QGridLayout()
        columns.addWidget(person, 0, 0)
        columns.addWidget(seat, 0, 1)
        if self.term_group is not None:
            columns.addWidget(self.term_group, 1, 0)
        else:
            columns.addWidget(self.term_info, 1, 0)
        columns.addWidget(pledge, 1, 1)
        columns.addWidget(notes, 2, 0, 1, 2)
        self.body.addLayout(columns)

        self.setMinimumWidth(780)
        self.kind.currentIndexChanged.connect(self.on_kind_currentIndexChanged)
        self.category.activated.connect(self.on_category_activated)
        select_code(self.kind, "appointed")
        select_code(self.category, 7)
        select_code(self.role, "member")
        if member is not None:
            self.load(member)
        self.on_kind_currentIndexChanged()
        self.retranslate_ui()
        self.name.setFocus()

    def _default_end(self, start: date) -> date:
        return term_end_for(start, self.state.settings().term_years)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        for combo, labels in ((self.sex, codes.SEX), (self.kind, codes.MEMBER_KIND),
                              (self.category, codes.CATEGORY), (self.role, codes.ROLE)):
            retranslate_combo(combo, labels)
        self.name.setPlaceholderText(tr("예: 홍길동"))
        self.phone.setPlaceholderText(tr("예: 010-1234-5678"))
        self.honorary.setText(tr("위촉됨"))
        if self.member is None:
            years = self.state.settings().term_years
            self.term_hint.setText(
                tr("임기는 {years}년입니다. 당연직은 임기만료일 없이 재직 중에 위원입니다.").format(years=years))
        else:
            current = self.member.current_term
            if current is not None:
                end = format_date(current.end_on) if current.end_on else tr("재직 중")
                self.term_info.setText(
                    tr("현재 임기: {start} ~ {end}. 임기를 바꾸려면 [재위촉]이나 [해촉]을 쓰세요.").format(
                        start=format_date(current.start_on), end=end))

    def load(self, member: MemberView) -> None:
        self.name.setText(member.name)
        select_code(self.sex, member.sex)
        self.birth_date.set_value(member.birth_date)
        self.phone.setText(member.phone)
        self.affiliation.setText(member.affiliation)
        self.position.setText(member.position)
        select_code(self.kind, member.kind)
        select_code(self.category, member.category)
        select_code(self.role, member.role)
        self.honorary.setChecked(member.honorary_official)
        self.pledge_on.set_value(member.pledge_on)
        self.consent_on.set_value(member.consent_on)
        self.note.setPlainText(member.note)

    # -- field logic
    def on_kind_currentIndexChanged(self, _index: int = 0) -> None:
        ex_officio = self.kind.currentData() == "ex_officio"
        if ex_officio and not self._category_touched:
            select_code(self.category, 2)  # officials are almost always 사회보장 담당 공무원
        if self.member is None:
            # Officials serve while in post: no fixed end unless the user gives one.
            self.end_on.set_value(None if ex_officio else self._default_end(self.start_on.value()))
            self._end_touched = False

    def on_category_activated(self, _index: int) -> None:
        self._category_touched = True

    def on_start_on_dateChanged(self) -> None:
        if not self._end_touched and self.kind.currentData() != "ex_officio":
            self.end_on.edit.blockSignals(True)
            self.end_on.set_value(self._default_end(self.start_on.value()))
            self.end_on.edit.blockSignals(False)

    def on_end_on_edited(self) -> None:
        self._end_touched = True

    # -- values
    def member_data(self) -> MemberData:
        return MemberData(
            name=self.name.text(), sex=self.sex.currentData() or "", kind=self.kind.currentData() or "",
            category=self.category.currentData() or 0, role=self.role.currentData() or "member",
            birth_date=self.birth_date.value(), affiliation=self.affiliation.text(),
            position=self.position.text(), phone=self.phone.text(),
            honorary_official=self.honorary.isChecked(), pledge_on=self.pledge_on.value(),
            consent_on=self.consent_on.value(), note=self.note.toPlainText(),
        )

    def term_data(self) -> TermData:
        return TermData(start_on=self.start_on.value(), end_on=self.end_on.value(),
                        recommended_on=self.recommended_on.value())

    def save(self) -> bool:
        today = clock.today()

        def action() -> None:
            if self.member is None:
                self.saved = ops.call(add_member, self.state.uow(), self.member_data(), self.term_data(), today)
            else:
                self.saved = ops.call(update_member, self.state.uow(), self.member.id, self.member_data(), today)

        if not self.attempt(action):
            return False
        ops.notify({Change.MEMBERS})
        return True
