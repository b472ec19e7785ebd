"""Unexpected errors: a calm dialog, the traceback in the log, each crash once."""
from __future__ import annotations

import sys

import pytest

from app.errors import InputRefused
from app.paths import log_dir
from ui import errors, ops


def _raise(exc: BaseException):  # type: ignore[no-untyped-def]
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001
        return type(caught), caught, caught.__traceback__


def test_unexpected_exception_goes_to_dialog_and_log(answers) -> None:
    errors.handle_exception(*_raise(RuntimeError("boom in a slot")))
    assert len(answers["crash"].asked) == 1
    shown = answers["crash"].asked[0]
    assert "예기치 못한 문제" in shown
    assert "Traceback" not in shown.split("\n")[0]
    log = (log_dir() / "councildesk.log").read_text(encoding="utf-8")
    assert "\nRuntimeError\n" in log and "RuntimeError: boom" not in log
    assert "Traceback" in log


def test_each_distinct_crash_is_shown_once(answers) -> None:
    for _ in range(3):
        errors.handle_exception(*_raise(ValueError("same place")))
    assert len(answers["crash"].asked) == 1
    errors.handle_exception(*_raise(KeyError("another")))
    assert len(answers["crash"].asked) == 2


def test_an_escaped_app_error_is_a_message_not_a_crash(answers) -> None:
    errors.handle_exception(*_raise(InputRefused("no_current_term", name="홍길동")))
    assert answers["crash"].asked == []
    assert answers["warn"].asked == ["'홍길동' 위원은 현재 임기 중이 아닙니다."]


def test_ops_run_shows_the_korean_message_and_returns_none(answers) -> None:
    def refuse() -> None:
        raise InputRefused("duplicate_subcommittee", name="노인분과")

    assert ops.run(None, refuse) is None
    assert answers["warn"].asked == ["같은 이름의 분과 '노인분과'가 이미 있습니다."]
    assert ops.attempt(None, lambda: None) is True


def test_install_excepthook(monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    assert sys.excepthook is errors.handle_exception


@pytest.mark.qt_no_exception_capture
def test_a_slot_that_raises_reaches_the_hook(window, answers, monkeypatch) -> None:
    """A bug inside a menu handler: the window keeps running and the user sees the calm dialog."""
    def broken() -> None:
        raise ZeroDivisionError("bug in refresh")

    monkeypatch.setattr(sys, "excepthook", errors.handle_exception)
    monkeypatch.setattr(window.members_tab, "refresh", broken)
    refresh = next(a for a, text in window._texts if text == "새로 고침")
    refresh.trigger()  # F5: Qt calls the slot; PySide hands the exception to sys.excepthook
    assert len(answers["crash"].asked) == 1
    log = (log_dir() / "councildesk.log").read_text(encoding="utf-8")
    assert "in broken" in log and "\nZeroDivisionError\n" in log and "ZeroDivisionError: bug" not in log
    assert window.isVisible()
