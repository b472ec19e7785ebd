"""Declarative base, naming convention and the columns every synced record carries."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, Text
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints let Alembic's batch mode rebuild SQLite tables reliably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """Naive UTC timestamp: portable between SQLite and PostgreSQL columns."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Sealed(TypeDecorator[str]):
    """A column whose stored value is sealed with a compartment key (``cd1:...`` text,
    ``app.security.sealing``); ``python_type`` is what the value is once opened.

    The seal needs the record's id, which a type never sees, so sealing and opening
    happen above it (ORM events and the Core helpers of ``app.security.sealing``). The
    type only refuses what must never reach the disk: a ``date`` or other non-text value
    means a code path wrote an opened value without sealing it.
    """

    impl = Text
    cache_ok = True

    def __init__(self, python_type: type = str, length: int | None = None) -> None:
        super().__init__()
        self.opened_type = python_type
        self.opened_length = length  # of the opened text, as String(n) would say

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is not None and not isinstance(value, str):
            raise TypeError(f"an opened {type(value).__name__} would be stored in a sealed column")
        return value

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncedMixin:
    """Columns that let a record travel between installations.

    The UUID is the primary key so records keep their identity on every device; the
    change sequence is a database-wide counter stamped on each write so an export can
    ask for "everything changed since N"; deletion is a tombstone, never a DELETE.
    ``session.install_sync_stamping`` fills the bookkeeping columns on every flush.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    changed_by_device: Mapped[str] = mapped_column(String(36), default="")
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
