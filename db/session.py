"""The one engine and session factory every part of CouncilDesk uses.

SQLite is reached through ``sqlcipher3`` everywhere: it bundles a current SQLite (3.53, so
Korean ``LIKE`` searches behave the same on every PC) and encrypts the file at rest with a
random 256-bit key that ``app.security`` unwraps at login.
A ``Database`` is opened once per process; each user action runs in one ``UnitOfWork``.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher_dbapi
from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from db.base import SyncedMixin, utc_now
from db.models import ChangeCounter, Installation


SQLITE_HEADER = b"SQLite format 3\x00"
_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
_ANY_READ = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


class DatabaseOpenError(Exception):
    """The database file cannot be used; ``reason`` is a short code for the caller."""

    def __init__(self, reason: str, path: Path | None = None, detail: str = "") -> None:
        super().__init__(f"{reason}: {path} {detail}".strip())
        self.reason = reason
        self.path = path
        self.detail = detail


class TombstoneViolation(Exception):
    """Raised when code tries to physically delete a synced record."""


def _apply_key(conn: Any, key: bytes | None) -> None:
    """SQLCipher: a raw 256-bit key (no passphrase derivation; the key is random)."""
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def _sqlite_connect_factory(path: Path, key: bytes | None) -> Callable[[], Any]:
    def connect() -> Any:
        conn = sqlcipher_dbapi.connect(str(path), check_same_thread=False)
        _apply_key(conn, key)
        return conn

    return connect


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin, so that one
        # unit of work is exactly one SQLite transaction.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA secure_delete = ON")  # a deleted row's bytes are zeroed, not left in free pages
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        # IMMEDIATE: almost every unit of work writes (views are written to the access log),
        # and a transaction that reads first and then writes fails at once with "database
        # is locked" when another program (the window and the CLI) committed in between;
        # taking the write lock at BEGIN makes it wait (busy_timeout) instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_sqlite_engine(path: Path, key: bytes | None = None) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=_sqlite_connect_factory(path, key),
        module=sqlcipher_dbapi,
    )
    _install_sqlite_pragmas(engine)
    return engine


def install_sync_stamping(factory: sessionmaker[Session]) -> None:
    """Stamp change bookkeeping on every synced record that a flush writes."""

    @event.listens_for(factory, "do_orm_execute")
    def refuse_bulk_delete(state: ORMExecuteState) -> None:
        # ``session.execute(delete(Member))`` would bypass before_flush; refuse it too.
        if state.is_delete and any(issubclass(m.class_, SyncedMixin) for m in state.all_mappers):
            names = ", ".join(m.class_.__name__ for m in state.all_mappers)
            raise TombstoneViolation(names)

    @event.listens_for(factory, "before_flush")
    def before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
        for obj in session.deleted:
            if isinstance(obj, SyncedMixin):
                raise TombstoneViolation(type(obj).__name__)
        changed = [o for o in session.new if isinstance(o, SyncedMixin)]
        changed += [
            o
            for o in session.dirty
            if isinstance(o, SyncedMixin) and session.is_modified(o, include_collections=False)
        ]
        if not changed or session.info.get("keep_stamps"):
            return
        seq = session.execute(
            update(ChangeCounter)
            .where(ChangeCounter.id == 1)
            .values(value=ChangeCounter.value + 1)
            .returning(ChangeCounter.value)
        ).scalar_one()
        now = utc_now()
        device = session.info.get("device_id", "")
        for obj in changed:
            obj.change_seq = seq
            obj.updated_at = now
            obj.changed_by_device = device
            if obj.created_at is None:
                obj.created_at = now


@dataclass
class Database:
    """An open database: its engine, its session factory, where it lives, its key (held
    only in memory while open) and who is acting on it."""

    engine: Engine
    session_factory: sessionmaker[Session]
    path: Path | None
    key: bytes | None = None

    @classmethod
    def from_engine(cls, engine: Engine, path: Path | None = None, key: bytes | None = None) -> "Database":
        factory = sessionmaker(bind=engine, expire_on_commit=False, info={"device_id": "", "actor": None})
        install_sync_stamping(factory)
        return cls(engine=engine, session_factory=factory, path=path, key=key)

    @property
    def info(self) -> dict[str, Any]:
        """Copied into every new session's ``info``: device id and acting account."""
        return self.session_factory.kw["info"]

    @property
    def actor(self) -> Any:
        return self.info.get("actor")

    @actor.setter
    def actor(self, value: Any) -> None:
        self.session_factory.kw["info"] = {**self.info, "actor": value}

    @property
    def compartment_keys(self) -> Any:
        """The compartment keys this login unwrapped (``app.security.sealing.CompartmentKeys``),
        held in memory only and handed to every session through its ``info``."""
        return self.info.get("compartment_keys")

    @compartment_keys.setter
    def compartment_keys(self, value: Any) -> None:
        self.session_factory.kw["info"] = {**self.info, "compartment_keys": value}

    def load_device_id(self) -> None:
        with self.session_factory() as s:
            device = s.scalar(select(Installation.device_id))
        self.session_factory.kw["info"] = {**self.info, "device_id": device or ""}

    def uow(self) -> "UnitOfWork":
        return UnitOfWork(self.session_factory)

    def dispose(self) -> None:
        self.engine.dispose()


def _no_permission_bits(path: Path, bits: int) -> bool:
    """True when no one (owner, group, others) has ``bits`` on ``path``.

    ``os.access`` answers for the current user, and an administrator (root) may write to a
    file the user deliberately marked read-only; the mode bits say what was intended.
    """
    return stat.S_IMODE(path.stat().st_mode) & bits == 0


def _file_writable(path: Path) -> bool:
    if not os.access(path, os.W_OK) or _no_permission_bits(path, _ANY_WRITE):
        return False
    try:
        # Opening for update without writing changes neither bytes nor times; it catches
        # read-only file systems and locks that the permission bits do not show.
        with open(path, "r+b"):
            pass
    except OSError:
        return False
    return True


def _folder_writable(folder: Path) -> bool:
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    # Windows marks many ordinary folders (Documents, Desktop) read-only for its own
    # reasons while they stay writable, so the mode bits only count on POSIX.
    if os.name != "nt" and _no_permission_bits(folder, _ANY_WRITE):
        return False
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def check_path_usable(path: Path, must_exist: bool) -> None:
    """Refuse paths we cannot use before SQLite creates or half-opens anything."""
    if must_exist and not path.exists():
        raise DatabaseOpenError("missing", path)
    if path.exists():
        if path.is_dir():
            raise DatabaseOpenError("is_directory", path)
        if not os.access(path, os.R_OK) or _no_permission_bits(path, _ANY_READ):
            raise DatabaseOpenError("unreadable", path)
        if not _file_writable(path):
            raise DatabaseOpenError("read_only", path)
    parent = path.parent
    if not parent.is_dir():
        raise DatabaseOpenError("missing_folder", path)
    if not _folder_writable(parent):
        # SQLite's WAL and journal files live next to the database.
        raise DatabaseOpenError("read_only", path)


@dataclass(frozen=True)
class ProbeResult:
    """What an existing file holds, read without changing a byte of it."""

    tables: frozenset[str]
    revision: str | None


def probe_sqlite(path: Path, key: bytes | None = None) -> ProbeResult:
    """Look inside ``path`` read-only (``immutable=1``: no locks, no WAL, no journal mode
    change) so that a foreign or too-new file can be refused exactly as it was.

    Raises ``DatabaseOpenError("not_a_database")`` for anything that is not SQLite.
    """
    path = Path(path).expanduser().resolve()
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseOpenError("unreadable", path, str(exc)) from exc
    if key is None and header != SQLITE_HEADER:
        # An empty file would silently become a new database; random bytes are no database.
        raise DatabaseOpenError("not_a_database", path, "no SQLite header")
    if key is not None and (len(header) < len(SQLITE_HEADER) or header == SQLITE_HEADER):
        # An encrypted file has no readable header; a plain one was never encrypted.
        raise DatabaseOpenError("not_encrypted" if header == SQLITE_HEADER else "not_a_database", path)
    try:
        result = _probe(path.as_uri() + "?mode=ro&immutable=1", key)
    except sqlcipher_dbapi.Error as exc:
        raise DatabaseOpenError("not_a_database", path, str(exc)) from exc
    wal = Path(str(path) + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        # After a crash (power cut, killed program) everything since the last checkpoint,
        # even the tables of a new file, is still in the WAL, which ``immutable`` ignores.
        # A plain read-only connection reads it without checkpointing: the file and its
        # WAL stay byte for byte (only the -shm index, which holds no data, is rebuilt).
        try:
            result = _probe(path.as_uri() + "?mode=ro", key)
        except sqlcipher_dbapi.Error:
            pass  # keep what the file itself holds
    return result


def _probe(uri: str, key: bytes | None) -> ProbeResult:
    conn = sqlcipher_dbapi.connect(uri, uri=True)
    _apply_key(conn, key)
    try:
        tables = frozenset(row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        revision = None
        if "alembic_version" in tables:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            revision = rows[0][0] if len(rows) == 1 else None
    finally:
        conn.close()
    return ProbeResult(tables, revision)


def open_sqlite(path: Path, key: bytes | None = None, must_exist: bool = True) -> Database:
    path = Path(path).expanduser().resolve()
    check_path_usable(path, must_exist)
    engine = create_sqlite_engine(path, key)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except Exception as exc:  # the driver says "file is not a database" for foreign files
        engine.dispose()
        raise DatabaseOpenError("not_a_database", path, str(exc)) from exc
    return Database.from_engine(engine, path, key)


class UnitOfWork:
    """One user action: a session that commits only when told to, else rolls back."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.session.in_transaction():
            self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    @property
    def actor(self) -> Any:
        """The acting account (``app.security.permissions.Actor``) of this unit of work."""
        return self._factory.kw["info"].get("actor")


def open_postgres(url: str, **engine_options: Any) -> Database:
    """City mode on a PostgreSQL server: the same models and sync stamping, no SQLCipher
    (the server and its disk protect the data; accounts verify the argon2 hash only).

    ``url`` is a SQLAlchemy URL such as ``postgresql+psycopg://user@host:5432/db``.
    """
    engine = create_engine(url, **engine_options)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1").scalar()
    except Exception as exc:  # wrong host, refused connection, unknown database
        engine.dispose()
        raise DatabaseOpenError("not_a_database", None, str(exc)) from exc
    return Database.from_engine(engine, None, None)
