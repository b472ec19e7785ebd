"""Tables of USB synchronisation: this installation's keys, the sites it trusts, the
packages it applied, the version of every record that travelled, and conflicts.

None of these tables is synced itself. Private keys live only here, inside the encrypted
database (on PostgreSQL, the city's server protects them).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, utc_now


class SyncIdentity(Base):
    """This installation's signing (Ed25519) and encryption (X25519) private keys."""

    __tablename__ = "sync_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    sign_key: Mapped[bytes] = mapped_column(LargeBinary)
    box_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    # Council mode: the enrollment accepted (its id), so it is accepted only once.
    enrollment_id: Mapped[str] = mapped_column(String(36), default="")


class SyncSite(Base):
    """Another installation this one exchanges packages with: the city (on a council
    device) or one enrolled council device (in city mode), with its public keys."""

    __tablename__ = "sync_site"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    council_code: Mapped[str] = mapped_column(String(20), index=True)
    council_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))  # council | city
    sign_public: Mapped[bytes] = mapped_column(LargeBinary)
    box_public: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | active | revoked
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_package_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_package_id: Mapped[str] = mapped_column(String(36), default="")
    # Highest of OUR change_seq this site has confirmed applying: exports start after it.
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Highest of ITS change_seq we applied: sent back to it as an acknowledgement.
    received_seq: Mapped[int] = mapped_column(Integer, default=0)


class SyncAppliedPackage(Base):
    """A package applied here; the same package again is nothing to do."""

    __tablename__ = "sync_applied_package"

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sender_device: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    seq_to: Mapped[int] = mapped_column(Integer)
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    summary: Mapped[str] = mapped_column(Text, default="")


class SyncRecordState(Base):
    """The version of a record as last received (or agreed after a conflict).

    ``vv`` is a version vector (JSON: device id -> that device's change_seq). While the
    record's own ``change_seq`` still equals ``local_seq`` it is unchanged here since;
    otherwise this device changed it and its version adds ``{this device: change_seq}``.
    ``council_code`` is the owning council (the city holds many councils' records).
    """

    __tablename__ = "sync_record_state"
    # One row per record that ever travelled: clustered on its key (no rowid, no second
    # index) so a big import writes one B-tree entry per record, not three.
    __table_args__ = {"sqlite_with_rowid": False}

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    council_code: Mapped[str] = mapped_column(String(20))
    vv: Mapped[str] = mapped_column(Text)
    local_seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    received_from: Mapped[str] = mapped_column(String(36), default="")
    # JSON, or NULL when empty: {"s": [sealed items as received, relayed unread by the
    # city], "x": [fields whose value never arrived here and hold a blank]}.
    relay: Mapped[str | None] = mapped_column(Text)


class SyncConflict(Base):
    """The same record changed on two devices since they last agreed: both versions are
    kept until a person chooses field by field; resolved conflicts stay as history."""

    __tablename__ = "sync_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    council_code: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)  # open | resolved | superseded
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    package_id: Mapped[str] = mapped_column(String(36), default="")
    incoming_device: Mapped[str] = mapped_column(String(36), default="")
    local_vv: Mapped[str] = mapped_column(Text)
    local_data: Mapped[str] = mapped_column(Text)
    incoming_vv: Mapped[str] = mapped_column(Text)
    incoming_data: Mapped[str] = mapped_column(Text)
    base_hash: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(40), default="")
    choices: Mapped[str] = mapped_column(Text, default="")
    result_data: Mapped[str] = mapped_column(Text, default="")


class SyncSibling(Base):
    """Council mode: a device of this council (this one included), as the city's latest
    package listed it; sealed fields are encrypted to every one of them."""

    __tablename__ = "sync_sibling"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    box_public: Mapped[bytes] = mapped_column(LargeBinary)
    sign_public: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default="active")  # pending | active (as the city says)
    listed_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    package_id: Mapped[str] = mapped_column(String(36), default="")  # the package that listed it


SYNC_TABLES = ("sync_identity", "sync_site", "sync_applied_package", "sync_record_state", "sync_conflict",
               "sync_sibling")
