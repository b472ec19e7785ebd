"""How long work reports progress and learns it should stop, with no Qt in sight.

A long service (Excel import, sync, backup, a batch of printouts) takes
``progress(done, total, label)`` and ``cancelled()``; the window binds them to a progress
dialog on the database worker, the CLI leaves them at their defaults. A service that sees
``cancelled()`` raises ``Cancelled`` before it commits, so nothing is half-written.
"""
from __future__ import annotations

from collections.abc import Callable

from app.errors import MESSAGES, AppError
from app.i18n import N_

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

MESSAGES.setdefault("cancelled", N_("작업을 취소했습니다. 바뀐 것은 없습니다."))
MESSAGES.setdefault("import_cancelled", N_("가져오기를 취소했습니다. 아무것도 바뀌지 않았습니다."))


class Cancelled(AppError):
    """The person pressed 취소; the unit of work rolls back."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("cancelled")


def no_progress(done: int, total: int, label: str = "") -> None:
    """The default ``progress`` callback: report nothing."""


def never_cancelled() -> bool:
    """The default ``cancelled`` callback: run to the end."""
    return False


def check_cancelled(cancelled: CancelledFn) -> None:
    """Raise ``Cancelled`` when the person asked to stop (call between steps, before commit)."""
    if cancelled():
        raise Cancelled()
