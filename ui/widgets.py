"""Small widgets the tabs and dialogs share: optional dates, banners, empty states."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QFrame, QHBoxLayout, QLabel, QWidget

from ui import clock
from ui.i18n import language, tr

ERROR_COLOR = "#b3261e"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_display_format() -> str:
    # 행정업무규정 writes 2026. 11. 24.; English readers get ISO.
    return "yyyy. M. d." if language() == "ko" else "yyyy-MM-dd"


class DateEdit(QDateEdit):
    """A date field with a calendar and the Korean public-document format."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setDisplayFormat(date_display_format())
        self.set_value(value or clock.today())

    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, value: date) -> None:
        self.setDate(to_qdate(value))

    def retranslate_ui(self) -> None:
        self.setDisplayFormat(date_display_format())


class OptionalDateEdit(QWidget):
    """A date that may be left empty: the tick box says whether there is a date at all."""

    changed = Signal()

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.edit = DateEdit(value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.on_check_toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.set_value(value)
        self.setFocusProxy(self.edit)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.check.setToolTip(tr("날짜가 있으면 체크하세요"))
        self.edit.retranslate_ui()

    def on_check_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        self.changed.emit()

    def value(self) -> date | None:
        return self.edit.value() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.set_value(value or clock.today())


class ErrorLabel(QLabel):
    """Red text under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOR};")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Banner(QFrame):
    """A calm attention strip (soft amber, not alarm red) for things to act on soon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            "#banner { background: #fff4d6; border: 1px solid #e8c66a; border-radius: 6px; }"
            "#banner QLabel { color: #5a4300; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        self.hide()

    def set_lines(self, title: str, lines: list[str]) -> None:
        if not lines:
            self.hide()
            self.label.clear()
            return
        items = "".join(f"<li>{_escape(line)}</li>" for line in lines)
        self.label.setText(f"<b>{_escape(title)}</b><ul style='margin: 2px 0 0 -20px;'>{items}</ul>")
        self.show()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class EmptyState(QLabel):
    """What an empty list says instead of showing a blank grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("color: #555; padding: 40px;")  # size follows the app font
