"""Which fields of a synced record travel where: the sync policies of ``app.areas`` (the
one list) applied to the travelling columns of ``app.sync.records``.

Per field of a record (``d``), for a package a council device writes for its city:

- ``TO_CITY``: in ``d``, always;
- ``UNDER_CONSENT``: in ``d`` only when the table's ``consent_check`` says yes for that
  row (a table under consent: the whole record travels or stays);
- ``SEALED``: never in ``d``; in the record's sealed item (``app.sync.sealed``), which
  only this council's devices can open;
- ``LOCAL``: nowhere (a LOCAL table's records never travel).

The city relays what it was given: ``d`` without the fields it never received, and the
sealed items as they came. A receiver keeps its own value of every field a record
arrives without, and never takes a value for a LOCAL field.

Read at every call rather than cached, so an area registered later (or a test's
registry) takes effect at once; it costs a dictionary per package.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app import areas
from app.areas import SyncPolicy
from app.sync.records import TABLES, ColumnSpec, TableSpec

ConsentCheck = Callable[[Any, str, Any], bool]


@dataclass(frozen=True)
class TablePolicy:
    name: str
    table: SyncPolicy
    required: frozenset[str]  # always in ``d`` of a package of format 2 (when the record travels)
    consent: frozenset[str]   # fields of their own under consent: in ``d`` when consent allows
    sealed: frozenset[str]    # only inside sealed items
    local: frozenset[str]     # never in a package, never overwritten by one
    consent_check: str | None

    @property
    def travels(self) -> bool:
        return self.table is not SyncPolicy.LOCAL

    @property
    def allowed(self) -> frozenset[str]:
        """The fields ``d`` may hold."""
        return self.required | self.consent

    def needs_consent(self) -> bool:
        return self.table is SyncPolicy.UNDER_CONSENT or bool(self.consent)


def blank(column: ColumnSpec) -> Any:
    """The stored value of a field whose value never arrived (a sealed field at the city, a
    new record's field that stayed on its own PC)."""
    if column.nullable:
        return None
    blanks = {"str": "", "int": 0, "bool": False, "bytes": b""}
    if column.kind not in blanks:
        raise TypeError(f"{column.name}: a {column.kind} field that may stay behind must be nullable")
    return blanks[column.kind]


def blank_json(column: ColumnSpec) -> Any:
    """``blank`` as it would travel."""
    value = blank(column)
    return {"file": None} if column.kind == "bytes" else value


# Never sealed or held back on their own: the city needs them to check references and owners,
# and a tombstone must reach everyone.
_STRUCTURAL = ("created_at", "deleted_at")


def _policy(spec: TableSpec) -> TablePolicy:
    entry = areas.table(spec.name)
    table_policy = entry.sync if entry is not None else SyncPolicy.TO_CITY
    groups: dict[SyncPolicy, set[str]] = {p: set() for p in SyncPolicy}
    for column in spec.columns:
        rule = entry.fields.get(column.name) if entry is not None else None
        policy = rule.sync if rule is not None and rule.sync is not None else SyncPolicy.TO_CITY
        if column.foreign_table is not None or column.name in _STRUCTURAL:
            policy = SyncPolicy.TO_CITY
        # Under a table under consent, a field of its own follows the record: it travels
        # whole when consent allows (``TablePolicy.table``), so it is required then.
        if policy is not SyncPolicy.TO_CITY:
            blank(column)  # raises at once for a field that could not be left blank
        if policy is SyncPolicy.SEALED and column.kind == "bytes":
            raise TypeError(f"{spec.name}.{column.name}: attachments cannot be sealed (yet)")
        groups[policy].add(column.name)
    if table_policy in (SyncPolicy.SEALED, SyncPolicy.LOCAL):
        # The whole table: every field that is not structural goes with it.
        moved = {c.name for c in spec.columns if c.foreign_table is None and c.name not in _STRUCTURAL
                 and c.name in groups[SyncPolicy.TO_CITY]}
        for name in moved:
            blank(spec.column(name))
        groups[SyncPolicy.TO_CITY] -= moved
        groups[table_policy] |= moved
    return TablePolicy(spec.name, table_policy, frozenset(groups[SyncPolicy.TO_CITY]),
                       frozenset(groups[SyncPolicy.UNDER_CONSENT]), frozenset(groups[SyncPolicy.SEALED]),
                       frozenset(groups[SyncPolicy.LOCAL]), entry.consent_check if entry is not None else None)


def policies() -> dict[str, TablePolicy]:
    """Every travelling table's policy, in ``TABLES`` order (parents first)."""
    return {name: _policy(spec) for name, spec in TABLES.items()}


def consent_checker(policy: TablePolicy) -> ConsentCheck:
    """The table's consent predicate; without one, nothing under consent travels."""
    if policy.consent_check is None:
        return lambda _session, _table, _row: False
    return areas.load(policy.consent_check)
