"""Anchors of the access log outside the data file: the newest head (entry id and seal) as
it was when a backup was made, so that removing the newest rows is found later.

A keyed chain catches an edited, inserted or middle-deleted row, but cutting off the
newest rows leaves a shorter chain that is whole. The cut shows only against a head
remembered elsewhere: an anchor ``{"log", "entry_id", "mac", "at", "taken_at"}``. A file
*holds* an anchor when the entry with that id is still there with that seal (or was
removed by retention, which leaves a MACed checkpoint); a cut file lacks the entry, and a
cut file that has logged more since has a different entry under the reused id.

Where anchors are kept, and why:

- in every backup's manifest (``<backup>.db.manifest``, beside its ``.keys``): the backup
  is a copy the person carries elsewhere (USB), so it is the anchor most likely to survive
  whoever tampers with the live file;
- in a small file beside the live database (``<db>.anchors``, the last 20 anchors of every
  backup wherever it was written), because backups on a stick are not at hand when
  ``check`` runs. Not in the keyring: that file belongs to key management, is copied into
  every backup and rewritten at every failed login; an anchors file of its own can be
  lost without locking anyone out;
- in sync packages, where the city keeps each council's last head (``app.sync`` calls
  ``current_anchor`` and ``verify_anchor``).

Manifests and the anchors file are MACed with the log's secret (inside the encrypted
file), so someone with file access but without the database key cannot rewrite them
undetected; they can delete them, which loses evidence but fakes none. Someone who holds
the database key can read the secret: against them only copies out of reach (backups kept
elsewhere, the city's copy) stand, since those cannot be rewritten from this PC.

A restore legitimately goes back in time: anchors taken before the newest restore
recorded in the (verified) log are superseded by it and not held against the file.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.atomic_file import OWNER_ONLY, write_atomic
from app.security.chain import GENESIS, PURGE, log_id, record_mac, same
from db.base import utc_now

ANCHOR_FORMAT = 1
ANCHORS_KEPT = 20
MANIFEST_SUFFIX = ".manifest"
ANCHORS_SUFFIX = ".anchors"
_SEAL = re.compile(r"^[0-9a-f]{64}$")

# A query on an open file: (SQL with :named parameters, parameters) -> rows. Both a live
# session and a read-only connection to a backup answer it.
Query = Callable[[str, dict[str, object]], list[tuple[Any, ...]]]


def _session_query(session: Session) -> Query:
    return lambda sql, params: [tuple(row) for row in session.execute(text(sql), params)]


def connection_query(conn: Any) -> Query:
    """A DB-API connection (e.g. a read-only backup) as a ``Query``."""
    return lambda sql, params: [tuple(row) for row in conn.execute(sql, params).fetchall()]


def _secret(query: Query) -> bytes | None:
    rows = query("SELECT secret FROM access_log_key WHERE id = 1", {})
    return bytes(rows[0][0]) if rows else None


def _start(query: Query) -> tuple[int, str]:
    rows = query("SELECT entry_id, entry_hash FROM access_log_checkpoint WHERE kind = :k "
                 "ORDER BY entry_id DESC LIMIT 1", {"k": PURGE})
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, GENESIS)


def _now() -> str:
    return utc_now().replace(microsecond=0).isoformat(timespec="seconds")


def anchor_of(query: Query) -> dict[str, object] | None:
    """The head of the log in the file ``query`` reads; None without a secret (pre-0005)."""
    secret = _secret(query)
    if secret is None:
        return None
    rows = query("SELECT id, entry_hash, at FROM access_log ORDER BY id DESC LIMIT 1", {})
    if rows:
        entry_id, seal, at = int(rows[0][0]), str(rows[0][1]), str(rows[0][2])[:19]
    else:
        (entry_id, seal), at = _start(query), ""
    return {"format": ANCHOR_FORMAT, "log": log_id(secret), "entry_id": entry_id, "mac": seal, "at": at,
            "taken_at": _now()}


def current_anchor(session: Session) -> dict[str, object]:
    """The live file's head, to carry outside it (a backup's manifest, a sync package)."""
    anchor = anchor_of(_session_query(session))
    if anchor is None:
        raise RuntimeError("the access log has no key: the file was not upgraded")
    return anchor


def anchor_holds(query: Query, anchor: object) -> bool:
    """Whether the file still has the anchored entry with the anchored seal (or removed it
    by retention). Only that: whether the chain is whole is ``verify_access_log``'s."""
    if not isinstance(anchor, dict):
        return False
    entry_id, seal = anchor.get("entry_id"), anchor.get("mac")
    if type(entry_id) is not int or entry_id < 0 or not isinstance(seal, str) or not _SEAL.match(seal):
        return False
    secret = _secret(query)
    if secret is None or not same(str(anchor.get("log", "")), log_id(secret)):
        return False
    rows = query("SELECT entry_hash FROM access_log WHERE id = :id", {"id": entry_id})
    if rows:
        return same(str(rows[0][0]), seal)
    start_id, start_seal = _start(query)
    if entry_id == start_id:
        return same(start_seal, seal)
    # Older than the newest purge: retention removed it (the purge checkpoint is MACed and
    # checked with the chain), so there is nothing left to compare.
    return entry_id < start_id


def verify_anchor(session: Session, anchor: dict[str, object]) -> bool:
    """True when the live file holds ``anchor`` (see ``anchor_holds``)."""
    return anchor_holds(_session_query(session), anchor)


# ---------------------------------------------------------------- files that carry anchors

def manifest_path(backup: Path) -> Path:
    return Path(str(backup) + MANIFEST_SUFFIX)


def anchors_path(db_path: Path) -> Path:
    return Path(str(db_path) + ANCHORS_SUFFIX)


def snapshot_anchor(query: Query) -> tuple[bytes, dict[str, object]] | None:
    """The secret and head of the file ``query`` reads (a backup's snapshot: its head is
    exactly what the backup holds); None for a file without a key (before 0005)."""
    secret, anchor = _secret(query), anchor_of(query)
    return (secret, anchor) if secret is not None and anchor is not None else None


def write_manifest(backup: Path, secret: bytes, anchor: dict[str, object], created: datetime) -> None:
    body = {"format": ANCHOR_FORMAT, "created_at": created.isoformat(timespec="seconds"), "access_log": anchor,
            "mac": record_mac(secret, "manifest", {"access_log": anchor})}
    write_atomic(manifest_path(backup), (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                 mode=OWNER_ONLY)


def backup_holds_its_manifest(backup: Path, query: Query) -> bool:
    """A backup (read through ``query``) against its own manifest: False when the manifest
    was edited or the backup's log lost rows since it was made. No manifest: True."""
    secret = _secret(query)
    if secret is None:
        return True
    saved = read_manifest(backup, secret)
    if saved is None:
        return True
    return not saved.foreign and saved.valid and all(anchor_holds(query, a) for a in saved.anchors)


@dataclass(frozen=True)
class SavedAnchors:
    """Anchors read from a file: ``valid`` is False when its MAC does not hold (edited)."""
    anchors: tuple[dict[str, object], ...]
    valid: bool
    foreign: bool = False  # written for another log (another data file): not evidence here


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_manifest(backup: Path, secret: bytes) -> SavedAnchors | None:
    """The anchor a backup's manifest holds; None when it has none (older backups)."""
    path = manifest_path(backup)
    if not path.exists():
        return None
    data = _read_json(path)
    anchor = data.get("access_log") if data else None
    if not isinstance(anchor, dict):
        return SavedAnchors((), False)
    if not same(str(anchor.get("log", "")), log_id(secret)):
        return SavedAnchors((), True, foreign=True)
    valid = same(str(data.get("mac", "")), record_mac(secret, "manifest", {"access_log": anchor}))  # type: ignore[union-attr]
    return SavedAnchors((anchor,), valid)


def read_anchors(db_path: Path, secret: bytes) -> SavedAnchors:
    path = anchors_path(db_path)
    if not path.exists():
        return SavedAnchors((), True)
    data = _read_json(path)
    anchors = data.get("anchors") if data else None
    if not isinstance(anchors, list) or not all(isinstance(a, dict) for a in anchors):
        return SavedAnchors((), False)
    if not same(str(data.get("log", "")), log_id(secret)):  # type: ignore[union-attr]
        return SavedAnchors((), True, foreign=True)
    body = {"log": log_id(secret), "anchors": anchors}
    return SavedAnchors(tuple(anchors), same(str(data.get("mac", "")), record_mac(secret, "anchors", body)))  # type: ignore[union-attr]


def remember_anchor(db_path: Path, secret: bytes, anchor: dict[str, object]) -> None:
    """Add ``anchor`` to the live file's anchors. An edited anchors file is left as it is
    (``check`` keeps reporting it); one of another data file is replaced."""
    saved = read_anchors(db_path, secret)
    if not saved.valid:
        return
    anchors = ([] if saved.foreign else list(saved.anchors)) + [anchor]
    anchors = anchors[-ANCHORS_KEPT:]
    body: dict[str, object] = {"log": log_id(secret), "anchors": anchors}
    data = {"format": ANCHOR_FORMAT, **body, "mac": record_mac(secret, "anchors", body)}
    write_atomic(anchors_path(db_path), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                 mode=OWNER_ONLY)


# ---------------------------------------------------------------- checking a live file

@dataclass(frozen=True)
class AnchorFinding:
    kind: str  # "edited": a manifest or the anchors file fails its MAC | "truncated": an anchor is not held
    where: str  # the file name that carried it
    entry_id: int = 0


def _last_restore(query: Query) -> str:
    rows = query("SELECT MAX(at) FROM access_log WHERE action = 'restore_backup'", {})
    return str(rows[0][0])[:19].replace(" ", "T") if rows and rows[0][0] else ""


def _superseded(anchor: dict[str, object], restored_at: str) -> bool:
    return bool(restored_at) and str(anchor.get("taken_at", "")).replace(" ", "T") <= restored_at


def anchor_findings(session: Session, db_path: Path, backups: Iterable[Path]) -> list[AnchorFinding]:
    """Every anchor known for the live file (its anchors file, its backups' manifests)
    that it does not hold, and every carrier whose MAC fails."""
    query = _session_query(session)
    secret = _secret(query)
    if secret is None:
        return []  # the chain check already reports a missing key
    restored_at = _last_restore(query)
    carriers: list[tuple[str, SavedAnchors]] = [(anchors_path(db_path).name, read_anchors(db_path, secret))]
    for backup in backups:
        if (saved := read_manifest(backup, secret)) is not None:
            carriers.append((manifest_path(backup).name, saved))
    findings: list[AnchorFinding] = []
    for where, saved in carriers:
        if saved.foreign:
            continue
        if not saved.valid:
            findings.append(AnchorFinding("edited", where))
            continue
        for anchor in saved.anchors:
            if not _superseded(anchor, restored_at) and not anchor_holds(query, anchor):
                entry_id = anchor.get("entry_id")
                findings.append(AnchorFinding("truncated", where, entry_id if isinstance(entry_id, int) else 0))
    return findings
