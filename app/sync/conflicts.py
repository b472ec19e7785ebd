"""Conflicts: a record changed on two devices since they last agreed. Nothing is
overwritten silently: the import keeps our version and stores theirs; a person chooses
field by field — keep mine, take theirs, or (free text) keep both — and the result is a
new local change whose version contains both, so it travels and settles everywhere.
Resolved conflicts stay as history (status ``resolved``, or ``superseded`` when a later
version that already contains both arrived from elsewhere).
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.errors import field_label
from app.security.audit import append_entry
from app.security.permissions import Permission, require
from app.sync.exporter import encode_row
from app.sync.messages import SyncRefused
from app.sync.plan import SEALED_KEY
from app.sync.records import TABLES, ColumnSpec, content_hash, current_vv, decode_value, vv_dumps, vv_loads, vv_merge
from app.sync.sealed import newest_items
from db.base import utc_now
from db.models import Installation
from db.registry import synced_model
from db.session import UnitOfWork
from db.sync_models import SyncConflict, SyncRecordState

MINE, THEIRS, BOTH = "mine", "theirs", "both"


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    mine: Any
    theirs: Any
    can_keep_both: bool


@dataclass(frozen=True)
class ConflictView:
    id: str
    table_name: str
    record_id: str
    council_code: str
    status: str
    created_at: datetime
    incoming_device: str
    base_hash: str | None
    fields: tuple[FieldDiff, ...]
    resolved_at: datetime | None
    resolved_by: str
    choices: dict[str, str]


def _comparable(column: ColumnSpec, value: Any) -> Any:
    return value.get("file") if column.kind == "bytes" and isinstance(value, dict) else value


def _shown(column: ColumnSpec, value: Any) -> Any:
    if column.kind == "bytes" and isinstance(value, dict):
        return f"<file {str(value.get('file', ''))[:12]}>"
    return value


def _both_text(column: ColumnSpec, mine: Any, theirs: Any) -> str | None:
    """Mine, then theirs on the next line; None when it is not free text or does not fit."""
    if not column.free_text or not isinstance(mine, str) or not isinstance(theirs, str):
        return None
    text = "\n".join(part for part in (mine, theirs) if part)
    if column.text_limit is not None and len(text) > column.text_limit:
        return None
    return text


def _differences(spec: Any, mine: dict[str, Any], theirs: dict[str, Any]) -> list[tuple[ColumnSpec, Any, Any]]:
    """Fields that differ; a field their version arrived without (sealed at the city, held
    back under consent) is not theirs to offer."""
    return [(c, mine[c.name], theirs[c.name]) for c in spec.columns
            if c.name in theirs and _comparable(c, mine.get(c.name)) != _comparable(c, theirs.get(c.name))]


def _resolved_relay(relay: str | None, their_items: list[dict[str, Any]], taken: set[str]) -> str | None:
    """The city keeps both sides' sealed items (it cannot choose between them; the council's
    devices will); a field taken from theirs has a value here now."""
    value = json.loads(relay) if relay else {}
    if their_items:
        value["s"] = newest_items(value.get("s", []) + their_items)
    if value.get("x"):
        value["x"] = sorted(set(value["x"]) - taken)
    value = {k: v for k, v in value.items() if v}
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else None


def _view(session: Any, row: SyncConflict) -> ConflictView:
    spec = TABLES[row.table_name]
    theirs = json.loads(row.incoming_data)
    if row.status == "open":
        model = synced_model(row.table_name)
        obj = session.get(model, row.record_id)
        mine = encode_row(spec, obj) if obj is not None else json.loads(row.local_data)
    else:
        mine = json.loads(row.local_data)
    fields = tuple(FieldDiff(c.name, field_label(c.name), _shown(c, m), _shown(c, t), _both_text(c, m, t) is not None)
                   for c, m, t in _differences(spec, mine, theirs))
    return ConflictView(row.id, row.table_name, row.record_id, row.council_code, row.status, row.created_at,
                        row.incoming_device, row.base_hash, fields, row.resolved_at, row.resolved_by,
                        json.loads(row.choices) if row.choices else {})


def list_conflicts(uow: UnitOfWork, include_closed: bool = False) -> list[ConflictView]:
    """Open conflicts (and, if asked, the history of resolved ones), oldest first."""
    require(uow.actor, Permission.SYNC)
    with uow:
        query = select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.id)
        if not include_closed:
            query = query.where(SyncConflict.status == "open")
        return [_view(uow.session, row) for row in uow.session.scalars(query)]


def resolve_conflict(uow: UnitOfWork, conflict_id: str, choices: dict[str, str]) -> ConflictView:
    """Settle one conflict: ``choices`` maps each differing field to mine, theirs or both."""
    require(uow.actor, Permission.SYNC)
    with uow:
        session = uow.session
        row = session.get(SyncConflict, conflict_id)
        if row is None:
            raise SyncRefused("sync_conflict_not_found", id=conflict_id)
        if row.status != "open":
            raise SyncRefused("sync_conflict_closed", id=conflict_id)
        # The person decides for this record: approved minutes and the city's replicas included.
        session.info.update(allow_locked_minutes=True, allow_replica_edit=True)
        spec = TABLES[row.table_name]
        obj = session.get(synced_model(row.table_name), row.record_id)
        assert obj is not None, "a conflict is only kept for a record that exists here"
        mine = encode_row(spec, obj)
        theirs = json.loads(row.incoming_data)
        used: dict[str, str] = {}
        for column, my_value, their_value in _differences(spec, mine, theirs):
            choice = choices.get(column.name)
            both = _both_text(column, my_value, their_value)
            if choice not in (MINE, THEIRS, BOTH):
                raise SyncRefused("sync_conflict_choice", field=field_label(column.name),
                                  both=" / 둘 다 유지" if both is not None else "")
            if choice == BOTH and both is None:
                raise SyncRefused("sync_conflict_both", field=field_label(column.name))
            used[column.name] = choice
            if choice == THEIRS:
                if column.kind == "bytes":
                    setattr(obj, column.name, base64.b64decode(their_value["b64"]))
                else:
                    setattr(obj, column.name, decode_value(column, their_value))
            elif choice == BOTH:
                setattr(obj, column.name, both)
        device = session.info.get("device_id", "")
        state = session.get(SyncRecordState, (row.table_name, row.record_id))
        mine_vv = current_vv(state.vv if state else None, state.local_seq if state else None, obj.change_seq, device)
        merged = vv_dumps(vv_merge(mine_vv, vv_loads(row.incoming_vv)))
        plain_theirs = {c.name: ({"file": theirs[c.name]["file"]} if c.kind == "bytes" else theirs[c.name])
                        for c in spec.columns if c.name in theirs}
        if state is None:
            owner = row.council_code or session.scalar(select(Installation.council_code))
            state = SyncRecordState(table_name=row.table_name, record_id=row.record_id, council_code=owner)
            session.add(state)
        state.relay = _resolved_relay(state.relay, theirs.get(SEALED_KEY, []),
                                      {name for name, choice in used.items() if choice != MINE})
        # -1 never equals a change_seq: the record counts as changed here, its version is
        # both sides' versions plus this device's new change, so it replaces both.
        state.vv, state.local_seq, state.hash, state.received_from = merged, -1, content_hash(plain_theirs), ""
        obj.updated_at = utc_now()  # a new local change even when every choice was "mine"
        session.flush()
        row.status = "resolved"
        row.resolved_at = utc_now()
        row.resolved_by = uow.actor.username if uow.actor else ""
        row.choices = json.dumps(used, ensure_ascii=False, sort_keys=True)
        row.result_data = json.dumps(encode_row(spec, obj), ensure_ascii=False, sort_keys=True)
        append_entry(session, uow.actor, "update", "sync_conflict", row.id,
                     {"table": row.table_name, "record": row.record_id, "choices": used})
        session.flush()
        view = _view(session, row)
        uow.commit()
    return view
