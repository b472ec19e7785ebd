"""Logging in to a data file: 아이디 and 비밀번호, refusals in red right under the fields.

From here a person who lost every password opens the file with the recovery code, and a
damaged file can go back to its latest good backup instead of stopping the program.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from app.errors import AppError
from ui import ops
from ui import messages
from ui.i18n import language, tr
from ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from app.database import Database

# This dialog is painted at start-up before SQLAlchemy and the models are loaded (they load
# on the database worker while the person types): nothing here may import them at module
# level. The database functions are imported on the worker, inside the calls below.


def _open_database(path: Path, username: str, password: str) -> Database:
    from app.database import open_database

    return open_database(path, username, password)


def _council_name(db: Database) -> str:
    from app.database import installation_info

    return installation_info(db).council_name

LINK_STYLE = "QPushButton { color: #1a5fb4; text-decoration: underline; border: none; padding: 2px; text-align: left; }"


def link_button(text: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(LINK_STYLE)
    button.setAutoDefault(False)
    return button


class LoginDialog(QDialog):
    def __init__(self, parent: QWidget | None, path: Path, username: str = "", hint: str = "",
                 offer_other: bool = False) -> None:
        super().__init__(parent)
        from ui.known_councils import known_council, last_username

        self.path = Path(path)
        username = username or last_username(self.path)
        self.database: Database | None = None
        self.used_password = ""
        self.wants_other = False
        self.setWindowTitle(tr("협의체 데스크 — 로그인"))

        council = known_council(self.path)
        self.title = QLabel(f"<p style='font-size: x-large;'><b>{council or tr('협의체 데스크')}</b></p>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.file_label = QLabel(tr("데이터 파일") + f": {self.path}")
        self.file_label.setStyleSheet("color: #555;")
        self.file_label.setWordWrap(True)

        self.username = QLineEdit(username)
        # ui.dialogs.password_dialog.password_edit, made here: that module loads the database layer.
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(tr("아이디"), self.username)
        form.addRow(tr("비밀번호"), self.password)
        self.error = ErrorLabel()
        self.restore_button = QPushButton(tr("가장 최근 백업으로 되돌리기"))
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.on_restore_button_clicked)
        self.restore_button.hide()
        self.recovery_link = link_button(tr("비밀번호를 모두 잊었나요? 복구 코드로 열기"))
        self.recovery_link.clicked.connect(self.on_recovery_link_clicked)
        self.other_link = link_button(tr("다른 데이터 파일 열기 또는 새로 만들기"))
        self.other_link.clicked.connect(self.on_other_link_clicked)
        self.other_link.setVisible(offer_other)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("background: #eef4fb; border: 1px solid #c9dbef; border-radius: 4px; padding: 6px;")
        self.hint.setVisible(bool(hint))

        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(tr("로그인"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = self.buttons.addButton(tr("끝내기"), QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setDefault(True)
        self.login_button.setMinimumHeight(36)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.file_label)
        layout.addSpacing(12)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.restore_button)
        layout.addSpacing(6)
        layout.addWidget(self.recovery_link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.other_link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(500)
        self.resize(500, 0)
        (self.password if username else self.username).setFocus()

    # ---------------------------------------------------------------- logging in
    def show_refusal(self, error: AppError) -> None:
        self.error.show_message(error.message(language()))
        self.restore_button.setVisible(error.code == "db_damaged")
        self.password.clear()
        (self.username if not self.username.text().strip() else self.password).setFocus()
        self.adjustSize()

    def _logged_in(self, db: Database, password: str) -> None:
        from ui.known_councils import remember_council, remember_username

        self.database = db
        self.used_password = password
        try:
            remember_username(self.path, db.actor.username)
            remember_council(self.path, ops.call(_council_name, db))
        except Exception:  # noqa: BLE001 - the name on the login screen is only a convenience
            pass
        super().accept()

    def try_login(self) -> bool:
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self.error.show_message(tr("아이디와 비밀번호를 입력하세요."))
            (self.username if not username else self.password).setFocus()
            return False
        try:
            db = ops.call(_open_database, self.path, username, password)
        except AppError as error:
            self.show_refusal(error)
            return False
        self._logged_in(db, password)
        return True

    def accept(self) -> None:
        self.try_login()

    # ---------------------------------------------------------------- the other ways in
    def on_recovery_link_clicked(self) -> None:
        from ui.dialogs.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(self, self.path, self.username.text().strip())
        if dialog.exec() and dialog.database is not None:
            self._logged_in(dialog.database, "")

    def on_other_link_clicked(self) -> None:
        self.wants_other = True
        self.reject()

    def on_restore_button_clicked(self) -> None:
        """The file is damaged: put the latest good backup in its place, then log in."""
        from app import backup

        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.error.show_message(tr("백업으로 되돌리려면 아이디와 비밀번호를 입력하세요."))
            self.password.setFocus()
            return
        question = tr("손상된 데이터 파일을 옆에 보관하고, 가장 최근의 정상 백업으로 되돌립니다.\n백업한 뒤에 입력한 내용은 다시 입력해야 합니다.")
        if not messages.confirm(self, tr("백업으로 되돌리기"), question, yes=tr("되돌리기"), destructive=False):
            return
        try:
            ops.call(backup.recover_from_backup, self.path, username, password)
            db = ops.call(_open_database, self.path, username, password)
        except AppError as error:
            self.show_refusal(error)
            return
        messages.inform(self, tr("가장 최근 백업으로 되돌렸습니다. 백업한 뒤에 입력한 내용이 있으면 다시 입력하세요."))
        self._logged_in(db, password)
