"""Larger text (Ctrl++) takes effect at once everywhere: headings, main buttons, the
확인할 일 banner, and table columns widen so dates are not cut (issue 8, item 4)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo

from ui import appearance


def _size(widget) -> float:  # type: ignore[no-untyped-def]
    return QFontInfo(widget.font()).pointSizeF()


def test_ctrl_plus_grows_headings_buttons_banner_and_columns(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    members = window.members_tab
    meetings = window.meetings_tab
    banner_label = members.banner.label
    start_col = members.model.column_index("start_on") if hasattr(members.model, "column_index") else 7
    before = {
        "add": _size(members.buttons["add"]), "title": _size(meetings.title_label),
        "banner": _size(banner_label), "column": members.table.columnWidth(start_col),
    }
    for _ in range(4):
        qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.state.prefs.font_size == appearance.DEFAULT_FONT_SIZE + 4
    after = {
        "add": _size(members.buttons["add"]), "title": _size(meetings.title_label),
        "banner": _size(banner_label), "column": members.table.columnWidth(start_col),
    }
    for key in before:
        assert after[key] > before[key], key
    assert members.buttons["add"].font().bold() and meetings.title_label.font().bold()
    assert _size(meetings.title_label) > _size(meetings.create_button)  # still a heading
