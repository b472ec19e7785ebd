"""Options for printing a 위촉장: issuer, issue date and document number."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from ui import clock
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr
from ui.widgets import DateEdit


class AppointmentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, member_name: str, issuer: str = "") -> None:
        super().__init__(parent, N_("위촉장 인쇄"), ok_ko=N_("PDF 만들기"))
        fields = self.group("")
        self.issuer = fields.add("issuer", N_("발급자"), QLineEdit(issuer))
        self.issued_on = fields.add("issued_on", N_("발급일"), DateEdit(clock.today()))
        self.number = fields.add("number", N_("문서 번호"), QLineEdit())
        self.body.addWidget(fields)
        self.member_name = member_name
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.issuer.setPlaceholderText(tr("예: 햇살군수"))
        self.number.setPlaceholderText(tr("비워 두어도 됩니다"))

    def values(self) -> tuple[str, date, str]:
        return self.issuer.text().strip(), self.issued_on.value(), self.number.text().strip()

    def save(self) -> bool:
        self.clear_errors()
        if not self.issuer.text().strip():
            # The domain has no label for "issuer"; the wording lives here.
            self.error_labels["issuer"].show_message(tr("발급자를 입력하세요. 위촉장에 찍히는 이름입니다."))
            self.issuer.setFocus()
            return False
        return True
