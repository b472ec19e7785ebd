"""Changing one's own password (also forced after an administrator's reset), and the
password fields every account dialog shares: typed twice, with the rules in view."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.errors import InputRefused, ValidationFailed
from app.security.accounts import change_own_password
from app.database import Database
from ui import ops
from ui.dialogs.base import FieldGrid, FormDialog
from ui.errors import show_error
from ui.i18n import N_, language, tr

PASSWORD_RULES = N_("영문 대문자·소문자·숫자·기호 중 두 종류를 섞으면 10자 이상, 세 종류를 섞으면 8자 이상. 아이디, 협의체 이름, 흔한 비밀번호는 쓸 수 없습니다.")


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class PasswordPair:
    """A new password typed twice; the second catches a typo nobody could see."""

    def __init__(self, dialog: FormDialog, grid: FieldGrid, label_ko: str = N_("새 비밀번호")) -> None:
        self.dialog = dialog
        self.first = grid.add("password", label_ko, password_edit())
        self.second = grid.add("password_again", N_("비밀번호 확인"), password_edit())
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.rules.setStyleSheet("color: #555;")
        grid.grid.addWidget(self.rules, grid._row, 1)
        grid._row += 1

    def retranslate_ui(self) -> None:
        self.rules.setText(tr(PASSWORD_RULES))
        self.second.setPlaceholderText(tr("한 번 더 입력하세요"))

    def value(self) -> str:
        return self.first.text()

    def matches(self) -> bool:
        """Shows the mismatch under the second field; True when both are the same."""
        if self.first.text() == self.second.text():
            return True
        self.dialog.error_labels["password_again"].show_message(
            tr("두 비밀번호가 서로 다릅니다. 같은 비밀번호를 두 번 입력하세요."))
        self.second.clear()
        self.second.setFocus()
        return False


class ChangePasswordDialog(FormDialog):
    """``forced``: the person logged in with a temporary password and must choose their own."""

    def __init__(self, parent: QWidget | None, db: Database, forced: bool = False,
                 current_password: str = "") -> None:
        super().__init__(parent, N_("비밀번호 바꾸기"), ok_ko=N_("바꾸기"))
        self.db = db
        self.forced = forced
        self.changed = False
        self._current_password = current_password
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        fields = self.group("")
        self.old = fields.add("old_password", N_("지금 비밀번호"), password_edit())
        if forced and current_password:
            # Just typed at the login screen; asking again would only confuse.
            self.old.setText(current_password)
            self.old.setEnabled(False)
        self.pair = PasswordPair(self, fields)
        self.body.addWidget(fields)
        self.resize(520, 0)
        self.retranslate_ui()
        (self.pair.first if forced and current_password else self.old).setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        if not hasattr(self, "pair"):
            return
        self.pair.retranslate_ui()
        if self.forced:
            self.intro.setText(tr("관리자가 정해 준 임시 비밀번호로 로그인했습니다. 계속하려면 나만 아는 새 비밀번호로 바꾸세요."))
        else:
            self.intro.setText(tr("지금 비밀번호와 새 비밀번호를 입력하세요."))
        if self.forced:
            self.buttons.button(self.buttons.StandardButton.Cancel).setText(tr("끝내기"))

    def save(self) -> bool:
        self.clear_errors()
        if not self.pair.matches():
            return False
        try:
            ops.call(change_own_password, self.db, self.old.text(), self.pair.value())
        except ValidationFailed as error:
            self.show_field_errors(error.errors)
            return False
        except InputRefused as error:
            if error.code != "wrong_password":
                show_error(self, error)
                return False
            self.error_labels["old_password"].show_message(error.message(language()))
            self.old.setEnabled(True)
            self.old.clear()
            self.old.setFocus()
            return False
        self.changed = True
        return True
