"""Fonts and sizes: bundled Nanum fonts so Hangul never depends on the PC's fonts.

Older coordinators enlarge the text; the size is a per-PC preference applied live to the
whole application font, and views re-measure their rows on ``settings_changed``.
"""
from __future__ import annotations

import weakref

import shiboken6

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from app.paths import resources_dir
from app.preferences import FONT_SIZES

DEFAULT_FONT_SIZE = 11
_family = "NanumGothic"


def load_fonts() -> list[str]:
    """Register every bundled TTF; returns the families Qt now knows from them."""
    global _family
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if "NanumGothic" in families:
        _family = "NanumGothic"
    return families


def clamp_font_size(size: int) -> int:
    return max(FONT_SIZES.start, min(FONT_SIZES.stop - 1, int(size)))


# Headings and main buttons: (scale of the application font, bold). Kept relative, so
# Ctrl++ grows them with everything else, at once (issue 8: a fixed 15pt title and
# stylesheet-bold buttons kept their old size until a restart).
_emphasised: "weakref.WeakKeyDictionary[QWidget, tuple[float, bool]]" = weakref.WeakKeyDictionary()


def emphasise(widget: QWidget, scale: float = 1.0, bold: bool = True) -> None:
    """Make ``widget`` a heading or a main button: ``scale`` times the text size, bold."""
    _emphasised[widget] = (scale, bold)
    _apply_emphasis(widget, scale, bold)


def _apply_emphasis(widget: QWidget, scale: float, bold: bool) -> None:
    font = QFont(QApplication.font())
    font.setPointSizeF(QApplication.font().pointSizeF() * scale)
    font.setBold(bold)
    widget.setFont(font)


def apply_font_size(size: int) -> None:
    app = QApplication.instance()
    if app is None:
        return
    font = QFont(_family)
    font.setPointSize(clamp_font_size(size))
    # Korean reads better without synthetic hinting artefacts at small sizes.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    QApplication.setFont(font)
    for widget, (scale, bold) in list(_emphasised.items()):
        if not shiboken6.isValid(widget):  # its window was closed; Python still holds the name
            _emphasised.pop(widget, None)
            continue
        _apply_emphasis(widget, scale, bold)
    # A widget styled by a style sheet (the 확인할 일 banner, status badges) took its font
    # when it was polished; polish it again so it follows the new size now.
    for widget in QApplication.allWidgets():
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())


def fit_rows(view: QTableView) -> None:
    """Row height follows the font, with air for older eyes."""
    # The application font, not the view's: font-change events reach widgets later.
    height = QFontMetrics(QApplication.font()).height()
    view.verticalHeader().setDefaultSectionSize(int(height * 1.55))


def set_font_size(state: "AppState", size: int) -> int:  # noqa: F821
    """Apply and remember a font size; every view re-measures on ``settings_changed``."""
    from ui.signals import app_signals

    size = clamp_font_size(size)
    apply_font_size(size)
    state.update_prefs(font_size=size)
    app_signals().settings_changed.emit()
    return size
