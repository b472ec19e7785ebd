"""The generic import pipeline: sheet -> header aliases -> typed cells -> row errors -> the
area's own rules -> a plan -> one transaction.

An area supplies a ``SheetSpec``, a function that checks a whole batch of typed rows at
once (loading what its rules need once, not per row) and a ``RowWriter`` that applies one
planned row. This module reads the file, holds the plan (valid and invalid rows, adds and
updates, identical errors grouped) and applies it in one transaction with
``progress(done, total, label)`` and ``cancelled()`` callbacks: cancelling, or any error,
leaves the database as it was. No Qt here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from app.progress import Cancelled, CancelledFn
from app.errors import AppError, FieldError, InputRefused, ValidationFailed, field_label, render
from app.reports.excel.columns import SheetSpec
from app.reports.excel.reader import SheetTable, TypedRow, body_rows, parse_row
from app.reports.excel.workbook import read_sheet
from db.session import UnitOfWork

Progress = Callable[[int, int, str], None]

PROGRESS_EVERY = 50
# Flushing in slices keeps memory flat and lets a cancel land between slices; each flush
# stamps one change number, so slices of a few hundred rows cost next to nothing.
FLUSH_EVERY = 500
# A group's message lists this many row numbers, then "외 N개 행".
ROWS_SHOWN = 10

ACTIONS = ("add", "update", "unchanged")


class ImportCancelled(Cancelled):
    """The person pressed 취소 during an import; nothing was written."""

    def __init__(self) -> None:
        AppError.__init__(self, "import_cancelled")


class PlanRow(Protocol):
    row: int
    errors: tuple[FieldError, ...]
    action: str  # one of ACTIONS

    @property
    def is_valid(self) -> bool: ...


R = TypeVar("R", bound=PlanRow)


@dataclass(frozen=True)
class ErrorGroup:
    """The same problem (column, code, values) on several rows, shown once."""

    field: str
    code: str
    params: Mapping[str, object]
    rows: tuple[int, ...]

    def message(self, lang: str = "ko") -> str:
        text = render(self.code, {"field": self.field, **self.params}, lang)
        shown = ", ".join(str(r) for r in self.rows[:ROWS_SHOWN])
        more = len(self.rows) - ROWS_SHOWN
        column = field_label(self.field, lang)
        if lang == "ko":
            rows = shown + (f" 외 {more}개 행" if more > 0 else "행")
            return f"{rows} '{column}' 열: {text}"
        rows = ("Rows " if len(self.rows) > 1 else "Row ") + shown + (f" and {more} more" if more > 0 else "")
        return f"{rows}, column '{column}': {text}"


def group_errors(errors: Iterable[FieldError]) -> tuple[ErrorGroup, ...]:
    """Identical problems together, in the order each first appears."""
    groups: dict[tuple, list[int]] = {}
    params: dict[tuple, Mapping[str, object]] = {}
    for error in errors:
        key = (error.field, error.code, tuple(sorted((k, repr(v)) for k, v in error.params.items())))
        groups.setdefault(key, [])
        params.setdefault(key, error.params)
        if error.row is not None:
            groups[key].append(error.row)
    return tuple(ErrorGroup(k[0], k[1], params[k], tuple(rows)) for k, rows in groups.items())


@dataclass(frozen=True)
class ImportPlan(Generic[R]):
    """Everything a file would change, checked, nothing written."""

    path: Path
    sheet: str
    rows: tuple[R, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def valid_rows(self) -> tuple[R, ...]:
        return tuple(r for r in self.rows if r.is_valid)

    @property
    def invalid_rows(self) -> tuple[R, ...]:
        return tuple(r for r in self.rows if not r.is_valid)

    @property
    def errors(self) -> tuple[FieldError, ...]:
        return tuple(e for r in self.rows for e in r.errors)

    @property
    def error_groups(self) -> tuple[ErrorGroup, ...]:
        return group_errors(self.errors)

    @property
    def counts(self) -> dict[str, int]:
        """Rows by action among valid rows, plus ``invalid`` and ``total``."""
        valid = self.valid_rows
        counts = {action: sum(1 for r in valid if r.action == action) for action in ACTIONS}
        counts.update(invalid=len(self.rows) - len(valid), total=len(self.rows))
        return counts


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    skipped: int
    added_ids: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------- callbacks

def check_cancelled(cancelled: CancelledFn | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled()


class Reporter:
    """Calls ``progress`` every ``every`` rows and at the end, and stops on a cancel."""

    def __init__(self, progress: Progress | None, cancelled: CancelledFn | None, total: int, label: str,
                 every: int = PROGRESS_EVERY) -> None:
        self.progress, self.cancelled, self.total, self.label, self.every = progress, cancelled, total, label, every

    def __call__(self, done: int) -> None:
        if done % self.every == 0 or done == self.total:
            check_cancelled(self.cancelled)
            if self.progress is not None:
                self.progress(done, self.total, self.label)


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class ReadSheet:
    """A file read up to typed cells: what the area's rules then check."""

    table: SheetTable
    rows: tuple[TypedRow, ...]


def read_typed_rows(path: Path, spec: SheetSpec) -> ReadSheet:
    """Open the file, match the header, and read every non-blank row's cells by type.
    Refuses a file with nothing to import."""
    table = read_sheet(Path(path), spec)
    rows = tuple(parse_row(spec, row) for row in body_rows(spec, table))
    if not rows:
        raise InputRefused("excel_no_rows")
    return ReadSheet(table, rows)


def first_per_field(cell_errors: Iterable[FieldError], checks: Iterable[FieldError]) -> list[FieldError]:
    """Rule errors only for fields whose cells converted, so one mistake gives one message."""
    cell_errors = list(cell_errors)
    seen = {e.field for e in cell_errors}
    return cell_errors + [e for e in checks if e.field not in seen]


def at_row(errors: Iterable[FieldError], row: int) -> tuple[FieldError, ...]:
    return tuple(replace(e, row=row) for e in errors)


# ---------------------------------------------------------------- applying

class RowWriter(Protocol[R]):  # type: ignore[misc]
    """An area's side of applying a plan, created inside the transaction."""

    # Refusal codes of the area's services -> the column they are shown against.
    refusal_fields: Mapping[str, str]

    def order(self, rows: Sequence[R]) -> Sequence[R]: ...

    def write(self, row: R) -> None: ...

    def finish(self) -> None:
        """After the last row and its flush, before the commit (an access-log entry ...)."""


def refusal_at(row: int, exc: AppError, fields: Mapping[str, str], default_field: str) -> ValidationFailed:
    """A service's refusal mid-import, pointed at the row and column that caused it."""
    if isinstance(exc, ValidationFailed):
        return ValidationFailed([replace(e, row=row) for e in exc.errors])
    return ValidationFailed([FieldError(fields.get(exc.code, default_field), exc.code, dict(exc.params), row=row)])


def apply_in_one_transaction(uow: UnitOfWork, rows: Sequence[R], start: Callable[[Session], RowWriter[R]], *,
                             progress: Progress | None = None, cancelled: CancelledFn | None = None,
                             label: str = "", default_field: str = "name") -> None:
    """Write ``rows`` through the writer ``start(session)`` makes, all or nothing.

    A refusal names its row and column; a cancel (checked every ``PROGRESS_EVERY`` rows and
    once more before the commit) raises ``ImportCancelled``; either way the transaction is
    rolled back, so the database is as it was.
    """
    with uow:
        session = uow.session
        writer = start(session)
        ordered = writer.order(rows)
        report = Reporter(progress, cancelled, len(ordered), label)
        for done, row in enumerate(ordered, start=1):
            try:
                writer.write(row)
            except AppError as exc:
                raise refusal_at(row.row, exc, writer.refusal_fields, default_field) from exc
            if done % FLUSH_EVERY == 0:
                session.flush()
            report(done)
        session.flush()
        writer.finish()
        check_cancelled(cancelled)
        uow.commit()
