"""Creating and opening a council's data file, with schema checks, as domain errors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.errors import FieldError, InputRefused, ValidationFailed
from db import migrate
from db.models import Installation
from db.session import Database, DatabaseOpenError, ProbeResult, check_path_usable, open_sqlite, probe_sqlite

_OPEN_ERRORS = {
    "missing": "db_missing",
    "missing_folder": "db_missing_folder",
    "read_only": "db_read_only",
    "unreadable": "db_unreadable",
    "is_directory": "db_is_directory",
    "not_a_database": "db_not_councildesk",
}

# Tables every CouncilDesk file has had since its first revision.
_COUNCILDESK_TABLES = frozenset({"alembic_version", "installation", "change_counter"})

COUNCIL_CODE_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,20}$")


@dataclass(frozen=True)
class InstallationInfo:
    device_id: str
    council_code: str
    council_name: str
    site_role: str


def _refuse(error: DatabaseOpenError) -> InputRefused:
    return InputRefused(_OPEN_ERRORS.get(error.reason, "db_not_councildesk"), path=str(error.path))


def validate_council(code: str, name: str) -> None:
    errors = []
    if not COUNCIL_CODE_PATTERN.match(code or ""):
        errors.append(FieldError("council_code", "required" if not code else "invalid_choice", {"value": code}))
    if not (name or "").strip():
        errors.append(FieldError("council_name", "required"))
    elif len(name.strip()) > 100:
        errors.append(FieldError("council_name", "too_long", {"max": 100}))
    if errors:
        raise ValidationFailed(errors)


def init_database(path: Path, council_code: str, council_name: str, site_role: str = "council") -> Database:
    """Create a new data file at ``path`` with the current schema. Refuses to overwrite."""
    path = Path(path).expanduser().resolve()
    validate_council(council_code, council_name)
    if site_role not in ("council", "city"):
        raise ValidationFailed([FieldError("site_role", "invalid_choice", {"value": site_role})])
    if path.exists():
        raise InputRefused("db_exists", path=str(path))
    try:
        db = open_sqlite(path, must_exist=False)
    except DatabaseOpenError as exc:
        raise _refuse(exc) from exc
    try:
        migrate.upgrade(db.engine)
        with db.session_factory.begin() as session:
            session.add(Installation(id=1, council_code=council_code, council_name=council_name.strip(),
                                     site_role=site_role))
    except Exception:
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    db.load_device_id()
    return db


def open_database(path: Path) -> Database:
    """Open an existing data file, upgrading an older schema and refusing a newer one.

    A file that is refused is left exactly as it was: it is first read through a
    read-only probe, before the engine switches on WAL (which rewrites the header of a
    database in rollback-journal mode).
    """
    path = Path(path).expanduser().resolve()
    try:
        check_path_usable(path, must_exist=True)
        _check_identity(path, probe_sqlite(path))
        db = open_sqlite(path, must_exist=True)
    except DatabaseOpenError as exc:
        raise _refuse(exc) from exc
    try:
        # Checked again through the real connection: a WAL file left by a crash may
        # hold a newer revision than the main file the probe read.
        revision = migrate.current_revision(db.engine)
        if revision not in migrate.known_revisions():
            raise InputRefused("db_too_new" if revision else "db_not_councildesk", path=str(path))
        if revision != migrate.head_revision():
            migrate.upgrade(db.engine)
        db.load_device_id()
    except BaseException:
        db.dispose()
        raise
    return db


def _check_identity(path: Path, probe: ProbeResult) -> None:
    # Other programs use Alembic too, and "0001" is a common first revision, so the
    # revision alone does not make a file ours.
    if probe.revision is None or not _COUNCILDESK_TABLES <= probe.tables:
        raise InputRefused("db_not_councildesk", path=str(path))
    if probe.revision not in migrate.known_revisions():
        raise InputRefused("db_too_new", path=str(path))


def installation_info(db: Database) -> InstallationInfo:
    with db.session_factory() as session:
        row = session.scalar(select(Installation))
        assert row is not None, "every initialised database has its installation row"
        return InstallationInfo(row.device_id, row.council_code, row.council_name, row.site_role)


def rename_council(db: Database, council_code: str, council_name: str) -> InstallationInfo:
    validate_council(council_code, council_name)
    with db.session_factory.begin() as session:
        row = session.scalar(select(Installation))
        assert row is not None
        row.council_code = council_code
        row.council_name = council_name.strip()
    return installation_info(db)
