"""Records of any area read through the registry: what a role may see of them, and the
word a person recognises for one ("홍길동", a meeting's title).

``dump``, the conflict screen and the access log use these, so a table added to
``app.areas`` is dumped, named and limited per role without touching them.
"""
from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.areas import TableSpec, area_of, can_read_table, table, tables
from app.errors import InputRefused
from app.security.permissions import Actor, NotAllowed, Permission
from db.registry import synced_model
from db.session import UnitOfWork


def readable_tables(actor: Actor | None) -> list[str]:
    """The synced tables this actor may read, sorted by name (``dump``'s order)."""
    return sorted(name for name in tables() if can_read_table(actor, name))


def row_to_json(spec: TableSpec, row: Any, actor: Actor | None) -> dict[str, Any]:
    """A stored row as plain JSON values, without the fields the actor may not see."""
    hidden = spec.hidden_fields(actor)
    data: dict[str, Any] = {"table": spec.name}
    for column in row.__table__.columns:
        if column.key in hidden:
            continue
        value = getattr(row, column.key)
        if isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")  # attachments: JSON carries no bytes
        data[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def dump_records(uow: UnitOfWork, table_name: str | None = None) -> Iterator[dict[str, Any]]:
    """Every live record the acting account may read, table by table, sorted by id.

    A table the role may not read is refused when named, skipped otherwise; fields the
    role may not see are left out (the registry's ``FieldRule.read``).
    """
    actor = uow.actor
    if actor is None:
        raise NotAllowed(Permission.MEMBERS_READ, None)
    return _dump(uow, table_name)


def _dump(uow: UnitOfWork, table_name: str | None) -> Iterator[dict[str, Any]]:
    actor = uow.actor
    names = readable_tables(actor)
    if table_name is not None and table_name not in names:
        if table(table_name) is None or actor is None:
            raise InputRefused("invalid_choice", field="table", value=table_name)
        owner = area_of(table_name)
        assert owner is not None
        raise NotAllowed(owner.read, actor)
    with uow:
        for name in names:
            if table_name is not None and name != table_name:
                continue
            spec = table(name)
            model = synced_model(name)
            assert spec is not None and model is not None
            rows = uow.session.scalars(select(model).where(model.deleted_at.is_(None)).order_by(model.id))
            for row in rows:
                yield row_to_json(spec, row, actor)


def describe_record(uow: UnitOfWork, table_name: str, record_id: str) -> str:
    """A word a person recognises for a record, or "" (a label is a courtesy, never an error)."""
    spec = table(table_name)
    model = synced_model(table_name)
    if spec is None or model is None or not can_read_table(uow.actor, table_name):
        return ""
    with uow:
        row = uow.session.get(model, record_id)
        if row is None:
            return ""
        if spec.name_column:
            value = getattr(row, spec.name_column, None)
            if isinstance(value, str) and value:
                return value
        if spec.owner_member_column:
            member_id = getattr(row, spec.owner_member_column, None)
            member_model = synced_model("member")
            member = uow.session.get(member_model, member_id) if member_id and member_model else None
            if member is not None:
                return str(member.name)
    return ""


def record_names(session: Session, targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Names for many (table, id) pairs at once, deleted records included (the access log
    names what was deleted too): one query per table, never one per row."""
    wanted: dict[str, set[str]] = {}
    for table_name, record_id in targets:
        if record_id and table(table_name) is not None:
            wanted.setdefault(table_name, set()).add(record_id)
    names: dict[tuple[str, str], str] = {}
    member_ids: dict[tuple[str, str], str] = {}
    for table_name, ids in wanted.items():
        spec, model = table(table_name), synced_model(table_name)
        if spec is None or model is None:
            continue
        column = spec.name_column or spec.owner_member_column
        if column is None:
            continue
        for record_id, value in session.execute(select(model.id, getattr(model, column)).where(model.id.in_(ids))):
            if spec.name_column:
                names[(table_name, record_id)] = str(value or "")
            elif value:
                member_ids[(table_name, record_id)] = value
    if member_ids:
        member = synced_model("member")
        assert member is not None
        found = dict(session.execute(select(member.id, member.name).where(member.id.in_(set(member_ids.values())))).all())
        for key, member_id in member_ids.items():
            names[key] = str(found.get(member_id, ""))
    return names
