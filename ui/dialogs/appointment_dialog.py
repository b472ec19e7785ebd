"""Options for printing 위촉장 (one member or several): issuer, issue date and first number.

The issue date defaults to the day the term began (위촉일), the date a certificate bears;
with several members each certificate takes its own member's 위촉일 unless one date is
chosen. An empty issuer or the placeholder '시장·군수·구청장' is refused here, before a
file is asked for.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from app.settings import is_placeholder_authority
from ui import clock
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr
from ui.widgets import DateEdit


class AppointmentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, member_names: str | list[str], issuer: str = "",
                 start_on: date | None = None) -> None:
        super().__init__(parent, N_("위촉장 인쇄"), ok_ko=N_("PDF 만들기"))
        self.member_names = [member_names] if isinstance(member_names, str) else list(member_names)
        fields = self.group("")
        self.issuer = fields.add("issuer", N_("발급자"), QLineEdit(issuer))
        self.own_dates = QCheckBox()
        self.issued_on = fields.add("issued_on", N_("발급일"), DateEdit(start_on or clock.today()))
        if len(self.member_names) > 1:
            fields.add("own_dates", N_("발급일 기준"), self.own_dates)
            self.own_dates.setChecked(True)
            self.own_dates.toggled.connect(self.on_own_dates_toggled)
            self.issued_on.setEnabled(False)
        self.number = fields.add("number", N_("문서 번호"), QLineEdit())
        self.body.addWidget(fields)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.issuer.setPlaceholderText(tr("예: 햇살군수"))
        self.own_dates.setText(tr("위원마다 자기 위촉일"))
        self.number.setPlaceholderText(tr("비워 두어도 됩니다. 여러 명이면 2026-17, 2026-18 …처럼 이어 매깁니다"))

    def on_own_dates_toggled(self, checked: bool) -> None:
        self.issued_on.setEnabled(not checked)

    def values(self) -> tuple[str, date | None, str]:
        """Issuer, issue date (``None``: each member's own 위촉일) and first document number."""
        issued_on = None if self.own_dates.isChecked() else self.issued_on.value()
        return self.issuer.text().strip(), issued_on, self.number.text().strip()

    def save(self) -> bool:
        self.clear_errors()
        if is_placeholder_authority(self.issuer.text()):
            # The domain refuses it too ("issuer_not_set"); here the field can say so.
            self.error_labels["issuer"].show_message(
                tr("발급자(위촉권자)를 '햇살군수'처럼 입력하세요. '시장·군수·구청장'은 쓸 수 없습니다. 입력한 이름은 설정에 저장됩니다."))
            self.issuer.setFocus()
            return False
        return True
