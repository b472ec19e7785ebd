"""The keyring file beside an encrypted database: one wrapped copy of the database key per
account, and one for the recovery code.

The database key is 32 random bytes. Each copy is sealed with AES-256-GCM under a key
derived from the account's password by argon2id, so accounts can be added, changed and
removed without re-encrypting the database, and a wrong password is detected by the
authentication tag. All primitives come from ``cryptography`` and ``argon2-cffi``.
"""
from __future__ import annotations

import base64
import json
import secrets
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.atomic_file import OWNER_ONLY, write_atomic

KEYRING_FORMAT = 1
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
    return f"councildesk-keyring-v{KEYRING_FORMAT}:{label}".encode("utf-8")


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


@dataclass(frozen=True)
class AccountEntry:
    wrapped: WrappedKey
    failed_attempts: int = 0
    locked_until: float = 0.0


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


@dataclass(frozen=True)
class Keyring:
    """What lives in ``<database>.keys``: never the key itself, only sealed copies."""

    database_id: str
    accounts: dict[str, AccountEntry]
    recovery: WrappedKey | None
    policy: LockPolicy = field(default_factory=LockPolicy)
    pending_failures: tuple[FailedLogin, ...] = ()

    def with_account(self, name: str, entry: AccountEntry) -> "Keyring":
        return replace(self, accounts={**self.accounts, name: entry})

    def without_account(self, name: str) -> "Keyring":
        return replace(self, accounts={k: v for k, v in self.accounts.items() if k != name})

    def to_json(self) -> dict[str, object]:
        return {
            "format": KEYRING_FORMAT,
            "kind": "councildesk-keyring",
            "database_id": self.database_id,
            "accounts": {
                name: {"wrapped": e.wrapped.to_json(), "failed_attempts": e.failed_attempts,
                       "locked_until": e.locked_until}
                for name, e in sorted(self.accounts.items())
            },
            "recovery": self.recovery.to_json() if self.recovery else None,
            "policy": asdict(self.policy),
            "pending_failures": [asdict(f) for f in self.pending_failures],
        }

    @classmethod
    def from_json(cls, raw: dict) -> "Keyring":
        accounts = {
            str(name): AccountEntry(WrappedKey.from_json(e["wrapped"]), int(e.get("failed_attempts", 0)),
                                    float(e.get("locked_until", 0.0)))
            for name, e in raw.get("accounts", {}).items()
        }
        recovery = WrappedKey.from_json(raw["recovery"]) if raw.get("recovery") else None
        policy = LockPolicy(**raw.get("policy", {}))
        pending = tuple(FailedLogin(**f) for f in raw.get("pending_failures", [])[-200:])
        return cls(database_id=str(raw.get("database_id", "")), accounts=accounts, recovery=recovery,
                   policy=policy, pending_failures=pending)


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
