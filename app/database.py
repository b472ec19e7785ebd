"""Creating and opening a council's data file, with schema checks, as domain errors."""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from argon2 import PasswordHasher

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from app.council import COUNCIL_CODE_PATTERN, validate_council  # noqa: F401 - named here for callers
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.security.accounts import (NewAccount, add_account_row, council_name_of, keyring_problem, new_keyring,
                                   password_problems, save_authenticated, validate_new_account)
from app.security.audit import append_entry, install_audit, log_event, machine_name
from app.security.keyring import (active_kdf, RECOVERY_LABEL, FailedLogin, KdfParams, Keyring,
                                  KeyringError, WrongSecret, effective_entry, fold_journal, keyring_is_authentic,
                                  keyring_path, load_keyring, new_database_key, normalize_recovery_code,
                                  save_keyring)
from app.security.key_access import (BASE, KeySets, Unlocked, compartment_keys, deliver, entry_with_bundle, grants,
                                     make_compartments, unlock_account, unlock_recovery)
from app.security.permissions import Actor, Permission, require
from app.security.sealing import CompartmentKeys, install_orm_sealing, reseal
from db.base import utc_now
from db import migrate
from db.models import Installation
from db.security_models import Account, KeyringState
from db.session import (SQLITE_HEADER, Database, DatabaseOpenError, ProbeResult, UnitOfWork, check_path_usable,  # noqa: F401 - Database and UnitOfWork: the handles the window holds
                        open_sqlite, probe_sqlite)

# Sealed fields are sealed and opened by mapper events shared by every database (once).
install_orm_sealing()

_OPEN_ERRORS = {
    "missing": "db_missing",
    "missing_folder": "db_missing_folder",
    "read_only": "db_read_only",
    "unreadable": "db_unreadable",
    "is_directory": "db_is_directory",
    "not_a_database": "db_not_councildesk",
    "not_encrypted": "db_not_encrypted",
}

# Tables every CouncilDesk file has had since its first revision.
_COUNCILDESK_TABLES = frozenset({"alembic_version", "installation", "change_counter"})



@dataclass(frozen=True)
class InstallationInfo:
    device_id: str
    council_code: str
    council_name: str
    site_role: str


def _refuse(error: DatabaseOpenError) -> InputRefused:
    return InputRefused(_OPEN_ERRORS.get(error.reason, "db_not_councildesk"), path=str(error.path))


@dataclass(frozen=True)
class NewDatabase:
    """A freshly created data file, open and logged in as its first administrator.

    The recovery code is shown to the person once and never stored in plain form.
    """

    db: Database
    recovery_code: str


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".keys"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def init_database(path: Path, council_code: str, council_name: str, admin: NewAccount,
                  site_role: str = "council", kdf: KdfParams | None = None) -> NewDatabase:
    """Create a new encrypted data file at ``path`` with its keyring and first administrator.

    Refuses to overwrite anything. On any failure nothing is left behind.
    """
    path = Path(path).expanduser().resolve()
    validate_council(council_code, council_name)
    if site_role not in ("council", "city"):
        raise ValidationFailed([FieldError("site_role", "invalid_choice", {"value": site_role})])
    validate_new_account(admin, council_name)
    if admin.role != "admin":
        # Someone must be able to manage accounts: the first account is an administrator.
        raise ValidationFailed([FieldError("role", "invalid_choice", {"value": admin.role})])
    if path.exists() or keyring_path(path).exists():
        raise InputRefused("db_exists", path=str(path))
    key = new_database_key()
    try:
        db = open_sqlite(path, key=key, must_exist=False)
    except DatabaseOpenError as exc:
        raise _refuse(exc) from exc
    try:
        migrate.upgrade(db.engine)
        with db.session_factory.begin() as session:
            installation = Installation(id=1, council_code=council_code, council_name=council_name.strip(),
                                        site_role=site_role)
            session.add(installation)
            session.flush()
            add_account_row(session, admin, kdf)
            actor = Actor(admin.username, admin.role, admin.display_name)
            append_entry(session, actor, "permission", "account", admin.username,
                         {"grant": admin.role, "setup": True})
            keyring, code, keys = new_keyring(installation.device_id, key, admin, kdf)
            save_authenticated(session, path, keyring, key)
        db.load_device_id()
        db.actor = actor
        db.compartment_keys = keys
        install_audit(db.session_factory)
    except BaseException:
        db.dispose()
        _remove_files(path)
        raise
    return NewDatabase(db, code)


# SQLite (and SQLCipher) files are whole pages, and a page is 512 to 65536 bytes.
_MIN_PAGE = 512


def _refuse_foreign_file(path: Path) -> None:
    """Refuse what is plainly not an encrypted CouncilDesk file before asking for its keyring,
    so a spreadsheet or another program's database is named as such, not as a missing key.

    Reads only; an encrypted file cannot be told from random bytes without its key.
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        size = path.stat().st_size
    except OSError as exc:
        raise InputRefused("db_unreadable", path=str(path)) from exc
    if header == SQLITE_HEADER:
        try:
            probe = probe_sqlite(path)
        except DatabaseOpenError:
            probe = ProbeResult(frozenset(), None)
        ours = probe.revision is not None and _COUNCILDESK_TABLES <= probe.tables
        raise InputRefused("db_not_encrypted" if ours else "db_not_councildesk", path=str(path))
    if size < _MIN_PAGE or size % _MIN_PAGE:
        raise InputRefused("db_not_councildesk", path=str(path))


def _load_keyring_or_refuse(path: Path) -> Keyring:
    try:
        return load_keyring(keyring_path(path))
    except KeyringError as exc:
        code = {"missing": "keyring_missing", "too_new": "db_too_new"}.get(exc.reason, "keyring_damaged")
        raise InputRefused(code, path=str(keyring_path(path))) from exc


def _open_with_key(path: Path, key: bytes) -> Database:
    """Open the encrypted file with an unwrapped key, checking what it is first.

    A file that is refused is left exactly as it was: it is read through a read-only
    probe before the engine switches on WAL.
    """
    try:
        _check_identity(path, probe_sqlite(path, key))
        db = open_sqlite(path, key=key, must_exist=True)
    except DatabaseOpenError as exc:
        if exc.reason == "not_a_database":
            # The key came from this file's own keyring, so a file it cannot read is a
            # damaged one (e.g. its first page), and the window can offer a backup.
            raise InputRefused("db_damaged", path=str(path)) from exc
        raise _refuse(exc) from exc
    try:
        _quick_check(db, path)
        # Checked again through the real connection: a WAL file left by a crash may
        # hold a newer revision than the main file the probe read.
        revision = migrate.current_revision(db.engine)
        if revision not in migrate.known_revisions():
            raise InputRefused("db_too_new" if revision else "db_not_councildesk", path=str(path))
        if revision != migrate.head_revision():
            migrate.upgrade(db.engine)
        db.load_device_id()
        install_audit(db.session_factory)
        if _site_role(db) == "city":
            # A city keeps councils' records as read-only copies: only sync may write them.
            # Imported here: a council's login has no need of the sync code (~0.1 s).
            from app.sync.city import install_replica_guard

            install_replica_guard(db)
    except BaseException:
        db.dispose()
        raise
    return db


def _site_role(db: Database) -> str | None:
    with db.session_factory() as session:
        return session.scalar(select(Installation.site_role))


def _quick_check(db: Database, path: Path) -> None:
    """A damaged file is caught at login, so the window can offer the latest good backup."""
    try:
        with db.engine.connect() as conn:
            result = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check")]
    except DatabaseError as exc:
        raise InputRefused("db_damaged", path=str(path)) from exc
    if result != ["ok"]:
        raise InputRefused("db_damaged", path=str(path))


def _note_failure(path: Path, keyring: Keyring, username: str) -> None:
    """Append a wrong password to the journal: nothing is unlocked, so nothing can be MACed
    (``app.security.keyring``); the lock it may cause is replayed from the journal."""
    failure = FailedLogin(username, utc_now().isoformat(timespec="seconds"), machine_name(), time.time())
    try:
        # Read again, so a failure noted by another window since is not lost.
        keyring = load_keyring(keyring_path(path))
    except KeyringError:
        pass
    try:
        save_keyring(keyring_path(path), replace(keyring, pending_failures=keyring.pending_failures + (failure,)))
    except OSError:
        pass  # a read-only keyring cannot count attempts, but must not hide the refusal


def _login(db: Database, path: Path, keyring: Keyring, username: str, action: str, unlocked: Unlocked,
           password: str | None) -> Database:
    """Bind the account to the open database, check the keyring against what the file
    remembers, log pending failures and the login, fold the journal in, and settle the
    keys (``_settle_keys``)."""
    assert db.key is not None
    try:
        # Read again: another window or the CLI may have noted a failure since.
        keyring = load_keyring(keyring_path(path))
    except KeyringError:
        pass
    with db.session_factory.begin() as session:
        if problem := _keyring_problem(session, keyring, unlocked.base_candidates()):
            raise InputRefused(problem, path=str(keyring_path(path)))
        row = session.scalar(select(Account).where(Account.username == username))
        if row is None or not row.active:
            raise InputRefused("wrong_login")
        actor = Actor(row.username, row.role, row.display_name, row.must_change_password)
        for failure in keyring.pending_failures:
            append_entry(session, None, "login_failed", "account", failure.username,
                         {"at": failure.at, "machine": failure.machine})
        append_entry(session, actor, action, "account", username)
        entry = keyring.accounts.get(username)
        settled, keysets = _settle_keys(db, session, keyring, actor, unlocked, password)
        if (settled != keyring or keyring.pending_failures or not keyring.mac
                or session.get(KeyringState, 1) is None
                or (entry is not None and (entry.failed_attempts or entry.locked_until))
                or not keyring_is_authentic(keyring, db.key)):
            save_authenticated(session, path, fold_journal(settled, username), db.key)
    db.actor = actor
    db.compartment_keys = compartment_keys(settled, keysets)
    return db


def _keyring_problem(session: Session, keyring: Keyring, candidates: list[bytes]) -> str | None:
    """``keyring_problem`` under whichever base key MACed it: between a re-key and the save
    after it, the keyring is MACed with the key before (``deactivate_account``)."""
    problems = [keyring_problem(session, keyring, key) for key in candidates]
    return None if None in problems else problems[0]


def _settle_keys(db: Database, session: Session, keyring: Keyring, actor: Actor, unlocked: Unlocked,
                 password: str | None) -> tuple[Keyring, KeySets]:
    """At every login: an account without a key pair (a keyring from before compartments)
    gets one; the first administrator's login after the upgrade makes the compartment keys
    and seals every plain value in this transaction; and whoever holds a key delivers it
    to the accounts whose role grants it and lack it (so keys reach an account that got
    its key pair since, at the next login of anyone holding them)."""
    assert db.key is not None
    entry = keyring.accounts.get(actor.username)
    if entry is not None and entry.keys is None and password is not None:
        keyring = keyring.with_account(actor.username, entry_with_bundle(db.key, password, actor.username, None, entry))
    keysets = {name: dict(ks) for name, ks in unlocked.keysets.items()}
    keysets[BASE] = {keyring.compartments.get(BASE, 1): db.key}
    if actor.role == "admin" and not any(name != BASE for name in keyring.compartments):
        keyring, keysets = make_compartments(keyring, db.key, keysets)
        sealed = reseal(session.connection(), CompartmentKeys(pending=True), compartment_keys(keyring, keysets))
        append_entry(session, actor, "permission", "keyring", "compartments", {"sealed_values": sealed})
    return deliver(keyring, keysets, grants(session)), keysets


def unlock_key(path: Path, username: str, password: str) -> tuple[Keyring, bytes]:
    """Unwrap the database key of ``path`` with an account's password (``unlock_account_keys``)."""
    keyring, _unlocked, key = unlock_account_keys(path, username, password)
    return keyring, key


def _file_key(path: Path, candidates: list[bytes]) -> bytes:
    """The candidate that opens the file (after a re-key an account may hold two)."""
    if len(candidates) > 1 and path.exists():
        for key in candidates:
            try:
                probe_sqlite(path, key)
                return key
            except DatabaseOpenError:
                continue
    return candidates[0]


def unlock_account_keys(path: Path, username: str, password: str) -> tuple[Keyring, Unlocked, bytes]:
    """Unwrap the keys of ``path`` with an account's password: the base key that opens the
    file, and the compartment keys delivered to the account.

    Refuses a locked account; a wrong password is noted in the keyring's journal (five in a
    row lock the account) and written to the access log at the next login. A keyring whose
    MAC fails is refused here; one older than the file remembers, at ``_login``.
    """
    keyring = _load_keyring_or_refuse(path)
    entry = effective_entry(keyring, username)
    if entry is not None and entry.locked_until > time.time():
        minutes = max(1, int((entry.locked_until - time.time() + 59) // 60))
        raise InputRefused("account_locked", minutes=minutes)
    try:
        if entry is None:
            raise WrongSecret(username)
        unlocked = unlock_account(keyring, username, password)
    except WrongSecret:
        _note_failure(path, keyring, username)
        raise InputRefused("wrong_login") from None
    candidates = unlocked.base_candidates()
    if keyring.mac and not any(keyring_is_authentic(keyring, k) for k in candidates):
        # The counter, a lock or a wrap was edited outside the program: what it says about
        # locks cannot be trusted, so nothing opens with it (the recovery code rebuilds it).
        raise InputRefused("keyring_tampered", path=str(keyring_path(path)))
    return keyring, unlocked, _file_key(path, candidates)


def open_database(path: Path, username: str, password: str) -> Database:
    """Log in: unwrap the database key with the account's password and open the file.

    Five wrong passwords in a row lock the account for a while (the keyring's policy).
    """
    path = Path(path).expanduser().resolve()
    try:
        check_path_usable(path, must_exist=True)
    except DatabaseOpenError as exc:
        raise _refuse(exc) from exc
    _refuse_foreign_file(path)
    keyring, unlocked, key = unlock_account_keys(path, username, password)
    db = _open_with_key(path, key)
    try:
        return _login(db, path, keyring, username, "login", unlocked, password)
    except BaseException:
        db.dispose()
        raise


def recover_access(path: Path, recovery_code: str, username: str, new_password: str,
                   kdf: KdfParams | None = None) -> Database:
    """Every password lost: the recovery code unwraps the key and sets a new password."""
    path = Path(path).expanduser().resolve()
    try:
        check_path_usable(path, must_exist=True)
    except DatabaseOpenError as exc:
        raise _refuse(exc) from exc
    if errors := password_problems(new_password, username):
        raise ValidationFailed(errors)
    _refuse_foreign_file(path)
    keyring = _load_keyring_or_refuse(path)
    if keyring.recovery is None:
        raise InputRefused("wrong_recovery_code")
    try:
        unlocked = unlock_recovery(keyring, normalize_recovery_code(recovery_code))
    except WrongSecret:
        _note_failure(path, keyring, RECOVERY_LABEL)
        raise InputRefused("wrong_recovery_code") from None
    key = _file_key(path, unlocked.base_candidates())
    db = _open_with_key(path, key)
    try:
        with db.session_factory.begin() as session:
            row = session.scalar(select(Account).where(Account.username == username, Account.active.is_(True)))
            if row is None:
                raise NotFound("account_not_found", username=username)
            problem = _keyring_problem(session, keyring, unlocked.base_candidates())
            if errors := password_problems(new_password, username, council_name_of(session)):
                raise ValidationFailed(errors)
            cost = kdf or active_kdf()
            row.password_hash = PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                                               parallelism=cost.parallelism).hash(new_password)
            row.password_changed_at = utc_now()
            row.must_change_password = False
            append_entry(session, Actor(username, row.role), "recovery", "account", username,
                         {"keyring": problem} if problem else None)
            session.flush()
            if problem:
                # An edited or copied-back keyring is trusted for nothing but the recovery wrap
                # (it just opened the file): every other account gets a new password from an
                # administrator, and the lock-out starts afresh.
                # The recovery's own keys came from its boxes, which only its code opens.
                keyring = Keyring(keyring.database_id, {}, keyring.recovery, generation=_generation(session),
                                  compartments=keyring.compartments, recovery_keys=keyring.recovery_keys)
            keyring = keyring.with_account(username, entry_with_bundle(key, new_password, username, kdf))
            save_authenticated(session, path, fold_journal(keyring, username), key)
        return _login(db, path, keyring, username, "login", unlocked, None)
    except BaseException:
        db.dispose()
        raise


def _generation(session: Session) -> int:
    state = session.get(KeyringState, 1)
    return state.generation if state is not None else 0


def close_database(db: Database) -> None:
    """Log out and release the file."""
    if db.actor is not None:
        try:
            log_event(db.session_factory, db.actor, "logout", "account", db.actor.username)
        except Exception:  # noqa: BLE001 - closing must not fail because the log could not be written
            pass
    db.dispose()


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
    require(db.actor, Permission.SETTINGS_EDIT)
    validate_council(council_code, council_name)
    with db.session_factory.begin() as session:
        row = session.scalar(select(Installation))
        assert row is not None
        row.council_code = council_code
        row.council_name = council_name.strip()
    return installation_info(db)
