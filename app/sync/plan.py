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
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.area_records import record_names
from app.progress import CancelledFn, check_cancelled
from app.security.sealing import open_rows
from app.sync import crypto
from app.sync.exporter import encode_row
from app.sync.records import (TABLES, TableSpec, VersionVector, canonical, current_vv, text_hash, vv_dumps, vv_leq,
                              vv_loads, vv_merge)
from app.sync.sealed import items_text, newest_items
from app.sync.verify import Context, Incoming, OpenedItem, VerifiedPackage, refuse
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
    # For people reading a preview: the sender's council by the name this PC enrolled it
    # under (not its ten-digit code), and which records are in conflict, as (table, name).
    sender_name: str = ""
    conflict_records: tuple[tuple[str, str], ...] = ()


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
        found = {r.id: r for r in open_rows(session, spec.name,
                                             session.execute(select(table).where(table.c.id.in_(chunk))))}
        rows.update(found)
        if found:
            states.update((s.record_id, s) for s in session.execute(
                select(state).where(state.c.table_name == spec.name, state.c.record_id.in_(chunk))))
    return rows, states


def _relay(absent: Iterable[str], items: list[dict[str, Any]]) -> str | None:
    """``sync_record_state.relay``: sealed items to pass on (the city) and fields that never arrived."""
    value: dict[str, Any] = {}
    if items:
        value["s"] = items
    absent = sorted(absent)
    if absent:
        value["x"] = absent
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else None


def _stored_relay(st: Any) -> dict[str, Any]:
    return json.loads(st.relay) if st is not None and st.relay else {}


def _latest(items: list[OpenedItem]) -> OpenedItem:
    """The item whose version contains the others (or, among concurrent ones, a fixed one)."""
    return next((i for i in items if all(vv_leq(o.vv, i.vv) for o in items)),
                min(items, key=lambda i: (vv_dumps(i.vv), i.by)))


class _Planner:
    """The decisions for one package's records (one table at a time)."""

    def __init__(self, ctx: Context, pkg: VerifiedPackage, plan: Plan) -> None:
        self.ctx, self.pkg, self.plan = ctx, pkg, plan
        self.city = ctx.role == "city"

    def with_sealed(self, spec: TableSpec, rec: Incoming, local: Any, mine: VersionVector | None
                    ) -> tuple[Incoming, bool]:
        """``rec`` with the sealed fields of the item this device should take, and whether a
        concurrent item holds other values than ours (a conflict even when the rest of the
        record is newer)."""
        if not rec.opened:
            return rec, False
        unseen = [o for o in rec.opened if mine is None or not vv_leq(o.vv, mine)]
        if not unseen:
            return rec, False
        chosen, clash = None, False
        newer = [o for o in unseen if mine is None or vv_leq(mine, o.vv)]
        if newer:
            chosen = _latest(newer)
        else:
            ours = encode_row(spec, local)
            differing = [o for o in unseen if any(ours.get(k) != v for k, v in o.data.items())]
            if differing:
                chosen, clash = _latest(differing), True
        if chosen is None:
            return rec, False
        return replace(rec, data={**rec.data, **chosen.data}, values={**rec.values, **chosen.values}), clash

    def relay_of(self, spec: TableSpec, rec: Incoming, st: Any) -> str | None:
        if st is None:
            absent = spec.column_names - rec.values.keys()
        else:
            absent = set(_stored_relay(st).get("x", ())) - rec.values.keys()
        return _relay(absent, rec.items if self.city else [])

    def unchanged(self, spec: TableSpec, local: Any, rec: Incoming, st: Any) -> bool:
        """The newer version brings nothing new here (at the city: nor new sealed items)."""
        if self.city and items_text(_stored_relay(st).get("s", [])) != items_text(rec.items):
            return False
        return _same(spec, local, rec.data)

    def relay_merge(self, spec: TableSpec, rec: Incoming, st: Any, mine: VersionVector) -> Incoming | None:
        """City: concurrent versions whose visible fields agree but whose sealed items differ.
        It cannot tell which sealed values are right, so it keeps both items and relays the
        record again to every device, where the council's own devices decide."""
        stored = _stored_relay(st).get("s", [])
        if items_text(stored) == items_text(rec.items):
            return None
        items = newest_items(stored + rec.items)
        merged = vv_merge(mine, rec.vv)
        digest = text_hash(canonical(rec.data) + "\n" + items_text(items))
        kept = replace(rec, vv=merged, by=self.ctx.self_device, items=items, hash=digest, merged_here=True)
        kept.relay = _relay(set(_stored_relay(st).get("x", ())) - rec.values.keys(), items)
        return kept


def _same(spec: TableSpec, local: Any, data: dict[str, Any]) -> bool:
    """The local row holds exactly what ``data`` carries (fields it does not carry: ours stand)."""
    return encode_row(spec, local, None, frozenset(data)) == data


def plan_package(session: Session, ctx: Context, pkg: VerifiedPackage) -> Plan:
    plan = Plan()
    planner = _Planner(ctx, pkg, plan)
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
                rec, _clash = planner.with_sealed(spec, rec, None, None)
                rec.relay = planner.relay_of(spec, rec, None)
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
            rec, clash = planner.with_sealed(spec, rec, local, mine)
            rec.relay = planner.relay_of(spec, rec, st)
            if vv_leq(mine, rec.vv) and not clash:
                plan.updates[table_name].append(rec)
                (plan.changed_states if st is not None else plan.new_states).append((table_name, rec))
                if conflict is not None and vv_leq(vv_loads(conflict.incoming_vv), rec.vv):
                    plan.superseded.append(conflict.id)
                if planner.unchanged(spec, local, rec, st):
                    plan.count(table_name, "unchanged", rec.id)
                elif rec.deleted and local.deleted_at is None:
                    plan.count(table_name, "deleted", rec.id)
                else:
                    plan.count(table_name, "updated", rec.id)
                continue
            if not clash and _same(spec, local, rec.data):
                relayed = planner.relay_merge(spec, rec, st, mine) if planner.city else None
                if relayed is not None:
                    plan.updates[table_name].append(relayed)
                    (plan.changed_states if st is not None else plan.new_states).append((table_name, relayed))
                    plan.count(table_name, "updated", rec.id)
                    continue
                # Both sides made the same change: agree without a conflict.
                plan.merges.append({"table_name": table_name, "record_id": rec.id, "vv": vv_dumps(vv_merge(mine, rec.vv)),
                                    "local_seq": local.change_seq, "exists": st is not None,
                                    "hash": rec.hash, "council_code": owner})
                plan.count(table_name, "unchanged", rec.id)
                continue
            values = {"local_vv": vv_dumps(mine), "local_data": _conflict_json(spec, encode_row(spec, local), local),
                      "incoming_vv": vv_dumps(rec.vv),
                      "incoming_data": _conflict_json(spec, rec.data, rec.values, rec.items if planner.city else None),
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


SEALED_KEY = "_sealed"  # never a column name


def _conflict_json(spec: TableSpec, data: dict[str, Any], source: Any,
                   items: list[dict[str, Any]] | None = None) -> str:
    """A version kept in a conflict; bytes are kept too, so 'take theirs' can restore them,
    and at the city the sealed items, so a resolution passes them on."""
    kept = dict(data)
    binary = spec.binary
    if binary is not None and binary.name in data:
        blob = source.get(binary.name) if isinstance(source, dict) else getattr(source, binary.name)
        kept[binary.name] = {**data[binary.name], "b64": crypto.b64(bytes(blob or b""))}
    if items:
        kept[SEALED_KEY] = items
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
    return [_named(session, ctx, p, plans.get(p.package_id)) for p in previews], plans


def _named(session: Session, ctx: Context, preview: PackagePreview, plan: Plan | None) -> PackagePreview:
    """The preview with the sender's council name and the names of records in conflict."""
    site = ctx.sites.get(preview.sender_device)
    conflicts: list[tuple[str, str]] = []
    if plan is not None:
        wanted = [(t, i) for t, kinds in plan.ids.items() for i in kinds.get("conflicts", [])]
        names = record_names(session, wanted)
        conflicts = [(t, names.get((t, i), "")) for t, i in wanted]
    return replace(preview, sender_name=site.council_name if site is not None else "",
                   conflict_records=tuple(conflicts))


def marker(session: Session) -> tuple[int, int]:
    """Changes whenever anything a plan depends on changed: every local write moves the
    change counter, every import adds an applied package."""
    counter = session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0
    applied = session.scalar(select(func.count()).select_from(SyncAppliedPackage)) or 0
    return counter, applied
