"""Opening the data file with the printed recovery code when every password is lost:
the code, whose account it is, and that account's new password."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.database import recover_access
from app.database import Database
from ui import ops
from ui.dialogs.base import FormDialog
from ui.dialogs.password_dialog import PasswordPair
from ui.i18n import N_, tr


class RecoveryDialog(FormDialog):
    inline_refusals = {"wrong_recovery_code": "recovery_code", "account_not_found": "username"}

    def __init__(self, parent: QWidget | None, path: Path, username: str = "") -> None:
        super().__init__(parent, N_("복구 코드로 열기"), ok_ko=N_("열기"))
        self.path = Path(path)
        self.database: Database | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        fields = self.group("")
        self.code = fields.add("recovery_code", N_("복구 코드"), QLineEdit())
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(self.font().pointSize() + 2)
        self.code.setFont(mono)
        self.username = fields.add("username", N_("아이디"), QLineEdit(username))
        self.pair = PasswordPair(self, fields)
        self.body.addWidget(fields)
        self.resize(600, 0)
        self.retranslate_ui()
        self.code.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.intro.setText(tr("처음 설정할 때 인쇄해 둔 복구 코드를 입력하세요. 입력한 아이디의 비밀번호를 새로 정하고 로그인합니다."))
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        if hasattr(self, "pair"):
            self.pair.retranslate_ui()

    def save(self) -> bool:
        self.clear_errors()
        if not self.code.text().strip():
            self.error_labels["recovery_code"].show_message(tr("복구 코드를 입력하세요."))
            self.code.setFocus()
            return False
        if not self.pair.matches():
            return False

        def action() -> None:
            self.database = ops.call(recover_access, self.path, self.code.text(), self.username.text().strip(),
                                           self.pair.value())

        return self.attempt(action)
