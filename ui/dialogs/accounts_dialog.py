"""계정 관리 (administrators): who may open the data file and with which role.

Adding, changing a role, resetting a password (a temporary one the person must change at
login) and deactivating each call one service in ``app.security.accounts``, which writes
the access log. A new recovery code replaces the printed one, after a confirmation.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from app.security.accounts import (AccountView, NewAccount, change_role, create_account, deactivate_account,
                                   list_accounts, new_recovery_code, reset_password)
from app.security.permissions import ROLES
from ui import appearance, messages, ops
from ui.labels import role_text
from ui.dialogs.base import FormDialog
from ui.dialogs.password_dialog import PasswordPair
from ui.i18n import N_, tr
from ui.recovery_sheet import RecoveryCodePanel
from ui.state import AppState
from ui.widgets import shown_date
from ui.table_model import Column, TableModel

ROLE_HINTS = {
    "admin": N_("모든 일 + 계정·접속기록·설정 관리"),
    "coordinator": N_("위원 입력·수정, 인쇄, 엑셀, 백업"),
    "case_worker": N_("위원 보기, 인쇄, 사례 관리, 백업"),
    "viewer": N_("위원 명단 보기만 (생년월일 등은 가려짐)"),
}


def _status(a: AccountView, lang: str) -> str:
    if not a.active:
        return tr("사용 중지")
    if a.must_change_password:
        return tr("임시 비밀번호")
    return tr("사용 중")


ACCOUNT_COLUMNS: tuple[Column[AccountView], ...] = (
    Column("username", "아이디", "User name", lambda a, _l: a.username),
    Column("display_name", "이름", "Name", lambda a, _l: a.display_name),
    Column("role", "역할", "Role", lambda a, _l: role_text(a.role)),
    Column("status", "상태", "Status", _status),
    Column("password_changed_at", "비밀번호 바꾼 날", "Password changed",
           lambda a, lang: shown_date(a.password_changed_at.date()) if a.password_changed_at else ""),
)


def role_combo(current: str = "viewer") -> QComboBox:
    combo = QComboBox()
    for code in ROLES:
        combo.addItem(f"{role_text(code)} — {tr(ROLE_HINTS.get(code, ''))}", code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class NewAccountDialog(FormDialog):
    inline_refusals = {"duplicate_account": "username"}

    def __init__(self, parent: QWidget | None, state: AppState) -> None:
        super().__init__(parent, N_("계정 추가"), ok_ko=N_("추가"))
        self.state = state
        self.saved: AccountView | None = None
        fields = self.group("")
        self.username = fields.add("username", N_("아이디"), QLineEdit())
        self.display_name = fields.add("display_name", N_("이름"), QLineEdit())
        self.role = fields.add("role", N_("역할"), role_combo())
        self.pair = PasswordPair(self, fields, N_("처음 비밀번호"))
        self.body.addWidget(fields)
        self.resize(560, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        if hasattr(self, "pair"):
            self.pair.retranslate_ui()
            self.username.setPlaceholderText(tr("예: hong (영문·숫자)"))

    def save(self) -> bool:
        self.clear_errors()
        if not self.pair.matches():
            return False
        account = NewAccount(self.username.text().strip(), self.pair.value(), self.display_name.text().strip(),
                             self.role.currentData())

        def action() -> None:
            self.saved = ops.call(create_account, self.state.db, account)

        return self.attempt(action)


class RoleDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, account: AccountView) -> None:
        super().__init__(parent, N_("역할 바꾸기"), ok_ko=N_("바꾸기"))
        self.state = state
        self.account = account
        fields = self.group("")
        fields.add("who", N_("계정"), QLabel(f"{account.display_name} ({account.username})"))
        self.role = fields.add("role", N_("역할"), role_combo(account.role))
        self.body.addWidget(fields)
        self.resize(520, 0)
        self.retranslate_ui()

    def save(self) -> bool:
        return self.attempt(lambda: ops.call(change_role, self.state.db, self.account.username, self.role.currentData()))


class ResetPasswordDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, account: AccountView) -> None:
        super().__init__(parent, N_("비밀번호 재설정"), ok_ko=N_("재설정"))
        self.state = state
        self.account = account
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        fields = self.group("")
        fields.add("who", N_("계정"), QLabel(f"{account.display_name} ({account.username})"))
        self.pair = PasswordPair(self, fields, N_("임시 비밀번호"))
        self.body.addWidget(fields)
        self.resize(520, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        if hasattr(self, "pair"):
            self.pair.retranslate_ui()
            self.intro.setText(tr("임시 비밀번호를 정해 본인에게 알려 주세요. 본인이 다음에 로그인할 때 자기 비밀번호로 바꿉니다."))

    def save(self) -> bool:
        self.clear_errors()
        if not self.pair.matches():
            return False
        return self.attempt(lambda: ops.call(reset_password, self.state.db, self.account.username, self.pair.value()))


class RecoveryCodeDialog(QDialog):
    """Shows a new recovery code once; it closes only after the person confirms it is stored."""

    def __init__(self, parent: QWidget | None, code: str, state: AppState) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("새 복구 코드"))
        self.panel = RecoveryCodePanel(code, state.council_name, state.db_path, self)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(tr("닫기"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setEnabled(False)
        self.panel.confirmed.connect(self.close_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(self.buttons)
        self.resize(620, 380)

    def reject(self) -> None:
        if self.panel.stored.isChecked():
            super().reject()


class AccountsDialog(QDialog):
    def __init__(self, parent: QWidget | None, state: AppState) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(tr("계정 관리"))
        intro = QLabel(tr("이 데이터 파일을 여는 사람마다 계정을 하나씩 만드세요. 계정을 같이 쓰면 접속기록으로 누가 했는지 알 수 없습니다."))
        intro.setWordWrap(True)
        self.model: TableModel[AccountView] = TableModel(ACCOUNT_COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        for key, text, slot in (("add", N_("계정 추가…"), self.on_add_clicked),
                                ("role", N_("역할 바꾸기…"), self.on_role_clicked),
                                ("reset", N_("비밀번호 재설정…"), self.on_reset_clicked),
                                ("deactivate", N_("사용 중지…"), self.on_deactivate_clicked)):
            button = QPushButton(tr(text))
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[key] = button
            side.addWidget(button)
        appearance.emphasise(self.buttons["add"])
        side.addStretch(1)
        self.recovery_button = QPushButton(tr("새 복구 코드 만들기…"))
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.clicked.connect(self.on_recovery_clicked)
        side.addWidget(self.recovery_button)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(side)
        close = QDialogButtonBox()
        close.addButton(tr("닫기"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.resize(860, 440)
        self.refresh()

    def refresh(self, select: str = "") -> None:
        accounts = ops.run(self, list_accounts, self.state.db)
        self.model.set_rows(accounts or [])
        self.table.resizeColumnsToContents()
        row = next((i for i, a in enumerate(self.model.rows) if a.username == select), 0 if accounts else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> AccountView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        account = self.selected()
        me = self.state.db.actor.username if self.state.db.actor else ""
        usable = account is not None and account.active
        self.buttons["role"].setEnabled(usable)
        self.buttons["reset"].setEnabled(usable)
        self.buttons["deactivate"].setEnabled(usable and account is not None and account.username != me)

    def on_add_clicked(self) -> None:
        dialog = NewAccountDialog(self, self.state)
        if dialog.exec() and dialog.saved is not None:
            self.refresh(dialog.saved.username)

    def on_role_clicked(self) -> None:
        account = self.selected()
        if account is not None and RoleDialog(self, self.state, account).exec():
            self.refresh(account.username)

    def on_reset_clicked(self) -> None:
        account = self.selected()
        if account is not None and ResetPasswordDialog(self, self.state, account).exec():
            self.refresh(account.username)
            messages.inform(self, tr("{name} 님의 비밀번호를 재설정했습니다. 다음 로그인 때 새 비밀번호로 바꾸게 됩니다.")
                            .format(name=account.display_name))

    def on_deactivate_clicked(self) -> None:
        account = self.selected()
        if account is None:
            return
        question = tr("{name}({username}) 계정을 사용 중지합니다. 이 계정으로는 더 이상 로그인할 수 없습니다. 지금까지의 접속기록은 그대로 남습니다.").format(
            name=account.display_name, username=account.username)
        if not messages.confirm(self, tr("계정 사용 중지"), question, yes=tr("사용 중지")):
            return
        if ops.run(self, deactivate_account, self.state.db, account.username) is not None:
            self.refresh(account.username)

    def on_recovery_clicked(self) -> None:
        question = tr("새 복구 코드를 만들면 지금 보관 중인 복구 코드는 더 이상 쓸 수 없습니다. 새 코드를 인쇄해 보관하고, 예전 인쇄물은 파쇄하세요.")
        if not messages.confirm(self, tr("새 복구 코드"), question, yes=tr("새로 만들기")):
            return
        code = ops.run(self, new_recovery_code, self.state.db)
        if code:
            RecoveryCodeDialog(self, code, self.state).exec()
