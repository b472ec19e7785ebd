"""Accounts and the access log, with the secret its chain is keyed with: local to one
installation, never synced."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utc_now


class Account(Base):
    """One account per person (고시 제5조④). The password hash is argon2id (PHC string)."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class AccessLogEntry(Base):
    """접속기록: who did what to whose data, when, from which machine; chained (``app.security.chain``).

    ``entry_hash`` is the entry's seal: HMAC-SHA256 since revision 0005_keyed_log, plain
    SHA-256 for older rows (see ``AccessLogCheckpoint``)."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    account: Mapped[str] = mapped_column(String(40), index=True)
    machine: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20), index=True)
    target_table: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    details: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AccessLogKey(Base):
    """The secret the access log's HMAC chain is keyed with: one row, only ever inside the
    encrypted file (never in a backup's companion files, never in a sync package)."""

    __tablename__ = "access_log_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    # The day the retention purge last ran (here, not in ``setting``: a purge is no reason
    # for an automatic backup, and settings are part of what makes one).
    retention_run_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class AccessLogCheckpoint(Base):
    """A MACed point of the chain: ``keyed`` (entries after ``entry_id`` are HMAC-sealed, the
    older ones end at ``entry_hash``) or ``purge`` (entries up to ``entry_id`` were removed
    by retention, the first kept one links to ``entry_hash``)."""

    __tablename__ = "access_log_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))
    entry_id: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(25))
    mac: Mapped[str] = mapped_column(String(64))


class KeyringState(Base):
    """The generation of the last keyring this file saw (``app.security.keyring``): a
    ``.keys`` copied back from before is older, and refused. Local, never synced."""

    __tablename__ = "keyring_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
