"""The chain of the tamper-evident access log (접속기록): how an entry is sealed and how a
run of entries is checked; pure functions, no database.

Each entry's seal covers its own canonical content and the previous entry's seal, so
editing, inserting or deleting a row breaks the chain from that row on. Since revision
``0005_keyed_log`` the seal is an HMAC-SHA256 under a secret kept inside the encrypted file
(``access_log_key``): a plain SHA-256 chain could be recomputed by anyone holding the
database key with a SQLite shell, an HMAC chain only by someone who also reads the secret
and knows how the program uses it. Entries written before that revision keep their plain
SHA-256 seals (they are a legal record and are never rewritten); they are pinned by the
"keyed" checkpoint, whose MAC covers the seal of the last of them, so recomputing them
breaks the link into the keyed part.

Checkpoints (the switch to keyed seals, each retention purge) are MACed too: moving or
deleting one breaks verification instead of excusing a gap.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
KEYED = "keyed"
PURGE = "purge"


def canonical(content: Mapping[str, object]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def legacy_hash(prev_hash: str, content: Mapping[str, object]) -> str:
    """The plain SHA-256 seal of entries written before the keyed chain (verification only)."""
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(content)).hexdigest()


def entry_mac(secret: bytes, prev_hash: str, content: Mapping[str, object]) -> str:
    return hmac.new(secret, b"entry\n" + prev_hash.encode("ascii") + b"\n" + canonical(content),
                    hashlib.sha256).hexdigest()


def record_mac(secret: bytes, purpose: str, content: Mapping[str, object]) -> str:
    """A MAC over anything else the log vouches for (checkpoints, anchors); ``purpose``
    separates the domains, so an entry's seal can never pass as a checkpoint's."""
    return hmac.new(secret, purpose.encode("ascii") + b"\n" + canonical(content), hashlib.sha256).hexdigest()


def log_id(secret: bytes) -> str:
    """A public name of one log (one data file and its backups), derived from the secret."""
    return record_mac(secret, "log-id", {})[:16]


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))


@dataclass(frozen=True)
class Checkpoint:
    kind: str  # KEYED: entries after entry_id are HMAC-sealed | PURGE: entries up to entry_id were purged
    entry_id: int
    entry_hash: str
    at: str
    mac: str

    def content(self) -> dict[str, object]:
        return {"kind": self.kind, "entry_id": self.entry_id, "entry_hash": self.entry_hash, "at": self.at}


def checkpoint_mac(secret: bytes, kind: str, entry_id: int, entry_hash: str, at: str) -> str:
    return record_mac(secret, "checkpoint", {"kind": kind, "entry_id": entry_id, "entry_hash": entry_hash, "at": at})


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    # "content" (row edited) | "link" (row removed, inserted or the chain recomputed) |
    # "checkpoint" (a checkpoint edited, removed or missing) | "key" (the secret is missing)
    reason: str


@dataclass(frozen=True)
class ChainStart:
    """Where verification begins: after the newest purge, or at the very beginning."""
    entry_id: int
    entry_hash: str


def chain_start(checkpoints: Iterable[Checkpoint]) -> ChainStart:
    purges = [c for c in checkpoints if c.kind == PURGE]
    if not purges:
        return ChainStart(0, GENESIS)
    newest = max(purges, key=lambda c: c.entry_id)
    return ChainStart(newest.entry_id, newest.entry_hash)


def verify_chain(entries: Iterable[tuple[int, str, str, Mapping[str, object]]], secret: bytes | None,
                 checkpoints: Iterable[Checkpoint]) -> ChainBreak | None:
    """Check ``(id, prev_hash, seal, content)`` rows in id order; the first break or None."""
    if secret is None:
        return ChainBreak(0, "key")
    checkpoints = list(checkpoints)
    for point in checkpoints:
        if not same(point.mac, checkpoint_mac(secret, point.kind, point.entry_id, point.entry_hash, point.at)):
            return ChainBreak(point.entry_id, "checkpoint")
    switches = [c for c in checkpoints if c.kind == KEYED]
    if len(switches) != 1:
        return ChainBreak(0, "checkpoint")
    switch = switches[0]
    start = chain_start(checkpoints)
    expected_prev = start.entry_hash
    # Legacy rows between the start and the switch must end exactly at the pinned seal.
    must_cross = start.entry_id < switch.entry_id
    for entry_id, prev_hash, stored, content in entries:
        keyed = entry_id > switch.entry_id
        if keyed and must_cross:
            if not same(expected_prev, switch.entry_hash):
                return ChainBreak(entry_id, "link")
            must_cross = False
        if not same(prev_hash, expected_prev):
            return ChainBreak(entry_id, "link")
        seal = entry_mac(secret, prev_hash, content) if keyed else legacy_hash(prev_hash, content)
        if not same(seal, stored):
            return ChainBreak(entry_id, "content")
        expected_prev = stored
    if must_cross and not same(expected_prev, switch.entry_hash):
        return ChainBreak(switch.entry_id, "link")
    return None
