"""Writing a package: every change the recipient has not acknowledged yet.

Hub and spoke: a council device writes for its city; the city writes for one council
(readable by every device of it) or for one device. A package carries every record whose
local ``change_seq`` is above what the recipient acknowledged, minus what the recipient
itself sent (its own changes, and records received from it and unchanged since), plus the
acknowledgements of what we applied from each recipient device. A lost package costs
nothing: the next one carries the same changes again, and importing both is harmless.

What of a record travels follows its table's sync policy (``app.sync.policy``): a council
device leaves LOCAL fields and tables out, sends UNDER_CONSENT ones only when the area's
consent check says yes for that row (the area must touch the row when consent is recorded
later, so that it travels then) and otherwise seals them, with the SEALED fields, for its own
council's devices (``app.sync.sealed``). The city sends what it holds: the fields it received and the sealed
items as they came, with the list of the council's devices.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.errors import InputRefused
from app.areas import SyncPolicy
from app.security.audit import append_entry
from app.security.permissions import Permission, require
from app.security.sealing import open_rows
from app.sync import crypto
from app.sync.anchors import last_anchors, own_anchor
from app.sync.messages import SyncRefused
from app.sync.package import EXTENSION, FORMAT, MANIFEST_KIND, build_payload, write_package
from app.sync.policy import TablePolicy, blank, consent_checker, policies
from app.sync.records import TABLES, TableSpec, current_vv, encode_value
from app.sync.sealed import Sealer, council_devices, load_siblings
from db import migrate
from db.base import utc_now
from db.models import ChangeCounter, Installation
from db.session import Database
from db.sync_models import SyncIdentity, SyncRecordState, SyncSite

Progress = Callable[[int, int, str], None]
APP_VERSION = "0.1.0"


@dataclass(frozen=True)
class Target:
    """Whom a package is for and which changes it carries."""

    council_code: str  # the recipient's council (the city's own code for a council device's package)
    devices: dict[str, bytes]  # device id -> X25519 public key
    acks: dict[str, int]  # device id -> highest of its change_seq we applied
    after_seq: int  # our changes above this one travel
    exclude_device: str | None  # a single recipient: its own changes are not sent back
    owner_council: str | None  # city: only this council's records


def encode_row(spec: TableSpec, row: Any, files: dict[str, bytes] | None = None,
               only: frozenset[str] | None = None) -> dict[str, Any]:
    """A stored row as the ``d`` of a travelling record (``only`` those fields, in schema
    order); bytes go to ``files`` by hash."""
    data: dict[str, Any] = {}
    for column in spec.columns:
        if only is not None and column.name not in only:
            continue
        value = getattr(row, column.name)
        if column.kind == "bytes":
            blob = bytes(value) if value is not None else b""
            digest = hashlib.sha256(blob).hexdigest()
            if files is not None:
                files[digest] = blob
            data[column.name] = {"file": digest}
        else:
            data[column.name] = encode_value(column, value)
    return data


def _absent(spec: TableSpec, row: Any) -> frozenset[str]:
    """Fields whose value never arrived here and that nobody filled in since: they hold a
    blank, not a value to pass on (sending it would blank the value elsewhere)."""
    if not row.sync_relay:
        return frozenset()
    never = json.loads(row.sync_relay).get("x", ())
    return frozenset(name for name in never if name in spec.column_names
                     and getattr(row, name) == blank(spec.column(name)))


class _Outgoing:
    """Which fields of one table's rows a package carries, and their sealed items."""

    def __init__(self, session: Session, spec: TableSpec, policy: TablePolicy, council: bool) -> None:
        self.session, self.spec, self.policy, self.council = session, spec, policy, council
        self.check = consent_checker(policy) if council and policy.needs_consent() else None

    def allowed(self, row: Any) -> bool:
        """Whether the consent check lets this row's fields under consent into ``d`` (the
        city relays what it was given)."""
        return self.check is None or bool(self.check(self.session, self.spec.name, row))

    def fields(self, row: Any, allowed: bool) -> frozenset[str] | None:
        """The fields of ``d``; None when the record stays here."""
        policy = self.policy
        if not allowed and policy.table is SyncPolicy.UNDER_CONSENT:
            return None
        shown = policy.required | policy.consent if allowed else policy.required
        return shown - _absent(self.spec, row)

    def items(self, row: Any, vv: dict[str, int], sealer: Sealer | None, allowed: bool) -> list[dict[str, Any]]:
        if sealer is None:  # the city: the items as they came
            return json.loads(row.sync_relay).get("s", []) if row.sync_relay else []
        # Fields under consent that the check holds back from the city still belong to the
        # council's own devices: they travel sealed to them, as SEALED fields do.
        sealed = self.policy.sealed if allowed else self.policy.sealed | self.policy.consent
        known = sealed - _absent(self.spec, row)
        if not known:
            return []
        fields = encode_row(self.spec, row, None, frozenset(known))
        return [sealer.seal(self.spec.name, row.id, vv, fields)]


def _installation(session: Session) -> Installation:
    row = session.scalar(select(Installation))
    assert row is not None
    return row


def _target(session: Session, inst: Installation, for_code_or_device: str | None) -> Target:
    if inst.site_role == "council":
        city = session.scalar(select(SyncSite).where(SyncSite.role == "city"))
        if city is None or session.get(SyncIdentity, 1) is None:
            raise SyncRefused("sync_not_enrolled")
        if for_code_or_device not in (None, "", city.device_id, city.council_code):
            raise SyncRefused("sync_unknown_recipient", value=for_code_or_device)
        return Target(city.council_code, {city.device_id: bytes(city.box_public)},
                      {city.device_id: city.received_seq}, city.acked_seq, city.device_id, None)
    if not for_code_or_device:
        raise SyncRefused("sync_need_recipient")
    site = session.get(SyncSite, for_code_or_device)
    if site is not None and site.role == "council":
        if site.status == "revoked":
            raise SyncRefused("sync_no_devices", value=site.device_id)
        return Target(site.council_code, {site.device_id: bytes(site.box_public)},
                      {site.device_id: site.received_seq}, site.acked_seq, site.device_id, site.council_code)
    sites = list(session.scalars(select(SyncSite).where(SyncSite.council_code == for_code_or_device,
                                                        SyncSite.role == "council")))
    if not sites:
        raise SyncRefused("sync_unknown_recipient", value=for_code_or_device)
    usable = [s for s in sites if s.status != "revoked"]
    if not usable:
        raise SyncRefused("sync_no_devices", value=for_code_or_device)
    return Target(for_code_or_device, {s.device_id: bytes(s.box_public) for s in usable},
                  {s.device_id: s.received_seq for s in usable}, min(s.acked_seq for s in usable), None,
                  for_code_or_device)


def _changed_rows(session: Session, spec: TableSpec, target: Target):
    table = spec.table
    state = SyncRecordState.__table__
    join_on = and_(state.c.table_name == spec.name, state.c.record_id == table.c.id)
    query = (select(table, state.c.vv.label("sync_vv"), state.c.local_seq.label("sync_local_seq"),
                    state.c.hash.label("sync_hash"), state.c.relay.label("sync_relay"))
             .select_from(table.outerjoin(state, join_on) if target.owner_council is None
                          else table.join(state, join_on))
             .where(table.c.change_seq > target.after_seq)
             .order_by(table.c.change_seq, table.c.id))
    if target.owner_council is not None:
        query = query.where(state.c.council_code == target.owner_council)
    if target.exclude_device is not None:
        query = query.where(table.c.changed_by_device != target.exclude_device)
        # Received from the recipient and unchanged since: it has it already.
        query = query.where(or_(state.c.local_seq.is_(None), state.c.local_seq != table.c.change_seq,
                                state.c.received_from != target.exclude_device))
    return open_rows(session, spec.name, session.execute(query))


def _iso(value: datetime) -> str:
    return value.isoformat()


def export_package(db: Database, to_dir: Path, for_code_or_device: str | None = None,
                   progress: Progress | None = None) -> Path:
    """Write one package into ``to_dir`` and return its path. Logged: who, when, scope, recipient."""
    require(db.actor, Permission.SYNC)
    to_dir = Path(to_dir).expanduser()
    if not to_dir.is_dir():
        raise InputRefused("sync_folder_missing", path=str(to_dir))
    with db.uow() as uow:
        session = uow.session
        inst = _installation(session)
        target = _target(session, inst, for_code_or_device)
        identity = crypto.load_identity(session)
        seq_to = session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1)) or 0
        members: dict[str, bytes] = {}
        files: dict[str, bytes] = {}
        counts: dict[str, int] = {}
        table_policies = policies()
        total_tables = len(TABLES)
        council = inst.site_role == "council"
        sealer = None
        if council:
            siblings = load_siblings(session)
            siblings[identity.device_id] = identity.box_public
            sealer = Sealer(identity, siblings)
        for number, spec in enumerate(TABLES.values()):
            if progress:
                progress(number, total_tables, spec.name)
            policy = table_policies[spec.name]
            if not policy.travels:
                continue
            outgoing = _Outgoing(session, spec, policy, council)
            lines = []
            for row in _changed_rows(session, spec, target):
                vv = current_vv(row.sync_vv, row.sync_local_seq, row.change_seq, identity.device_id)
                allowed = outgoing.allowed(row)
                shown = outgoing.fields(row, allowed)
                if shown is None:
                    continue  # under consent, and no consent on record: it stays here
                record = {"id": row.id, "v": vv, "by": row.changed_by_device or identity.device_id,
                          "u": _iso(row.updated_at), "bh": row.sync_hash}
                items = outgoing.items(row, vv, sealer, allowed)
                if items:
                    record["s"] = items
                # ``d`` last: the importer hashes its text straight from the line.
                record["d"] = encode_row(spec, row, files, shown)
                lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            if lines:
                members[f"records/{spec.name}.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")
                counts[spec.name] = len(lines)
        for digest, blob in files.items():
            members[f"files/{digest}"] = blob
        package_id = str(uuid.uuid4())
        created = utc_now()
        manifest = {
            "kind": MANIFEST_KIND, "format": FORMAT, "package_id": package_id, "app_version": APP_VERSION,
            "schema": migrate.head_revision(), "created_at": _iso(created),
            "sender": {"device": identity.device_id, "council_code": inst.council_code,
                       "council_name": inst.council_name, "role": inst.site_role},
            "recipient": {"council_code": target.council_code, "devices": sorted(target.devices)},
            "seq_from": target.after_seq, "seq_to": seq_to, "acks": target.acks, "counts": counts,
        }
        if not council:
            # Signed with the package: the devices the council's devices seal to (app.sync.sealed).
            manifest["devices"] = council_devices(session, target.council_code)
            # Each device's last access-log head, for it to check (app.sync.anchors).
            manifest["log_anchors"] = last_anchors(session, sorted(target.devices))
        else:
            manifest["log_anchor"] = own_anchor(session)
        payload = build_payload(manifest, members)
        to_label = target.council_code if target.exclude_device is None or inst.site_role == "council" \
            else target.exclude_device[:8]
        filename = f"{inst.council_code}-to-{to_label}-{created:%Y%m%d-%H%M%S}-{package_id[:8]}{EXTENSION}"
        append_entry(session, uow.actor, "export", "sync_package", package_id,
                     {"recipient": target.council_code, "devices": sorted(target.devices), "counts": counts,
                      "seq_from": target.after_seq, "seq_to": seq_to, "file": filename})
        session.flush()
        try:
            path = write_package(to_dir, filename, identity, target.devices,
                                 {"package_id": package_id, "created_at": _iso(created)}, payload)
        except OSError as exc:
            raise InputRefused("write_failed", path=str(to_dir / filename), detail=str(exc)) from exc
        try:
            uow.commit()
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    if progress:
        progress(total_tables, total_tables, "")
    return path
