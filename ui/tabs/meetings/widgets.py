"""Small widgets the 회의 tab's sections share: the 출석 | 결석 | 사유결석 buttons, a
scrolling page, a selectable rich-text label and the name/value table it shows."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QScrollArea, QWidget)

from app import codes
from app.meetings import codes as mc
from ui.i18n import language
from ui.tabs.base import esc


def html_lines(text: str) -> str:
    return esc(text).replace("\n", "<br>")


def scrolling(widget: QWidget) -> QScrollArea:
    """Large fonts must never squeeze a page's contents: it scrolls instead."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.viewport().setAutoFillBackground(False)  # the page's own background shows through
    widget.setAutoFillBackground(False)
    return area


# A field that cannot be typed in must not look like one that can: greyed, with a dashed
# border, and a tooltip that says why (issue 8: locked minutes looked editable).
LOCKED_STYLE = ("QLineEdit, QPlainTextEdit { background: #eeeeee; color: #444444; "
                "border: 1px dashed #b0b0b0; border-radius: 3px; }")


def show_locked(widget: QLineEdit | QPlainTextEdit, locked: bool, why: str = "") -> None:
    widget.setReadOnly(locked)
    widget.setStyleSheet(LOCKED_STYLE if locked else "")
    widget.setToolTip(why if locked else "")
    # Keyboard users still reach the text to select and copy it, but not as a typing target.
    widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus if locked else Qt.FocusPolicy.StrongFocus)


def rich_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def table_html(rows: list[tuple[str, str]]) -> str:
    """Names and (already escaped) values, one pair a line."""
    html = "<table cellspacing='0' cellpadding='3'>"
    for name, value in rows:
        html += (f"<tr><td style='color:#555; padding-right:14px; white-space: nowrap;' valign='top'>{esc(name)}</td>"
                 f"<td>{value}</td></tr>")
    return html + "</table>"


class AttendanceChoice(QWidget):
    """출석 | 결석 | 사유결석 as three toggle buttons: one click records, the choice is visible."""

    chosen = Signal(str, str)  # member id, status

    BASE = ("QPushButton { padding: 3px 10px; border: 1px solid #bdbdbd; border-radius: 4px; background: #fbfbfb; }"
            "QPushButton:hover { background: #f0f4f8; }"
            "QPushButton:disabled { color: #9a9a9a; background: #f4f4f4; }")
    STYLES = {
        "present": "QPushButton:checked { background: #d7efdd; border-color: #3a8a55; color: #1e5631; }",
        "absent": "QPushButton:checked { background: #f6dcda; border-color: #b3261e; color: #7d1a14; }",
        "excused": "QPushButton:checked { background: #fff1c9; border-color: #c9a227; color: #5a4300; }",
    }

    def __init__(self, member_id: str, status: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member_id = member_id
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 2, 1)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so a row can show "not recorded yet" (none checked)
        self.buttons: dict[str, QPushButton] = {}
        for code in mc.ATTENDANCE:
            button = QPushButton()
            button.setCheckable(True)
            button.setStyleSheet(self.BASE + self.STYLES[code])
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, code=code: self.on_button_clicked(code))
            self.buttons[code] = button
            self.group.addButton(button)
            layout.addWidget(button)
        self.status: str | None = None
        self.set_status(status)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        lang = language()
        for code, button in self.buttons.items():
            button.setText(codes.label(mc.ATTENDANCE, code, lang))
        # Equal widths keep the three columns of buttons lined up from row to row.
        width = max(b.sizeHint().width() for b in self.buttons.values())
        for button in self.buttons.values():
            button.setFixedWidth(width)

    def set_status(self, status: str | None) -> None:
        self.status = status
        for code, button in self.buttons.items():
            button.setChecked(code == status)

    def on_button_clicked(self, code: str) -> None:
        if code == self.status:
            self.set_status(code)  # clicking the chosen one again keeps it (no "unrecord" by accident)
            return
        self.set_status(code)
        self.chosen.emit(self.member_id, code)
