"""Sealed fields: values that travel between one council's own devices only, relayed by
the city, which stores and forwards them without being able to read them.

A council device writing a package puts the SEALED fields of each record (``app.areas``)
into one *sealed item* beside the record's ``d``::

    {"v": version, "by": sealing device, "k": {device: key box, ...}, "c": ciphertext}

``c`` is ``SecretBox`` (XSalsa20-Poly1305, PyNaCl) of ``{"t": table, "id": record, "v":
version, "d": {field: value}}`` under a fresh random key; ``k`` holds that key in a
``Box`` (X25519 of the sealing device's private key and each recipient's public key) for
every device of the council the sealing device knows, itself included. A ``Box`` proves
to the recipient which device sealed it (a ``SealedBox`` would not: anyone can make one),
and the table, id and version inside bind the item to its record, so an item cannot be
moved to another record or version unnoticed.

The city keeps items opaquely (``sync_record_state.relay``) and relays them in its
packages for the council; when two devices changed the same record concurrently and the
city cannot tell the versions apart (their visible fields agree), it keeps and relays
both items, so the devices themselves see the conflict.

How devices learn each other's keys — trust model
-------------------------------------------------
The city is the root of trust for the list of a council's devices: it enrolls each
device (and makes its keys, ``app.sync.sites``), and every package it writes for a
council carries, inside the signed and encrypted payload, the list of that council's
devices that are not revoked (device id, box and signing public keys). A council device
replaces its list (``sync_sibling``) with the one of the newest package it applies, and
seals to exactly those devices.

- A city that is honest but curious, or whose database, dump, backups or server leak,
  learns no sealed value: it only ever holds ciphertext and never a private key of a
  council device (it forgets each device's private keys once the enrollment file is
  written).
- A revoked device drops out of the next list; values changed after that are not sealed
  to it (what it already holds, it keeps).
- A malicious city could add a device of its own to a council's list (it decides which
  devices exist), and would then receive values sealed after the council's devices
  applied that list; it could also withhold or replay items, or drop records. It could
  not read values sealed before, forge an item in a council device's name (that needs the
  device's private key), or move an item to another record. Council staff can see the
  list (device ids and whether each is pending) and notice a device they did not enroll.
- Values sealed before a device joined are not readable by it; it receives them the next
  time a device that knows them changes the record.
"""
from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import Box, PrivateKey, PublicKey
from nacl.secret import SecretBox
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.sync import crypto
from app.sync.records import RecordError, VersionVector, valid_device, validate_vv
from db.base import utc_now
from db.sync_models import SyncSibling, SyncSite

MAX_ITEMS = 16
_ITEM_KEYS = frozenset({"v", "by", "k", "c"})


@dataclass(frozen=True)
class Sibling:
    device_id: str
    box_public: bytes
    sign_public: bytes
    status: str


@dataclass(frozen=True)
class Opened:
    """A sealed item this device could open."""

    vv: VersionVector
    by: str
    fields: dict[str, Any]  # as they travel (JSON values)


def _canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def items_text(items: list[dict[str, Any]]) -> str:
    """The canonical text of a record's items (stored by the city, hashed by everyone)."""
    return _canonical(items)


class Sealer:
    """Seals the items of one package: one ``Box`` per recipient device, made once."""

    def __init__(self, identity: crypto.Identity, recipients: dict[str, bytes]) -> None:
        self.device_id = identity.device_id
        self._boxes = {device: Box(identity.box, PublicKey(public)) for device, public in sorted(recipients.items())}

    def seal(self, table: str, record_id: str, vv: VersionVector, fields: dict[str, Any]) -> dict[str, Any]:
        key = secrets.token_bytes(SecretBox.KEY_SIZE)
        plain = _canonical({"t": table, "id": record_id, "v": vv, "d": fields}).encode("utf-8")
        return {"v": vv, "by": self.device_id,
                "k": {device: crypto.b64(bytes(box.encrypt(key))) for device, box in self._boxes.items()},
                "c": crypto.b64(bytes(SecretBox(key).encrypt(plain)))}


class Opener:
    """Opens the items addressed to this device, from devices of its council it knows."""

    def __init__(self, identity: crypto.Identity, siblings: dict[str, bytes]) -> None:
        self.device_id = identity.device_id
        self._private: PrivateKey = identity.box
        self._publics = dict(siblings)
        self._publics.setdefault(identity.device_id, identity.box_public)
        self._boxes: dict[str, Box] = {}

    def open(self, table: str, record_id: str, item: dict[str, Any]) -> Opened | None:
        """The item's fields, or None when it was not sealed for this device or by a device
        it knows (a value it cannot have: the record keeps the value it has here)."""
        sealed_key = item["k"].get(self.device_id)
        public = self._publics.get(item["by"])
        if sealed_key is None or public is None:
            return None
        box = self._boxes.get(item["by"])
        if box is None:
            box = self._boxes[item["by"]] = Box(self._private, PublicKey(public))
        try:
            key = box.decrypt(crypto.unb64(sealed_key))
            inner = json.loads(SecretBox(key).decrypt(crypto.unb64(item["c"])).decode("utf-8"))
        except (CryptoError, ValueError, TypeError) as exc:
            # Addressed to us by a device we know, yet it does not open: changed on the way.
            raise RecordError("sealed item does not open") from exc
        if (not isinstance(inner, dict) or inner.get("t") != table or inner.get("id") != record_id
                or inner.get("v") != item["v"] or not isinstance(inner.get("d"), dict)):
            raise RecordError("sealed item belongs to another record")
        return Opened(dict(item["v"]), item["by"], inner["d"])


def validate_items(value: Any, known: set[str]) -> list[dict[str, Any]]:
    """The shape of a record's ``s`` (anyone relaying it checks this much)."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_ITEMS:
        raise RecordError("sealed items")
    for item in value:
        if not isinstance(item, dict) or item.keys() != _ITEM_KEYS:
            raise RecordError("sealed item shape")
        validate_vv(item["v"], known)
        keys = item["k"]
        if (not valid_device(item["by"], known) or not isinstance(keys, dict) or not isinstance(item["c"], str)
                or len(keys) > 1000 or not all(valid_device(d, known) and isinstance(k, str) for d, k in keys.items())):
            raise RecordError("sealed item")
    return value


def newest_items(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items no other item contains (a later version of a record contains the earlier)."""
    from app.sync.records import vv_leq

    unique = list({_canonical(i): i for i in items}.values())
    return [i for i in unique
            if not any(o is not i and vv_leq(i["v"], o["v"]) and i["v"] != o["v"] for o in unique)]


# The list of a council's devices ------------------------------------------------------------

def council_devices(session: Session, council_code: str) -> list[dict[str, str]]:
    """City: the devices of a council that are not revoked, as a package lists them."""
    rows = session.scalars(select(SyncSite).where(SyncSite.council_code == council_code, SyncSite.role == "council",
                                                  SyncSite.status != "revoked").order_by(SyncSite.device_id))
    return [{"device": r.device_id, "box": crypto.b64(bytes(r.box_public)), "sign": crypto.b64(bytes(r.sign_public)),
             "status": r.status} for r in rows]


def parse_devices(value: Any) -> list[Sibling]:
    """A package's device list (already inside the city's signature); ValueError when malformed."""
    if not isinstance(value, list) or len(value) > 1000:
        raise ValueError("devices")
    result = []
    known: set[str] = set()
    for entry in value:
        if not isinstance(entry, dict) or entry.keys() != {"device", "box", "sign", "status"}:
            raise ValueError("device entry")
        if not valid_device(entry["device"], known) or entry["status"] not in ("pending", "active"):
            raise ValueError("device entry")
        box, sign = crypto.unb64(entry["box"]), crypto.unb64(entry["sign"])
        if len(box) != 32 or len(sign) != 32:
            raise ValueError("device keys")
        result.append(Sibling(entry["device"], box, sign, entry["status"]))
    return result


def load_siblings(session: Session) -> dict[str, bytes]:
    """Council: device id -> box public key of every device of this council it knows."""
    return {r.device_id: bytes(r.box_public) for r in session.scalars(select(SyncSibling))}


def store_siblings(session: Session, siblings: list[Sibling], package_id: str) -> None:
    """Council: the newest list replaces the old (a device left out was revoked)."""
    session.execute(delete(SyncSibling))
    session.add_all(SyncSibling(device_id=s.device_id, box_public=s.box_public, sign_public=s.sign_public,
                                status=s.status, listed_at=utc_now(), package_id=package_id) for s in siblings)
