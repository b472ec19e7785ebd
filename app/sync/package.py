"""The package file: writing it atomically and reading it back with every check, before
anything touches a database.

A package (``*.cdsync``) is a ZIP archive (stored, not compressed) of three members:

- ``councildesk-sync.json`` — the header, readable without keys: format, package id,
  sender device, creation time, the SHA-256 and size of the payload, and for each
  recipient device the payload key sealed with that device's public key;
- ``payload.bin`` — the payload, ``SecretBox``-encrypted: itself a ZIP (deflated) holding
  ``manifest.json`` (format, schema revision, sender and council, recipient, creation
  time, range of changes carried, acknowledgements, counts and the SHA-256 and size of
  every other member), ``records/<table>.jsonl`` and ``files/<sha256>`` (attachments);
- ``signature.bin`` — the sender's Ed25519 signature of the header's exact bytes.

The file is written under a temporary name in the target folder (``.*.partial``),
fsynced and renamed, so a stick pulled half-way never shows a file that looks like a
package. Reading refuses path traversal, unknown members, oversized content and
zip bombs (limits on total size and compression ratio) with ``SyncRefused``.
"""
from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.atomic_file import write_atomic
from app.sync import crypto
from app.sync.messages import SyncRefused

FORMAT = 2
EXTENSION = ".cdsync"
HEADER = "councildesk-sync.json"
PAYLOAD = "payload.bin"
SIGNATURE = "signature.bin"
MANIFEST = "manifest.json"
HEADER_KIND = "councildesk-sync"
MANIFEST_KIND = "councildesk-sync-manifest"

_RECORDS = re.compile(r"^records/([a-z_]{1,40})\.jsonl$")
_FILES = re.compile(r"^files/([0-9a-f]{64})$")


@dataclass(frozen=True)
class Limits:
    """What a package may hold; generous for a council's years of records and scans."""

    # A council's years of records are a few MB; meeting scans (attachments) make the rest.
    max_file: int = 200 * 1024 * 1024
    # Everything inflated from one payload together: records deflate ~10:1, scans ~1:1, so a
    # real package stays far below; a 5 MB bomb that would inflate to 900 MB stops here.
    max_uncompressed: int = 512 * 1024 * 1024
    max_ratio: int = 200
    max_members: int = 20_000
    max_small: int = 16 * 1024 * 1024  # header and manifest


LIMITS = Limits()


@dataclass
class Envelope:
    """The outer archive, read but not yet trusted; ``payload`` is read by
    ``verify_envelope`` once the signature holds."""

    path: Path
    header: dict[str, Any]
    header_bytes: bytes
    signature: bytes
    payload: bytes | None = None

    @property
    def package_id(self) -> str:
        return self.header["package_id"]

    @property
    def sender(self) -> str:
        return self.header["sender_device"]

    @property
    def recipients(self) -> dict[str, str]:
        return self.header["recipients"]


@dataclass
class Contents:
    """The decrypted payload: the manifest and every member's bytes, checksums verified."""

    manifest: dict[str, Any]
    members: dict[str, bytes] = field(default_factory=dict)


def _refuse(code: str, path: Path, **params: object) -> SyncRefused:
    return SyncRefused(code, path=str(path), **params)


# Writing ----------------------------------------------------------------------------------

def _zip_bytes(members: dict[str, bytes], compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, compresslevel=6 if compression else None) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = compression
            zf.writestr(info, data)
    return buffer.getvalue()


def build_payload(manifest: dict[str, Any], members: dict[str, bytes]) -> bytes:
    """The inner archive: the manifest lists size and SHA-256 of every other member."""
    manifest = dict(manifest)
    manifest["files"] = {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                         for name, data in members.items()}
    inner = {MANIFEST: json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8"), **members}
    return _zip_bytes(inner, zipfile.ZIP_DEFLATED)


def write_package(folder: Path, filename: str, identity: crypto.Identity, recipients: dict[str, bytes],
                  header_fields: dict[str, Any], payload_plain: bytes) -> Path:
    """Encrypt for ``recipients`` (device id -> X25519 public key), sign, write atomically."""
    key = crypto.new_payload_key()
    payload = crypto.secret_seal(key, payload_plain)
    header = {
        "kind": HEADER_KIND, "format": FORMAT, **header_fields, "sender_device": identity.device_id,
        "payload_sha256": hashlib.sha256(payload).hexdigest(), "payload_size": len(payload),
        "recipients": {device: crypto.b64(crypto.seal_for(public, key)) for device, public in recipients.items()},
    }
    header_bytes = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    archive = _zip_bytes({HEADER: header_bytes, PAYLOAD: payload, SIGNATURE: identity.sign(header_bytes)},
                         zipfile.ZIP_STORED)
    return write_atomically(Path(folder) / filename, archive)


def write_atomically(target: Path, data: bytes) -> Path:
    """Temp name in the same folder, fsync, rename, fsync the folder (``app.atomic_file``)."""
    return write_atomic(target, data)


# Reading ----------------------------------------------------------------------------------

# Everything a damaged archive can make zipfile, zlib or json raise.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, struct.error, NotImplementedError,
           OverflowError, IndexError, TypeError, AttributeError, UnicodeDecodeError, RuntimeError)


def _safe_name(name: str) -> bool:
    return (bool(name) and not name.startswith(("/", "\\")) and "\\" not in name and ":" not in name
            and all(part not in ("", ".", "..") for part in name.split("/")))


def _check_members(zf: zipfile.ZipFile, path: Path, limits: Limits, allowed: Callable[[str], bool]) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise _refuse("sync_too_large", path, detail=f"{len(infos)} files")
    names: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if not _safe_name(name) or info.is_dir():
            raise _refuse("sync_unsafe_path", path, name=name[:80])
        if name in names:
            raise _refuse("sync_tampered", path, detail=f"duplicate {name[:80]}")
        if not allowed(name):
            raise _refuse("sync_unsafe_path", path, name=name[:80])
        names.add(name)
        total += info.file_size
        if total > limits.max_uncompressed:
            raise _refuse("sync_too_large", path, detail="uncompressed size")
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(1, info.compress_size):
            raise _refuse("sync_too_large", path, detail=f"compression ratio of {name[:80]}")


def _read_member(zf: zipfile.ZipFile, name: str, limit: int, path: Path) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise _refuse("sync_too_large", path, detail=name)
    with zf.open(info) as handle:
        # Never more than the member claims (plus one byte to catch a lie): the claims were
        # added up against the limits, so a member that inflates further stops here.
        data = handle.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise _refuse("sync_tampered", path, detail=f"size of {name}")
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def open_regular(path: Path, limit: int) -> io.BufferedReader:
    """``path`` opened for reading when it is a regular file of at most ``limit`` bytes.

    A link is refused before it is followed (``lstat``, ``O_NOFOLLOW``) and the opened file
    is checked again (``fstat``), so one swapped in between is refused too; ``O_NONBLOCK``
    keeps a FIFO put there in the meantime from blocking the open.
    """
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise SyncRefused("file_missing", path=str(path)) from None
    except OSError:
        raise SyncRefused("file_unreadable", path=str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        raise _refuse("sync_not_regular", path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SyncRefused("file_missing", path=str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link after the lstat
            raise _refuse("sync_not_regular", path) from exc
        raise SyncRefused("file_unreadable", path=str(path)) from None
    handle = os.fdopen(fd, "rb")
    try:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise _refuse("sync_not_regular", path)
        if st.st_size > limit:
            raise _refuse("sync_file_too_large", path, size=_megabytes(st.st_size), limit=_megabytes(limit))
    except BaseException:
        handle.close()
        raise
    return handle


def _zip_errors(path: Path) -> Callable[[BaseException], SyncRefused]:
    def translate(exc: BaseException) -> SyncRefused:
        if isinstance(exc, zipfile.BadZipFile):
            return _refuse("sync_tampered", path, detail="zip: " + str(exc)[:60])
        if isinstance(exc, OSError):
            # The file itself opened fine; zipfile seeking to an offset that a damaged
            # directory points at fails with EINVAL. Anything else is the stick failing.
            if exc.errno == errno.EINVAL:
                return _refuse("sync_tampered", path, detail="zip offsets")
            return SyncRefused("sync_read_failed", path=str(path))
        return _refuse("sync_tampered", path, detail=type(exc).__name__)
    return translate


def read_envelope(path: Path, limits: Limits = LIMITS) -> Envelope:
    """Open the outer archive and parse its header; nothing is trusted yet, and the payload
    is not read (``verify_envelope`` reads it once the signature holds)."""
    path = Path(path)
    translate = _zip_errors(path)
    with open_regular(path, limits.max_file) as handle:
        try:
            start = handle.read(4)
            handle.seek(0)
            if not zipfile.is_zipfile(handle):
                # The archive's directory is at its end: a cut-off package still begins like one.
                raise _refuse("sync_truncated" if start == b"PK\x03\x04" else "sync_not_package", path)
            handle.seek(0)
            with zipfile.ZipFile(handle) as zf:
                names = set(zf.namelist())
                _check_members(zf, path, limits, lambda n: n in (HEADER, PAYLOAD, SIGNATURE))
                if names != {HEADER, PAYLOAD, SIGNATURE}:
                    raise _refuse("sync_not_package", path)
                if zf.getinfo(PAYLOAD).file_size > limits.max_file:
                    raise _refuse("sync_too_large", path, detail=PAYLOAD)
                header_bytes = _read_member(zf, HEADER, limits.max_small, path)
                signature = _read_member(zf, SIGNATURE, 64, path)
            header = json.loads(header_bytes.decode("utf-8"))
        except SyncRefused:
            raise
        except (*_DAMAGE, OSError) as exc:
            raise translate(exc) from exc
    if not isinstance(header, dict) or header.get("kind") != HEADER_KIND:
        raise _refuse("sync_not_package", path)
    fmt = header.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise _refuse("sync_tampered", path, detail="format")
    if fmt > FORMAT:
        raise _refuse("sync_too_new", path, what=f"format {fmt}")
    ok = (isinstance(header.get("package_id"), str) and 1 <= len(header["package_id"]) <= 36
          and isinstance(header.get("sender_device"), str) and 1 <= len(header["sender_device"]) <= 36
          and isinstance(header.get("recipients"), dict) and len(signature) == 64
          and all(isinstance(k, str) and isinstance(v, str) for k, v in header["recipients"].items())
          and isinstance(header.get("payload_sha256"), str))
    if not ok:
        raise _refuse("sync_tampered", path, detail="header")
    return Envelope(path, header, header_bytes, signature)


_CHUNK = 1024 * 1024


def load_payload(envelope: Envelope, limits: Limits = LIMITS) -> bytes:
    """The payload's bytes, hashed while they stream in and refused unless they match the
    header's checksum; read again from the file (the same checks), so a file swapped since
    ``read_envelope`` gets no further than the checksum."""
    if envelope.payload is not None:
        return envelope.payload
    path = envelope.path
    translate = _zip_errors(path)
    digest = hashlib.sha256()
    data = bytearray()
    with open_regular(path, limits.max_file) as handle:
        try:
            with zipfile.ZipFile(handle) as zf:
                info = zf.getinfo(PAYLOAD)
                if info.file_size > limits.max_file:
                    raise _refuse("sync_too_large", path, detail=PAYLOAD)
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        data += chunk
                        if len(data) > info.file_size:
                            raise _refuse("sync_tampered", path, detail=f"size of {PAYLOAD}")
                        digest.update(chunk)
        except SyncRefused:
            raise
        except (*_DAMAGE, OSError) as exc:
            raise translate(exc) from exc
    if len(data) != info.file_size or digest.hexdigest() != envelope.header["payload_sha256"]:
        raise _refuse("sync_tampered", path, detail="payload checksum")
    envelope.payload = bytes(data)
    return envelope.payload


def verify_envelope(envelope: Envelope, sender_public: bytes, limits: Limits = LIMITS) -> None:
    """The header's signature first (a few hundred bytes), then the payload against the
    signed checksum: nothing unsigned is decrypted or inflated."""
    if not crypto.verify_signature(sender_public, envelope.header_bytes, envelope.signature):
        raise _refuse("sync_tampered", envelope.path, detail="signature")
    load_payload(envelope, limits)


def open_payload(envelope: Envelope, identity: crypto.Identity, limits: Limits = LIMITS) -> Contents:
    """Decrypt with this device's key and check every member against the manifest."""
    path = envelope.path
    sealed_key = envelope.recipients.get(identity.device_id)
    if sealed_key is None:
        raise _refuse("sync_wrong_recipient", path, recipient=", ".join(sorted(envelope.recipients))[:200])
    payload = load_payload(envelope, limits)
    try:
        key = identity.unseal(crypto.unb64(sealed_key))
        plain = crypto.secret_open(key, payload)
    except (crypto.CryptoError, ValueError, TypeError) as exc:
        raise _refuse("sync_tampered", path, detail="decryption") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as zf:
            _check_members(zf, path, limits, lambda n: n == MANIFEST or bool(_RECORDS.match(n) or _FILES.match(n)))
            names = set(zf.namelist())
            if MANIFEST not in names:
                raise _refuse("sync_tampered", path, detail="manifest")
            manifest = json.loads(_read_member(zf, MANIFEST, limits.max_small, path).decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("kind") != MANIFEST_KIND:
                raise _refuse("sync_tampered", path, detail="manifest")
            files = manifest.get("files")
            if not isinstance(files, dict) or set(files) != names - {MANIFEST}:
                raise _refuse("sync_tampered", path, detail="member list")
            contents = Contents(manifest)
            for name in sorted(names - {MANIFEST}):
                entry = files[name]
                if not isinstance(entry, dict) or not isinstance(entry.get("size"), int):
                    raise _refuse("sync_tampered", path, detail=f"manifest entry {name}")
                data = _read_member(zf, name, limits.max_uncompressed, path)
                if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                    raise _refuse("sync_tampered", path, detail=f"checksum of {name}")
                match = _FILES.match(name)
                if match and hashlib.sha256(data).hexdigest() != match.group(1):
                    raise _refuse("sync_tampered", path, detail=f"checksum of {name}")
                contents.members[name] = data
    except SyncRefused:
        raise
    except (*_DAMAGE, OSError) as exc:  # the payload is in memory: any error is damage
        raise _refuse("sync_tampered", path, detail=type(exc).__name__) from exc
    return contents


def record_tables(contents: Contents) -> dict[str, bytes]:
    """Table name -> its JSON Lines bytes."""
    result = {}
    for name, data in contents.members.items():
        match = _RECORDS.match(name)
        if match:
            result[match.group(1)] = data
    return result


def attachment_files(contents: Contents) -> dict[str, bytes]:
    return {m.group(1): data for name, data in contents.members.items() if (m := _FILES.match(name))}
