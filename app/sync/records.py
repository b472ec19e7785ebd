"""How a synced record travels: its fields as JSON, its content hash, its version vector.

A record in a package is one JSON line::

    {"id": ..., "v": {device: seq, ...}, "by": device, "u": "2026-11-24T10:00:00",
     "bh": base hash or null, "d": {field: value, ...}}

``d`` holds every column except the bookkeeping that each installation keeps for itself
(``change_seq``) or that travels beside it (``id``, ``changed_by_device`` as ``by``,
``updated_at`` as ``u``); ``created_at`` and the tombstone ``deleted_at`` travel in ``d``.
Dates are ISO text; the bytes of an attachment travel as a file of the package named by
its SHA-256, and ``d`` holds ``{"file": sha256}``.

The version vector ``v`` says which change of which device a version contains; a version
that contains another (every entry >=) replaces it, and two versions neither of which
contains the other are a conflict.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, LargeBinary, String, Table

from db.base import Base, Sealed
from db.registry import ALL_SYNCED_MODELS

# Kept by each installation for itself, or carried beside ``d``.
LOCAL_COLUMNS = ("id", "change_seq", "changed_by_device", "updated_at")


class RecordError(ValueError):
    """A field of a travelling record is missing, unknown or of the wrong type."""


def _to_date(value: Any) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise RecordError("date expected")
    return date.fromisoformat(value)


def _to_datetime(value: Any) -> datetime:
    if not isinstance(value, str) or not 10 <= len(value) <= 32:
        raise RecordError("datetime expected")
    result = datetime.fromisoformat(value)
    if result.tzinfo is not None:
        raise RecordError("naive UTC datetime expected")
    return result


def _to_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise RecordError("true/false expected")
    return value


# SQLite's INTEGER and PostgreSQL's BIGINT: amounts in won (up to 10^15 and beyond) fit.
# A column that must hold such numbers on the city's PostgreSQL is declared BigInteger.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
# The highest change number a device can plausibly reach (a million changes a day for
# 24 million years). Above it a sequence number or a version entry is forged or broken,
# and accepting it would make every later package of that device look old.
MAX_SEQ = 2**53 - 1


def _to_int(value: Any) -> int:
    # bool is an int subclass in Python, but true/false is never a number in a record.
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError("integer expected")
    if not INT_MIN <= value <= INT_MAX:
        raise RecordError("integer out of range")
    return value


def _string(limit: int | None) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise RecordError("text expected")
        if limit is not None and len(value) > limit:
            raise RecordError(f"text longer than {limit}")
        if "\x00" in value:
            raise RecordError("NUL in text")  # PostgreSQL refuses it
        return value
    return check


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # date | datetime | bool | int | str | bytes
    nullable: bool
    parse: Callable[[Any], Any]
    text_limit: int | None  # String(n): n; Text: None
    foreign_table: str | None

    @property
    def free_text(self) -> bool:
        """Prose that two people may both have written: long text, not codes, names or numbers."""
        return self.kind == "str" and (self.text_limit is None or self.text_limit >= 100)


def _column_spec(column: Column) -> ColumnSpec:
    ctype = column.type
    foreign = next(iter(column.foreign_keys), None)
    target = foreign.column.table.name if foreign is not None else None
    if isinstance(ctype, Sealed):
        # A sealed field travels opened, under the package's own sealing (app.security.sealing).
        if ctype.opened_type is date:
            return ColumnSpec(column.name, "date", bool(column.nullable), _to_date, None, target)
        limit = ctype.opened_length
        return ColumnSpec(column.name, "str", bool(column.nullable), _string(limit), limit, target)
    if isinstance(ctype, LargeBinary):
        return ColumnSpec(column.name, "bytes", bool(column.nullable), lambda v: v, None, target)
    if isinstance(ctype, DateTime):
        return ColumnSpec(column.name, "datetime", bool(column.nullable), _to_datetime, None, target)
    if isinstance(ctype, Date):
        return ColumnSpec(column.name, "date", bool(column.nullable), _to_date, None, target)
    if isinstance(ctype, Boolean):
        return ColumnSpec(column.name, "bool", bool(column.nullable), _to_bool, None, target)
    if isinstance(ctype, Integer):
        return ColumnSpec(column.name, "int", bool(column.nullable), _to_int, None, target)
    if isinstance(ctype, String):
        limit = ctype.length
        return ColumnSpec(column.name, "str", bool(column.nullable), _string(limit), limit, target)
    raise TypeError(f"column type {ctype!r} of {column} cannot travel")  # caught by the tests at once


@dataclass(frozen=True)
class TableSpec:
    name: str
    table: Table
    columns: tuple[ColumnSpec, ...]  # the columns of ``d``

    @property
    def column_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)

    @property
    def foreign_keys(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.foreign_table)

    @property
    def binary(self) -> ColumnSpec | None:
        return next((c for c in self.columns if c.kind == "bytes"), None)


def _build_specs() -> dict[str, TableSpec]:
    synced = {m.__tablename__ for m in ALL_SYNCED_MODELS}
    specs: dict[str, TableSpec] = {}
    # Parents before children, so inserts satisfy foreign keys on PostgreSQL too.
    for table in Base.metadata.sorted_tables:
        if table.name in synced:
            columns = tuple(_column_spec(c) for c in table.columns if c.name not in LOCAL_COLUMNS)
            specs[table.name] = TableSpec(table.name, table, columns)
    return specs


TABLES: dict[str, TableSpec] = _build_specs()


def encode_value(spec: ColumnSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.kind == "datetime":
        return value.isoformat()
    if spec.kind == "date":
        return value.isoformat()
    return value


def decode_value(spec: ColumnSpec, value: Any) -> Any:
    if value is None:
        if not spec.nullable:
            raise RecordError(f"{spec.name} may not be empty")
        return None
    return spec.parse(value)


def canonical(data: dict[str, Any]) -> str:
    """``d`` exactly as a package line carries it (columns in schema order, compact JSON):
    the same text for the same content on every device of the same schema."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``d``: equal content, equal hash, on every device."""
    return text_hash(canonical(data))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Version vectors -------------------------------------------------------------------------

VersionVector = dict[str, int]


DEVICE_PATTERN = re.compile(r"[0-9A-Za-z-]{1,36}")  # used with fullmatch


def vv_dumps(vv: VersionVector) -> str:
    # Device ids are checked against DEVICE_PATTERN, so no escaping is needed: this runs
    # once per imported record, and json.dumps costs several times more.
    return "{" + ",".join(f'"{device}":{int(seq)}' for device, seq in sorted(vv.items())) + "}"


def vv_loads(text: str | None) -> VersionVector:
    return dict(json.loads(text)) if text else {}


def vv_leq(a: VersionVector, b: VersionVector) -> bool:
    """True when version ``a`` is contained in ``b`` (b has seen every change a has)."""
    return all(b.get(device, 0) >= seq for device, seq in a.items())


def vv_merge(a: VersionVector, b: VersionVector) -> VersionVector:
    return {d: max(a.get(d, 0), b.get(d, 0)) for d in a.keys() | b.keys()}


def current_vv(state_vv: str | None, state_local_seq: int | None, change_seq: int, self_device: str) -> VersionVector:
    """The version of a record as stored here.

    Unchanged since it was received: the received version. Changed here since (or never
    received): that plus this device's own change sequence.
    """
    vv = vv_loads(state_vv)
    if state_local_seq is None or state_local_seq != change_seq:
        vv[self_device] = max(vv.get(self_device, 0), change_seq)
    return vv


def valid_device(value: Any, known: set[str]) -> bool:
    """A device id (cached in ``known``: a package names the same few devices thousands of times)."""
    if value in known:
        return True
    if isinstance(value, str) and DEVICE_PATTERN.fullmatch(value):
        known.add(value)
        return True
    return False


def validate_vv(value: Any, known: set[str] | None = None) -> VersionVector:
    if not isinstance(value, dict) or not value or len(value) > 1000:
        raise RecordError("version expected")
    known = set() if known is None else known
    for device, seq in value.items():
        if not valid_device(device, known):
            raise RecordError("version device")
        _to_int(seq)
        if not 0 <= seq <= MAX_SEQ:
            raise RecordError("version seq")
    return dict(value)
