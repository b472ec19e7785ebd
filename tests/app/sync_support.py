"""Shared set-up of the sync tests: a city, council devices enrolled by it, packages carried
between them in temporary "USB" folders, and dumps to compare databases."""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app import members as m
from app.database import init_database
from app.members import TermData
from app.security.audit import install_audit
from app.sync import enroll_accept, enroll_create, export_package, import_packages
from app.sync.exporter import encode_row
from app.sync.records import TABLES
from db.base import Base
from db.session import Database, open_sqlite
from tests.conftest import ADMIN, TODAY, member_data

CITY_CODE = "4377000000"
CITY_NAME = "햇살군"
COUNCIL_CODE = "4377034000"
COUNCIL_NAME = "햇살면 지역사회보장협의체"
OTHER_CODE = "4377035000"
OTHER_NAME = "달빛면 지역사회보장협의체"


@dataclass
class Device:
    db: Database
    path: Path


def new_city(folder: Path) -> Device:
    path = folder / "city.db"
    return Device(init_database(path, CITY_CODE, CITY_NAME, ADMIN, site_role="city").db, path)


def new_council(folder: Path, name: str, code: str = COUNCIL_CODE, council_name: str = COUNCIL_NAME) -> Device:
    path = folder / f"{name}.db"
    return Device(init_database(path, code, council_name, ADMIN).db, path)


def enroll(city_db: Database, device: Device, folder: Path, code: str = COUNCIL_CODE,
           name: str = COUNCIL_NAME) -> str:
    """Enroll ``device`` with the city; returns its device id."""
    path, one_time = enroll_create(city_db, code, name, folder / f"enroll-{device.path.stem}")
    enroll_accept(device.db, path, one_time)
    return device.db.info["device_id"]


def carry(source: Database, target: Database, usb: Path, for_: str | None = None):
    """Export from ``source`` to a fresh USB folder and import into ``target``."""
    usb.mkdir(parents=True, exist_ok=True)
    path = export_package(source, usb, for_)
    return import_packages(target, [path])


def introduce(city_db: Database, devices: list[Database], usb: Path, code: str = COUNCIL_CODE) -> None:
    """The city's first package for a council: it lists the council's devices, so each one
    seals to its siblings from then on (app.sync.sealed)."""
    usb.mkdir(parents=True, exist_ok=True)
    path = export_package(city_db, usb, code)
    for db in devices:
        import_packages(db, [path])


def add_member(db: Database, name: str, **fields) -> str:
    fields.setdefault("phone", "")
    fields.setdefault("birth_date", None)
    return m.add_member(db.uow(), member_data(name, **fields), TermData(date(2025, 1, 1), date(2026, 12, 31)),
                        TODAY).id


from app.areas import sealed_tables  # noqa: E402
from app.security.sealing import NO_KEYS, OpenedRow  # noqa: E402


def content(db: Database, tables: tuple[str, ...] | None = None) -> dict[str, dict[str, dict]]:
    """Every synced record as it travels (no local bookkeeping): equal on devices that agree."""
    result: dict[str, dict[str, dict]] = {}
    with db.engine.connect() as conn:
        for name, spec in TABLES.items():
            if tables and name not in tables:
                continue
            # Sealed fields opened: each device seals with its own keys.
            rows = [OpenedRow(r, name, db.compartment_keys or NO_KEYS) if name in sealed_tables() else r
                    for r in conn.execute(select(spec.table)).all()]
            result[name] = {r.id: {**encode_row(spec, r), "by": r.changed_by_device} for r in rows}
    return result


def unsealed(records: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
    """``content`` of a council device as the city holds it: SEALED and LOCAL fields blank."""
    from app.sync.policy import blank_json, policies

    result = {}
    for table, rows in records.items():
        policy, spec = policies()[table], TABLES[table]
        hidden = policy.sealed | policy.local
        result[table] = {rid: {k: (blank_json(spec.column(k)) if k in hidden else v) for k, v in row.items()}
                         for rid, row in rows.items()}
    return result


def full_dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, for "nothing changed" on servers without a file to compare."""
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables}


def file_digest(path: Path) -> str:
    """The bytes of a closed database (and that no WAL is left beside it)."""
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reopen(device: Device, key: bytes, actor) -> Database:
    """Open again without logging in (a login writes to the access log)."""
    db = open_sqlite(device.path, key=key)
    db.load_device_id()
    db.actor = actor
    install_audit(db.session_factory)
    return db


def copy_to(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(path, folder / path.name))


# Forged packages: signed by a real (or a stranger's) key, with chosen content ----------------

def identity_of(db: Database):
    from app.sync.crypto import load_identity

    with db.uow() as uow:
        identity = load_identity(uow.session)
        uow.commit()
    return identity


def base_manifest(sender: Database, recipient_code: str, package_id: str, **overrides) -> dict:
    from app.database import installation_info
    from app.sync.package import MANIFEST_KIND
    from db import migrate
    from db.base import utc_now

    info = installation_info(sender)
    manifest = {"kind": MANIFEST_KIND, "format": 1, "package_id": package_id, "app_version": "0.1.0",
                "schema": migrate.head_revision(), "created_at": utc_now().isoformat(),
                "sender": {"device": sender.info["device_id"], "council_code": info.council_code,
                           "council_name": info.council_name, "role": info.site_role},
                "recipient": {"council_code": recipient_code, "devices": []},
                "seq_from": 0, "seq_to": 10_000, "acks": {}}
    manifest.update(overrides)
    return manifest


def forge(folder: Path, identity, recipients: dict, manifest: dict | None = None,
          members: dict[str, bytes] | None = None, payload_plain: bytes | None = None,
          header_fields: dict | None = None, name: str = "forged") -> Path:
    """A package written with ``identity`` for ``recipients`` (device id -> box public key)."""
    import uuid

    from app.sync.package import build_payload, write_package
    from db.base import utc_now

    folder.mkdir(parents=True, exist_ok=True)
    package_id = (manifest or {}).get("package_id") or str(uuid.uuid4())
    if payload_plain is None:
        members = members or {}
        manifest = dict(manifest or {})
        manifest.setdefault("counts", {n.split("/")[1].split(".")[0]: d.count(b"\n")
                                       for n, d in members.items() if n.startswith("records/")})
        payload_plain = build_payload(manifest, members)
    fields = {"package_id": package_id, "created_at": utc_now().isoformat(), **(header_fields or {})}
    return write_package(folder, f"{name}.cdsync", identity, recipients, fields, payload_plain)


def record_line(record_id: str, device: str, data: dict, vv: dict | None = None) -> str:
    import json

    return json.dumps({"id": record_id, "v": vv or {device: 9_000}, "by": device, "u": "2026-11-24T10:00:00",
                       "bh": None, "d": data}, ensure_ascii=False)


def member_fields(name: str = "위조") -> dict:
    return {"name": name, "sex": "M", "birth_date": None, "affiliation": "", "position": "", "kind": "appointed",
            "category": 5, "role": "member", "phone": "", "honorary_official": False, "pledge_on": None,
            "consent_on": None, "note": "", "created_at": "2026-11-24T10:00:00", "deleted_at": None}


def term_fields(member_id: str) -> dict:
    return {"member_id": member_id, "recommended_on": None, "start_on": "2025-01-01", "end_on": "2026-12-31",
            "ended_on": None, "end_reason": None, "end_note": "", "created_at": "2026-11-24T10:00:00",
            "deleted_at": None}
