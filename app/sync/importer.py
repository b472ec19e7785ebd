"""Reading packages into the database: verify everything first, preview, back up, apply
in one transaction.

Order of work, so that a refused package leaves the database byte for byte as it was:

1. For every file, before any write: the archive (size, names, zip-bomb limits), the
   recipient, the sender (known, not revoked), the signature, the payload's checksum,
   decryption, the manifest (format, schema revision, council), every member's checksum,
   every record (known table, known fields of the right types), and every reference
   (to a record in the database or in the batch). Packages already applied, or older
   than one already applied from the same sender, are "nothing to do", not errors.
2. ``preview_package`` stops here and says what would change.
3. ``import_packages`` backs up the database, then applies all packages in one
   transaction, oldest first: new records, updates whose version contains ours, and
   tombstones; a record changed on both sides since they last agreed becomes a conflict
   (``sync_conflict``) and keeps our version; the rest applies. Imported records keep
   their origin device and get one new local ``change_seq`` per package, so the city
   relays them onwards exactly once.
"""
from __future__ import annotations

import gc
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, bindparam, func, insert, select, update
from sqlalchemy.dialects.sqlite import DATE, DATETIME
from sqlalchemy.orm import Session

from app.security.audit import append_entry
from app.security.permissions import Permission, require
from app.sync import crypto
from app.sync.exporter import encode_row
from app.sync.messages import SyncRefused
from app.sync.package import (EXTENSION, FORMAT, Envelope, attachment_files, open_payload, read_envelope,
                              record_tables, verify_envelope)
from app.sync.records import (TABLES, RecordError, text_hash, valid_device, TableSpec, content_hash, current_vv,
                              validate_vv, vv_dumps, vv_leq, vv_loads, vv_merge, _to_datetime)
from db import migrate
from db.base import utc_now
from db.models import ChangeCounter, Installation
from db.session import Database
from db.sync_models import SyncAppliedPackage, SyncConflict, SyncIdentity, SyncRecordState, SyncSite

Progress = Callable[[int, int, str], None]
_CHUNK = 500
_LOGGED_IDS = 50
_RECORD_KEYS = frozenset({"id", "v", "by", "u", "bh", "d"})
# New records and their states go to SQLite's driver as ready rows (tests turn it off to
# compare with the general path).
_FAST_SQLITE = True


@dataclass
class Incoming:
    id: str
    vv: dict[str, int]
    by: str
    updated_at: datetime
    base_hash: str | None
    data: dict[str, Any]  # as it travelled (JSON values)
    values: dict[str, Any]  # as stored (dates, bytes)
    deleted: bool  # a tombstone
    hash: str  # content hash of ``data``


@dataclass
class VerifiedPackage:
    path: Path
    package_id: str
    sender: str
    sender_council: str
    owner_council: str  # whose records these are
    created_at: datetime
    seq_from: int
    seq_to: int
    acks: dict[str, int]
    records: dict[str, list[Incoming]]  # parents first


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


@dataclass(frozen=True)
class ImportPreview:
    packages: tuple[PackagePreview, ...]

    def _sum(self, name: str) -> int:
        return sum(getattr(p, name) for p in self.packages)

    @property
    def new(self) -> int:
        return self._sum("new")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def deleted(self) -> int:
        return self._sum("deleted")

    @property
    def conflicts(self) -> int:
        return self._sum("conflicts")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def nothing_to_do(self) -> bool:
        return not (self.new or self.updated or self.deleted or self.conflicts) and all(
            p.status != "apply" for p in self.packages)


@dataclass(frozen=True)
class ImportResult(ImportPreview):
    backup: Path | None = None


@dataclass
class _Context:
    self_device: str
    role: str
    council_code: str
    identity: crypto.Identity | None
    sites: dict[str, SyncSite]


@dataclass
class _Plan:
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


# Verification (no writes) ------------------------------------------------------------------

def _context(session: Session) -> _Context:
    inst = session.scalar(select(Installation))
    assert inst is not None
    row = session.get(SyncIdentity, 1)
    identity = crypto.Identity(row.device_id, bytes(row.sign_key), bytes(row.box_key)) if row else None
    if inst.site_role == "council" and (row is None or not row.enrollment_id):
        raise SyncRefused("sync_not_enrolled")
    sites = {s.device_id: s for s in session.scalars(select(SyncSite))}
    return _Context(inst.device_id, inst.site_role, inst.council_code, identity, sites)


def _refuse(code: str, path: Path, **params: object) -> SyncRefused:
    return SyncRefused(code, path=str(path), **params)


def _check_sender(ctx: _Context, envelope: Envelope) -> SyncSite:
    path = envelope.path
    if ctx.self_device not in envelope.recipients or ctx.identity is None:
        raise _refuse("sync_wrong_recipient", path, recipient=", ".join(sorted(envelope.recipients))[:200])
    site = ctx.sites.get(envelope.sender)
    expected_role = "city" if ctx.role == "council" else "council"
    if site is None or site.role != expected_role:
        raise _refuse("sync_unknown_sender", path, device=envelope.sender[:36])
    if site.status == "revoked":
        raise _refuse("sync_revoked_sender", path, device=site.device_id)
    return site


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _parse_records(spec: TableSpec, data: bytes, files: dict[str, bytes], path: Path) -> list[Incoming]:
    result: list[Incoming] = []
    seen: set[str] = set()
    names = spec.column_names
    binary = spec.binary
    plain = [(c.name, c.parse, c.nullable) for c in spec.columns if c is not binary]
    devices: set[str] = set()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse("sync_bad_record", path, table=spec.name, id="?", detail="not UTF-8") from exc
    lines = [line for line in text.split("\n") if line]
    try:
        # One parse for the whole table is much faster than one per line; a broken line is
        # then found (and named) line by line.
        parsed = json.loads("[" + ",".join(lines) + "]")
        if len(parsed) != len(lines):
            raise ValueError("lines")
    except ValueError:
        parsed = None
    for number, line in enumerate(lines):
        record_id = "?"
        try:
            raw = parsed[number] if parsed is not None else json.loads(line)
            if not isinstance(raw, dict) or raw.keys() != _RECORD_KEYS:
                raise RecordError("record shape")
            record_id = raw["id"]
            if not isinstance(record_id, str) or not 1 <= len(record_id) <= 36:
                record_id = "?"
                raise RecordError("id")
            if record_id in seen:
                raise RecordError("duplicate id")
            seen.add(record_id)
            by = raw["by"]
            if not valid_device(by, devices):
                raise RecordError("device")
            base_hash = raw["bh"]
            if base_hash is not None and (not isinstance(base_hash, str) or len(base_hash) != 64):
                raise RecordError("base hash")
            d = raw["d"]
            if not isinstance(d, dict):
                raise RecordError("fields")
            if d.keys() != names:
                unknown = sorted(set(d) - names)
                missing = sorted(names - set(d))
                raise RecordError(f"unknown fields {unknown}" if unknown else f"missing fields {missing}")
            values = {}
            for name, parse, nullable in plain:
                value = d[name]
                if value is None:
                    if not nullable:
                        raise RecordError(f"{name} may not be empty")
                    values[name] = None
                else:
                    values[name] = parse(value)
            if binary is not None:
                ref = d[binary.name]
                if not isinstance(ref, dict) or ref.keys() != {"file"} or ref["file"] not in files:
                    raise RecordError(f"{binary.name}: missing file")
                values[binary.name] = files[ref["file"]]
            # ``d`` comes last in the line as our exporter writes it: its text is the
            # canonical form, hashed without encoding it again.
            at = line.rfind(',"d":')
            digest = text_hash(line[at + 5:-1]) if at > 0 and line.endswith("}") else content_hash(d)
            result.append(Incoming(record_id, validate_vv(raw["v"], devices), by, _to_datetime(raw["u"]), base_hash,
                                   d, values, values.get("deleted_at") is not None, digest))
        except (RecordError, ValueError, TypeError, KeyError, OverflowError) as exc:
            raise _refuse("sync_bad_record", path, table=spec.name, id=str(record_id)[:36], detail=str(exc)[:120]) from exc
    return result


def _verify(ctx: _Context, path: Path) -> VerifiedPackage:
    envelope = read_envelope(path)
    site = _check_sender(ctx, envelope)
    verify_envelope(envelope, bytes(site.sign_public))
    assert ctx.identity is not None
    contents = open_payload(envelope, ctx.identity)
    m = contents.manifest
    sender, recipient = m.get("sender"), m.get("recipient")
    if (m.get("package_id") != envelope.package_id or not isinstance(sender, dict)
            or sender.get("device") != envelope.sender or not isinstance(recipient, dict)
            or not isinstance(m.get("counts"), dict) or not isinstance(m.get("acks"), dict)
            or not _int(m.get("seq_from")) or not _int(m.get("seq_to")) or not _int(m.get("format"))):
        raise _refuse("sync_tampered", path, detail="manifest")
    if m["format"] > FORMAT:
        raise _refuse("sync_too_new", path, what=f"format {m['format']}")
    if m.get("schema") not in migrate.known_revisions():
        raise _refuse("sync_too_new", path, what=f"schema {str(m.get('schema'))[:20]}")
    if ctx.role == "council":
        if recipient.get("council_code") != ctx.council_code:
            raise _refuse("sync_wrong_council", path, council=str(recipient.get("council_code"))[:20])
        owner = ctx.council_code
    else:
        if sender.get("council_code") != site.council_code:
            raise _refuse("sync_wrong_council", path, council=str(sender.get("council_code"))[:20])
        owner = site.council_code
    acks = m["acks"]
    if not all(isinstance(k, str) and _int(v) for k, v in acks.items()):
        raise _refuse("sync_tampered", path, detail="acks")
    try:
        created = _to_datetime(m.get("created_at"))
    except (RecordError, ValueError) as exc:
        raise _refuse("sync_tampered", path, detail="created_at") from exc
    files = attachment_files(contents)
    tables = record_tables(contents)
    for name in tables:
        if name not in TABLES:
            raise _refuse("sync_unknown_table", path, table=name)
    records = {name: _parse_records(spec, tables[name], files, path) for name, spec in TABLES.items() if name in tables}
    counts = {name: len(rows) for name, rows in records.items()}
    if counts != m["counts"]:
        raise _refuse("sync_tampered", path, detail="counts")
    return VerifiedPackage(path, envelope.package_id, envelope.sender, site.council_code, owner, created,
                           m["seq_from"], m["seq_to"], dict(acks), records)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _existing_ids(session: Session, table_name: str, ids: Iterable[str]) -> set[str]:
    table = TABLES[table_name].table
    found: set[str] = set()
    for chunk in _chunks(sorted(set(ids))):
        found.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return found


def _owners(session: Session, table_name: str, ids: Iterable[str]) -> dict[str, str]:
    state = SyncRecordState.__table__
    owners: dict[str, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        owners.update(session.execute(select(state.c.record_id, state.c.council_code)
                                      .where(state.c.table_name == table_name, state.c.record_id.in_(chunk))).all())
    return owners


def _check_references(session: Session, ctx: _Context, pkg: VerifiedPackage,
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
                raise _refuse("sync_missing_reference", pkg.path, table=table_name, id=record_id, target=target,
                              target_id=value)
        if ctx.role == "city":
            owners = _owners(session, target, found)
            for value in found:
                if owners.get(value) != pkg.owner_council:
                    raise _refuse("sync_wrong_council", pkg.path, council=owners.get(value, ctx.council_code))


def _local_rows(session: Session, spec: TableSpec, ids: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    table, state = spec.table, SyncRecordState.__table__
    rows: dict[str, Any] = {}
    states: dict[str, Any] = {}
    for chunk in _chunks(ids):
        found = {r.id: r for r in session.execute(select(table).where(table.c.id.in_(chunk)))}
        rows.update(found)
        if found:
            states.update((s.record_id, s) for s in session.execute(
                select(state).where(state.c.table_name == spec.name, state.c.record_id.in_(chunk))))
    return rows, states


def _plan(session: Session, ctx: _Context, pkg: VerifiedPackage) -> _Plan:
    plan = _Plan()
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
                raise _refuse("sync_wrong_council", pkg.path, council=owner)
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


def _preview(pkg: VerifiedPackage, status: str, plan: _Plan | None) -> PackagePreview:
    if plan is None:
        return PackagePreview(pkg.path, pkg.package_id, pkg.sender, pkg.sender_council, pkg.created_at, status)
    return PackagePreview(pkg.path, pkg.package_id, pkg.sender, pkg.sender_council, pkg.created_at, status,
                          plan.total("new"), plan.total("updated"), plan.total("deleted"), plan.total("conflicts"),
                          plan.total("unchanged"), {t: dict(c) for t, c in plan.counts.items()})


def _expand(paths: Iterable[Path]) -> list[Path]:
    result: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == EXTENSION and not p.name.startswith("."))
            if not found:
                # An empty stick is a mistake to report, not "nothing to do".
                raise SyncRefused("sync_no_packages", path=str(path))
            result.extend(found)
        else:
            result.append(path)
    return result


def _status(session: Session, ctx: _Context, pkg: VerifiedPackage) -> str:
    if session.get(SyncAppliedPackage, pkg.package_id) is not None:
        return "replay"
    site = session.get(SyncSite, pkg.sender)
    if site is not None and pkg.seq_to < site.received_seq:
        return "stale"
    return "apply"


def _verify_all(session: Session, paths: Iterable[Path], progress: Progress | None) -> tuple[_Context, list[VerifiedPackage]]:
    ctx = _context(session)
    files = _expand(paths)
    packages: dict[str, VerifiedPackage] = {}
    for number, path in enumerate(files):
        if progress:
            progress(number, len(files), path.name)
        pkg = _verify(ctx, path)
        packages.setdefault(pkg.package_id, pkg)  # the same package twice in one batch counts once
    ordered = sorted(packages.values(), key=lambda p: (p.sender, p.seq_to, p.created_at))
    return ctx, ordered


def _check_batch(session: Session, ctx: _Context,
                 packages: list[VerifiedPackage]) -> tuple[list[PackagePreview], dict[str, _Plan]]:
    batch_ids: dict[str, set[str]] = defaultdict(set)
    for pkg in packages:
        for table_name, rows in pkg.records.items():
            batch_ids[table_name].update(r.id for r in rows)
    previews, plans = [], {}
    for pkg in packages:
        status = _status(session, ctx, pkg)
        if status != "apply":
            previews.append(_preview(pkg, status, None))
            continue
        _check_references(session, ctx, pkg, batch_ids)
        plans[pkg.package_id] = _plan(session, ctx, pkg)
        previews.append(_preview(pkg, status, plans[pkg.package_id]))
    return previews, plans


def _marker(session: Session) -> tuple[int, int]:
    """Changes whenever anything a plan depends on changed: every local write moves the
    change counter, every import adds an applied package."""
    counter = session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0
    applied = session.scalar(select(func.count()).select_from(SyncAppliedPackage)) or 0
    return counter, applied


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a package's records are read and written.

    Parsing a big package creates a million small objects that all stay alive, and every
    few hundred of them the collector would walk the growing heap again: a third of a full
    import. Reference counting still frees everything as usual; cycles wait until the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def preview_package(db: Database, paths: Iterable[Path] | Path) -> ImportPreview:
    """Verify packages and say what importing them would change; writes nothing.

    Several packages of the same sender are each compared with the database as it is now.
    """
    require(db.actor, Permission.SYNC)
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    with _no_cycle_collection(), db.session_factory() as session:
        ctx, packages = _verify_all(session, paths, None)
        previews, _plans = _check_batch(session, ctx, packages)
        session.rollback()
    return ImportPreview(tuple(previews))


# Applying ----------------------------------------------------------------------------------

def _bump_counter(session: Session) -> int:
    return session.execute(update(ChangeCounter).where(ChangeCounter.id == 1)
                           .values(value=ChangeCounter.value + 1).returning(ChangeCounter.value)).scalar_one()


def _row_values(rec: Incoming, seq: int) -> dict[str, Any]:
    return {**rec.values, "id": rec.id, "change_seq": seq, "changed_by_device": rec.by,
            "updated_at": rec.updated_at}


def _driver_rows(rows: list[dict[str, Any]], names: list[str], converters: list[Any]) -> list[tuple[Any, ...]]:
    """Rows as tuples in ``names`` order, each value through its column's bind conversion."""
    converting = [(i, c) for i, c in enumerate(converters) if c is not None]
    result = []
    for row in rows:
        values = [row[n] for n in names]
        for i, convert in converting:
            if values[i] is not None:
                values[i] = convert(values[i])
        result.append(tuple(values))
    return result


def _insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows. On SQLite straight to the driver's ``executemany`` with each
    column's own bind conversion: per-row statement bookkeeping would cost more than the
    (encrypted) writing itself."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    names = list(rows[0])
    converters = [table.c[n].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for n in names]
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" * len(names))
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    conn.exec_driver_sql(sql, _driver_rows(rows, names, converters))


def _update_many(session: Session, table: Any, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """UPDATE many rows by their ``keys`` columns; the same driver path as ``_insert_many``."""
    if not rows:
        return
    conn = session.connection()
    names = [n for n in rows[0] if n not in keys]
    if conn.dialect.name != "sqlite":
        statement = (update(table).where(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
                     .values({n: bindparam(f"b_{n}") for n in names}))
        session.execute(statement, [{**{f"k_{k}": r[k] for k in keys}, **{f"b_{n}": r[n] for n in names}}
                                    for r in rows])
        return
    order = names + keys
    converters = [table.c[n].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for n in order]
    assignments = ", ".join(f'"{n}" = ?' for n in names)
    where = " AND ".join(f'"{k}" = ?' for k in keys)
    sql = f'UPDATE "{table.name}" SET {assignments} WHERE {where}'
    conn.exec_driver_sql(sql, _driver_rows(rows, order, converters))


_ISO_DATE = DATE._storage_format
_ISO_DATETIME = DATETIME._storage_format


def _storage_converter(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """``column``'s bind conversion on SQLite. Dates and datetimes written with SQLite's
    default storage formats are the ISO text of the value, so a C method gives exactly the
    same string as the Python ``%``-formatting of the bind processor (the fast-path tests
    compare both)."""
    impl = column.type.dialect_impl(dialect)
    if isinstance(impl, DATETIME) and impl._storage_format == _ISO_DATETIME:
        return _datetime_text  # 'YYYY-MM-DD HH:MM:SS.ffffff'
    if isinstance(impl, DATE) and impl._storage_format == _ISO_DATE:
        return date.isoformat  # 'YYYY-MM-DD'
    if isinstance(impl, Boolean) and not dialect.supports_native_boolean:
        return int  # the processor's own coercion; the values are checked bools already
    return impl.bind_processor(dialect)


_datetime_text = methodcaller("isoformat", " ", "microseconds")


def _insert_records_sqlite(session: Session, spec: TableSpec, records: list[Incoming], seq: int) -> None:
    """The rows of new records straight from the parsed records, in their order (which
    becomes their rowid order, as before): no per-row dict, the same stored values."""
    if not records:
        return
    conn = session.connection()
    dialect, table = conn.dialect, spec.table
    names = [c.name for c in spec.columns]
    getter = itemgetter(*names)
    if len(names) == 1:
        single = getter
        getter = lambda values: (single(values),)  # noqa: E731  (itemgetter of one name is no tuple)
    converting = [(i, convert) for i, convert in enumerate(_storage_converter(table.c[n], dialect) for n in names)
                  if convert is not None]
    stamp = _storage_converter(table.c.updated_at, dialect)
    rows = []
    append = rows.append
    for rec in records:
        values = list(getter(rec.values))
        for i, convert in converting:
            value = values[i]
            if value is not None:
                values[i] = convert(value)
        values += (rec.id, seq, rec.by, stamp(rec.updated_at) if stamp is not None else rec.updated_at)
        append(tuple(values))
    names += ["id", "change_seq", "changed_by_device", "updated_at"]
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" * len(names))
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', rows)


def _insert_states_sqlite(session: Session, pkg: VerifiedPackage, states: list[tuple[str, Incoming]],
                          seq: int) -> None:
    """``sync_record_state`` rows: text and integers, which have no bind conversions."""
    if not states:
        return
    owner, sender = pkg.owner_council, pkg.sender
    # Table names are SQLAlchemy's ``quoted_name`` (a str subclass), which the driver would
    # inspect for adaptation on every row; as plain str they are the same text.
    plain = {name: str(name) for name in TABLES}
    rows = [(plain[t], r.id, owner, vv_dumps(r.vv), seq, r.hash, sender) for t, r in states]
    session.connection().exec_driver_sql(
        'INSERT INTO "sync_record_state" ("table_name", "record_id", "council_code", "vv", "local_seq", "hash", '
        '"received_from") VALUES (?, ?, ?, ?, ?, ?, ?)', rows)


def _apply(session: Session, ctx: _Context, pkg: VerifiedPackage, plan: _Plan) -> None:
    seq = _bump_counter(session) if (plan.inserts or plan.updates) else 0
    sqlite = _FAST_SQLITE and session.connection().dialect.name == "sqlite"
    for table_name, spec in TABLES.items():
        if sqlite:
            _insert_records_sqlite(session, spec, plan.inserts.get(table_name, []), seq)
        else:
            _insert_many(session, spec.table, [_row_values(r, seq) for r in plan.inserts.get(table_name, ())])
    for table_name, spec in TABLES.items():
        _update_many(session, spec.table, ["id"], [_row_values(r, seq) for r in plan.updates.get(table_name, ())])
    state = SyncRecordState.__table__
    if sqlite:
        _insert_states_sqlite(session, pkg, plan.new_states, seq)
    else:
        _insert_many(session, state, [
            {"table_name": t, "record_id": r.id, "council_code": pkg.owner_council, "vv": vv_dumps(r.vv),
             "local_seq": seq, "hash": r.hash, "received_from": pkg.sender}
            for t, r in plan.new_states])
    _update_many(session, state, ["table_name", "record_id"], [
        {"table_name": t, "record_id": r.id, "vv": vv_dumps(r.vv), "local_seq": seq, "hash": r.hash,
         "received_from": pkg.sender} for t, r in plan.changed_states])
    for merge in plan.merges:
        if merge["exists"]:
            session.execute(update(state).where(state.c.table_name == merge["table_name"],
                                                state.c.record_id == merge["record_id"])
                            .values(vv=merge["vv"], local_seq=merge["local_seq"]))
        else:
            session.execute(insert(state).values(table_name=merge["table_name"], record_id=merge["record_id"],
                                                 council_code=merge["council_code"], vv=merge["vv"],
                                                 local_seq=merge["local_seq"], hash=merge["hash"], received_from=""))
    conflicts = SyncConflict.__table__
    if plan.new_conflicts:
        session.execute(insert(conflicts), plan.new_conflicts)
    for values in plan.changed_conflicts:
        session.execute(update(conflicts).where(conflicts.c.id == values["id"])
                        .values({k: v for k, v in values.items() if k != "id"}))
    if plan.superseded:
        session.execute(update(conflicts).where(conflicts.c.id.in_(plan.superseded))
                        .values(status="superseded", resolved_at=utc_now(), resolved_by="sync"))


def _record_package(session: Session, ctx: _Context, pkg: VerifiedPackage, plan: _Plan, actor: Any) -> None:
    site = session.get(SyncSite, pkg.sender)
    assert site is not None
    counter = session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0
    site.received_seq = max(site.received_seq, pkg.seq_to)
    # An acknowledgement can never be above what we have ever written.
    site.acked_seq = max(site.acked_seq, min(pkg.acks.get(ctx.self_device, 0), counter))
    site.last_package_at = utc_now()
    site.last_package_id = pkg.package_id
    if site.status == "pending":
        site.status = "active"
    summary = {"new": plan.total("new"), "updated": plan.total("updated"), "deleted": plan.total("deleted"),
               "conflicts": plan.total("conflicts"), "unchanged": plan.total("unchanged")}
    session.add(SyncAppliedPackage(package_id=pkg.package_id, sender_device=pkg.sender, created_at=pkg.created_at,
                                   seq_to=pkg.seq_to, applied_at=utc_now(), summary=json.dumps(summary)))
    # One entry per package instead of one per record: counts, and the ids of what changed.
    append_entry(session, actor, "import", "sync_package", pkg.package_id,
                 {**summary, "sender": pkg.sender, "council": pkg.owner_council, "file": pkg.path.name,
                  "seq_to": pkg.seq_to, "ids": {t: dict(v) for t, v in plan.ids.items()}})


def _backup(db: Database) -> Path | None:
    if db.path is None:
        return None  # PostgreSQL (city server): its own backups apply
    from app.backup import backup_before  # lazily: the backup area is built alongside

    return backup_before(db, "before-import")


def import_packages(db: Database, paths: Iterable[Path] | Path, progress: Progress | None = None) -> ImportResult:
    """Verify every package, back up, then apply them all in one transaction.

    Refused input raises ``SyncRefused`` with nothing changed; packages applied before are
    "nothing to do". Conflicts are kept for ``resolve_conflict`` (the CLI exits 4).
    """
    require(db.actor, Permission.SYNC)
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    with _no_cycle_collection():
        return _import(db, paths, progress)


def _import(db: Database, paths: Iterable[Path], progress: Progress | None) -> ImportResult:
    with db.session_factory() as session:
        ctx, packages = _verify_all(session, paths, progress)
        previews, plans = _check_batch(session, ctx, packages)
        marker = _marker(session)
        session.rollback()
    if all(p.status != "apply" for p in previews):
        return ImportResult(tuple(previews))
    backup = _backup(db)
    results: list[PackagePreview] = []
    with db.uow() as uow:
        session = uow.session
        session.info.update(keep_stamps=True, allow_locked_minutes=True, skip_audit=True)
        if session.connection().dialect.name == "sqlite":
            # A big import touches index pages all over the file (ids are random); a larger
            # page cache for this transaction saves re-reading and re-decrypting them.
            session.connection().exec_driver_sql("PRAGMA cache_size = -65536")
        ctx = _context(session)
        # The plans made while checking still hold until the first package is applied,
        # unless someone wrote in between (the window and the CLI share the file).
        reuse = _marker(session) == marker
        for number, pkg in enumerate(packages):
            if progress:
                progress(number, len(packages), pkg.path.name)
            status = _status(session, ctx, pkg)
            if status != "apply":
                results.append(_preview(pkg, status, None))
                continue
            plan = plans[pkg.package_id] if reuse and pkg.package_id in plans else _plan(session, ctx, pkg)
            reuse = False
            _apply(session, ctx, pkg, plan)
            _record_package(session, ctx, pkg, plan, uow.actor)
            session.flush()
            results.append(_preview(pkg, status, plan))
        if session.connection().dialect.name == "sqlite":
            session.connection().exec_driver_sql("PRAGMA cache_size = -2000")  # SQLite's default again
        uow.commit()
    if progress:
        progress(len(packages), len(packages), "")
    return ImportResult(tuple(results), backup=backup)
