"""The 관리 menu's work: accounts, the access log, and one's own password."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.security.accounts import list_accounts
from ui import messages, ops
from ui.i18n import tr
from ui.state import AppState


def manage_accounts(parent: QWidget | None, state: AppState) -> None:
    from ui.dialogs.accounts_dialog import AccountsDialog

    AccountsDialog(parent, state).exec()


def show_access_log(parent: QWidget | None, state: AppState) -> None:
    from ui.dialogs.access_log_dialog import AccessLogDialog

    accounts = ops.run(parent, list_accounts, state.db)
    AccessLogDialog(parent, state, [a.username for a in accounts or []]).exec()


def change_own_password(parent: QWidget | None, state: AppState) -> bool:
    from ui.dialogs.password_dialog import ChangePasswordDialog

    dialog = ChangePasswordDialog(parent, state.db)
    if dialog.exec() and dialog.changed:
        messages.inform(parent, tr("비밀번호를 바꿨습니다. 다음 로그인부터 새 비밀번호를 쓰세요."))
        return True
    return False
