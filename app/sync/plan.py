"""Planning an import: each verified package compared with the database as it is — new
records, updates whose version contains ours, tombstones, agreements, and conflicts (a
record changed on both sides since they last agreed) — and what that would show in a
preview. Reads only; ``app.sync.apply`` writes the plan.
"""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.progress import CancelledFn, check_cancelled
from app.sync import crypto
from app.sync.exporter import encode_row
from app.sync.records import TABLES, TableSpec, current_vv, vv_dumps, vv_leq, vv_loads, vv_merge
from app.sync.verify import Context, Incoming, VerifiedPackage, refuse
from db.base import utc_now
from db.models import ChangeCounter
from db.sync_models import SyncAppliedPackage, SyncConflict, SyncRecordState, SyncSite


_CHUNK = 500


_LOGGED_IDS = 50


@dataclass(frozen=True)
class PackagePreview:
    """What one package does (preview) or did (import)."""

    path: Path
    package_id: str
    sender_device: str
    sender_council: str
    created_at: datetime
    status: str  # apply | replay (applied before) | stale (older than one applied)
    new: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0
    unchanged: int = 0
    tables: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Plan:
    inserts: dict[str, list[Incoming]] = field(default_factory=lambda: defaultdict(list))
    updates: dict[str, list[Incoming]] = field(default_factory=lambda: defaultdict(list))
    new_states: list[tuple[str, Incoming]] = field(default_factory=list)
    changed_states: list[tuple[str, Incoming]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    new_conflicts: list[dict[str, Any]] = field(default_factory=list)
    changed_conflicts: list[dict[str, Any]] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    ids: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def count(self, table: str, what: str, record_id: str) -> None:
        self.counts[table][what] += 1
        if what != "unchanged" and len(self.ids[table][what]) < _LOGGED_IDS:
            self.ids[table][what].append(record_id)

    def total(self, what: str) -> int:
        return sum(c.get(what, 0) for c in self.counts.values())

    @property
    def writes(self) -> bool:
        return bool(self.inserts or self.updates or self.merges or self.new_conflicts or self.changed_conflicts
                    or self.superseded)


def chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _existing_ids(session: Session, table_name: str, ids: Iterable[str]) -> set[str]:
    table = TABLES[table_name].table
    found: set[str] = set()
    for chunk in chunks(sorted(set(ids))):
        found.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


def _owners(session: Session, table_name: str, ids: Iterable[str]) -> dict[str, str]:
    state = SyncRecordState.__table__
    owners: dict[str, str] = {}
    for chunk in chunks(sorted(set(ids))):
        owners.update(session.execute(select(state.c.record_id, state.c.council_code)
                                      .where(state.c.table_name == table_name, state.c.record_id.in_(chunk))).all())
    return owners


def _check_references(session: Session, ctx: Context, pkg: VerifiedPackage,
                      batch_ids: dict[str, set[str]]) -> None:
    """Every reference points at a record in the batch or in the database (of the same council)."""
    wanted: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for table_name, rows in pkg.records.items():
        fks = TABLES[table_name].foreign_keys
        for rec in rows:
            for column in fks:
                value = rec.values[column.name]
                if value is not None and value not in batch_ids[column.foreign_table]:
                    wanted[column.foreign_table].setdefault(value, (table_name, rec.id))
    for target, refs in wanted.items():
        found = _existing_ids(session, target, refs)
        for value, (table_name, record_id) in refs.items():
            if value not in found:
                raise refuse("sync_missing_reference", pkg.path, table=table_name, id=record_id, target=target,
                              target_id=value)
        if ctx.role == "city":
            owners = _owners(session, target, found)
            for value in found:
                if owners.get(value) != pkg.owner_council:
                    raise refuse("sync_wrong_council", pkg.path, council=owners.get(value, ctx.council_code))


def _local_rows(session: Session, spec: TableSpec, ids: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    table, state = spec.table, SyncRecordState.__table__
    rows: dict[str, Any] = {}
    states: dict[str, Any] = {}
    for chunk in chunks(ids):
        found = {r.id: r for r in session.execute(select(table).where(table.c.id.in_(chunk)))}
        rows.update(found)
        if found:
            states.update((s.record_id, s) for s in session.execute(
                select(state).where(state.c.table_name == spec.name, state.c.record_id.in_(chunk))))
    return rows, states


def plan_package(session: Session, ctx: Context, pkg: VerifiedPackage) -> Plan:
    plan = Plan()
    conflict_table = SyncConflict.__table__
    for table_name, incoming in pkg.records.items():
        spec = TABLES[table_name]
        rows, states = _local_rows(session, spec, [r.id for r in incoming])
        open_conflicts = {}
        if rows:
            open_conflicts = {c.record_id: c for c in session.execute(
                select(conflict_table).where(conflict_table.c.status == "open",
                                             conflict_table.c.table_name == table_name))}
        for rec in incoming:
            local = rows.get(rec.id)
            if local is None:
                plan.inserts[table_name].append(rec)
                plan.new_states.append((table_name, rec))
                plan.count(table_name, "deleted" if rec.deleted else "new", rec.id)
                continue
            st = states.get(rec.id)
            owner = st.council_code if st is not None else ctx.council_code
            if owner != pkg.owner_council:
                raise refuse("sync_wrong_council", pkg.path, council=owner)
            mine = current_vv(st.vv if st else None, st.local_seq if st else None, local.change_seq, ctx.self_device)
            conflict = open_conflicts.get(rec.id)
            if vv_leq(rec.vv, mine):
                plan.count(table_name, "unchanged", rec.id)
                continue
            if vv_leq(mine, rec.vv):
                plan.updates[table_name].append(rec)
                (plan.changed_states if st is not None else plan.new_states).append((table_name, rec))
                if conflict is not None and vv_leq(vv_loads(conflict.incoming_vv), rec.vv):
                    plan.superseded.append(conflict.id)
                local_data = encode_row(spec, local)
                if local_data == rec.data:
                    plan.count(table_name, "unchanged", rec.id)
                elif rec.deleted and local.deleted_at is None:
                    plan.count(table_name, "deleted", rec.id)
                else:
                    plan.count(table_name, "updated", rec.id)
                continue
            local_data = encode_row(spec, local)
            if local_data == rec.data:
                # Both sides made the same change: agree without a conflict.
                plan.merges.append({"table_name": table_name, "record_id": rec.id, "vv": vv_dumps(vv_merge(mine, rec.vv)),
                                    "local_seq": local.change_seq, "exists": st is not None,
                                    "hash": rec.hash, "council_code": owner})
                plan.count(table_name, "unchanged", rec.id)
                continue
            values = {"local_vv": vv_dumps(mine), "local_data": _conflict_json(spec, local_data, local),
                      "incoming_vv": vv_dumps(rec.vv), "incoming_data": _conflict_json(spec, rec.data, rec.values),
                      "base_hash": rec.base_hash or (st.hash if st is not None else None),
                      "package_id": pkg.package_id, "incoming_device": rec.by}
            if conflict is not None:
                plan.changed_conflicts.append({"id": conflict.id, **values})
            else:
                plan.new_conflicts.append({"id": str(uuid.uuid4()), "table_name": table_name, "record_id": rec.id,
                                           "council_code": owner, "status": "open", "created_at": utc_now(),
                                           **values})
            plan.count(table_name, "conflicts", rec.id)
    return plan


def _conflict_json(spec: TableSpec, data: dict[str, Any], source: Any) -> str:
    """A version kept in a conflict; bytes are kept too, so 'take theirs' can restore them."""
    kept = dict(data)
    binary = spec.binary
    if binary is not None:
        blob = source[binary.name] if isinstance(source, dict) else getattr(source, binary.name)
        kept[binary.name] = {**data[binary.name], "b64": crypto.b64(bytes(blob or b""))}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True)


def preview_of(pkg: VerifiedPackage, status: str, plan: Plan | None) -> PackagePreview:
    if plan is None:
        return PackagePreview(pkg.path, pkg.package_id, pkg.sender, pkg.sender_council, pkg.created_at, status)
    return PackagePreview(pkg.path, pkg.package_id, pkg.sender, pkg.sender_council, pkg.created_at, status,
                          plan.total("new"), plan.total("updated"), plan.total("deleted"), plan.total("conflicts"),
                          plan.total("unchanged"), {t: dict(c) for t, c in plan.counts.items()})


def package_status(session: Session, ctx: Context, pkg: VerifiedPackage) -> str:
    if session.get(SyncAppliedPackage, pkg.package_id) is not None:
        return "replay"
    site = session.get(SyncSite, pkg.sender)
    if site is not None and pkg.seq_to < site.received_seq:
        return "stale"
    return "apply"


def check_batch(session: Session, ctx: Context, packages: list[VerifiedPackage],
                cancelled: CancelledFn | None = None) -> tuple[list[PackagePreview], dict[str, Plan]]:
    batch_ids: dict[str, set[str]] = defaultdict(set)
    for pkg in packages:
        for table_name, rows in pkg.records.items():
            batch_ids[table_name].update(r.id for r in rows)
    previews, plans = [], {}
    for pkg in packages:
        if cancelled is not None:
            check_cancelled(cancelled)
        status = package_status(session, ctx, pkg)
        if status != "apply":
            previews.append(preview_of(pkg, status, None))
            continue
        _check_references(session, ctx, pkg, batch_ids)
        plans[pkg.package_id] = plan_package(session, ctx, pkg)
        previews.append(preview_of(pkg, status, plans[pkg.package_id]))
    return previews, plans


def marker(session: Session) -> tuple[int, int]:
    """Changes whenever anything a plan depends on changed: every local write moves the
    change counter, every import adds an applied package."""
    counter = session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0
    applied = session.scalar(select(func.count()).select_from(SyncAppliedPackage)) or 0
    return counter, applied
