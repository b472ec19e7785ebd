"""Accounts: one per person, each with a role, a one-way password hash (argon2id) and its
own wrapped copy of the database key in the keyring.

Adding, changing and removing accounts never re-encrypts the database: only the keyring
entry of that account changes. Every grant or change is written to the access log.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.areas import COMPARTMENTS
from app.security.audit import append_entry
from app.security.key_access import (compartment_keys, deliver, entry_with_bundle, grants, holder_keysets,
                                     make_compartments, rewrap_bundle, with_recovery)
from app.security.sealing import CompartmentKeys
from app.security.keyring import (active_kdf, RECOVERY_LABEL, KdfParams, Keyring, generate_recovery_code,
                                   keyring_is_authentic, keyring_path, load_keyring, save_keyring, seal_keyring)
from app.security.password_rules import password_problems
from app.security.permissions import ROLES, Actor, Permission, require
from app.text_rules import check_texts
from db.base import utc_now
from db.models import Installation
from db.security_models import Account, KeyringState
from db.session import Database

USERNAME_PATTERN = re.compile(r"^[\w.\-]{2,40}$")


@dataclass(frozen=True)
class NewAccount:
    username: str
    password: str
    display_name: str
    role: str = "admin"


@dataclass(frozen=True)
class AccountView:
    username: str
    display_name: str
    role: str
    active: bool
    must_change_password: bool
    created_at: datetime
    password_changed_at: datetime

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, (self.role, self.role))[0]


def _hasher(kdf: KdfParams | None) -> PasswordHasher:
    kdf = kdf or active_kdf()
    return PasswordHasher(time_cost=kdf.time_cost, memory_cost=kdf.memory_kib, parallelism=kdf.parallelism)


def council_name_of(session: Session) -> str:
    """The council's name, which no password may be (``password_rules``)."""
    return session.scalar(select(Installation.council_name)) or ""


def validate_new_account(account: NewAccount, council_name: str = "") -> None:
    errors: list[FieldError] = []
    if not USERNAME_PATTERN.match(account.username or ""):
        errors.append(FieldError("username", "invalid_username"))
    if not (account.display_name or "").strip():
        errors.append(FieldError("display_name", "required"))
    elif len(account.display_name.strip()) > 50:
        errors.append(FieldError("display_name", "too_long", {"max": 50}))
    else:
        errors += check_texts({"display_name": account.display_name.strip()})
    if account.role not in ROLES:
        errors.append(FieldError("role", "invalid_choice", {"value": account.role}))
    errors += password_problems(account.password, account.username, council_name)
    if errors:
        raise ValidationFailed(errors)


def _view(row: Account) -> AccountView:
    return AccountView(row.username, row.display_name, row.role, row.active, row.must_change_password,
                       row.created_at, row.password_changed_at)


def save_authenticated(session: Session, db_path: Path, keyring: Keyring, db_key: bytes) -> Keyring:
    """Seal the next generation of the keyring, write it, and have the database remember it
    (in ``session``'s transaction: saved first, so a failed commit leaves the keyring newer
    than the file remembers, which is accepted, never older)."""
    sealed = seal_keyring(keyring, db_key)
    save_keyring(keyring_path(db_path), sealed)
    state = session.get(KeyringState, 1)
    if state is None:
        session.add(KeyringState(id=1, generation=sealed.generation))
    else:
        state.generation = sealed.generation
        state.updated_at = utc_now()
    return sealed


def keyring_problem(session: Session, keyring: Keyring, db_key: bytes) -> str | None:
    """``keyring_tampered`` (edited: the MAC fails), ``keyring_rolled_back`` (older than the
    generation this file last saw, or unMACed where a MACed one was), or None."""
    state = session.get(KeyringState, 1)
    if keyring.mac:
        if not keyring_is_authentic(keyring, db_key):
            return "keyring_tampered"
        if state is not None and keyring.generation < state.generation:
            return "keyring_rolled_back"
        return None
    return "keyring_rolled_back" if state is not None else None


def _keyring(db: Database, session: Session) -> Keyring:
    """The live keyring, refused if it was edited or copied back while the file was open:
    re-sealing it would launder the change."""
    assert db.path is not None and db.key is not None
    path = keyring_path(db.path)
    keyring = load_keyring(path)
    if problem := keyring_problem(session, keyring, db.key):
        raise InputRefused(problem, path=str(path))
    return keyring


def _save(db: Database, session: Session, keyring: Keyring) -> None:
    assert db.path is not None and db.key is not None
    save_authenticated(session, Path(db.path), keyring, db.key)


def _row(session: Session, username: str) -> Account:
    row = session.scalar(select(Account).where(Account.username == username))
    if row is None:
        raise NotFound("account_not_found", username=username)
    return row


def add_account_row(session: Session, account: NewAccount, kdf: KdfParams | None) -> Account:
    row = Account(username=account.username, display_name=account.display_name.strip(), role=account.role,
                  password_hash=_hasher(kdf).hash(account.password), active=True)
    session.add(row)
    return row


def new_keyring(database_id: str, db_key: bytes, admin: NewAccount,
                kdf: KdfParams | None) -> tuple[Keyring, str, CompartmentKeys]:
    """The keyring of a new database: its first administrator, the recovery code, and the
    compartment keys (delivered to both)."""
    code = generate_recovery_code()
    keyring = Keyring(database_id=database_id,
                      accounts={admin.username: entry_with_bundle(db_key, admin.password, admin.username, kdf)},
                      recovery=None)
    keyring = with_recovery(keyring, db_key, code, kdf)
    keyring, keysets = make_compartments(keyring, db_key, {})
    keyring = deliver(keyring, keysets, {admin.username: frozenset(COMPARTMENTS)})
    return keyring, code, compartment_keys(keyring, keysets)


def _deliver_all(db: Database, session: Session, keyring: Keyring) -> Keyring:
    """Boxes for every account as its role stands now in ``session``, from this login's keys."""
    assert db.key is not None
    session.flush()
    return deliver(keyring, holder_keysets(keyring, db.key, db.compartment_keys), grants(session))


def list_accounts(db: Database) -> list[AccountView]:
    require(db.actor, Permission.ACCOUNTS_MANAGE)
    with db.session_factory() as session:
        return [_view(r) for r in session.scalars(select(Account).order_by(Account.username))]


def create_account(db: Database, account: NewAccount, kdf: KdfParams | None = None) -> AccountView:
    actor = require(db.actor, Permission.ACCOUNTS_MANAGE)
    assert db.key is not None
    with db.session_factory.begin() as session:
        validate_new_account(account, council_name_of(session))
        if session.scalar(select(Account).where(Account.username == account.username)):
            raise InputRefused("duplicate_account", username=account.username)
        row = add_account_row(session, account, kdf)
        append_entry(session, actor, "permission", "account", account.username,
                     {"grant": account.role, "display_name": account.display_name})
        session.flush()
        keyring = _keyring(db, session)
        # The keyring is written inside the transaction: if it fails, the account is not added.
        keyring = keyring.with_account(account.username,
                                       entry_with_bundle(db.key, account.password, account.username, kdf))
        _save(db, session, _deliver_all(db, session, keyring))
        return _view(row)


def _admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Account)
                          .where(Account.role == "admin", Account.active.is_(True))) or 0


def change_role(db: Database, username: str, role: str) -> AccountView:
    actor = require(db.actor, Permission.ACCOUNTS_MANAGE)
    if role not in ROLES:
        raise ValidationFailed([FieldError("role", "invalid_choice", {"value": role})])
    with db.session_factory.begin() as session:
        row = _row(session, username)
        if row.role == "admin" and row.active and role != "admin" and _admins(session) <= 1:
            raise InputRefused("last_admin")
        old = row.role
        row.role = role
        append_entry(session, actor, "permission", "account", username, {"role": [old, role]})
        # The new role's boxes are delivered and those it no longer grants withdrawn.
        _save(db, session, _deliver_all(db, session, _keyring(db, session)))
        return _view(row)


def deactivate_account(db: Database, username: str) -> AccountView:
    """Close an account (a member leaves): its key copy is removed, its history stays."""
    actor = require(db.actor, Permission.ACCOUNTS_MANAGE)
    if username == actor.username:
        raise InputRefused("cannot_deactivate_self")
    with db.session_factory.begin() as session:
        row = _row(session, username)
        if not row.active:
            raise InputRefused("account_inactive", username=username)
        if row.role == "admin" and _admins(session) <= 1:
            raise InputRefused("last_admin")
        row.active = False
        append_entry(session, actor, "permission", "account", username, {"active": [True, False]})
        session.flush()
        _save(db, session, _keyring(db, session).without_account(username))
        return _view(row)


def _set_password(db: Database, session: Session, row: Account, password: str, must_change: bool,
                  kdf: KdfParams | None, old_password: str | None = None) -> None:
    """The new password's wrap. With the ``old_password`` (one's own change) the key pair
    and its boxes carry over; an administrator's reset makes a new pair and delivers it
    every key the role grants (the old private key cannot be opened without the old one)."""
    assert db.key is not None
    row.password_hash = _hasher(kdf).hash(password)
    row.password_changed_at = utc_now()
    row.must_change_password = must_change
    session.flush()
    keyring = _keyring(db, session)
    old = keyring.accounts.get(row.username)
    if old is not None and old_password is not None:
        entry = rewrap_bundle(old, db.key, old_password, password, row.username, kdf)
        _save(db, session, keyring.with_account(row.username, entry))
        return
    keyring = keyring.with_account(row.username, entry_with_bundle(db.key, password, row.username, kdf, old))
    _save(db, session, _deliver_all(db, session, keyring))


def verify_password(db: Database, username: str, password: str) -> bool:
    """For unlocking an idle-locked window: checks the one-way hash, nothing else."""
    with db.session_factory() as session:
        row = session.scalar(select(Account).where(Account.username == username, Account.active.is_(True)))
        if row is None:
            return False
        try:
            return _hasher(active_kdf()).verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def change_own_password(db: Database, old_password: str, new_password: str, kdf: KdfParams | None = None) -> None:
    actor: Actor | None = db.actor
    if actor is None:
        raise InputRefused("not_logged_in")
    if not verify_password(db, actor.username, old_password):
        raise InputRefused("wrong_password")
    with db.session_factory.begin() as session:
        if errors := password_problems(new_password, actor.username, council_name_of(session)):
            raise ValidationFailed(errors)
        row = _row(session, actor.username)
        _set_password(db, session, row, new_password, False, kdf, old_password)
        append_entry(session, actor, "password", "account", actor.username, {"by": "self"})
    # The temporary password is gone: the session may work from now on.
    db.actor = replace(actor, must_change_password=False)


def reset_password(db: Database, username: str, new_password: str, kdf: KdfParams | None = None) -> None:
    """An administrator sets a temporary password; the person must change it at login."""
    actor = require(db.actor, Permission.ACCOUNTS_MANAGE)
    with db.session_factory.begin() as session:
        if errors := password_problems(new_password, username, council_name_of(session)):
            raise ValidationFailed(errors)
        row = _row(session, username)
        if not row.active:
            raise InputRefused("account_inactive", username=username)
        _set_password(db, session, row, new_password, True, kdf)
        append_entry(session, actor, "password", "account", username, {"by": actor.username})


def new_recovery_code(db: Database, kdf: KdfParams | None = None) -> str:
    """Replace the recovery code (e.g. the printed one was lost); the old one stops working."""
    actor = require(db.actor, Permission.ACCOUNTS_MANAGE)
    assert db.key is not None
    code = generate_recovery_code()
    with db.session_factory.begin() as session:
        append_entry(session, actor, "permission", "keyring", RECOVERY_LABEL, {"recovery_code": "replaced"})
        session.flush()
        keyring = with_recovery(_keyring(db, session), db.key, code, kdf)
        _save(db, session, _deliver_all(db, session, keyring))
    return code


def must_change_password(db: Database) -> bool:
    """Whether an administrator set a temporary password for the logged-in account."""
    actor = db.actor
    if actor is None:
        return False
    with db.session_factory() as session:
        return bool(session.scalar(select(Account.must_change_password).where(Account.username == actor.username)))
