"""Showing errors: domain refusals as their Korean message, crashes as a calm dialog + log.

``show_error`` is the one way a tab reports an ``AppError``; nothing else changes on the
screen. ``install_excepthook`` catches what nobody expected: it writes the traceback to
``councildesk.log`` in the log folder and shows each distinct crash once (Electrum's hook),
so a loop that fails on every repaint does not bury the user in dialogs. The log gets the
traceback without exception messages (``app.logfile``): they may quote a member's data.
"""
from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from app.errors import AppError
from app.logfile import LOG_NAME, open_log_handler, safe_traceback
from app.paths import log_dir
from ui import messages
from ui.i18n import language, tr

_seen: set[str] = set()
_logger = logging.getLogger("councildesk.ui")


def log_path() -> Path:
    return log_dir() / LOG_NAME


def _log_to_file(text: str) -> Path | None:
    """Append to the log file; the folder is looked up each time so it follows the profile."""
    path = log_path()
    try:
        handler = open_log_handler(path)
    except OSError:
        return None
    _logger.addHandler(handler)
    try:
        _logger.error(text)
    finally:
        _logger.removeHandler(handler)
        handler.close()
    return path


def show_error(parent: QWidget | None, error: AppError) -> None:
    """A refusal the user can act on: its message in the current language, nothing more."""
    messages.warn(parent, error.message(language()))


def _crash_key(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb) if tb else []
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{exc_type.__name__}@{where}"


def handle_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    parent = QApplication.activeWindow() if QApplication.instance() else None
    if isinstance(exc, AppError):
        # A domain refusal that escaped a handler is still a message, not a crash.
        show_error(parent, exc)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    written = _log_to_file(safe_traceback(exc_type, exc, tb))
    key = _crash_key(exc_type, tb)
    if key in _seen:
        return
    _seen.add(key)
    text = tr("작업 중에 예기치 못한 문제가 생겼습니다. 입력한 자료는 저장된 그대로 있습니다.")
    text += "\n\n" + tr("같은 일이 되풀이되면 아래 기록 파일을 담당자에게 보내 주세요.")
    if written is not None:
        text += f"\n{written}"
    messages.crash(parent, text, details)


def install_excepthook() -> None:
    sys.excepthook = handle_exception


def forget_seen_crashes() -> None:
    """For tests: let the same crash show its dialog again."""
    _seen.clear()
