"""Hash chaining for the tamper-evident access log (접속기록).

Each entry's hash covers its own canonical content and the previous entry's hash, so
editing, inserting or deleting any row breaks the chain from that row on.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(content: Mapping[str, object]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def entry_hash(prev_hash: str, content: Mapping[str, object]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str  # "content" (row edited) | "link" (row removed or inserted)


def verify_chain(entries: Iterable[tuple[int, str, str, Mapping[str, object]]], anchor: str = GENESIS) -> ChainBreak | None:
    """Check ``(id, prev_hash, hash, content)`` rows in id order; the first break or None."""
    expected_prev = anchor
    for entry_id, prev_hash, stored_hash, content in entries:
        if prev_hash != expected_prev:
            return ChainBreak(entry_id, "link")
        if entry_hash(prev_hash, content) != stored_hash:
            return ChainBreak(entry_id, "content")
        expected_prev = stored_hash
    return None
