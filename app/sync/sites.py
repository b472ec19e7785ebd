"""Identities and trust: enrolling council devices from the city, accepting an enrollment
on the council device, revoking a lost device, and the list of known sites.

Design choice — the city generates the device's key pair and seals the enrollment file
with a one-time code shown on the city's screen (argon2id + ``SecretBox``):

- One USB trip. The city knows the new device's public keys at once, so its very next
  package can already relay the council's existing records to the new device; with keys
  made on the council device, a reply file would have to travel back first, and until
  then nothing could be encrypted for the device.
- A finder of the stick learns nothing and can do nothing: without the code (20
  characters of Crockford base32, 100 bits, typed by a person, never stored) the file is
  ciphertext under an argon2id-derived key; it does not even show which council it is for.
- The private keys travel once, sealed, and only to the device they belong to; the city
  keeps only the public halves (it never stores the device's private keys). The city is
  the root of trust anyway (it decides which devices exist), so its having generated the
  keys gives it no power it did not already have.
- The enrollment is signed with the city's key as well, so the council device checks that
  the city's keys inside were not swapped by someone who learned the code.

The council device adopts the device id the city assigned (records it changed before
enrollment are re-stamped with it; nothing has travelled yet, so no other copy exists).
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from sqlalchemy import select, update

from app.council import validate_council
from app.errors import InputRefused
from app.security.audit import append_entry
from app.security.keyring import KdfParams, active_kdf
from app.security.permissions import Permission, require
from app.sync import crypto
from app.sync.messages import SyncRefused
from app.sync.package import open_regular, write_atomically
from app.sync.records import TABLES
from db.base import utc_now
from db.models import Installation
from db.session import Database
from db.sync_models import SyncIdentity, SyncSite

ENROLL_KIND = "councildesk-enrollment"
ENROLL_FORMAT = 1
ENROLL_EXTENSION = ".cdenroll"
_MAX_ENROLL_BYTES = 64 * 1024


@dataclass(frozen=True)
class SiteView:
    """One known site: an enrolled council device (city mode) or the city (council mode)."""

    device_id: str
    council_code: str
    council_name: str
    role: str
    status: str  # pending (enrolled, nothing received yet) | active | revoked
    enrolled_at: datetime
    revoked_at: datetime | None
    last_package_at: datetime | None
    last_package_id: str
    acked_seq: int
    received_seq: int


def _site_view(row: SyncSite) -> SiteView:
    return SiteView(row.device_id, row.council_code, row.council_name, row.role, row.status, row.enrolled_at,
                    row.revoked_at, row.last_package_at, row.last_package_id, row.acked_seq, row.received_seq)


def _installation(session: Any) -> Installation:
    row = session.scalar(select(Installation))
    assert row is not None, "every initialised database has its installation row"
    return row


def list_sites(db: Database) -> list[SiteView]:
    """City: every enrolled council device (by council, then enrolment). Council: its city."""
    require(db.actor, Permission.SYNC)
    with db.session_factory() as session:
        rows = session.scalars(select(SyncSite).order_by(SyncSite.council_code, SyncSite.enrolled_at,
                                                         SyncSite.device_id))
        return [_site_view(r) for r in rows]


def _kdf_json(kdf: KdfParams) -> dict[str, int]:
    return {"time_cost": kdf.time_cost, "memory_kib": kdf.memory_kib, "parallelism": kdf.parallelism}


def _kdf_from_json(raw: Any) -> KdfParams:
    kdf = KdfParams(**raw)
    # A hand-edited cost must not crash argon2 or eat all memory.
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (kdf.time_cost, kdf.memory_kib, kdf.parallelism)):
        raise ValueError("kdf")
    if not (1 <= kdf.time_cost <= 100 and 1 <= kdf.parallelism <= 64
            and 8 * kdf.parallelism <= kdf.memory_kib <= 4 * 1024 * 1024):
        raise ValueError("kdf")
    return kdf


def _signed_body(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def enroll_create(db: Database, council_code: str, council_name: str, out_path: Path) -> tuple[Path, str]:
    """City mode: enroll one more device of a council. Returns the file to carry to the
    device and the one-time code to show on screen (never stored)."""
    require(db.actor, Permission.SYNC_ENROLL)
    validate_council(council_code, council_name)
    out_path = Path(out_path).expanduser()
    if out_path.suffix != ENROLL_EXTENSION:
        out_path = out_path.with_name(out_path.name + ENROLL_EXTENSION)
    if not out_path.parent.is_dir():
        raise InputRefused("db_missing_folder", path=str(out_path))
    code = crypto.new_one_time_code()
    kdf = active_kdf()
    with db.uow() as uow:
        session = uow.session
        inst = _installation(session)
        if inst.site_role != "city":
            raise SyncRefused("sync_city_only")
        city = crypto.load_identity(session)
        device_id = str(uuid.uuid4())
        sign_seed, box_secret = crypto.new_keys()
        device = crypto.Identity(device_id, sign_seed, box_secret)
        enrollment_id = str(uuid.uuid4())
        body = {
            "enrollment_id": enrollment_id,
            "created_at": utc_now().isoformat(timespec="seconds"),
            "city": {"device_id": city.device_id, "council_code": inst.council_code,
                     "council_name": inst.council_name, "sign_public": crypto.b64(city.sign_public),
                     "box_public": crypto.b64(city.box_public)},
            "device": {"device_id": device_id, "council_code": council_code, "council_name": council_name.strip(),
                       "sign_key": crypto.b64(sign_seed), "box_key": crypto.b64(box_secret)},
        }
        sealed_text = json.dumps({"body": body, "signature": crypto.b64(city.sign(_signed_body(body)))})
        salt = crypto.new_payload_key()[:16]
        sealed = crypto.secret_seal(crypto.code_key(code, salt, kdf), sealed_text.encode("utf-8"))
        outer = {"kind": ENROLL_KIND, "format": ENROLL_FORMAT, "kdf": _kdf_json(kdf), "salt": crypto.b64(salt),
                 "sealed": crypto.b64(sealed)}
        session.add(SyncSite(device_id=device_id, council_code=council_code, council_name=council_name.strip(),
                             role="council", sign_public=device.sign_public, box_public=device.box_public,
                             status="pending", enrolled_at=utc_now()))
        append_entry(session, uow.actor, "permission", "sync_site", device_id,
                     {"sync": "enroll", "council_code": council_code, "council_name": council_name.strip(),
                      "file": out_path.name})
        session.flush()
        try:
            write_atomically(out_path, json.dumps(outer, indent=1).encode("utf-8"))
        except OSError as exc:
            raise InputRefused("write_failed", path=str(out_path), detail=str(exc)) from exc
        try:
            uow.commit()
        except BaseException:
            out_path.unlink(missing_ok=True)
            raise
    return out_path, code


def _read_enrollment(path: Path, code: str) -> dict[str, Any]:
    path = Path(path)
    try:
        # Only a regular file, and only as much as an enrollment file can be: a link to
        # /dev/zero or a FIFO is refused, never read without end.
        with open_regular(path, _MAX_ENROLL_BYTES) as handle:
            raw_bytes = handle.read(_MAX_ENROLL_BYTES + 1)
    except SyncRefused as refused:
        if refused.code in ("file_missing", "file_unreadable"):
            raise InputRefused(refused.code, path=str(path)) from None
        raise SyncRefused("sync_enroll_not_file", path=str(path)) from None
    except OSError:
        raise InputRefused("file_unreadable", path=str(path)) from None
    try:
        if len(raw_bytes) > _MAX_ENROLL_BYTES:
            raise ValueError("too large")
        outer = json.loads(raw_bytes.decode("utf-8"))
        if not isinstance(outer, dict) or outer.get("kind") != ENROLL_KIND:
            raise ValueError("kind")
        fmt = outer.get("format")
        if not isinstance(fmt, int) or isinstance(fmt, bool):
            raise ValueError("format")
        if fmt > ENROLL_FORMAT:
            raise SyncRefused("sync_too_new", path=str(path), what=f"format {outer.get('format')}")
        kdf = _kdf_from_json(outer["kdf"])
        salt = crypto.unb64(outer["salt"])
        sealed = crypto.unb64(outer["sealed"])
        if len(salt) != 16:
            raise ValueError("salt")
    except SyncRefused:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise SyncRefused("sync_enroll_not_file", path=str(path)) from exc
    try:
        plain = crypto.secret_open(crypto.code_key(code, salt, kdf), sealed)
    except (CryptoError, ValueError):
        raise SyncRefused("sync_enroll_wrong_code") from None
    try:
        inner = json.loads(plain.decode("utf-8"))
        body = inner["body"]
        city, device = body["city"], body["device"]
        city_sign = crypto.unb64(city["sign_public"])
        if not crypto.verify_signature(city_sign, _signed_body(body), crypto.unb64(inner["signature"])):
            raise ValueError("signature")
        for part, keys in ((city, ("device_id", "council_code", "council_name")),
                           (device, ("device_id", "council_code", "council_name"))):
            if not all(isinstance(part.get(k), str) and 0 < len(part[k]) <= 100 for k in keys):
                raise ValueError("field")
        for name in ("sign_key", "box_key"):
            if len(crypto.unb64(device[name])) != 32:
                raise ValueError(name)
        if len(crypto.unb64(city["box_public"])) != 32 or len(city_sign) != 32:
            raise ValueError("city keys")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise SyncRefused("sync_enroll_not_file", path=str(path)) from exc
    return body


def enroll_accept(db: Database, path: Path, code: str | None = None) -> SiteView:
    """Council mode: accept the city's enrollment file (once), with the code from the city's screen."""
    require(db.actor, Permission.SYNC_ENROLL)
    if not code:
        raise SyncRefused("sync_enroll_wrong_code")
    body = _read_enrollment(path, code)
    city, device = body["city"], body["device"]
    with db.uow() as uow:
        session = uow.session
        inst = _installation(session)
        if inst.site_role != "council":
            raise SyncRefused("sync_council_only")
        if device["council_code"] != inst.council_code:
            raise SyncRefused("sync_enroll_wrong_council", council=device["council_code"], own=inst.council_code)
        identity = session.get(SyncIdentity, 1)
        if (identity is not None and identity.enrollment_id) or session.scalar(select(SyncSite.device_id).limit(1)):
            raise SyncRefused("sync_already_enrolled", device=inst.device_id)
        old_device, new_device = inst.device_id, device["device_id"]
        if old_device != new_device:
            # Nothing has travelled before enrollment: no other copy knows the old id.
            for spec in TABLES.values():
                session.execute(update(spec.table).where(spec.table.c.changed_by_device == old_device)
                                .values(changed_by_device=new_device))
            inst.device_id = new_device
        if identity is None:
            identity = SyncIdentity(id=1)
            session.add(identity)
        identity.device_id = new_device
        identity.sign_key = crypto.unb64(device["sign_key"])
        identity.box_key = crypto.unb64(device["box_key"])
        identity.enrollment_id = body["enrollment_id"]
        identity.created_at = utc_now()
        site = SyncSite(device_id=city["device_id"], council_code=city["council_code"],
                        council_name=city["council_name"], role="city",
                        sign_public=crypto.unb64(city["sign_public"]), box_public=crypto.unb64(city["box_public"]),
                        status="active", enrolled_at=utc_now())
        session.add(site)
        append_entry(session, uow.actor, "permission", "sync_site", city["device_id"],
                     {"sync": "enroll_accept", "enrollment": body["enrollment_id"], "device": new_device,
                      "city": city["council_name"]})
        session.flush()
        view = _site_view(site)
        uow.commit()
    db.load_device_id()
    return view


def enroll_revoke(db: Database, device_id: str) -> SiteView:
    """City mode: a lost or retired device; its later packages are refused and nothing more
    is encrypted for it."""
    require(db.actor, Permission.SYNC_ENROLL)
    with db.uow() as uow:
        session = uow.session
        if _installation(session).site_role != "city":
            raise SyncRefused("sync_city_only")
        site = session.get(SyncSite, device_id)
        if site is None or site.role != "council":
            raise SyncRefused("sync_unknown_device", device=device_id)
        if site.status != "revoked":
            site.status = "revoked"
            site.revoked_at = utc_now()
            append_entry(session, uow.actor, "permission", "sync_site", device_id,
                         {"sync": "revoke", "council_code": site.council_code})
        session.flush()
        view = _site_view(site)
        uow.commit()
    return view
