"""Small widgets the tabs and dialogs share: optional dates, banners, empty states."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QCheckBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton,
                               QWidget, QWidgetAction)

from app.dates import format_date, parse_typed_date
from app.korean import attach
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


WEEKDAYS_KO = "월화수목금토일"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)


def shown_date(value: date) -> str:
    """The date as the field shows it: 2026. 12. 22. in Korean, ISO in English."""
    return format_date(value) if language() == "ko" else value.isoformat()


class DateEdit(QWidget):
    """A date typed as people type it, or picked from a calendar.

    QDateEdit edits a date section by section, so typing ``2026. 12. 22.`` into it stored
    2026. 11. 12. and ``20261222`` was ignored without a word (issue 8). This field reads
    the whole text when it is left or Enter is pressed (``app.dates.parse_typed_date``:
    2026. 12. 22., 2026.12.22, 2026-12-22, 20261222, 26.12.22), shows what it understood
    beside it (with the weekday), and says in red what it cannot read. ``value()`` is the
    last date it understood; ``is_valid()`` is False while the text cannot be read, and a
    form refuses to save then.
    """

    dateChanged = Signal(QDate)

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = value or clock.today()
        self._valid = True
        self.line = QLineEdit()
        self.line.setMaxLength(20)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = QCalendarWidget()
        self.calendar.setMinimumDate(to_qdate(MIN_DATE))
        self.calendar.setMaximumDate(to_qdate(MAX_DATE))
        menu = QMenu(self.calendar_button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.calendar_button.setMenu(menu)
        self.calendar.clicked.connect(self.on_calendar_clicked)
        self.calendar.activated.connect(self.on_calendar_clicked)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555;")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.calendar_button)
        row.addWidget(self.hint)
        self.setFocusProxy(self.line)
        self.line.editingFinished.connect(self.commit_text)
        self.line.textEdited.connect(self.on_line_textEdited)
        self.set_value(self._value)
        self.retranslate_ui()

    # -- value
    def value(self) -> date:
        return self._value

    def is_valid(self) -> bool:
        return self._valid or not self.isEnabled()

    def set_value(self, value: date) -> None:
        self._set(value)
        self.line.setText(shown_date(value))
        self._show_hint()

    def date(self) -> QDate:
        return to_qdate(self._value)

    def setDate(self, value: QDate) -> None:  # noqa: N802 - the QDateEdit name callers know
        self.set_value(from_qdate(value))

    def _set(self, value: date) -> None:
        changed = value != self._value
        self._value = value
        self._valid = True
        self.calendar.setSelectedDate(to_qdate(value))
        if changed:
            self.dateChanged.emit(to_qdate(value))

    # -- reading what was typed
    def read_text(self) -> date | None:
        """The typed text as a date, or None when it cannot be read (nothing changes)."""
        try:
            value = parse_typed_date(self.line.text(), clock.today())
        except ValueError:
            return None
        return value if MIN_DATE <= value <= MAX_DATE else None

    def commit_text(self) -> bool:
        """Take the typed text: True when it is a date (then shown in the usual form)."""
        value = self.read_text()
        if value is None:
            self._valid = False
            self._show_hint()
            return False
        self._set(value)
        self.line.setText(shown_date(value))
        self._show_hint()
        return True

    def on_line_textEdited(self, _text: str) -> None:
        # Only a hint while typing ("2026-02-3" is a date on the way to "2026-02-30", which is
        # none): the value changes when the field is left, Enter is pressed or the form saves.
        value = self.read_text()
        self._valid = value is not None
        self._show_hint(value)

    def on_calendar_clicked(self, value: QDate) -> None:
        self.calendar_button.menu().hide()
        self.set_value(from_qdate(value))
        self.line.setFocus()

    def _show_hint(self, pending: date | None = None) -> None:
        if not self._valid:
            self.hint.setStyleSheet(f"color: {ERROR_COLOR};")
            self.hint.setText(tr("날짜로 읽을 수 없습니다 (예: 2026. 12. 22.)"))
            return
        self.hint.setStyleSheet("color: #555;")
        value = pending or self._value
        weekday = WEEKDAYS_KO[value.weekday()] if language() == "ko" else WEEKDAYS_EN[value.weekday()]
        self.hint.setText(f"→ {shown_date(value)} ({weekday})" if pending else f"({weekday})")

    def problem(self) -> str:
        """What is wrong with the typed text, for the form's error line; "" when fine."""
        if self.is_valid():
            return ""
        quoted = f"'{self.line.text().strip()}'"
        return tr("{text} 날짜로 읽을 수 없습니다. 2026. 12. 22. 또는 20261222처럼 입력하세요.").format(
            text=attach(quoted, "은/는") if language() == "ko" else quoted)

    def retranslate_ui(self) -> None:
        self.line.setPlaceholderText(tr("예: 2026. 12. 22."))
        self.calendar_button.setToolTip(tr("달력에서 고르기"))
        if self._valid:
            self.line.setText(shown_date(self._value))
        self._show_hint()


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
