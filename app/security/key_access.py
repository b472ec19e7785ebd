"""Who holds which key: unlocking an account's keys at login, making the compartment keys,
delivering them to the accounts whose role grants them, and turning them over when an
account is deactivated (issue 13, items 2 and 3; design in ``app.security.compartments``).

Every compartment key, and the SQLCipher key itself (compartment ``base``), reaches an
account as a sealed box to its public key; the private key is sealed under its password.
So anyone holding a key delivers it without the others' passwords, and a 위원's password
opens the base key and nothing else.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.areas import COMPARTMENTS, compartments_of
from app.security.compartments import (SealedFieldError, deliver_key, new_account_keypair, new_compartment_key,
                                       receive_key)
from app.security.keyring import (RECOVERY_LABEL, AccountEntry, KdfParams, KeyBundle, Keyring, WrongSecret,
                                  unwrap_with_bundle, wrap_with_bundle)
from app.security.permissions import ROLE_PERMISSIONS
from app.security.sealing import CompartmentKeys
from db.security_models import Account

BASE = "base"
KeySets = dict[str, dict[int, bytes]]  # compartment -> version -> key


def _pack(keyset: Mapping[int, bytes]) -> bytes:
    return json.dumps({str(v): base64.b64encode(k).decode("ascii") for v, k in keyset.items()}).encode("ascii")


def _unpack(raw: bytes) -> dict[int, bytes]:
    return {int(v): base64.b64decode(k) for v, k in json.loads(raw).items()}


def _box_version(box: str) -> int:
    return int(box.split(":", 1)[0])


@dataclass(frozen=True)
class Unlocked:
    """What one secret (a password, the recovery code) opened."""

    wrapped_key: bytes             # the base key in the account's own wrap (stale after a re-key)
    private: bytes | None
    keysets: KeySets

    def base_candidates(self) -> list[bytes]:
        """The base keys to try, newest first: after a re-key the boxes hold the new one."""
        ordered = [k for _v, k in sorted(self.keysets.get(BASE, {}).items(), reverse=True)]
        return ordered + [k for k in (self.wrapped_key,) if k not in ordered]


def _open_bundle(private: bytes | None, bundle: KeyBundle | None) -> KeySets:
    if private is None or bundle is None:
        return {}
    keysets: KeySets = {}
    for name, box in bundle.boxes.items():
        try:
            keysets[name] = _unpack(receive_key(private, box.split(":", 1)[1]))
        except (SealedFieldError, ValueError, IndexError):
            continue  # a box that does not open is one the account does not have
    return keysets


def unlock_account(keyring: Keyring, username: str, password: str) -> Unlocked:
    entry = keyring.accounts.get(username)
    if entry is None:
        raise WrongSecret(username)
    key, private = unwrap_with_bundle(entry.wrapped, entry.keys, password, username)
    return Unlocked(key, private, _open_bundle(private, entry.keys))


def unlock_recovery(keyring: Keyring, code: str) -> Unlocked:
    if keyring.recovery is None:
        raise WrongSecret(RECOVERY_LABEL)
    key, private = unwrap_with_bundle(keyring.recovery, keyring.recovery_keys, code, RECOVERY_LABEL)
    return Unlocked(key, private, _open_bundle(private, keyring.recovery_keys))


def compartment_keys(keyring: Keyring, keysets: KeySets) -> CompartmentKeys:
    """The keys a login holds, as sessions use them (``app.security.sealing``)."""
    current = {name: version for name, version in keyring.compartments.items()
               if name != BASE and version in keysets.get(name, {})}
    keys = {name: dict(ks) for name, ks in keysets.items() if name != BASE}
    pending = not any(name != BASE for name in keyring.compartments)
    return CompartmentKeys(keys, current, pending)


def grants(session: Session) -> dict[str, frozenset[str]]:
    """Active account -> the compartments its role grants."""
    return {row.username: compartments_of(ROLE_PERMISSIONS.get(row.role, frozenset()))
            for row in session.scalars(select(Account).where(Account.active.is_(True)))}


def entry_with_bundle(db_key: bytes, password: str, username: str, kdf: KdfParams | None,
                      old: AccountEntry | None = None) -> AccountEntry:
    """A new wrap of the base key and a new key pair under ``password`` (no boxes yet:
    ``deliver`` adds them). Counters and locks are kept from ``old``."""
    pair = new_account_keypair()
    wrapped, bundle = wrap_with_bundle(db_key, password, username, pair.private, pair.public, kdf)
    if old is None:
        return AccountEntry(wrapped, keys=bundle)
    return replace(old, wrapped=wrapped, keys=bundle)


def rewrap_bundle(entry: AccountEntry, db_key: bytes, old_password: str, new_password: str, username: str,
                  kdf: KdfParams | None) -> AccountEntry:
    """A password change: the same key pair and boxes under the new password."""
    if entry.keys is None:
        return entry_with_bundle(db_key, new_password, username, kdf, entry)
    _key, private = unwrap_with_bundle(entry.wrapped, entry.keys, old_password, username)
    assert private is not None
    wrapped, bundle = wrap_with_bundle(db_key, new_password, username, private, entry.keys.public_key(), kdf)
    return replace(entry, wrapped=wrapped, keys=replace(bundle, boxes=entry.keys.boxes))


def holder_keysets(keyring: Keyring, db_key: bytes, keys: CompartmentKeys | None) -> KeySets:
    """What an open database's login holds, as ``deliver`` takes it."""
    keysets: KeySets = {name: dict(ks) for name, ks in (keys.keys if keys else {}).items()}
    keysets[BASE] = {keyring.compartments.get(BASE, 1): db_key}
    return keysets


def with_recovery(keyring: Keyring, db_key: bytes, code: str, kdf: KdfParams | None) -> Keyring:
    """A new recovery wrap with its own key pair; ``deliver`` gives it every key."""
    pair = new_account_keypair()
    wrapped, bundle = wrap_with_bundle(db_key, code, RECOVERY_LABEL, pair.private, pair.public, kdf)
    return replace(keyring, recovery=wrapped, recovery_keys=bundle)


def _delivered(bundle: KeyBundle, granted: frozenset[str], keysets: KeySets,
               current: Mapping[str, int]) -> KeyBundle:
    boxes = {name: box for name, box in bundle.boxes.items() if name in granted}
    for name in granted:
        version = current.get(name)
        if name not in keysets or version is None or version not in keysets[name]:
            continue  # a key the deliverer does not hold: left as it is
        if name in boxes and _box_version(boxes[name]) == version:
            continue
        boxes[name] = f"{version}:{deliver_key(bundle.public_key(), _pack(keysets[name]))}"
    return replace(bundle, boxes=boxes)


def deliver(keyring: Keyring, keysets: KeySets, granted: Mapping[str, frozenset[str]]) -> Keyring:
    """Every account with a key pair gets a box for exactly the compartments its role
    grants (and ``base``), from the keys ``keysets`` holds; boxes its role no longer
    grants are withdrawn. The recovery code gets every key."""
    accounts = {}
    for name, entry in keyring.accounts.items():
        if entry.keys is None:
            accounts[name] = entry
            continue
        wanted = granted.get(name, frozenset()) | {BASE}
        accounts[name] = replace(entry, keys=_delivered(entry.keys, frozenset(wanted), keysets, keyring.compartments))
    recovery_keys = keyring.recovery_keys
    if recovery_keys is not None:
        recovery_keys = _delivered(recovery_keys, frozenset(COMPARTMENTS) | {BASE}, keysets, keyring.compartments)
    return replace(keyring, accounts=accounts, recovery_keys=recovery_keys)


def make_compartments(keyring: Keyring, db_key: bytes, keysets: KeySets) -> tuple[Keyring, KeySets]:
    """Keys for every compartment that has none yet (version 1), and ``base`` for the
    SQLCipher key as it is."""
    versions = dict(keyring.compartments)
    keysets = {name: dict(ks) for name, ks in keysets.items()}
    if BASE not in versions:
        versions[BASE] = 1
        keysets[BASE] = {1: db_key}
    for name in COMPARTMENTS:
        if name not in versions:
            versions[name] = 1
            keysets[name] = {1: new_compartment_key()}
    return replace(keyring, compartments=versions), keysets


def turn_over(keyring: Keyring, keysets: KeySets, names: frozenset[str],
              new_base: bytes | None) -> tuple[Keyring, KeySets]:
    """New versions of the compartments ``names`` (and of ``base`` when ``new_base``);
    the previous version is kept beside the new one, so a re-seal or a re-key that does
    not complete leaves nothing unreadable."""
    versions = dict(keyring.compartments)
    keysets = {name: dict(ks) for name, ks in keysets.items()}
    renew = {n: new_compartment_key() for n in names if n != BASE}
    if new_base is not None:
        renew[BASE] = new_base
    for name, key in renew.items():
        version = versions.get(name, 0) + 1
        previous = {v: k for v, k in keysets.get(name, {}).items() if v == versions.get(name)}
        keysets[name] = {**previous, version: key}
        versions[name] = version
    return replace(keyring, compartments=versions), keysets
