"""Keys and sealing of USB synchronisation, all from PyNaCl (libsodium): no home-made
constructions.

- Each installation has an Ed25519 signing key and an X25519 encryption key, created at
  first use and kept in ``sync_identity`` inside the (encrypted) database.
- A package's payload is sealed once with a random 32-byte key (``SecretBox``:
  XSalsa20-Poly1305); that key is sealed for each recipient device with its public key
  (``SealedBox``: anonymous X25519 + XSalsa20-Poly1305), so every device of a council can
  read a package written for the council and nobody else can.
- The sender signs the package header (which holds the payload's SHA-256) with Ed25519.
- An enrollment file is sealed with ``SecretBox`` under a key derived by argon2id (the
  same KDF helper as the keyring) from a one-time code shown on the city's screen.
"""
from __future__ import annotations

import base64
import secrets

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.security.keyring import KdfParams, _derive  # noqa: PLC2701 - the project's one argon2id helper
from db.models import Installation
from db.sync_models import SyncIdentity

__all__ = ["BadSignatureError", "CryptoError", "Identity", "b64", "unb64", "load_identity", "new_keys"]

# Crockford's base32 (no I, L, O, U): 20 characters = 100 bits, typed from the screen.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LEN = 5


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("base64 text expected")
    return base64.b64decode(text.encode("ascii"), validate=True)


class Identity:
    """This installation's device id and private keys, for one operation."""

    def __init__(self, device_id: str, sign_seed: bytes, box_secret: bytes) -> None:
        self.device_id = device_id
        self.signing = SigningKey(sign_seed)
        self.box = PrivateKey(box_secret)

    @property
    def sign_public(self) -> bytes:
        return bytes(self.signing.verify_key)

    @property
    def box_public(self) -> bytes:
        return bytes(self.box.public_key)

    def sign(self, message: bytes) -> bytes:
        return self.signing.sign(message).signature

    def unseal(self, sealed: bytes) -> bytes:
        return SealedBox(self.box).decrypt(sealed)


def new_keys() -> tuple[bytes, bytes]:
    """A new (Ed25519 seed, X25519 private key), 32 random bytes each."""
    return secrets.token_bytes(32), bytes(PrivateKey.generate())


def load_identity(session: Session) -> Identity:
    """This installation's identity, created (inside the caller's transaction) at first use."""
    row = session.get(SyncIdentity, 1)
    if row is None:
        device = session.scalar(select(Installation.device_id))
        assert device, "every initialised database has its installation row"
        sign_seed, box_secret = new_keys()
        row = SyncIdentity(id=1, device_id=device, sign_key=sign_seed, box_key=box_secret)
        session.add(row)
        session.flush()
    return Identity(row.device_id, bytes(row.sign_key), bytes(row.box_key))


def verify_signature(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        VerifyKey(public).verify(message, signature)
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


def seal_for(public: bytes, message: bytes) -> bytes:
    return SealedBox(PublicKey(public)).encrypt(message)


def secret_seal(key: bytes, message: bytes) -> bytes:
    return bytes(SecretBox(key).encrypt(message))


def secret_open(key: bytes, sealed: bytes) -> bytes:
    """Raises ``CryptoError`` when a byte was changed."""
    return SecretBox(key).decrypt(sealed)


def new_payload_key() -> bytes:
    return secrets.token_bytes(SecretBox.KEY_SIZE)


def new_one_time_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LEN))
    return "-".join(chars[i:i + CODE_GROUP_LEN] for i in range(0, len(chars), CODE_GROUP_LEN))


def normalize_code(code: str) -> str:
    """Forgive case, spaces and the letters people confuse with digits (O→0, I/L→1)."""
    text = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return "-".join(text[i:i + CODE_GROUP_LEN] for i in range(0, len(text), CODE_GROUP_LEN))


def code_key(code: str, salt: bytes, kdf: KdfParams) -> bytes:
    return _derive(normalize_code(code), salt, kdf)
