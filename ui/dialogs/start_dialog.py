"""The first screen when there is no data file yet (or it cannot be opened)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import N_, tr

CHOICES = (("new", N_("새로 만들기"), N_("우리 협의체의 데이터 파일을 새로 만듭니다.")),
           ("open", N_("파일 열기"), N_("가지고 있는 데이터 파일(USB 등)을 엽니다.")),
           ("demo", N_("데모 데이터로 시작"), N_("가상의 햇살면 협의체로 미리 써 봅니다.")),
           ("quit", N_("끝내기"), ""))


class StartDialog(QDialog):
    def __init__(self, parent: QWidget | None, reason: str) -> None:
        super().__init__(parent)
        self.choice = "quit"
        self.setWindowTitle(tr("협의체 데스크"))
        title = QLabel(f"<p style='font-size: x-large;'><b>{tr('협의체 데스크')}</b></p>")
        intro = QLabel(reason)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(10)
        for key, label, hint in CHOICES:
            button = QPushButton(tr(label))
            button.setMinimumHeight(44)
            if hint:
                button.setToolTip(tr(hint))
            button.clicked.connect(lambda _c=False, key=key: self._choose(key))
            layout.addWidget(button)
            if hint:
                note = QLabel(tr(hint))
                note.setStyleSheet("color: #555; margin-left: 6px;")
                layout.addWidget(note, 0, Qt.AlignmentFlag.AlignLeft)
        self.resize(460, 0)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()
