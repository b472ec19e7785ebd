"""도움말 → 라이선스: the components CouncilDesk ships with, each with its version and licence,
and the licence's full text. What is listed comes from ``app.licences``."""
from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QPlainTextEdit, QSplitter,
                               QVBoxLayout, QWidget)

from app import __version__
from app.licences import COMPONENTS, licence_text
from ui.i18n import tr


class LicencesDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("라이선스"))
        intro = QLabel(tr("협의체 데스크 {version}에 함께 들어 있는 구성 요소와 그 라이선스입니다.")
                       .format(version=__version__))
        intro.setWordWrap(True)
        self.components = QListWidget()
        for component in COMPONENTS:
            version = f" {component.version}" if component.version else ""
            self.components.addItem(f"{component.name}{version} — {component.licence}\n    {tr(component.purpose)}")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        splitter = QSplitter()
        splitter.addWidget(self.components)
        splitter.addWidget(self.text)
        splitter.setSizes([320, 560])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self.components.currentRowChanged.connect(self.on_components_current_row_changed)
        self.components.setCurrentRow(0)

    def on_components_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(COMPONENTS):
            self.text.setPlainText(licence_text(COMPONENTS[row]))
            self.text.moveCursor(self.text.textCursor().MoveOperation.Start)
