"""Enrolling a council device with its city.

City admin: ``EnrollCreateDialog`` asks which council (code, name); the file goes to the
USB stick and ``EnrollCodeDialog`` shows the one-time code large, to read out on the
phone or write down (it is never stored). Council admin: ``EnrollAcceptDialog`` takes the
file and the typed code and calls ``app.sync.enroll_accept``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import sync
from app.council import validate_council
from app.sync import SiteView
from ui import appearance, ops
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr
from ui.state import AppState


class EnrollCreateDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, N_("기기 등록"), ok_ko=N_("등록 파일 만들기"))
        self.code = ""
        self.name = ""
        intro = QLabel(tr("등록할 협의체를 적으세요. 등록 파일을 USB에 저장하고, 화면에 나오는 등록 코드를 협의체 담당자에게 전화로 불러 주세요."))
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        grid = self.group("")
        self.code_edit = grid.add("council_code", N_("협의체 코드(10자리)"), QLineEdit())
        self.code_edit.setPlaceholderText("4377034000")
        self.name_edit = grid.add("council_name", N_("협의체 이름"), QLineEdit())
        self.name_edit.setPlaceholderText(tr("예: 햇살면 지역사회보장협의체"))
        self.body.addWidget(grid)
        self.retranslate_ui()
        self.setMinimumWidth(520)

    def save(self) -> bool:
        code, name = self.code_edit.text().strip(), self.name_edit.text().strip()

        def check() -> None:
            validate_council(code, name)

        if not self.attempt(check):
            return False
        self.code, self.name = code, name
        return True


def code_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(28)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2)
    return font


class EnrollCodeDialog(QDialog):
    """The one-time code, once: large, monospace, selectable; with what to do next."""

    def __init__(self, parent: QWidget | None, council_name: str, path: Path, code: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("등록 코드"))
        self.code = code
        head = QLabel(tr("{name}의 등록 파일을 만들었습니다.").format(name=council_name))
        head.setWordWrap(True)
        appearance.emphasise(head)
        file_line = QLabel(tr("파일: {file}").format(file=str(path)))
        file_line.setWordWrap(True)
        file_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label = QLabel(code)
        self.code_label.setFont(code_font())
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setStyleSheet("background: #f4f7fb; border: 1px solid #c8d3e0; border-radius: 6px; padding: 16px;")
        steps = QLabel(tr("1. 이 코드를 종이에 적거나 협의체 담당자에게 전화로 불러 주세요.\n"
                          "2. USB를 안전하게 제거한 뒤 협의체에 전해 주세요.\n"
                          "3. 협의체에서 [등록 파일 받기…]로 파일을 고르고 이 코드를 입력합니다.\n\n"
                          "이 코드는 다시 볼 수 없습니다. 잃어버리면 등록 파일을 새로 만드세요."))
        steps.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("적어 두었습니다"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(file_line)
        layout.addSpacing(8)
        layout.addWidget(self.code_label)
        layout.addSpacing(8)
        layout.addWidget(steps)
        layout.addWidget(buttons)
        self.resize(560, 0)


class EnrollAcceptDialog(FormDialog):
    """Council admin: type the code the city read out; wrong codes show under the field."""

    inline_refusals = {"sync_enroll_wrong_code": "code"}

    def __init__(self, parent: QWidget | None, state: AppState, path: Path) -> None:
        super().__init__(parent, N_("등록 파일 받기"), ok_ko=N_("등록"))
        self.state = state
        self.path = path
        self.site: SiteView | None = None
        intro = QLabel(tr("시군구에서 받은 등록 파일입니다:\n{file}\n\n시군구 담당자가 알려 준 등록 코드를 입력하세요.").format(file=path.name))
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        grid = self.group("")
        self.code_edit = grid.add("code", N_("등록 코드"), QLineEdit())
        self.code_edit.setFont(code_font())
        font = self.code_edit.font()
        font.setPointSize(18)
        self.code_edit.setFont(font)
        self.body.addWidget(grid)
        self.retranslate_ui()
        self.setMinimumWidth(560)

    def save(self) -> bool:
        def accept() -> None:
            self.site = ops.call(sync.enroll_accept, self.state.db, self.path, self.code_edit.text().strip())

        return self.attempt(accept)
