"""Backups of the encrypted data file: automatic, manual, before imports and restores, and
recovery of a damaged file at start-up.

A backup is a consistent snapshot made with ``VACUUM INTO``: SQLCipher writes it encrypted
with the database's own key, so a backup on a USB stick is as safe as the data file. The
snapshot goes to a temporary file, is fsynced, opened with the key and checked with
``PRAGMA cipher_integrity_check`` and ``PRAGMA integrity_check``, and only then renamed to
``councildesk-YYYYMMDD-HHMMSS-<reason>.db``. The keyring (only wrapped keys) is copied
beside it as ``<name>.db.keys``: without it nobody could open the backup on another PC.
A full disk, a killed process or a pulled USB stick therefore leaves either no backup
file or a whole, checked one; never half of one, and the data file is only ever read.

Automatic backups live in ``data_dir()/backups/<db stem>-<hash of its path>/``. Which of
them are kept (``auto_backup``): only files whose reason is ``auto`` are rotated, by
``app.backup_policy.backups_to_keep`` (7 daily, 4 weekly, 12 monthly, always the newest).
Backups made for a reason (``manual``, ``before-import``, ``before-restore``) are never
deleted by the program: they mark a moment someone chose or a change that replaced data,
they are rare, and the person can delete them from the folder.

Each backup also gets a manifest (``<name>.db.manifest``) with the access log's head at
that moment, MACed with the log's secret, and the head is added to the live file's anchors
(``app.security.log_anchor``): a log whose newest rows were removed is found at ``check``
and a backup whose own log was cut is refused at restore. The automatic backup is also
where the access log's retention purge runs, at most once a day (``run_retention``).

A restore replaces the live file atomically (copy beside it, fsync, rename, fsync the folder) after
the backup was checked and the current state was backed up. The live keyring is kept, so
current passwords keep working (the key is the same). The restore is written to the access
log of the *restored* database, because the old one is replaced: the entry names the
backup and the safety copy.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher_dbapi

from app.atomic_file import OWNER_ONLY, replace_durably, write_atomic
from app.backup_policy import backups_to_keep
from app.errors import MESSAGES, AppError, InputRefused
from app.i18n import N_
from app.paths import data_dir
from app.security import log_anchor
from app.security.audit import log_event, run_retention
from app.security.keyring import KeyringError, keyring_path, load_keyring
from app.security.permissions import Actor, Permission, ROLE_PERMISSIONS, NotAllowed, require
from db import migrate
from db.session import SQLITE_HEADER, Database

__all__ = [
    "BackupInfo", "auto_backup", "backup_before", "backup_dir", "backup_now", "list_backups",
    "recover_from_backup", "restore_backup", "verify_backup",
]

MESSAGES.update({
    "backup_disk_full": ("백업할 공간이 부족합니다: {folder}\n다른 곳(USB 등)을 고르거나 필요 없는 파일을 지운 뒤 다시 하세요. "
                         "데이터 파일은 바뀌지 않았고 반쯤 쓴 백업도 남기지 않았습니다.",
                         "Not enough space for the backup: {folder}\nChoose another place or free some space. "
                         "The data file was not changed and no partial backup was left."),
    "backup_write_failed": ("백업 파일을 쓸 수 없습니다: {folder}\n{detail}\n데이터 파일은 바뀌지 않았습니다.",
                            "Cannot write the backup: {folder}\n{detail}\nThe data file was not changed."),
    "backup_missing": ("백업 파일이 없습니다: {path}\n파일이 있는 곳(USB 등)을 확인하세요.",
                       "The backup file does not exist: {path}"),
    "backup_unreadable": ("백업 파일을 읽을 수 없습니다: {path}\n파일을 다른 곳(바탕화면 등)에 복사한 뒤 다시 고르세요.",
                          "Cannot read the backup file: {path}\nCopy it somewhere else and try again."),
    "backup_damaged": ("백업 파일이 손상되었거나 중간에 잘렸습니다: {path}\n다른(이전) 백업을 고르세요. 지금 데이터는 바뀌지 않았습니다.",
                       "The backup file is damaged or truncated: {path}\nChoose another (older) backup. "
                       "The current data was not changed."),
    "backup_wrong_key": ("이 백업은 지금 데이터 파일의 열쇠로 열리지 않습니다: {path}\n다른 데이터 파일(다른 협의체)의 백업이거나 "
                         "파일 앞부분이 손상되었습니다. 지금 데이터는 바뀌지 않았습니다.",
                         "This backup does not open with the key of the current data file: {path}\nIt belongs to another "
                         "data file, or its beginning is damaged. The current data was not changed."),
    "backup_other_database": ("다른 데이터 파일(다른 협의체)의 백업입니다: {path}\n이 데이터 파일의 백업을 고르세요. "
                              "지금 데이터는 바뀌지 않았습니다.",
                              "This is a backup of another data file: {path}\nChoose a backup of this data file. "
                              "The current data was not changed."),
    "backup_not_councildesk": ("협의체 데스크 백업 파일이 아닙니다: {path}\n'councildesk-날짜-시각-….db' 파일을 고르세요.",
                               "This is not a CouncilDesk backup: {path}\nChoose a 'councildesk-DATE-TIME-….db' file."),
    "backup_too_new": ("이 백업은 더 새 버전의 협의체 데스크에서 만들어졌습니다: {path}\n프로그램을 최신 버전으로 바꾼 뒤 복원하세요. "
                       "지금 데이터는 바뀌지 않았습니다.",
                       "This backup was made by a newer CouncilDesk: {path}\nUpdate the program first. "
                       "The current data was not changed."),
    "backup_is_live": ("지금 쓰고 있는 데이터 파일 자체는 백업으로 고를 수 없습니다: {path}",
                       "The data file in use cannot be chosen as a backup: {path}"),
    "backup_none_good": ("쓸 수 있는 정상 백업이 없습니다. 손상된 데이터 파일은 지우지 않고 그대로 두었습니다: {path}\n"
                         "USB 등에 따로 둔 백업이 있으면 '백업에서 복원'으로 고르세요.",
                         "No good backup was found. The damaged data file was left as it was: {path}\n"
                         "If you keep a backup elsewhere (USB), choose it with 'Restore from backup'."),
    "restore_failed": ("복원하지 못했습니다: {path}\n{detail}\n데이터 파일은 바뀌지 않았습니다. 다시 로그인하세요.",
                       "The restore failed: {path}\n{detail}\nThe data file was not changed. Log in again."),
    "backup_log_truncated": N_("이 백업의 접속기록이 백업할 때보다 짧습니다(최근 기록이 지워졌습니다): {path}\n"
                               "다른 백업을 고르세요. 지금 데이터는 바뀌지 않았습니다."),
    "backup_no_file": ("파일에 저장된 데이터가 아니어서 백업할 수 없습니다.", "This database has no file to back up."),
})

REASONS = ("auto", "manual", "before-import", "before-restore")
AUTO = "auto"
_NAME = re.compile(r"^councildesk-(\d{8})-(\d{6})-([a-z][a-z-]*?)(?:-(\d+))?\.db$")
_TMP_PREFIX = ".councildesk-"
_TMP_SUFFIX = ".tmp"
_STALE_TMP_SECONDS = 3600
# SQLCipher pages are a multiple of 512 bytes (4096 by default): any other size is a cut file.
_MIN_PAGE = 512
_SQLCIPHER_PAGE = 4096
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_COUNCILDESK_TABLES = frozenset({"alembic_version", "installation", "change_counter"})
# What counts as "something changed" for automatic backups: synced records (through the
# change counter), accounts, settings and the council's identity. The access log does not:
# views, prints and logins alone are no reason for a new backup.
_FINGERPRINT_QUERIES = (
    ("change_counter", "SELECT value FROM change_counter ORDER BY id"),
    ("installation", "SELECT * FROM installation ORDER BY id"),
    ("account", "SELECT * FROM account ORDER BY id"),
    ("setting", "SELECT * FROM setting ORDER BY key"),
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    reason: str
    size: int

    @property
    def keys_path(self) -> Path:
        return keyring_path(self.path)


# --- file helpers -----------------------------------------------------------------------

def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _temp_path(folder: Path, what: str) -> Path:
    return folder / f"{_TMP_PREFIX}{what}-{secrets.token_hex(6)}{_TMP_SUFFIX}"


def _copy_durably(src: Path, dst: Path) -> None:
    with open(src, "rb") as source, open(dst, "xb") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)
        target.flush()
        os.fsync(target.fileno())


def _unlink_quietly(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _is_full(exc: BaseException, folder: Path, needed: int) -> bool:
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if isinstance(exc, sqlcipher_dbapi.Error) and getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
        return True
    # SQLite reports some short writes only as an I/O error; free space tells the cause.
    try:
        return shutil.disk_usage(folder).free < needed
    except OSError:
        return False


def _write_refusal(exc: BaseException, folder: Path, needed: int) -> InputRefused:
    if _is_full(exc, folder, needed):
        return InputRefused("backup_disk_full", folder=str(folder))
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return InputRefused("backup_write_failed", folder=str(folder), detail=detail)


def _live_size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        try:
            total += Path(str(path) + suffix).stat().st_size
        except OSError:
            pass
    return total


# --- names and listing ------------------------------------------------------------------

def backup_dir(db_path: Path) -> Path:
    """Where the automatic backups of ``db_path`` live: one folder per data file, so two
    files with the same name in different folders never share (or prune) backups."""
    absolute = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(str(absolute).encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{absolute.stem}-{digest}"


def _naive_local(now: datetime) -> datetime:
    return now.astimezone().replace(tzinfo=None) if now.tzinfo else now


def _backup_name(created: datetime, reason: str, number: int) -> str:
    suffix = f"-{number}" if number > 1 else ""
    return f"councildesk-{created:%Y%m%d-%H%M%S}-{reason}{suffix}.db"


def _parse_name(path: Path) -> tuple[datetime, str, int] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        created = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return created, match.group(3), int(match.group(4) or 1)


def _infos(folder: Path) -> list[BackupInfo]:
    found: list[tuple[datetime, int, BackupInfo]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        parsed = _parse_name(path)
        if parsed is None or not path.is_file():
            continue
        created, reason, number = parsed
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append((created, number, BackupInfo(path, created, reason, size)))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [info for _c, _n, info in found]


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups in the automatic folder of ``db_path`` (any reason), newest first."""
    return _infos(backup_dir(db_path))


def list_backups_in(folder: Path) -> list[BackupInfo]:
    """Backups in any folder (a USB stick), newest first."""
    return _infos(Path(folder))


# --- reading a backup -------------------------------------------------------------------

def _apply_key(conn: Any, key: bytes) -> None:
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


@contextmanager
def _read_only(path: Path, key: bytes) -> Iterator[Any]:
    """Open a file without changing a byte of it (no locks, journal or WAL)."""
    conn = sqlcipher_dbapi.connect(Path(path).resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    # SQLCipher logs every page that fails its HMAC to stderr (process-wide); a backup that
    # is refused must end with one message, not a screen of log lines in the terminal.
    level = conn.execute("PRAGMA cipher_log_level").fetchone()[0]
    conn.execute("PRAGMA cipher_log_level = NONE")
    try:
        _apply_key(conn, key)
        yield conn
    finally:
        conn.execute(f"PRAGMA cipher_log_level = {level}")
        conn.close()


def _fingerprint(conn: Any) -> str:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    digest = hashlib.sha256()
    for table, query in _FINGERPRINT_QUERIES:
        if table in tables:
            digest.update(json.dumps([table, conn.execute(query).fetchall()], default=str).encode("utf-8"))
    return digest.hexdigest()


def _live_fingerprint(db: Database) -> str:
    with db.engine.connect() as conn:
        return _fingerprint(conn.connection.driver_connection)


def _backup_fingerprint(path: Path, key: bytes) -> str | None:
    try:
        with _read_only(path, key) as conn:
            return _fingerprint(conn)
    except sqlcipher_dbapi.Error:
        return None


def _sidecar_database_id(backup_path: Path) -> str | None:
    try:
        return load_keyring(keyring_path(backup_path)).database_id or None
    except KeyringError:
        return None


def _no_page_decrypts(conn: Any, size: int) -> bool:
    """A wrong key fails every page's HMAC; a cut or damaged file only some (or none)."""
    try:
        failures = len(conn.execute("PRAGMA cipher_integrity_check").fetchall())
    except sqlcipher_dbapi.Error:
        return True
    return failures >= size // _SQLCIPHER_PAGE


def verify_backup(backup_path: Path, key: bytes, *, database_id: str | None = None) -> None:
    """Refuse a backup that cannot be restored, with a message saying why; read-only.

    ``database_id`` (the live keyring's) lets a backup of another data file be named as
    such when its ``.keys`` file lies beside it; without it the refusal says "wrong key".
    """
    path = Path(backup_path).expanduser()
    if not path.exists():
        raise InputRefused("backup_missing", path=str(path))
    if not path.is_file():
        raise InputRefused("backup_not_councildesk", path=str(path))
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise InputRefused("backup_unreadable", path=str(path)) from exc
    if header == SQLITE_HEADER:
        # A plain SQLite file: another program's, or never encrypted; not our backup.
        raise InputRefused("backup_not_councildesk", path=str(path))
    if size == 0 or size % _MIN_PAGE:
        raise InputRefused("backup_damaged", path=str(path))
    try:
        with _read_only(path, key) as conn:
            try:
                tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlcipher_dbapi.Error as exc:
                if not _no_page_decrypts(conn, size):
                    raise InputRefused("backup_damaged", path=str(path)) from exc
                other = _sidecar_database_id(path)
                if database_id and other and other != database_id:
                    raise InputRefused("backup_other_database", path=str(path)) from exc
                raise InputRefused("backup_wrong_key", path=str(path)) from exc
            if not _COUNCILDESK_TABLES <= tables:
                raise InputRefused("backup_not_councildesk", path=str(path))
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if len(rows) != 1:
                raise InputRefused("backup_not_councildesk", path=str(path))
            if rows[0][0] not in migrate.known_revisions():
                raise InputRefused("backup_too_new", path=str(path))
            # Every page's HMAC (catches tampering and flipped bits), then the b-trees.
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise InputRefused("backup_damaged", path=str(path))
            if [row[0] for row in conn.execute("PRAGMA integrity_check")] != ["ok"]:
                raise InputRefused("backup_damaged", path=str(path))
            if not log_anchor.backup_holds_its_manifest(path, log_anchor.connection_query(conn)):
                raise InputRefused("backup_log_truncated", path=str(path))
    except sqlcipher_dbapi.Error as exc:
        raise InputRefused("backup_damaged", path=str(path)) from exc


# --- making a backup --------------------------------------------------------------------

def _free_name(folder: Path, created: datetime, reason: str) -> Path:
    number = 1
    while True:
        target = folder / _backup_name(created, reason, number)
        if not target.exists() and not keyring_path(target).exists():
            return target
        number += 1


def backup_now(db: Database, dest_dir: Path | None = None, reason: str = "manual", *,
               now: datetime | None = None) -> Path:
    """Write a checked, encrypted snapshot (and its ``.keys``) to ``dest_dir`` and return it.

    ``dest_dir`` defaults to the automatic folder. A manual backup needs the backup
    permission; the program's own backups (automatic, before an import or a restore) run
    for whoever is working. Raises ``InputRefused`` for a full disk or an unwritable
    folder, leaving no partial file behind.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if reason == "manual":
        require(db.actor, Permission.BACKUP)
    if db.path is None or db.key is None:
        raise InputRefused("backup_no_file")
    live = Path(db.path)
    keys_src = keyring_path(live)
    if not keys_src.is_file():
        raise InputRefused("keyring_missing", path=str(keys_src))
    folder = Path(dest_dir).expanduser() if dest_dir is not None else backup_dir(live)
    needed = _live_size(live) + keys_src.stat().st_size
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_refusal(exc, folder, needed) from exc
    _remove_stale_temps(folder)
    created = _naive_local(now or datetime.now()).replace(microsecond=0)
    tmp_db = _temp_path(folder, "db")
    try:
        with db.engine.connect() as conn:
            # The raw connection is in autocommit mode: VACUUM cannot run inside BEGIN.
            conn.connection.driver_connection.execute("VACUUM INTO ?", (str(tmp_db),))
        _fsync(tmp_db)
        # Read with the snapshot: the keyring of this moment is the one that opens it.
        keys = keys_src.read_bytes()
    except (OSError, sqlcipher_dbapi.Error) as exc:
        _unlink_quietly(tmp_db, Path(f"{tmp_db}-journal"))
        raise _write_refusal(exc, folder, needed) from exc
    except BaseException:
        _unlink_quietly(tmp_db, Path(f"{tmp_db}-journal"))
        raise
    try:
        verify_backup(tmp_db, db.key)
        with _read_only(tmp_db, db.key) as conn:
            anchored = log_anchor.snapshot_anchor(log_anchor.connection_query(conn))
    except AppError as exc:
        _unlink_quietly(tmp_db)
        # The copy reads back wrong: bad media, or a write the device silently dropped.
        raise InputRefused("backup_write_failed", folder=str(folder), detail=exc.message("ko")) from exc
    target: Path | None = None
    try:
        target = _free_name(folder, created, reason)
        # Keys first: a .keys without its .db is harmless, a .db without keys is not.
        write_atomic(keyring_path(target), keys, mode=OWNER_ONLY)
        if anchored is not None:
            log_anchor.write_manifest(target, *anchored, created)
        replace_durably(tmp_db, target)
    except BaseException as exc:
        _unlink_quietly(tmp_db)
        if target is not None and not target.exists():
            _unlink_quietly(keyring_path(target), log_anchor.manifest_path(target))
        if isinstance(exc, OSError):
            raise _write_refusal(exc, folder, needed) from exc
        raise
    if anchored is not None:
        try:
            log_anchor.remember_anchor(live, *anchored)
        except OSError:
            pass  # the backup's own manifest still anchors the log; the backup must not fail for this
    log_event(db.session_factory, db.actor, "backup", "", "", {"reason": reason, "file": target.name})
    return target


def backup_before(db: Database, reason: str) -> Path:
    """The safety copy taken before an import or a restore replaces data."""
    require(db.actor, Permission.BACKUP)
    if not reason.startswith("before-"):
        reason = f"before-{reason}"
    return backup_now(db, None, reason)


def _remove_stale_temps(folder: Path) -> None:
    """Temp files of a backup that was killed halfway; an hour old, so never a running one."""
    limit = time.time() - _STALE_TMP_SECONDS
    try:
        # SQLite may leave "<temp>-journal" beside a snapshot that was cut off.
        entries = list(folder.glob(f"{_TMP_PREFIX}*{_TMP_SUFFIX}*"))
    except OSError:
        return
    for path in entries:
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def prune_automatic(db_path: Path) -> list[Path]:
    """Delete automatic backups outside the 7-daily/4-weekly/12-monthly set; return them."""
    autos = [b for b in list_backups(db_path) if b.reason == AUTO]
    keep = backups_to_keep([b.created_at for b in autos])
    removed: list[Path] = []
    for info in autos:
        if info.created_at not in keep:
            _unlink_quietly(info.path, info.keys_path, log_anchor.manifest_path(info.path))
            removed.append(info.path)
    return removed


def auto_backup(db: Database, now: datetime, closing: bool = False) -> Path | None:
    """Back up if something changed since the newest backup in the automatic folder; while
    the program is open at most once per calendar day, on closing whenever changed."""
    if db.path is None or db.key is None:
        return None
    now = _naive_local(now)
    run_retention(db.session_factory, db.actor, now.astimezone(timezone.utc).replace(tzinfo=None))
    folder = backup_dir(db.path)
    existing = list_backups(db.path)
    if existing and _backup_fingerprint(existing[0].path, db.key) == _live_fingerprint(db):
        return None
    last_auto = next((b.created_at for b in existing if b.reason == AUTO), None)
    if not closing and last_auto is not None and now.date() <= last_auto.date():
        return None
    target = backup_now(db, folder, AUTO, now=now)
    prune_automatic(db.path)
    return target


# --- restoring --------------------------------------------------------------------------

def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _database_id(db_path: Path) -> str | None:
    try:
        return load_keyring(keyring_path(db_path)).database_id or None
    except KeyringError:
        return None


def _stage_copy(backup_path: Path, live: Path) -> Path:
    """Copy the backup beside the live file (same file system, so the swap is a rename)."""
    staged = _temp_path(live.parent, "restore")
    try:
        _copy_durably(backup_path, staged)
    except OSError as exc:
        _unlink_quietly(staged)
        raise _write_refusal(exc, live.parent, backup_path.stat().st_size) from exc
    except BaseException:
        _unlink_quietly(staged)
        raise
    return staged


def _swap_in(staged: Path, live: Path) -> None:
    # A WAL or shared-memory file of the old database must never be applied to the new one.
    _unlink_quietly(Path(str(live) + "-wal"), Path(str(live) + "-shm"))
    replace_durably(staged, live)


def _log_restore(live: Path, key: bytes, actor: Actor | None, details: dict[str, object]) -> None:
    from app.database import _open_with_key  # app.database imports much; only needed here

    restored = _open_with_key(live, key)
    try:
        log_event(restored.session_factory, actor, "restore_backup", "", "", details)
    finally:
        restored.dispose()


def restore_backup(db: Database, backup_path: Path) -> Path:
    """Replace the data with a checked backup; return the backup of the state before.

    The ``db`` object is disposed: the caller logs in again with ``open_database``.
    """
    actor = require(db.actor, Permission.RESTORE)
    if db.path is None or db.key is None:
        raise InputRefused("backup_no_file")
    live = Path(db.path)
    backup_path = Path(backup_path).expanduser()
    if _same_file(backup_path, live):
        raise InputRefused("backup_is_live", path=str(backup_path))
    verify_backup(backup_path, db.key, database_id=_database_id(live))
    saved = backup_now(db, None, "before-restore")
    staged = _stage_copy(backup_path, live)
    key = db.key
    try:
        with db.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        _swap_in(staged, live)
    except OSError as exc:
        _unlink_quietly(staged)
        detail = exc.strerror or str(exc)
        raise InputRefused("restore_failed", path=str(live), detail=detail) from exc
    except BaseException:
        _unlink_quietly(staged)
        raise
    _log_restore(live, key, actor, {"backup": backup_path.name, "before_restore": saved.name})
    return saved


def _actor_in_backup(backup_path: Path, key: bytes, username: str) -> Actor | None:
    with _read_only(backup_path, key) as conn:
        row = conn.execute("SELECT username, role, display_name FROM account WHERE username = ? AND active",
                           (username,)).fetchone()
    return Actor(row[0], row[1], row[2] or "") if row else None


def _aside_name(live: Path, stamp: datetime) -> Path:
    base = f"{live.name}.damaged-{stamp:%Y%m%d-%H%M%S}"
    candidate, number = live.with_name(base), 1
    while candidate.exists():
        number += 1
        candidate = live.with_name(f"{base}-{number}")
    return candidate


def recover_from_backup(db_path: Path, username: str, password: str) -> Path:
    """Start-up with a damaged file: put the newest good backup in its place.

    The password unwraps the key from the live keyring (wrong passwords count towards the
    lock as at login). The account must be allowed to restore in the backup chosen. The
    damaged file (and its WAL) is renamed ``<name>.damaged-YYYYMMDD-HHMMSS``, never deleted.
    Returns the backup used; then log in with ``open_database``.
    """
    from app.database import unlock_key

    live = Path(db_path).expanduser().resolve()
    keyring, key = unlock_key(live, username, password)
    chosen: BackupInfo | None = None
    for info in list_backups(live):
        try:
            verify_backup(info.path, key, database_id=keyring.database_id)
        except InputRefused:
            continue
        chosen = info
        break
    if chosen is None:
        raise InputRefused("backup_none_good", path=str(live))
    actor = _actor_in_backup(chosen.path, key, username)
    if actor is None or Permission.RESTORE not in ROLE_PERMISSIONS.get(actor.role, frozenset()):
        raise NotAllowed(Permission.RESTORE, actor)
    staged = _stage_copy(chosen.path, live)
    aside = _aside_name(live, datetime.now())
    try:
        # Renames of existing files, not writes: each is made durable with the folder.
        if live.exists():
            replace_durably(live, aside)
        for suffix in ("-wal", "-shm"):
            companion = Path(str(live) + suffix)
            if companion.exists():
                replace_durably(companion, Path(str(aside) + suffix))
        replace_durably(staged, live)
    except OSError as exc:
        _unlink_quietly(staged)
        if aside.exists() and not live.exists():
            replace_durably(aside, live)  # put the damaged file back where it was
        raise InputRefused("restore_failed", path=str(live), detail=exc.strerror or str(exc)) from exc
    _log_restore(live, key, actor, {"backup": chosen.path.name, "damaged": aside.name if aside.exists() else ""})
    return chosen.path
