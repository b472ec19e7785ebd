"""Writing a planned import: inserts, updates, record states, agreements and conflicts,
straight to the driver on SQLite (per-row statement bookkeeping would cost more than the
encrypted writing itself), and the record of the applied package. Runs inside the
caller's transaction; nothing here commits.
"""
from __future__ import annotations

import json
from dataclasses import replace
from collections.abc import Callable
from datetime import date
from operator import itemgetter, methodcaller
from typing import Any

from sqlalchemy import Boolean, bindparam, insert, select, update
from sqlalchemy.dialects.sqlite import DATE, DATETIME
from sqlalchemy.orm import Session

from app.progress import CancelledFn, check_cancelled
from app.security.audit import append_entry
from app.security.sealing import seal_values
from app.sync.plan import Plan
from app.sync.policy import blank
from app.sync.records import TABLES, TableSpec, vv_dumps
from app.sync.sealed import store_siblings
from app.sync.verify import Context, Incoming, VerifiedPackage
from db.base import utc_now
from db.models import ChangeCounter
from db.sync_models import SyncAppliedPackage, SyncConflict, SyncRecordState, SyncSite


_FAST_SQLITE = True


def _bump_counter(session: Session) -> int:
    return session.execute(update(ChangeCounter).where(ChangeCounter.id == 1)
                           .values(value=ChangeCounter.value + 1).returning(ChangeCounter.value)).scalar_one()


def _row_values(rec: Incoming, seq: int) -> dict[str, Any]:
    return {**rec.values, "id": rec.id, "change_seq": seq, "changed_by_device": rec.by,
            "updated_at": rec.updated_at}


def _complete(spec: TableSpec, records: list[Incoming]) -> list[Incoming]:
    """New records with a blank for every field that did not arrive (sealed at the city,
    held back under consent, sealed for a device that could not open it)."""
    names = spec.column_names
    result = []
    for rec in records:
        missing = names - rec.values.keys()
        if missing:
            rec = replace(rec, values={**rec.values, **{n: blank(spec.column(n)) for n in missing}})
        result.append(rec)
    return result


def _sealed(session: Session, table_name: str, records: list[Incoming]) -> list[Incoming]:
    """Sealed fields arrive opened (under the package's sealing): sealed here with this
    file's own keys before they are stored (``app.security.sealing``)."""
    return [replace(rec, values=seal_values(session, table_name, rec.id, rec.values)) for rec in records]


def _update_rows(session: Session, table: Any, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """``_update_many`` for rows that may carry different fields: one batch per set of fields,
    so that a field a record arrived without keeps its value here."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for group in groups.values():
        _update_many(session, table, keys, group)


def _received_from(pkg: VerifiedPackage, rec: Incoming) -> str:
    # The city's merge of concurrent sealed versions goes back to every device, the sender too.
    return "" if rec.merged_here else pkg.sender


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
    rows = [(plain[t], r.id, owner, vv_dumps(r.vv), seq, r.hash, "" if r.merged_here else sender, r.relay)
            for t, r in states]
    session.connection().exec_driver_sql(
        'INSERT INTO "sync_record_state" ("table_name", "record_id", "council_code", "vv", "local_seq", "hash", '
        '"received_from", "relay") VALUES (?, ?, ?, ?, ?, ?, ?, ?)', rows)


def apply_plan(session: Session, ctx: Context, pkg: VerifiedPackage, plan: Plan,
               cancelled: CancelledFn | None = None) -> None:
    """Write ``plan`` (asking ``cancelled`` between tables; the caller rolls back on ``Cancelled``)."""
    seq = _bump_counter(session) if (plan.inserts or plan.updates) else 0
    sqlite = _FAST_SQLITE and session.connection().dialect.name == "sqlite"
    for table_name, spec in TABLES.items():
        if cancelled is not None:
            check_cancelled(cancelled)
        inserts = _sealed(session, table_name, _complete(spec, plan.inserts.get(table_name, [])))
        if sqlite:
            _insert_records_sqlite(session, spec, inserts, seq)
        else:
            _insert_many(session, spec.table, [_row_values(r, seq) for r in inserts])
    for table_name, spec in TABLES.items():
        _update_rows(session, spec.table, ["id"],
                     [_row_values(r, seq) for r in _sealed(session, table_name, plan.updates.get(table_name, []))])
    state = SyncRecordState.__table__
    if sqlite:
        _insert_states_sqlite(session, pkg, plan.new_states, seq)
    else:
        _insert_many(session, state, [
            {"table_name": t, "record_id": r.id, "council_code": pkg.owner_council, "vv": vv_dumps(r.vv),
             "local_seq": seq, "hash": r.hash, "received_from": _received_from(pkg, r), "relay": r.relay}
            for t, r in plan.new_states])
    _update_many(session, state, ["table_name", "record_id"], [
        {"table_name": t, "record_id": r.id, "vv": vv_dumps(r.vv), "local_seq": seq, "hash": r.hash,
         "received_from": _received_from(pkg, r), "relay": r.relay} for t, r in plan.changed_states])
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


def record_package(session: Session, ctx: Context, pkg: VerifiedPackage, plan: Plan, actor: Any) -> None:
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
    if pkg.devices is not None:
        store_siblings(session, pkg.devices, pkg.package_id)
    summary = {"new": plan.total("new"), "updated": plan.total("updated"), "deleted": plan.total("deleted"),
               "conflicts": plan.total("conflicts"), "unchanged": plan.total("unchanged")}
    kept = {**summary, "log_anchor": pkg.log_anchor} if ctx.role == "city" and pkg.log_anchor else summary
    session.add(SyncAppliedPackage(package_id=pkg.package_id, sender_device=pkg.sender, created_at=pkg.created_at,
                                   seq_to=pkg.seq_to, applied_at=utc_now(), summary=json.dumps(kept)))
    # One entry per package instead of one per record: counts, and the ids of what changed.
    append_entry(session, actor, "import", "sync_package", pkg.package_id,
                 {**summary, "sender": pkg.sender, "council": pkg.owner_council, "file": pkg.path.name,
                  "seq_to": pkg.seq_to, "ids": {t: dict(v) for t, v in plan.ids.items()}})
