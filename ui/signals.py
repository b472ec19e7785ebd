"""App-wide signals (Frescobaldi's pattern): language, settings and data changes.

Views listen for the flags they care about instead of being refreshed by whoever made
the change. ``data_changed`` carries a set of flags such as ``{Change.MEMBERS}``,
``{Change.SUBCOMMITTEES}`` or ``{Change.ALL}`` (a different data file was opened).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    language_changed = Signal(str)
    settings_changed = Signal()
    data_changed = Signal(object)


_signals: AppSignals | None = None


def app_signals() -> AppSignals:
    global _signals
    if _signals is None:
        _signals = AppSignals()
    return _signals


def touches(changes: set[str], *flags: str) -> bool:
    """Whether a change set concerns any of ``flags`` (``"all"`` concerns everything)."""
    return "all" in changes or any(flag in changes for flag in flags)
