"""The keyring file beside an encrypted database: one wrapped copy of the database key per
account, and one for the recovery code; the lock-out state, authenticated.

The database key is 32 random bytes. Each copy is sealed with AES-256-GCM under a key
derived from the account's password by argon2id, so accounts can be added, changed and
removed without re-encrypting the database, and a wrong password is detected by the
authentication tag. All primitives come from ``cryptography`` and ``argon2-cffi``.

Integrity (issue 13, item 4). What decides who may log in is authenticated:

- Role grants, must-change flags and whether an account is active live inside the
  encrypted database (``account``), where SQLCipher's page MACs cover them.
- The keyring's own state (the wrapped keys, each account's failure counter and lock, the
  lock policy, the recovery wrap) is MACed (HMAC-SHA256 under a key derived from the
  database key, so only a program that has unlocked the file can write it) together with a
  ``generation`` that every authenticated save increases. The database remembers the last
  generation it saw (``keyring_state``): a keyring with a bad MAC is *edited* and one with
  an older generation is *copied back*; both are refused at login (``app.database``), and
  a file that has had a MACed keyring refuses one without a MAC. The recovery code is the
  way back: it rebuilds the keyring (``recover_access``).
- A wrong password is typed before anything is unlocked, when the program holds no
  secret, so it cannot be MACed: it is appended to ``pending_failures`` (the journal),
  outside the MAC. The counter that decides a lock is the authenticated one *plus* the
  journal replayed on top (``effective_entry``), at every attempt; at the next login the
  journal is folded into the authenticated counters and written to the access log.

What this cannot stop, and why: a journal entry nobody has logged in since can be
deleted by whoever can write the ``.keys`` file. No file-based scheme prevents that
without a secret the program holds before unlock, and there is none (a key in the
program would be public; the OS keyring is not on every PC). Such a person can also copy
the ``.keys`` file and guess passwords offline, where no counter applies at all: against
them only argon2's cost (and a strong password) counts. The lock-out is against guessing
through the program; once any account has logged in, the failures and locks until then
are authenticated and can no longer be removed or rolled back unnoticed.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.atomic_file import OWNER_ONLY, write_atomic

# 2: MACed with a generation (format 1 had neither; it is read and upgraded at login).
# 3: key pairs and compartment keys per account (``KeyBundle``); format 2 is read as is and
# each account gets its bundle at its next login.
KEYRING_FORMAT = 3
KEY_BYTES = 32
RECOVERY_LABEL = "@recovery"
# Crockford's base32 alphabet: no I, L, O, U, so a code read aloud or copied by hand survives.
_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RECOVERY_GROUPS = 6
_RECOVERY_GROUP_LEN = 5


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost; measured so that a login takes a fraction of a second."""

    time_cost: int = 3
    memory_kib: int = 131072
    parallelism: int = 2


DEFAULT_KDF = KdfParams()


def active_kdf() -> KdfParams:
    """The cost used for new wrappings; read at call time so tests can lower it."""
    return DEFAULT_KDF


class WrongSecret(Exception):
    """The password or recovery code does not unwrap the key."""


class KeyringError(Exception):
    """The keyring file is missing, unreadable or not a CouncilDesk keyring."""

    def __init__(self, reason: str, path: Path) -> None:
        super().__init__(f"{reason}: {path}")
        self.reason = reason
        self.path = path


@dataclass(frozen=True)
class WrappedKey:
    salt: str
    nonce: str
    sealed: str
    kdf: KdfParams = field(default_factory=KdfParams)

    def to_json(self) -> dict[str, object]:
        return {"salt": self.salt, "nonce": self.nonce, "sealed": self.sealed, "kdf": asdict(self.kdf)}

    @classmethod
    def from_json(cls, raw: dict) -> "WrappedKey":
        kdf = KdfParams(**raw.get("kdf", {}))
        # A damaged or hand-edited cost would crash argon2 (or make it eat all memory).
        if not (isinstance(kdf.time_cost, int) and isinstance(kdf.memory_kib, int)
                and isinstance(kdf.parallelism, int) and 1 <= kdf.time_cost <= 100
                and 1 <= kdf.parallelism <= 64 and 8 * kdf.parallelism <= kdf.memory_kib <= 4 * 1024 * 1024):
            raise ValueError(f"unusable key derivation cost: {kdf}")
        return cls(salt=str(raw["salt"]), nonce=str(raw["nonce"]), sealed=str(raw["sealed"]), kdf=kdf)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _derive(secret: str, salt: bytes, kdf: KdfParams) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=kdf.time_cost, memory_cost=kdf.memory_kib,
                           parallelism=kdf.parallelism, hash_len=KEY_BYTES, type=Type.ID)


def _aad(label: str) -> bytes:
    # Format 1's label: the wraps themselves did not change with the MAC.
    return f"councildesk-keyring-v1:{label}".encode("utf-8")


def wrap_key(db_key: bytes, secret: str, label: str, kdf: KdfParams | None = None) -> WrappedKey:
    kdf = kdf or active_kdf()
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_derive(secret, salt, kdf)).encrypt(nonce, db_key, _aad(label))
    return WrappedKey(salt=_b64(salt), nonce=_b64(nonce), sealed=_b64(sealed), kdf=kdf)


def unwrap_key(wrapped: WrappedKey, secret: str, label: str) -> bytes:
    try:
        kek = _derive(secret, _unb64(wrapped.salt), wrapped.kdf)
        return AESGCM(kek).decrypt(_unb64(wrapped.nonce), _unb64(wrapped.sealed), _aad(label))
    except (InvalidTag, ValueError) as exc:
        raise WrongSecret(label) from exc


def generate_recovery_code() -> str:
    """30 characters in 6 groups (150 bits), e.g. ``7KQ2M-...``."""
    chars = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LEN)]
    groups = ["".join(chars[i:i + _RECOVERY_GROUP_LEN]) for i in range(0, len(chars), _RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def normalize_recovery_code(text: str) -> str:
    """Accept the code typed in lower case, with spaces, or with O/I/L for 0/1/1."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    groups = [cleaned[i:i + _RECOVERY_GROUP_LEN] for i in range(0, len(cleaned), _RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def _private_aad(label: str) -> bytes:
    return f"councildesk-keyring-v3-private:{label}".encode("utf-8")


@dataclass(frozen=True)
class KeyBundle:
    """An account's X25519 key pair and the keys delivered to it (issue 13, item 2).

    The private half is sealed under the same password-derived key as the account's
    ``wrapped`` (one argon2 run at login opens both). ``boxes`` hold, per compartment
    (``base`` is the SQLCipher key), that compartment's keys by version, sealed to the
    public half: anyone holding a key can deliver it without the account's password."""

    public: str
    private_nonce: str
    private_sealed: str
    boxes: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"public": self.public, "private_nonce": self.private_nonce, "private_sealed": self.private_sealed,
                "boxes": dict(sorted(self.boxes.items()))}

    @classmethod
    def from_json(cls, raw: dict) -> "KeyBundle":
        return cls(str(raw["public"]), str(raw["private_nonce"]), str(raw["private_sealed"]),
                   {str(k): str(v) for k, v in dict(raw.get("boxes", {})).items()})

    def public_key(self) -> bytes:
        return _unb64(self.public)


@dataclass(frozen=True)
class AccountEntry:
    wrapped: WrappedKey
    failed_attempts: int = 0
    locked_until: float = 0.0
    keys: KeyBundle | None = None


def _kek(wrapped: WrappedKey, secret: str) -> bytes:
    return _derive(secret, _unb64(wrapped.salt), wrapped.kdf)


def wrap_with_bundle(db_key: bytes, secret: str, label: str, private: bytes, public: bytes,
                     kdf: KdfParams | None = None) -> tuple[WrappedKey, KeyBundle]:
    """The base key and a private key sealed under one derivation of ``secret``."""
    kdf = kdf or active_kdf()
    salt = secrets.token_bytes(16)
    aead = AESGCM(_derive(secret, salt, kdf))  # one derivation for both
    nonce, private_nonce = secrets.token_bytes(12), secrets.token_bytes(12)
    wrapped = WrappedKey(salt=_b64(salt), nonce=_b64(nonce), sealed=_b64(aead.encrypt(nonce, db_key, _aad(label))),
                         kdf=kdf)
    sealed = aead.encrypt(private_nonce, private, _private_aad(label))
    return wrapped, KeyBundle(_b64(public), _b64(private_nonce), _b64(sealed))


def unwrap_with_bundle(wrapped: WrappedKey, bundle: KeyBundle | None, secret: str,
                       label: str) -> tuple[bytes, bytes | None]:
    """(the key in ``wrapped``, the private key of ``bundle`` or None), one derivation."""
    try:
        kek = _kek(wrapped, secret)
        aead = AESGCM(kek)
        key = aead.decrypt(_unb64(wrapped.nonce), _unb64(wrapped.sealed), _aad(label))
        private = None
        if bundle is not None:
            private = aead.decrypt(_unb64(bundle.private_nonce), _unb64(bundle.private_sealed), _private_aad(label))
        return key, private
    except (InvalidTag, ValueError) as exc:
        raise WrongSecret(label) from exc


@dataclass(frozen=True)
class LockPolicy:
    """Read before the database is open, so it lives in the keyring (고시 제5조⑥)."""

    max_failed: int = 5
    lock_minutes: int = 10


@dataclass(frozen=True)
class FailedLogin:
    """A failed login noted while the database was locked; logged at the next login."""

    username: str
    at: str
    machine: str
    # Seconds since the epoch, for replaying the lock-out (``at`` is for people).
    epoch: float = 0.0


@dataclass(frozen=True)
class Keyring:
    """What lives in ``<database>.keys``: never the key itself, only sealed copies."""

    database_id: str
    accounts: dict[str, AccountEntry]
    recovery: WrappedKey | None
    policy: LockPolicy = field(default_factory=LockPolicy)
    pending_failures: tuple[FailedLogin, ...] = ()
    generation: int = 0
    mac: str = ""  # empty: a format-1 keyring, never MACed
    # Compartment -> the version that seals now (``base``: the SQLCipher key). Empty: none
    # made yet (a file upgraded before its first administrator's login).
    compartments: Mapping[str, int] = field(default_factory=dict)
    recovery_keys: KeyBundle | None = None
    # The format it was read in: a format-2 MAC covers format 2's fields only.
    format: int = KEYRING_FORMAT

    def with_account(self, name: str, entry: AccountEntry) -> "Keyring":
        return replace(self, accounts={**self.accounts, name: entry})

    def without_account(self, name: str) -> "Keyring":
        return replace(self, accounts={k: v for k, v in self.accounts.items() if k != name})

    def authenticated_part(self) -> dict[str, object]:
        """Everything the MAC covers: all but the journal of failures and the MAC itself."""
        if self.format < 3:
            return {
                "format": self.format,
                "kind": "councildesk-keyring",
                "database_id": self.database_id,
                "generation": self.generation,
                "accounts": {
                    name: {"wrapped": e.wrapped.to_json(), "failed_attempts": e.failed_attempts,
                           "locked_until": e.locked_until}
                    for name, e in sorted(self.accounts.items())
                },
                "recovery": self.recovery.to_json() if self.recovery else None,
                "policy": asdict(self.policy),
            }
        return {
            "format": KEYRING_FORMAT,
            "kind": "councildesk-keyring",
            "database_id": self.database_id,
            "generation": self.generation,
            "accounts": {
                name: {"wrapped": e.wrapped.to_json(), "failed_attempts": e.failed_attempts,
                       "locked_until": e.locked_until, "keys": e.keys.to_json() if e.keys else None}
                for name, e in sorted(self.accounts.items())
            },
            "recovery": self.recovery.to_json() if self.recovery else None,
            "recovery_keys": self.recovery_keys.to_json() if self.recovery_keys else None,
            "compartments": dict(sorted(self.compartments.items())),
            "policy": asdict(self.policy),
        }

    def to_json(self) -> dict[str, object]:
        return {**self.authenticated_part(), "mac": self.mac,
                "pending_failures": [asdict(f) for f in self.pending_failures]}

    @classmethod
    def from_json(cls, raw: dict) -> "Keyring":
        accounts = {
            str(name): AccountEntry(WrappedKey.from_json(e["wrapped"]), int(e.get("failed_attempts", 0)),
                                    float(e.get("locked_until", 0.0)),
                                    KeyBundle.from_json(e["keys"]) if e.get("keys") else None)
            for name, e in raw.get("accounts", {}).items()
        }
        recovery = WrappedKey.from_json(raw["recovery"]) if raw.get("recovery") else None
        policy = LockPolicy(**raw.get("policy", {}))
        pending = tuple(FailedLogin(**f) for f in raw.get("pending_failures", [])[-200:])
        mac = str(raw.get("mac", "")) if int(raw.get("format", 1)) >= 2 else ""
        recovery_keys = KeyBundle.from_json(raw["recovery_keys"]) if raw.get("recovery_keys") else None
        compartments = {str(k): int(v) for k, v in dict(raw.get("compartments") or {}).items()}
        return cls(database_id=str(raw.get("database_id", "")), accounts=accounts, recovery=recovery,
                   policy=policy, pending_failures=pending, generation=int(raw.get("generation", 0)), mac=mac,
                   compartments=compartments, recovery_keys=recovery_keys,
                   format=min(int(raw.get("format", 1)), KEYRING_FORMAT))


def keyring_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".keys")


def load_keyring(path: Path) -> Keyring:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KeyringError("missing", path) from exc
    except (OSError, ValueError) as exc:
        raise KeyringError("unreadable", path) from exc
    if not isinstance(raw, dict) or raw.get("kind") != "councildesk-keyring":
        raise KeyringError("not_keyring", path)
    try:
        if int(raw.get("format", 0)) > KEYRING_FORMAT:
            raise KeyringError("too_new", path)
        return Keyring.from_json(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KeyringError("unreadable", path) from exc


def save_keyring(path: Path, keyring: Keyring) -> None:
    """All or nothing, owner-only: a crash leaves the old keyring or the new one, never half."""
    text = json.dumps(keyring.to_json(), ensure_ascii=False, indent=1)
    write_atomic(path, text.encode("utf-8"), mode=OWNER_ONLY)


# ---------------------------------------------------------------- integrity

def _mac_key(db_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"councildesk-keyring-mac-v2").derive(db_key)


def _mac(keyring: Keyring, db_key: bytes) -> str:
    canonical = json.dumps(keyring.authenticated_part(), sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hmac.new(_mac_key(db_key), canonical.encode("ascii"), hashlib.sha256).hexdigest()


def keyring_is_authentic(keyring: Keyring, db_key: bytes) -> bool:
    """Whether the MAC holds (False for a format-1 keyring, which has none)."""
    return bool(keyring.mac) and hmac.compare_digest(keyring.mac, _mac(keyring, db_key))


def seal_keyring(keyring: Keyring, db_key: bytes) -> Keyring:
    """The next generation of ``keyring``, MACed; the journal travels along unMACed."""
    newer = replace(keyring, generation=keyring.generation + 1, mac="", format=KEYRING_FORMAT)
    return replace(newer, mac=_mac(newer, db_key))


def _epoch(failure: FailedLogin) -> float:
    if failure.epoch:
        return failure.epoch
    try:
        return datetime.fromisoformat(failure.at).timestamp()
    except ValueError:
        return 0.0


def effective_entry(keyring: Keyring, username: str) -> AccountEntry | None:
    """The account's counter and lock: the authenticated ones, then the journal replayed."""
    entry = keyring.accounts.get(username)
    if entry is None:
        return None
    for failure in keyring.pending_failures:
        if failure.username != username:
            continue
        attempts = entry.failed_attempts + 1
        if attempts >= keyring.policy.max_failed:
            entry = replace(entry, failed_attempts=0,
                            locked_until=_epoch(failure) + 60 * keyring.policy.lock_minutes)
        else:
            entry = replace(entry, failed_attempts=attempts)
    return entry


def fold_journal(keyring: Keyring, cleared: str | None) -> Keyring:
    """The journal folded into the authenticated counters (and emptied); ``cleared``, the
    account that just logged in, starts again from nothing."""
    accounts = {}
    for name in keyring.accounts:
        entry = effective_entry(keyring, name)
        assert entry is not None
        accounts[name] = replace(entry, failed_attempts=0, locked_until=0.0) if name == cleared else entry
    return replace(keyring, accounts=accounts, pending_failures=())
