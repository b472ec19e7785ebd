"""Compartments of keys: field envelopes and per-account key delivery (issue 13, items 2
and 3): the primitives. Their use: ``app.security.sealing`` (sealed fields) and
``app.security.key_access`` (who holds which key); "Design" below says what is wired.

Primitives:

- ``seal_field`` / ``open_field``: one value sealed with AES-256-GCM under a compartment
  key, the table, field and record id as associated data, so a sealed value copied into
  another record or field does not open. Stored as text ``cd1:<key version>:<base64>``
  in the field's own column; ``None`` stays ``None`` (an absent value leaks only that).
- ``new_account_keypair`` / ``deliver_key`` / ``receive_key``: each account has an X25519
  key pair (PyNaCl, as sync uses); its private half is sealed under the account's
  password like the database key; anyone holding a compartment key can deliver it to an
  account by its public half (a sealed box) without that account's password.

Design (items 1-3 wired: `app.security.sealing`, `app.security.key_access`; 4-5 not yet):

1. Compartments: ``base`` (the SQLCipher key: every role), ``personal`` (members' birth
   dates, phones, notes: roles with ``MEMBERS_PERSONAL``) and ``cases`` (``CASES_READ``).
   The registry (``app.areas`` FieldRule.read) names each field's compartment, so the
   roles that can read a field are exactly those that hold its key.
2. The keyring (inside its MAC) holds per account: the wrapped base key (as now), the
   wrapped private key, the public key, and one sealed box per compartment the account's
   role grants. A 위원 password thus unwraps the base key and nothing else: with it, a raw
   SQLCipher connection shows ``cd1:...`` in ``member.phone`` and ``member.birth_date``
   (a migration turns ``birth_date`` into text, sealing existing values with a key the
   first administrator's login creates).
3. Services: ``members``/``member_views`` open sealed fields on the worker when the actor
   holds the key (``Database.compartment_keys``), else give ``None`` as the visibility
   rules already do; searching and sorting by a sealed field happen in Python after
   opening (a council has hundreds of members, not millions).
4. Role change: an administrator (who holds every key) delivers or withdraws boxes.
   Deactivation: the account's entries leave the keyring; every compartment it held gets
   a new key (fields re-sealed in one transaction, the old version kept until commit) and
   the base key is changed with ``PRAGMA rekey``; the new keys are delivered to every
   remaining account by its public key, so nobody needs the others' passwords.
5. Backups: sealed under a backup key delivered to the active administrators' public keys
   (and the recovery code), not a copy of the live keyring; deactivating rewrites the
   keyrings of the backups in the folders the program knows. A backup copied elsewhere
   beforehand, with its ``.keys``, still opens for the person who could open it then, with
   what it held then: no program can reach that copy. This goes in the README with the
   wiring.
"""
from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_BYTES = 32
_PREFIX = "cd1"


class SealedFieldError(Exception):
    """A sealed value that does not open with this key, record and field (moved or edited)."""


@lru_cache(maxsize=16)
def _aead(key: bytes) -> AESGCM:
    # Building the cipher costs more than sealing one short field: a list opens thousands.
    return AESGCM(key)


def new_compartment_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _aad(table: str, field: str, record_id: str, version: int) -> bytes:
    return f"councildesk-field-v1|{table}|{field}|{record_id}|{version}".encode("utf-8")


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(_PREFIX + ":")


def seal_field(key: bytes, version: int, table: str, field: str, record_id: str, value: str | None) -> str | None:
    if value is None:
        return None
    nonce = secrets.token_bytes(12)
    sealed = _aead(key).encrypt(nonce, value.encode("utf-8"), _aad(table, field, record_id, version))
    return f"{_PREFIX}:{version}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def sealed_version(stored: str) -> int:
    """Which compartment key version sealed ``stored`` (for re-keying in steps)."""
    try:
        return int(stored.split(":", 2)[1])
    except (IndexError, ValueError) as exc:
        raise SealedFieldError("not a sealed value") from exc


def open_field(key: bytes, table: str, field: str, record_id: str, stored: str | None) -> str | None:
    if stored is None:
        return None
    if not is_sealed(stored):
        raise SealedFieldError("not a sealed value")
    version = sealed_version(stored)
    try:
        raw = base64.b64decode(stored.split(":", 2)[2], validate=True)
        return _aead(key).decrypt(raw[:12], raw[12:], _aad(table, field, record_id, version)).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise SealedFieldError(f"{table}.{field} of {record_id}") from exc


@dataclass(frozen=True)
class AccountKeypair:
    public: bytes
    private: bytes


def new_account_keypair() -> AccountKeypair:
    private = PrivateKey.generate()
    return AccountKeypair(bytes(private.public_key), bytes(private))


def deliver_key(public: bytes, compartment_key: bytes) -> str:
    """A compartment key sealed to an account's public key: only its private key opens it."""
    return base64.b64encode(SealedBox(PublicKey(public)).encrypt(compartment_key)).decode("ascii")


def receive_key(private: bytes, delivered: str) -> bytes:
    try:
        return SealedBox(PrivateKey(private)).decrypt(base64.b64decode(delivered, validate=True))
    except (CryptoError, ValueError) as exc:
        raise SealedFieldError("compartment key not for this account") from exc
