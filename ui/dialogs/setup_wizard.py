"""First-run setup: the council, the first administrator, then the recovery code once.

The encrypted file is created when the administrator page is accepted (a commit page:
there is no going back), so the last page can show the real recovery code. The wizard
cannot be closed on that page until the person confirms the code is stored.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget, QWizard, QWizardPage)

from app.council import validate_council
from app.database import init_database
from app.errors import AppError, FieldError, ValidationFailed
from app.security.accounts import NewAccount, validate_new_account
from app.database import Database
from ui import ops
from ui.dialogs.password_dialog import PASSWORD_RULES, password_edit
from ui.errors import show_error
from ui.i18n import N_, language, tr
from ui.recovery_sheet import RecoveryCodePanel
from ui.widgets import ErrorLabel

SITE_ROLES = (("council", N_("읍면동 협의체")), ("city", N_("시·군·구 (여러 협의체 자료를 모음)")))


class FieldPage(QWizardPage):
    """A wizard page of labelled fields, each with a red line for its problem."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(4)
        self.errors: dict[str, ErrorLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self._row = 0
        self.general = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.general)
        layout.addStretch(1)

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        caption = QLabel(label)
        caption.setBuddy(widget)
        error = ErrorLabel()
        self.grid.addWidget(caption, self._row, 0)
        self.grid.addWidget(widget, self._row, 1)
        self.grid.addWidget(error, self._row + 1, 1)
        self._row += 2
        self.errors[key] = error
        self.widgets[key] = widget
        return widget

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("color: #555;")
        self.grid.addWidget(label, self._row, 1)
        self._row += 1
        return label

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general):
            label.show_message("")

    def show_errors(self, errors: list[FieldError]) -> None:
        lang = language()
        first: QWidget | None = None
        for error in errors:
            label = self.errors.get(error.field)
            if label is None:
                self.general.show_message("\n".join(filter(None, [self.general.text(), error.message(lang)])))
                continue
            label.show_message("\n".join(filter(None, [label.text() if not label.isHidden() else "",
                                                       error.message(lang)])))
            if first is None:
                first = self.widgets[error.field]
        if first is not None:
            first.setFocus()


class CouncilPage(FieldPage):
    def __init__(self, wizard: "SetupWizard", path: Path) -> None:
        super().__init__(tr("1. 협의체"), tr("협의체의 자료를 담을 데이터 파일을 새로 만듭니다. 자료는 암호화되어 저장됩니다."))
        self.setup = wizard
        self.council_name = self.add("council_name", tr("협의체 이름"), QLineEdit())
        self.council_name.setPlaceholderText(tr("예: 햇살면 지역사회보장협의체"))
        self.council_code = self.add("council_code", tr("협의체 코드"), QLineEdit())
        self.council_code.setPlaceholderText(tr("숫자·영문 20자 이내"))
        self.note(tr("행정표준코드(예: 4377034000)를 쓰면 시군구로 보낼 때 편합니다."))
        self.site_role = self.add("site_role", tr("쓰는 곳"), QComboBox())
        for code, label in SITE_ROLES:
            self.site_role.addItem(tr(label), code)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(str(path))
        self.browse = QPushButton(tr("찾아보기…"))
        self.browse.clicked.connect(self.on_browse_clicked)
        row_layout.addWidget(self.path, 1)
        row_layout.addWidget(self.browse)
        self.add("path", tr("저장 위치"), row)
        self.widgets["path"] = self.path

    def on_browse_clicked(self) -> None:
        from ui.file_dialogs import DB_FILTER, ask_save_path

        chosen = ask_save_path(self, tr("저장 위치"), Path(self.path.text()).name or "councildesk.db",
                               DB_FILTER.split(";;")[0])
        if chosen is not None:
            self.path.setText(str(chosen))

    def validatePage(self) -> bool:
        self.clear_errors()
        errors: list[FieldError] = []
        try:
            validate_council(self.council_code.text().strip(), self.council_name.text())
        except ValidationFailed as error:
            errors += error.errors
        path = Path(self.path.text().strip()).expanduser()
        if not self.path.text().strip():
            errors.append(FieldError("path", "required"))
        elif path.exists():
            self.errors["path"].show_message(tr("이미 같은 이름의 파일이 있습니다. 다른 이름을 쓰세요."))
            self.path.setFocus()
            self.show_errors(errors)
            return False
        self.show_errors(errors)
        return not errors


class AdminPage(FieldPage):
    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__(tr("2. 첫 관리자"),
                         tr("이 데이터 파일을 관리할 사람의 계정입니다. 다른 사람의 계정은 나중에 [관리 → 계정 관리]에서 만듭니다."))
        self.setup = wizard
        self.username = self.add("username", tr("아이디"), QLineEdit())
        self.username.setPlaceholderText(tr("예: hong (영문·숫자)"))
        self.display_name = self.add("display_name", tr("이름"), QLineEdit())
        self.display_name.setPlaceholderText(tr("예: 이민지"))
        self.password = self.add("password", tr("비밀번호"), password_edit())
        self.password_again = self.add("password_again", tr("비밀번호 확인"), password_edit())
        self.password_again.setPlaceholderText(tr("한 번 더 입력하세요"))
        self.note(tr(PASSWORD_RULES))
        self.setCommitPage(True)

    def account(self) -> NewAccount:
        return NewAccount(self.username.text().strip(), self.password.text(), self.display_name.text().strip(), "admin")

    def validatePage(self) -> bool:
        self.clear_errors()
        account = self.account()
        try:
            validate_new_account(account)
        except ValidationFailed as error:
            self.show_errors(error.errors)
            return False
        if self.password.text() != self.password_again.text():
            self.errors["password_again"].show_message(tr("두 비밀번호가 서로 다릅니다. 같은 비밀번호를 두 번 입력하세요."))
            self.password_again.clear()
            self.password_again.setFocus()
            return False
        return self.setup.create(account)


class RecoveryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("3. 복구 코드"))
        self.setSubTitle(tr("데이터 파일을 만들었습니다. 마지막으로 복구 코드를 보관하세요."))
        self.panel: RecoveryCodePanel | None = None
        self._layout = QVBoxLayout(self)

    def show_code(self, code: str, council_name: str, path: Path) -> None:
        self.panel = RecoveryCodePanel(code, council_name, path, self)
        self.panel.confirmed.connect(lambda _checked: self.completeChanged.emit())
        self._layout.addWidget(self.panel)

    def isComplete(self) -> bool:
        return self.panel is not None and self.panel.stored.isChecked()


class SetupWizard(QWizard):
    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.recovery_code = ""
        self.setWindowTitle(tr("협의체 데스크 — 처음 설정"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("다음 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< 이전"))
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("만들기"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("시작하기"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("취소"))
        self.council_page = CouncilPage(self, path)
        self.admin_page = AdminPage(self)
        self.recovery_page = RecoveryPage()
        for page in (self.council_page, self.admin_page, self.recovery_page):
            self.addPage(page)
        self.resize(680, 560)

    @property
    def path(self) -> Path:
        return Path(self.council_page.path.text().strip()).expanduser()

    def create(self, admin: NewAccount) -> bool:
        """Make the encrypted file; True when it exists and the recovery code is ready."""
        council = self.council_page
        try:
            made = ops.call(init_database, self.path, council.council_code.text().strip(), council.council_name.text(),
                                 admin, site_role=council.site_role.currentData())
        except ValidationFailed as error:
            self.admin_page.show_errors(error.errors)
            return False
        except AppError as error:
            show_error(self, error)
            return False
        self.database = made.db
        self.recovery_code = made.recovery_code
        self.recovery_page.show_code(made.recovery_code, council.council_name.text().strip(), made.db.path or self.path)
        from ui.known_councils import remember_council

        remember_council(self.path, council.council_name.text().strip())
        return True

    def reject(self) -> None:
        # Once the file exists, the only way out is through the recovery code page.
        if self.database is not None:
            return
        super().reject()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape and self.database is not None:
            return
        super().keyPressEvent(event)
