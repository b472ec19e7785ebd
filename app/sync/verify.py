"""Verifying packages before anything is written: the archive, the recipient, the sender
(known, not revoked), the signature, the payload's checksum, decryption, the manifest
(format, schema revision, council) and every record (known table, known fields of the
right types, and the rules its area's services enforce: ``validate_incoming``, registered
in ``app.areas``). Everything here only reads; a refusal leaves the database as it was.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import areas
from app.errors import FieldError
from app.progress import CancelledFn, check_cancelled
from app.sync import crypto
from app.sync.anchors import valid_anchor
from app.sync.messages import RecordRefused, SyncRefused
from app.sync.package import (EXTENSION, FORMAT, Envelope, attachment_files, open_payload, read_envelope,
                              record_tables, verify_envelope)
from app.sync.policy import TablePolicy, policies
from app.sync.records import (MAX_SEQ, TABLES, RecordError, TableSpec, canonical, content_hash, text_hash,
                              valid_device, validate_vv, _to_datetime)
from app.sync.sealed import Opener, Sibling, items_text, load_siblings, parse_devices, validate_items
from db import migrate
from db.models import Installation
from db.sync_models import SyncIdentity, SyncSite

Progress = Callable[[int, int, str], None]
Validator = Callable[[str, dict[str, Any]], list[FieldError]]


_RECORD_KEYS = frozenset({"id", "v", "by", "u", "bh", "d"})
_SEALED_RECORD_KEYS = _RECORD_KEYS | {"s"}


@dataclass
class OpenedItem:
    """A sealed item this device opened: the sealed fields of one version of the record."""

    vv: dict[str, int]
    by: str
    data: dict[str, Any]  # as they travelled
    values: dict[str, Any]  # as stored


@dataclass
class Incoming:
    id: str
    vv: dict[str, int]
    by: str
    updated_at: datetime
    base_hash: str | None
    data: dict[str, Any]  # the fields it carries, as they travelled (JSON values)
    values: dict[str, Any]  # the same, as stored (dates, bytes)
    deleted: bool  # a tombstone
    hash: str  # content hash of the version as it travelled (``d`` and its sealed items)
    items: list[dict[str, Any]] = field(default_factory=list)  # sealed items, as they came
    opened: list[OpenedItem] = field(default_factory=list)  # those this device could open
    relay: str | None = None  # set by the plan: ``sync_record_state.relay`` after applying it
    merged_here: bool = False  # the city's merge of concurrent sealed versions: relayed to everyone


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
    format: int = FORMAT
    devices: list[Sibling] | None = None  # the council's devices, as the city lists them
    # The access-log head: at the city the sender's, at a council this device's as the city
    # last saw it (app.sync.anchors).
    log_anchor: dict[str, Any] | None = None


@dataclass
class Context:
    self_device: str
    role: str
    council_code: str
    identity: crypto.Identity | None
    sites: dict[str, SyncSite]
    siblings: dict[str, bytes] = field(default_factory=dict)  # council: its devices' box keys


def load_context(session: Session) -> Context:
    inst = session.scalar(select(Installation))
    assert inst is not None
    row = session.get(SyncIdentity, 1)
    identity = crypto.Identity(row.device_id, bytes(row.sign_key), bytes(row.box_key)) if row else None
    if inst.site_role == "council" and (row is None or not row.enrollment_id):
        raise SyncRefused("sync_not_enrolled")
    sites = {s.device_id: s for s in session.scalars(select(SyncSite))}
    siblings = load_siblings(session) if inst.site_role == "council" else {}
    return Context(inst.device_id, inst.site_role, inst.council_code, identity, sites, siblings)


def refuse(code: str, path: Path, **params: object) -> SyncRefused:
    return SyncRefused(code, path=str(path), **params)


def _check_sender(ctx: Context, envelope: Envelope) -> SyncSite:
    path = envelope.path
    if ctx.self_device not in envelope.recipients or ctx.identity is None:
        raise refuse("sync_wrong_recipient", path, recipient=", ".join(sorted(envelope.recipients))[:200])
    site = ctx.sites.get(envelope.sender)
    expected_role = "city" if ctx.role == "council" else "council"
    if site is None or site.role != expected_role:
        raise refuse("sync_unknown_sender", path, device=envelope.sender[:36])
    if site.status == "revoked":
        raise refuse("sync_revoked_sender", path, device=site.device_id)
    return site


def _int(value: Any) -> bool:
    """A count, format or change number of a manifest: beyond ``MAX_SEQ`` it is forged."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEQ


class _Reader:
    """How one receiver reads the records of one package: which fields it takes from ``d``
    (a format-1 package carries every field; this receiver still drops what its policy
    keeps from it) and which sealed items it can open."""

    def __init__(self, ctx: Context, fmt: int, opener: Opener | None) -> None:
        self.ctx, self.format, self.opener = ctx, fmt, opener

    def dropped(self, policy: TablePolicy) -> frozenset[str]:
        """Fields of a format-1 ``d`` this receiver must not take: LOCAL everywhere, and at
        the city SEALED (it keeps no plaintext of them)."""
        return policy.local | (policy.sealed if self.ctx.role == "city" else frozenset())

    def check_fields(self, spec: TableSpec, policy: TablePolicy, d: dict[str, Any]) -> None:
        names = spec.column_names if self.format == 1 else policy.allowed
        required = spec.column_names if self.format == 1 else policy.required
        keys = d.keys()
        if keys - names or required - keys:
            unknown = sorted(set(d) - names)
            missing = sorted(required - set(d))
            raise RecordError(f"unknown fields {unknown}" if unknown else f"missing fields {missing}")

    def open_items(self, spec: TableSpec, policy: TablePolicy, record_id: str,
                   items: list[dict[str, Any]]) -> list[OpenedItem]:
        if self.opener is None:
            return []
        # Fields under consent come sealed when the sender's consent check held them back.
        sealable = policy.sealed | policy.consent
        result = []
        for item in items:
            opened = self.opener.open(spec.name, record_id, item)
            if opened is None:
                continue
            if not isinstance(opened.fields, dict):
                raise RecordError("sealed fields")
            # A field this version does not seal (another version's registry) is ignored.
            data = {k: v for k, v in opened.fields.items() if k in sealable}
            values = {}
            for name, value in data.items():
                column = spec.column(name)
                if value is None and not column.nullable:
                    raise RecordError(f"{name} may not be empty")
                values[name] = None if value is None else column.parse(value)
            result.append(OpenedItem(opened.vv, opened.by, data, values))
        return result


_VALIDATORS: dict[str, Validator | None] = {}


def incoming_validator(table: str) -> Validator | None:
    """The area's ``validate_incoming`` for ``table`` (``app.areas``), loaded once."""
    if table not in _VALIDATORS:
        spec = areas.table(table)
        _VALIDATORS[table] = areas.load(spec.validator) if spec is not None and spec.validator else None
    return _VALIDATORS[table]


def _check_domain(validator: Validator | None, table: str, rec: Incoming, path: Path) -> None:
    """The same rules as the services, on what this device would store: the fields the
    record carries and, for each sealed version it opened, those fields too."""
    if validator is None:
        return
    problems = validator(table, rec.values)
    for item in rec.opened:
        problems = problems or validator(table, {**rec.values, **item.values})
    if problems:
        raise RecordRefused(str(path), table, rec.id, problems[0])


def _parse_records(reader: _Reader, spec: TableSpec, policy: TablePolicy, data: bytes, files: dict[str, bytes],
                   path: Path) -> list[Incoming]:
    validator = incoming_validator(spec.name)
    result: list[Incoming] = []
    seen: set[str] = set()
    binary = spec.binary
    plain = [(c.name, c.parse, c.nullable) for c in spec.columns if c is not binary]
    dropped = reader.dropped(policy) if reader.format == 1 else frozenset()
    shapes = (_RECORD_KEYS,) if reader.format == 1 else (_RECORD_KEYS, _SEALED_RECORD_KEYS)
    devices: set[str] = set()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse("sync_bad_record", path, table=spec.name, id="?", detail="not UTF-8") from exc
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
            if not isinstance(raw, dict) or raw.keys() not in shapes:
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
            reader.check_fields(spec, policy, d)
            values = {}
            for name, parse, nullable in plain:
                if name not in d:
                    continue
                value = d[name]
                if value is None:
                    if not nullable:
                        raise RecordError(f"{name} may not be empty")
                    values[name] = None
                else:
                    values[name] = parse(value)
            if binary is not None and binary.name in d:
                ref = d[binary.name]
                if not isinstance(ref, dict) or ref.keys() != {"file"} or ref["file"] not in files:
                    raise RecordError(f"{binary.name}: missing file")
                values[binary.name] = files[ref["file"]]
            # ``d`` comes last in the line as our exporter writes it: its text is the
            # canonical form, hashed without encoding it again.
            at = line.rfind(',"d":')
            d_text = line[at + 5:-1] if at > 0 and line.endswith("}") else None
            items = validate_items(raw["s"], devices) if "s" in raw else []
            if items:
                d_text = (d_text if d_text is not None else canonical(d)) + "\n" + items_text(items)
            digest = text_hash(d_text) if d_text is not None else content_hash(d)
            if dropped:
                d = {k: v for k, v in d.items() if k not in dropped}
                values = {k: v for k, v in values.items() if k not in dropped}
            rec = Incoming(record_id, validate_vv(raw["v"], devices), by, _to_datetime(raw["u"]), base_hash,
                           d, values, values.get("deleted_at") is not None, digest, items)
            if items:
                rec.opened = reader.open_items(spec, policy, record_id, items)
            _check_domain(validator, spec.name, rec, path)
            result.append(rec)
        except (RecordError, ValueError, TypeError, KeyError, OverflowError) as exc:
            raise refuse("sync_bad_record", path, table=spec.name, id=str(record_id)[:36], detail=str(exc)[:120]) from exc
    return result


def _verify(ctx: Context, path: Path) -> VerifiedPackage:
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
        raise refuse("sync_tampered", path, detail="manifest")
    if m["seq_from"] > m["seq_to"]:
        raise refuse("sync_tampered", path, detail="seq")
    if m["format"] > FORMAT:
        raise refuse("sync_too_new", path, what=f"format {m['format']}")
    if m.get("schema") not in migrate.known_revisions():
        raise refuse("sync_too_new", path, what=f"schema {str(m.get('schema'))[:20]}")
    if ctx.role == "council":
        if recipient.get("council_code") != ctx.council_code:
            raise refuse("sync_wrong_council", path, council=str(recipient.get("council_code"))[:20])
        owner = ctx.council_code
    else:
        if sender.get("council_code") != site.council_code:
            raise refuse("sync_wrong_council", path, council=str(sender.get("council_code"))[:20])
        owner = site.council_code
    acks = m["acks"]
    if not all(isinstance(k, str) and _int(v) for k, v in acks.items()):
        raise refuse("sync_tampered", path, detail="acks")
    try:
        created = _to_datetime(m.get("created_at"))
    except (RecordError, ValueError) as exc:
        raise refuse("sync_tampered", path, detail="created_at") from exc
    fmt = m["format"]
    devices = None
    if ctx.role == "council" and fmt >= 2:
        try:
            devices = parse_devices(m.get("devices"))
        except ValueError as exc:
            raise refuse("sync_tampered", path, detail="devices") from exc
    log_anchor = m.get("log_anchor") if ctx.role == "city" else None
    if ctx.role == "council" and m.get("log_anchors") is not None:
        if not isinstance(m["log_anchors"], dict):
            raise refuse("sync_tampered", path, detail="log anchors")
        log_anchor = m["log_anchors"].get(ctx.self_device)
    if log_anchor is not None and not valid_anchor(log_anchor):
        raise refuse("sync_tampered", path, detail="log anchor")
    opener = None
    if ctx.role == "council":
        # The list in this very package counts already: it is inside the city's signature.
        known = {**ctx.siblings, **{d.device_id: d.box_public for d in devices or ()}}
        opener = Opener(ctx.identity, known)
    reader = _Reader(ctx, fmt, opener)
    table_policies = policies()
    files = attachment_files(contents)
    tables = record_tables(contents)
    for name in tables:
        if name not in TABLES or (fmt >= 2 and not table_policies[name].travels):
            raise refuse("sync_unknown_table", path, table=name)
    records = {name: _parse_records(reader, spec, table_policies[name], tables[name], files, path)
               for name, spec in TABLES.items() if name in tables}
    counts = {name: len(rows) for name, rows in records.items()}
    if counts != m["counts"]:
        raise refuse("sync_tampered", path, detail="counts")
    # A LOCAL table's records never overwrite this PC's (a format-1 package may hold them).
    records = {name: rows for name, rows in records.items() if table_policies[name].travels}
    return VerifiedPackage(path, envelope.package_id, envelope.sender, site.council_code, owner, created,
                           m["seq_from"], m["seq_to"], dict(acks), records, fmt, devices, log_anchor)


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


def verify_all(session: Session, paths: Iterable[Path], progress: Progress | None,
               cancelled: CancelledFn | None = None) -> tuple[Context, list[VerifiedPackage]]:
    ctx = load_context(session)
    files = _expand(paths)
    packages: dict[str, VerifiedPackage] = {}
    for number, path in enumerate(files):
        if cancelled is not None:
            check_cancelled(cancelled)
        if progress:
            progress(number, len(files), path.name)
        pkg = _verify(ctx, path)
        packages.setdefault(pkg.package_id, pkg)  # the same package twice in one batch counts once
    ordered = sorted(packages.values(), key=lambda p: (p.sender, p.seq_to, p.created_at))
    return ctx, ordered
