"""Sealed fields at work: the compartment keys an open database holds, sealing on every
write and opening on every read, and re-sealing a whole file under new keys.

Which fields are sealed is the registry's (``app.areas``: a ``FieldRule`` naming a
compartment) and their columns are ``db.base.Sealed``. The seal binds table, field and
record id (``app.security.compartments``), which a column type never sees, so it happens
here, above the type, in two ways that cover every path:

- ORM objects (services, ``dump``, printouts): mapper events seal a changed value just
  before its INSERT/UPDATE and put the opened value back after it, and open values as
  rows load. A service never sees ``cd1:...``; without the key it sees the field's blank,
  as the visibility rules would show it anyway.
- Core reads and writes (the fast member list, sync export and apply, re-keying):
  ``open_text``/``seal_text`` and ``opener``/``reseal``, called explicitly.

The keys live in the ``Database`` (``compartment_keys``) and reach each session through
its ``info``; they are never written anywhere unwrapped.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from app.areas import sealed_tables as _registry_sealed_tables
from app.errors import MESSAGES, InputRefused
from app.i18n import N_
from app.security.compartments import SealedFieldError, is_sealed, open_field, seal_field
from db.base import Base, Sealed, new_uuid

MESSAGES.update({
    "compartment_key_missing": N_("이 계정에는 '{compartment}' 정보를 여는 열쇠가 없어 그 항목을 바꿀 수 없습니다."),
    "sealed_value_unreadable": N_("{table}의 암호화된 항목을 열 수 없습니다(열쇠가 맞지 않거나 값이 바뀌었습니다)."),
})

INFO_KEY = "compartment_keys"

# The registry is fixed once the program runs; asked for every field of every row.
sealed_tables = cache(_registry_sealed_tables)


@dataclass(frozen=True)
class CompartmentKeys:
    """What one login holds: per compartment, its keys by version and the version that
    seals. ``pending``: no compartment key exists yet (a file upgraded before its first
    administrator's login), so values are still plain and are written plain."""

    keys: Mapping[str, Mapping[int, bytes]] = field(default_factory=dict)
    current: Mapping[str, int] = field(default_factory=dict)
    pending: bool = False

    def holds(self, compartment: str) -> bool:
        return compartment in self.current

    def sealing_key(self, compartment: str) -> tuple[int, bytes] | None:
        version = self.current.get(compartment)
        return None if version is None else (version, self.keys[compartment][version])

    def opening_key(self, compartment: str, version: int) -> bytes | None:
        return self.keys.get(compartment, {}).get(version)


NO_KEYS = CompartmentKeys()


def keys_of(session: Session | None) -> CompartmentKeys:
    if session is None:
        return NO_KEYS
    return session.info.get(INFO_KEY) or NO_KEYS


@cache
def _opened_types() -> dict[str, dict[str, type]]:
    from db.registry import synced_model

    types: dict[str, dict[str, type]] = {}
    for table, columns in sealed_tables().items():
        model = synced_model(table)
        assert model is not None, table
        types[table] = {}
        for column in columns:
            column_type = model.__table__.c[column].type
            assert isinstance(column_type, Sealed), f"{table}.{column} is sealed but its column is not Sealed"
            types[table][column] = column_type.opened_type
    return types


def _encode(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _decode(text_value: str, opened: type) -> Any:
    if opened is date:
        try:
            return date.fromisoformat(text_value)
        except ValueError:
            return None
    return text_value


def blank(opened: type) -> Any:
    """What a field shows when it cannot be opened: as ``_visible`` blanks it."""
    return "" if opened is str else None


def _compartment(table: str, column: str) -> str:
    return sealed_tables()[table][column]


def seal_text(keys: CompartmentKeys, table: str, column: str, record_id: str, plain: str | None) -> str | None:
    # An empty value is stored empty, as NULL is: it says only that nothing was entered
    # (and a city stores such blanks for the fields that never reach it).
    if not plain or is_sealed(plain):
        return plain
    compartment = _compartment(table, column)
    sealing = keys.sealing_key(compartment)
    if sealing is None:
        if keys.pending:
            return plain  # sealed with everything else at the first administrator's login
        raise InputRefused("compartment_key_missing", compartment=compartment)
    version, key = sealing
    return seal_field(key, version, table, column, record_id, plain)


def open_text(keys: CompartmentKeys, table: str, column: str, record_id: str, stored: str | None) -> str | None:
    """The opened text; raises ``SealedFieldError`` when no key held opens it."""
    if stored is None or not is_sealed(stored):
        return stored  # plain: written before the first seal (or by a tool): nothing to open
    from app.security.compartments import sealed_version

    key = keys.opening_key(_compartment(table, column), sealed_version(stored))
    if key is None:
        raise SealedFieldError(f"no key for {table}.{column}")
    return open_field(key, table, column, record_id, stored)


def open_value(keys: CompartmentKeys, table: str, column: str, record_id: str, stored: str | None) -> Any:
    """The field as the program uses it (a ``date``, a ``str``), or its blank when this
    login holds no key for it or the seal does not open (moved or edited outside)."""
    opened = _opened_types()[table][column]
    if stored is None:
        return None
    try:
        plain = open_text(keys, table, column, record_id, stored)
    except SealedFieldError:
        return blank(opened)
    return _decode(plain, opened) if plain is not None else None


def opener(session: Session, table: str) -> Callable[[str, str, str | None], Any]:
    """``open(column, record_id, stored)`` for Core reads of ``table`` in ``session``."""
    keys = keys_of(session)
    return lambda column, record_id, stored: open_value(keys, table, column, record_id, stored)


# ---------------------------------------------------------------- ORM events

def _sealed_columns(target: Any) -> dict[str, str] | None:
    return sealed_tables().get(getattr(target, "__tablename__", ""))


def _open_loaded(target: Any, session: Session | None, only: Any = None) -> None:
    columns = _sealed_columns(target)
    if not columns:
        return
    keys = keys_of(session)
    table = target.__tablename__
    for column in columns:
        if (only is not None and column not in only) or column not in target.__dict__:
            continue
        set_committed_value(target, column, open_value(keys, table, column, target.id, target.__dict__[column]))


def _on_load(target: Any, context: Any) -> None:
    _open_loaded(target, context.session)


def _on_refresh(target: Any, context: Any, attrs: Any) -> None:
    _open_loaded(target, context.session, attrs)


def _column_default(target: Any, column: str) -> Any:
    default = target.__table__.c[column].default
    return default.arg if default is not None and default.is_scalar else None


def _before_write(_mapper: Any, _connection: Any, target: Any) -> None:
    columns = _sealed_columns(target)
    if not columns:
        return
    state = inspect(target)
    keys = keys_of(object_session(target))
    if target.id is None:
        target.id = new_uuid()  # the seal names the record, so its id is needed now
    opened: dict[str, Any] = {}
    for column in columns:
        if state.key is not None and not state.attrs[column].history.has_changes():
            continue  # unchanged: its stored seal stays
        value = target.__dict__.get(column)
        if value is None and state.key is None:
            value = _column_default(target, column)
        opened[column] = value
        plain = None if value is None else _encode(value)
        setattr(target, column, seal_text(keys, target.__tablename__, column, target.id, plain))
    state.info["opened"] = opened


def _after_write(_mapper: Any, _connection: Any, target: Any) -> None:
    state = inspect(target)
    for column, value in state.info.pop("opened", {}).items():
        set_committed_value(target, column, value)


_installed = False


def install_orm_sealing() -> None:
    """Once per process: mapper events are the model classes', shared by every database."""
    global _installed
    if _installed:
        return
    for name, listener in (("load", _on_load), ("refresh", _on_refresh), ("before_insert", _before_write),
                           ("before_update", _before_write), ("after_insert", _after_write),
                           ("after_update", _after_write)):
        event.listen(Base, name, listener, propagate=True)
    _installed = True


# ---------------------------------------------------------------- re-sealing

def reseal(conn: Connection, old: CompartmentKeys, new: CompartmentKeys,
           compartments: frozenset[str] | None = None) -> int:
    """Every sealed value (of ``compartments``, else all) opened with ``old`` and sealed
    with ``new``, in ``conn``'s transaction; plain values (before the first seal) are
    sealed. Returns how many values were written. A value ``old`` cannot open stops it
    all: the transaction is the caller's, so nothing is half re-sealed."""
    written = 0
    for table, columns in sealed_tables().items():
        chosen = [c for c, compartment in columns.items() if compartments is None or compartment in compartments]
        if not chosen:
            continue
        listed = ", ".join(f'"{c}"' for c in chosen)
        updates: list[dict[str, Any]] = []
        for row in conn.execute(text(f'SELECT id, {listed} FROM "{table}"')).all():
            record_id = row[0]
            values: dict[str, Any] = {"id": record_id}
            for column, stored in zip(chosen, row[1:]):
                try:
                    plain = open_text(old, table, column, record_id, stored)
                except SealedFieldError as exc:
                    raise InputRefused("sealed_value_unreadable", table=table) from exc
                values[column] = seal_text(new, table, column, record_id, plain)
            updates.append(values)
            written += len(chosen)
        if updates:
            assignments = ", ".join(f'"{c}" = :{c}' for c in chosen)
            conn.execute(text(f'UPDATE "{table}" SET {assignments} WHERE id = :id'), updates)
    return written


# ---------------------------------------------------------------- Core rows (sync)

class OpenedRow:
    """A Core row of ``table`` whose sealed fields read opened. Sync reads rows with Core
    and sends sealed fields opened, under the package's own sealing to the council's
    devices (``app.sync.sealed``); each device seals them again with its own keys."""

    __slots__ = ("_row", "_opened")

    def __init__(self, row: Any, table: str, keys: CompartmentKeys) -> None:
        self._row = row
        self._opened: dict[str, Any] = {}
        for column in sealed_tables().get(table, {}):
            stored = getattr(row, column)
            try:
                plain = open_text(keys, table, column, row.id, stored)
            except SealedFieldError as exc:
                # Sending a blank would erase the value on every other device.
                raise InputRefused("compartment_key_missing", compartment=_compartment(table, column)) from exc
            self._opened[column] = None if plain is None else _decode(plain, _opened_types()[table][column])

    def __getattr__(self, name: str) -> Any:
        opened = self._opened
        return opened[name] if name in opened else getattr(self._row, name)


def open_rows(session: Session, table: str, rows: Any) -> Any:
    """``rows`` with their sealed fields opened (as they are when ``table`` has none)."""
    if table not in sealed_tables():
        return rows
    keys = keys_of(session)
    return (OpenedRow(row, table, keys) for row in rows)


def seal_values(session: Session, table: str, record_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` (a record arriving by sync, opened) with its sealed fields sealed here."""
    columns = sealed_tables().get(table)
    if not columns or not columns.keys() & values.keys():
        return dict(values)
    keys = keys_of(session)
    return {name: (seal_text(keys, table, name, record_id, None if value is None else _encode(value))
                   if name in columns else value)
            for name, value in values.items()}
