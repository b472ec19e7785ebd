"""The access-log head of each council device, anchored at the city (issue 13, item 6).

Every package a council device writes carries its log's current head (``log_anchor`` in
the manifest, ``app.security.log_anchor.current_anchor``). The city keeps the newest one of
each device with the applied package (``sync_applied_package.summary``: no schema change)
and writes each device's last head back in every package for its council
(``log_anchors``: device id -> anchor). At import the device checks its own: a head the
file no longer holds means its newest log rows were removed since it last exported.

What then, and why: the records in the package are still good (signed by the city,
checked like any other), and refusing them would only stop the council's work without
restoring anything. So the package is applied, and the anchor is kept beside the file
(``<db>.anchors``, MACed), where ``councildesk check`` reports the cut at every run until
someone looks; the import says so too. A head taken before the newest restore is not held
against the file (a restore goes back in time on purpose).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.security import log_anchor
from app.security.log_anchor import anchor_holds, current_anchor, remember_anchor, snapshot_anchor
from db.sync_models import SyncAppliedPackage

_MAX_TEXT = 1000  # an anchor is ~250 characters of JSON


def _query(session: Session) -> log_anchor.Query:
    return lambda sql, params: [tuple(row) for row in session.execute(text(sql), params)]


def own_anchor(session: Session) -> dict[str, object]:
    """The head this device carries to the city."""
    return current_anchor(session)


def valid_anchor(value: Any) -> bool:
    """Shape only (a dict of short JSON): whether it holds is ``anchor_holds``'s question."""
    if not isinstance(value, dict):
        return False
    try:
        return len(json.dumps(value)) <= _MAX_TEXT
    except (TypeError, ValueError):
        return False


def last_anchors(session: Session, devices: list[str]) -> dict[str, dict[str, object]]:
    """The city: each device's newest head, from the packages it sent."""
    result: dict[str, dict[str, object]] = {}
    rows = session.execute(select(SyncAppliedPackage.sender_device, SyncAppliedPackage.summary)
                           .where(SyncAppliedPackage.sender_device.in_(devices))
                           .order_by(SyncAppliedPackage.applied_at.desc(), SyncAppliedPackage.seq_to.desc()))
    for device, summary in rows:
        if device in result or not summary:
            continue
        try:
            anchor = json.loads(summary).get("log_anchor")
        except (ValueError, AttributeError):
            continue
        if valid_anchor(anchor):
            result[device] = anchor
    return result


def anchor_is_cut(session: Session, anchor: dict[str, object]) -> bool:
    """A council device: the city's copy of this device's head is not in the file, and no
    restore since explains it."""
    query = _query(session)
    if anchor_holds(query, anchor):
        return False
    restored_at = log_anchor._last_restore(query)  # noqa: SLF001 - the module's own rule for restores
    return not log_anchor._superseded(anchor, restored_at)  # noqa: SLF001


def keep_alert(session: Session, db_path: Path | None, anchor: dict[str, object]) -> None:
    """Keep the anchor beside the file, so that ``check`` reports the cut from now on."""
    if db_path is None:
        return
    snapshot = snapshot_anchor(_query(session))
    if snapshot is not None:
        remember_anchor(Path(db_path), snapshot[0], anchor)
