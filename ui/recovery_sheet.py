"""The recovery code, shown once: a large monospace code, 인쇄 on A4 or a PDF, and the
checkbox that says it is stored somewhere safe (the setup wizard and 새 복구 코드 share it)."""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt, Signal
from PySide6.QtGui import QFontDatabase, QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import appearance, clock, messages
from ui.i18n import tr
from ui.widgets import shown_date


def sheet_html(code: str, council_name: str, db_path: Path | None) -> str:
    rows = [
        f"<h1 style='font-size: 20pt;'>{escape(tr('협의체 데스크 복구 코드'))}</h1>",
        f"<p style='font-size: 13pt;'>{escape(council_name)}</p>",
        f"<p style='font-size: 11pt;'>{escape(tr('만든 날'))}: {escape(shown_date(clock.today()))}</p>",
    ]
    if db_path is not None:
        rows.append(f"<p style='font-size: 10pt;'>{escape(tr('데이터 파일'))}: {escape(str(db_path))}</p>")
    rows.append("<p>&nbsp;</p>")
    rows.append(f"<p style='font-family: \"DejaVu Sans Mono\", monospace; font-size: 22pt; font-weight: bold;'>"
                f"{escape(code)}</p>")
    rows.append("<p>&nbsp;</p>")
    rows.append(f"<p style='font-size: 12pt;'>{escape(tr('모든 비밀번호를 잊었을 때 이 코드로 데이터 파일을 열 수 있습니다. 잠금장치가 있는 서랍이나 금고에 보관하고, 사진을 찍거나 컴퓨터에 저장하지 마세요.'))}</p>")
    return "\n".join(rows)


def _document(code: str, council_name: str, db_path: Path | None) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(sheet_html(code, council_name, db_path))
    return document


def _a4(printer) -> None:  # type: ignore[no-untyped-def]
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))


def print_sheet(parent: QWidget | None, code: str, council_name: str, db_path: Path | None) -> bool:
    """The print dialog, then one A4 page. False when the person cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("복구 코드 인쇄"))
    if not dialog.exec():
        return False
    _document(code, council_name, db_path).print_(printer)
    return True


def save_sheet_pdf(path: Path, code: str, council_name: str, db_path: Path | None) -> Path:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    _a4(printer)
    _document(code, council_name, db_path).print_(printer)
    return path


class RecoveryCodePanel(QWidget):
    """``confirmed`` follows the checkbox; the code is never kept anywhere after this."""

    confirmed = Signal(bool)

    def __init__(self, code: str, council_name: str, db_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.council_name = council_name
        self.db_path = db_path
        intro = QLabel(tr("모든 비밀번호를 잊었을 때 데이터 파일을 여는 유일한 방법입니다. 이 화면은 지금 한 번만 나옵니다. 인쇄해서 잠금장치가 있는 곳에 보관하세요."))
        intro.setWordWrap(True)
        self.code_label = QLabel(code)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(20)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setWordWrap(True)
        frame = QFrame()
        frame.setStyleSheet("QFrame { background: #fdf6e3; border: 1px solid #d8c8a0; border-radius: 6px; }"
                            "QLabel { border: none; }")
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(16, 18, 16, 18)
        frame_layout.addWidget(self.code_label)

        self.print_button = QPushButton(tr("인쇄…"))
        self.pdf_button = QPushButton(tr("PDF로 저장…"))
        self.print_button.setMinimumHeight(36)
        appearance.emphasise(self.print_button)
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.pdf_button.clicked.connect(self.on_pdf_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        self.stored = QCheckBox(tr("복구 코드를 안전한 곳에 보관했습니다"))
        appearance.emphasise(self.stored)
        self.stored.toggled.connect(self.confirmed.emit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(frame)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(1)
        layout.addWidget(self.stored)

    def on_print_button_clicked(self) -> None:
        print_sheet(self, self.code, self.council_name, self.db_path)

    def on_pdf_button_clicked(self) -> None:
        from ui.file_dialogs import PDF_FILTER, ask_save_path

        path = ask_save_path(self, tr("PDF로 저장"), f"{tr('복구코드')}.pdf", PDF_FILTER)
        if path is None:
            return
        try:
            save_sheet_pdf(path, self.code, self.council_name, self.db_path)
        except OSError as error:
            messages.warn(self, tr("파일을 쓸 수 없습니다.") + f"\n{error}")
            return
        messages.inform(self, tr("PDF를 저장했습니다. 인쇄한 뒤에는 파일을 지우고, USB 등에 남기지 마세요.") + f"\n{path}")
