"""The one database worker: every service call from the window runs on one thread.

Like Anki's collection ops and Picard's ``run_task``: the UI thread never opens a
transaction. It hands the call to a single-thread executor (one call at a time, in order,
so no two sessions ever race) and, while it waits, keeps painting and answering timers
but takes no keyboard or mouse input, so nothing can be clicked in the middle of a save.
Results and errors come back to the UI thread as if the call had been made there.

Long work gets ``progress`` and ``cancelled`` callbacks (``app.progress``): they are called
on the worker, and only post to the UI thread; the progress dialog appears after ~600 ms
and its 취소 button sets a flag the service checks before it commits.
"""
from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal

T = TypeVar("T")

THREAD_NAME = "councildesk-db"


class _Bridge(QObject):
    """Lives on the UI thread; signals emitted on the worker are queued to it."""

    finished = Signal()


class DatabaseWorker:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        self._bridge = _Bridge()
        self._bridge.finished.connect(lambda: None, Qt.ConnectionType.QueuedConnection)
        self._thread_ident: int | None = None
        self._executor.submit(self._note_thread).result()

    def _note_thread(self) -> None:
        self._thread_ident = threading.get_ident()

    def on_worker_thread(self) -> bool:
        return threading.get_ident() == self._thread_ident

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> "Future[T]":
        """Queue a call; the future completes on the worker thread."""
        return self._executor.submit(fn, *args, **kwargs)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the worker and return its result (or raise its error) here.

        The UI thread waits in an event loop that paints and runs timers but holds back
        user input until the call is over (Qt delivers it afterwards, as it would after
        a busy thread).
        """
        if self.on_worker_thread():
            return fn(*args, **kwargs)  # already on the worker (a callback of a running call)
        future = self._executor.submit(fn, *args, **kwargs)
        self.wait(future)
        return future.result()

    def wait(self, future: "Future[Any]", accept_input: Callable[[], bool] = lambda: False) -> None:
        """Pump the UI thread's events until ``future`` is done.

        ``accept_input`` says, each time round, whether user input may be processed now (a
        visible, window-modal progress dialog lets only its 취소 button take it).
        """
        if future.done() or QCoreApplication.instance() is None:
            future.exception()  # a plain wait when there is no event loop (scripts, early start)
            return
        # Emitted on the worker when the call ends: the queued event wakes the loop below.
        # The bridge lives as long as the worker, so a late emit never meets a deleted object.
        future.add_done_callback(lambda _f: self._bridge.finished.emit())
        while not future.done():
            flags = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
            if not accept_input():
                flags |= QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
            _process_events(flags)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
        # Release the Qt object while Qt is still there, not during interpreter teardown.
        self._bridge.deleteLater()


def _process_events(flags: QEventLoop.ProcessEventsFlag) -> None:
    QCoreApplication.processEvents(flags)


_worker: DatabaseWorker | None = None


def database_worker() -> DatabaseWorker:
    """The process's one worker, made on first use."""
    global _worker
    if _worker is None:
        _worker = DatabaseWorker()
        atexit.register(_shut_down)
    return _worker


def _shut_down() -> None:
    """At exit: let the last call finish, then stop the thread before Python tears down."""
    global _worker
    if _worker is not None:
        _worker.shutdown()
        _worker = None


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` on the database worker; errors are raised here."""
    return database_worker().call(fn, *args, **kwargs)
