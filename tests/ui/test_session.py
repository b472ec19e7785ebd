"""Setup wizard, login, recovery, forced password change, idle lock and logout."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.database import close_database, init_database, open_database
from app.errors import InputRefused
from app.security.accounts import NewAccount, create_account, reset_password
from tests.conftest import ADMIN, ADMIN_PASSWORD, make_database
from tests.ui.helpers import type_text
from ui import session
from ui.dialogs.login_dialog import LoginDialog
from ui.dialogs.password_dialog import ChangePasswordDialog
from ui.dialogs.recovery_dialog import RecoveryDialog
from ui.dialogs.setup_wizard import SetupWizard

HONG_PASSWORD = "hong-pass-2026"


def fill_wizard(wizard: SetupWizard, path: Path, name: str = "별빛동 지역사회보장협의체",
                code: str = "1111051500") -> str:
    """Walk the wizard like a person; returns the recovery code it showed."""
    wizard.restart()
    page = wizard.council_page
    page.council_name.clear()
    type_text(page.council_name, name)
    page.council_code.setText(code)
    page.path.setText(str(path))
    wizard.next()
    admin = wizard.admin_page
    assert wizard.currentPage() is admin
    admin.username.setText("hong")
    type_text(admin.display_name, "홍길동")
    admin.password.setText(HONG_PASSWORD)
    admin.password_again.setText(HONG_PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.recovery_page
    panel = wizard.recovery_page.panel
    assert panel is not None
    assert not wizard.recovery_page.isComplete()          # the checkbox is required
    panel.stored.setChecked(True)
    wizard.accept()
    return panel.code_label.text()


def _login_as(username: str, password: str):  # type: ignore[no-untyped-def]
    def exec_(dialog: LoginDialog) -> int:
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.login_button.click()
        return dialog.result()

    return exec_


# ---------------------------------------------------------------- setup

def test_setup_wizard_creates_an_encrypted_file_and_shows_the_code_once(qtbot, tmp_path) -> None:
    wizard = SetupWizard(None, tmp_path / "council.db")
    qtbot.addWidget(wizard)
    code = fill_wizard(wizard, tmp_path / "council.db")
    assert wizard.result() == 1 and wizard.database is not None
    assert wizard.database.actor.username == "hong"
    assert code == wizard.recovery_code and len(code.replace("-", "")) == 30
    close_database(wizard.database)
    # Encrypted: readable only through a login, and the code opens it too.
    assert (tmp_path / "council.db").read_bytes()[:16] != b"SQLite format 3\x00"
    close_database(open_database(tmp_path / "council.db", "hong", HONG_PASSWORD))
    from app.database import recover_access

    close_database(recover_access(tmp_path / "council.db", code, "hong", "new-pass-2026"))


def test_setup_wizard_shows_problems_on_the_page(qtbot, tmp_path) -> None:
    wizard = SetupWizard(None, tmp_path / "council.db")
    qtbot.addWidget(wizard)
    wizard.restart()
    wizard.next()                                           # nothing typed
    assert wizard.currentPage() is wizard.council_page
    assert wizard.council_page.errors["council_name"].text() == "협의체 이름을 입력하세요."
    wizard.council_page.council_name.setText("별빛동")
    wizard.council_page.council_code.setText("1111051500")
    wizard.next()
    admin = wizard.admin_page
    admin.username.setText("hong")
    admin.display_name.setText("홍길동")
    admin.password.setText("short")
    admin.password_again.setText("short")
    wizard.next()
    assert wizard.currentPage() is admin
    assert "8자 이상" in admin.errors["password"].text()
    admin.password.setText(HONG_PASSWORD)
    admin.password_again.setText(HONG_PASSWORD + "x")
    wizard.next()
    assert "서로 다릅니다" in admin.errors["password_again"].text()
    assert not (tmp_path / "council.db").exists()
    # Once the file exists, the wizard cannot be cancelled before the code is stored.
    admin.password_again.setText(HONG_PASSWORD)
    wizard.next()
    wizard.reject()
    assert wizard.isVisible() or wizard.result() == 0
    assert wizard.database is not None
    close_database(wizard.database)


# ---------------------------------------------------------------- login

@pytest.fixture
def council_file(tmp_path: Path) -> Path:
    path = tmp_path / "council.db"
    close_database(make_database(path))
    return path


def test_login_wrong_then_right_password(qtbot, council_file) -> None:
    dialog = LoginDialog(None, council_file)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.password.setText("wrong-pass-1")
    dialog.login_button.click()
    assert dialog.database is None
    assert "아이디 또는 비밀번호가 맞지 않습니다" in dialog.error.text()
    assert dialog.password.text() == ""
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.login_button.click()
    assert dialog.database is not None and dialog.database.actor.username == "admin"
    assert dialog.result() == 1
    close_database(dialog.database)
    # The council's name is on the login screen next time (the file itself is encrypted).
    again = LoginDialog(None, council_file)
    qtbot.addWidget(again)
    assert "햇살면 지역사회보장협의체" in again.title.text()


def test_locked_account_says_how_long(qtbot, council_file) -> None:
    dialog = LoginDialog(None, council_file, "admin")
    qtbot.addWidget(dialog)
    for _ in range(5):
        dialog.password.setText("wrong-pass-1")
        dialog.login_button.click()
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.login_button.click()
    assert dialog.database is None
    assert "계정이 잠겼습니다" in dialog.error.text() and "분 뒤" in dialog.error.text()


def test_recovery_dialog_sets_a_new_password(qtbot, tmp_path, monkeypatch) -> None:
    path = tmp_path / "council.db"
    made = init_database(path, "4377034000", "햇살면 지역사회보장협의체", ADMIN)
    close_database(made.db)
    login = LoginDialog(None, path, "admin")
    qtbot.addWidget(login)

    def recover(dialog: RecoveryDialog) -> int:
        dialog.code.setText("wrong-code")
        dialog.pair.first.setText("brand-new-2026")
        dialog.pair.second.setText("brand-new-2026")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert "복구 코드가 맞지 않습니다" in dialog.error_labels["recovery_code"].text()
        dialog.code.setText(made.recovery_code.lower())
        dialog.pair.first.setText("brand-new-2026")
        dialog.pair.second.setText("brand-new-2026")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(RecoveryDialog, "exec", recover)
    login.recovery_link.click()
    assert login.database is not None and login.result() == 1
    close_database(login.database)
    close_database(open_database(path, "admin", "brand-new-2026"))
    with pytest.raises(InputRefused):
        open_database(path, "admin", ADMIN_PASSWORD)


def test_temporary_password_must_be_changed_after_login(qtbot, council_file, monkeypatch) -> None:
    db = open_database(council_file, "admin", ADMIN_PASSWORD)
    create_account(db, NewAccount("kim", "first-pass-1", "김간사", "coordinator"))
    reset_password(db, "kim", "temp-pass-1")
    close_database(db)
    monkeypatch.setattr(LoginDialog, "exec", _login_as("kim", "temp-pass-1"))

    def refuse(dialog: ChangePasswordDialog) -> int:
        assert dialog.forced and not dialog.old.isEnabled()
        return 0

    monkeypatch.setattr(ChangePasswordDialog, "exec", refuse)
    assert session.login(None, council_file) is None

    def change(dialog: ChangePasswordDialog) -> int:
        dialog.pair.first.setText("kims-own-2026")
        dialog.pair.second.setText("kims-own-2026")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", change)
    db = session.login(None, council_file)
    assert db is not None and db.actor.username == "kim"
    assert not session.must_change_password(db)
    close_database(db)
    close_database(open_database(council_file, "kim", "kims-own-2026"))


# ---------------------------------------------------------------- idle lock and logout

def test_idle_lock_covers_the_window_and_unlocks_with_the_password(window, qtbot) -> None:
    lock = window.idle_lock
    lock.set_interval_ms(60)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    assert lock.screen.geometry() == window.rect()
    assert "관리자 (admin)" in lock.screen.who.text()
    # A shortcut on the hidden window does nothing while locked.
    before = window.tabs.currentIndex()
    QApplication.sendEvent(window.members_tab.table,
                           QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier))
    assert window.tabs.currentIndex() == before
    lock.screen.password.setText("wrong-pass-1")
    lock.screen.unlock_button.click()
    assert lock.is_locked and "4번 더" in lock.screen.error.text()
    lock.screen.password.setText(ADMIN_PASSWORD)
    lock.screen.unlock_button.click()
    assert not lock.is_locked
    lock.set_interval_ms(60 * 60_000)


def test_five_wrong_unlock_passwords_log_out(window, qtbot, monkeypatch, answers) -> None:
    lock = window.idle_lock
    lock.set_interval_ms(60 * 60_000)
    lock.lock()
    old_db = window.state.db
    monkeypatch.setattr(LoginDialog, "exec", _login_as("admin", ADMIN_PASSWORD))
    for _ in range(5):
        lock.try_unlock("wrong-pass-1")
    assert not lock.is_locked
    assert "로그아웃" in answers["inform"].asked[0]
    assert window.state.db is not old_db and window.state.db.actor.username == "admin"


def test_logout_returns_to_the_login(window, monkeypatch) -> None:
    old_db = window.state.db
    asked: list[str] = []

    def login(dialog: LoginDialog) -> int:
        asked.append(dialog.username.text())
        return _login_as("admin", ADMIN_PASSWORD)(dialog)

    monkeypatch.setattr(LoginDialog, "exec", login)
    window.logout_action.trigger()
    assert asked == ["admin"]
    assert window.state.db is not old_db and window.isVisible()
    assert window.members_tab.model.rowCount() > 0


def test_logout_then_closing_the_login_quits(window, monkeypatch) -> None:
    monkeypatch.setattr(LoginDialog, "exec", lambda self: 0)
    assert not window.relogin("")
    assert window.state.db.actor is None
    assert not window.isVisible()


# ---------------------------------------------------------------- backups

def test_backup_menu_then_restore_asks_for_a_login(window, monkeypatch, answers, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ui.backup_actions import RestoreDialog

    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.backup_action.trigger()
    written = list(folder.glob("*.db"))
    assert written and "백업했습니다" in answers["inform"].asked[-1]

    def choose_other(dialog: RestoreDialog) -> int:
        dialog.chosen = written[0]
        return 1

    monkeypatch.setattr(RestoreDialog, "exec", choose_other)
    monkeypatch.setattr(LoginDialog, "exec", _login_as("admin", ADMIN_PASSWORD))
    old_db = window.state.db
    window.restore_action.trigger()
    assert answers["confirm"].asked
    assert window.state.db is not old_db and window.state.db.actor.username == "admin"
    assert "다시 로그인" in answers["inform"].asked[-1]


def test_login_remembers_the_last_id_but_never_the_password(qtbot, council_file) -> None:
    from app.paths import config_dir

    dialog = LoginDialog(None, council_file)
    qtbot.addWidget(dialog)
    dialog.show()  # Return reaches the default button only in a shown dialog
    assert dialog.username.text() == ""
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.database is not None
    close_database(dialog.database)
    again = LoginDialog(None, council_file)
    qtbot.addWidget(again)
    assert again.username.text() == "admin"
    assert again.focusWidget() in (None, again.password)  # the next key goes to the password
    stored = config_dir() / "last_login.json"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert ADMIN_PASSWORD not in stored.read_text(encoding="utf-8")
    # Another data file starts empty: the ID belongs to the file it was used for.
    other = LoginDialog(None, council_file.with_name("other.db"))
    qtbot.addWidget(other)
    assert other.username.text() == ""
