"""The log file (``councildesk.log``): owner-only, and never holding record content.

The window's crash hook (``ui.errors``) and the command line (``app.cli.common``) both
write through ``open_log_handler``. The database is encrypted; the log is a plain file that
people are asked to send to a helper, so what it holds must say where something failed,
not what was being worked on. Exception messages routinely quote data (openpyxl's
``IllegalCharacterError`` quotes the cell, SQLAlchemy quotes the statement's parameters,
``ValidationFailed`` renders the values typed), so every exception is reduced to its type,
for our own errors their code and the ids and counts among their parameters, and the
frames of its traceback (file, line, function, the line of code). No Qt here.
"""
from __future__ import annotations

import logging
import os
import stat
import traceback
from pathlib import Path
from types import TracebackType

from app.errors import AppError, ValidationFailed

LOG_NAME = "councildesk.log"
# Parameters of an AppError that name records or count things, never their content.
_SAFE_PARAM = ("id", "row", "count", "max", "min", "limit", "total", "minutes", "version", "other_row")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _owner_only(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)
    except OSError:
        pass  # Windows keeps the profile folder private by its own ACLs


def open_log_handler(path: Path) -> logging.FileHandler:
    """A handler appending to ``path``; its folder is made 0700 and the file 0600 (also
    when an older version left them readable by every local account). Raises OSError."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(path.parent, 0o700)
    # Created owner-only from the first byte, not chmod-ed after being written.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    _owner_only(path, 0o600)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(RecordFreeFormatter())
    return handler


def _safe_param(name: str) -> bool:
    return name in _SAFE_PARAM or name.endswith("_id")


def describe(exc: BaseException) -> str:
    """An exception as the log may hold it: its type, and for our own errors the code and
    the ids and counts among the parameters (never a value typed or read from a file)."""
    name = type(exc).__name__
    if isinstance(exc, ValidationFailed):
        problems = ", ".join(f"{e.field}:{e.code}" + (f"@{e.row}" if e.row is not None else "") for e in exc.errors)
        return f"{name}({problems})"
    if isinstance(exc, AppError):
        params = ", ".join(f"{k}={v!r}" for k, v in exc.params.items() if _safe_param(k))
        return f"{name}({exc.code}{', ' + params if params else ''})"
    return name


def safe_traceback(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """``traceback.format_exception`` without the messages: each exception of the chain
    (cause or context) as ``describe`` gives it, with its frames."""
    chain: list[BaseException] = []  # newest first
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    parts: list[str] = []
    for index in reversed(range(len(chain))):
        item = chain[index]
        if index + 1 < len(chain):
            parts.append("\nThe above exception was the direct cause of the following exception:\n\n"
                         if item.__cause__ is chain[index + 1] else
                         "\nDuring handling of the above exception, another exception occurred:\n\n")
        frames = traceback.extract_tb(tb if item is exc else item.__traceback__)
        if frames:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(frames))
        parts.append(describe(item) + "\n")
    return "".join(parts)


class RecordFreeFormatter(logging.Formatter):
    """The log format, with exceptions (raised, or passed as arguments) reduced by
    ``describe``/``safe_traceback``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        args = record.args
        if isinstance(args, tuple):
            args = tuple(describe(a) if isinstance(a, BaseException) else a for a in args)
        elif isinstance(args, dict):
            args = {k: describe(v) if isinstance(v, BaseException) else v for k, v in args.items()}
        msg = describe(record.msg) if isinstance(record.msg, BaseException) else record.msg
        # A copy, so another handler (the terminal with --debug) still sees the record whole,
        # and no cached full traceback (exc_text) from it leaks in here.
        safe = logging.makeLogRecord({**record.__dict__, "args": args, "msg": msg, "exc_text": None})
        return super().format(safe)

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def, override]
        exc_type, exc, tb = ei
        if exc is None:
            return ""
        return safe_traceback(exc_type, exc, tb).rstrip("\n")
