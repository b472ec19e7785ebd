"""Locking an unattended window (고시: 일정 시간 미사용 시 접속 차단).

After ``idle_lock_minutes`` without a key or mouse input anywhere in the program, a lock
screen covers the whole window, menus included, and asks the same account's password.
While it is up, an application-wide event filter lets input reach only the lock screen,
so shortcuts (Ctrl+N, Delete) cannot act on the hidden window. Five wrong passwords log
the account out; the window then asks for a full login.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from app.security.accounts import verify_password
from ui import appearance, ops
from ui.i18n import tr
from ui.widgets import ErrorLabel

IDLE_SETTING_KEY = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10
MAX_UNLOCK_TRIES = 5
RETRY_WHILE_MODAL_MS = 30_000

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})
# What must not reach the window behind the lock screen.
_BLOCKED = _INPUT | {QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride, QEvent.Type.ContextMenu}


def idle_minutes(state) -> int:  # type: ignore[no-untyped-def]
    """The council's setting (``app.settings``: 1-240 minutes, default 10)."""
    return state.settings().idle_lock_minutes


class LockScreen(QFrame):
    """Covers its parent completely; only the password field and buttons take input."""

    unlock_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: #e9edf2; }"
                           "#lockCard { background: white; border: 1px solid #c8d0da; border-radius: 10px; }")
        card = QFrame()
        card.setObjectName("lockCard")
        card.setFixedWidth(440)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumHeight(34)
        self.password.returnPressed.connect(self.on_unlock_clicked)
        self.error = ErrorLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton()
        self.unlock_button.setMinimumHeight(38)
        appearance.emphasise(self.unlock_button)
        self.unlock_button.clicked.connect(self.on_unlock_clicked)
        self.logout_button = QPushButton()
        self.logout_button.setFlat(True)
        self.logout_button.setStyleSheet("color: #1a5fb4; text-decoration: underline; border: none;")
        self.logout_button.clicked.connect(self.logout_requested.emit)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 20)
        inner.setSpacing(10)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        inner.addSpacing(6)
        inner.addWidget(self.password)
        inner.addWidget(self.error)
        inner.addWidget(self.unlock_button)
        inner.addWidget(self.logout_button, 0, Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)
        parent.installEventFilter(self)
        self.hide()

    def show_for(self, display_name: str, username: str) -> None:
        self.title.setText(f"<p style='font-size: x-large;'><b>{tr('화면을 잠갔습니다')}</b></p>")
        who = f"{display_name} ({username})" if display_name else username
        self.who.setText(tr("한동안 쓰지 않아 개인정보 보호를 위해 화면을 잠갔습니다. {who} 님의 비밀번호를 입력하면 하던 일을 계속합니다.").format(who=who))
        self.who.setMinimumHeight(self.who.heightForWidth(self.who.width() or 380))
        self.password.setPlaceholderText(tr("비밀번호"))
        self.unlock_button.setText(tr("잠금 풀기"))
        self.logout_button.setText(tr("다른 계정으로 로그인"))
        self.error.show_message("")
        self.password.clear()
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def on_unlock_clicked(self) -> None:
        self.unlock_requested.emit(self.password.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False


class IdleLock(QObject):
    """Watches input application-wide and locks ``window`` after the idle interval."""

    locked = Signal()
    unlocked = Signal()
    gave_up = Signal()          # too many wrong passwords: the window logs the account out

    def __init__(self, window: QWidget, state, minutes: int = DEFAULT_IDLE_MINUTES) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.state = state
        self.tries = 0
        self.screen = LockScreen(window)
        self.screen.unlock_requested.connect(self.try_unlock)
        self.screen.logout_requested.connect(self.gave_up.emit)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.screen.isVisible()

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(int(minutes) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self.timer.setInterval(ms)
        if not self.is_locked:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def lock(self) -> None:
        if self.is_locked or self.state.db.actor is None:
            return
        if QApplication.activeModalWidget() is not None:
            # A dialog is waiting on the person; the lock screen would sit under it and
            # could not take the password. Try again shortly.
            self.timer.start(RETRY_WHILE_MODAL_MS)
            return
        actor = self.state.db.actor
        self.tries = 0
        self.screen.show_for(actor.display_name, actor.username)
        self.locked.emit()

    def try_unlock(self, password: str) -> bool:
        actor = self.state.db.actor
        if actor is not None and password and ops.call(verify_password, self.state.db, actor.username, password):
            self.screen.hide()
            self.tries = 0
            self.timer.start(self.timer.interval())
            self.unlocked.emit()
            return True
        self.tries += 1
        self.screen.password.clear()
        left = MAX_UNLOCK_TRIES - self.tries
        if left <= 0:
            self.screen.hide()
            self.gave_up.emit()
            return False
        self.screen.error.show_message(tr("비밀번호가 맞지 않습니다. {n}번 더 틀리면 로그아웃됩니다.").format(n=left))
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.is_locked:
            if kind in _BLOCKED:
                if isinstance(watched, QWidget) and (watched is self.screen or self.screen.isAncestorOf(watched)):
                    return False
                if isinstance(watched, QWidget) and watched.window() is not self.window:
                    return False  # other windows (e.g. the window's own input method popup)
                return kind != QEvent.Type.MouseMove or not isinstance(watched, QWidget)
            return False
        if kind in _INPUT and self.timer.interval() > 0:
            self.timer.start()
        return False
