"""Retention of case records (법 제34조): a case closed more than the retention period ago
(5 years by default; a setting) is purged — the case, its plan items, checks, referrals,
the conference discussions of it (role-sharing, who left), and, once none of a person's
cases is left, the person and their consents; a conference with no case left goes too.

The purge cannot be undone: rows are really deleted (not tombstoned, so they leave no name
behind for sync either), every connection runs with ``secure_delete`` (the freed bytes are
zeroed), and the write-ahead log is checkpointed and truncated afterwards, so no byte of
the records stays in the file. Each device purges by the same dates, so nothing needs to
travel. ``purge_preview`` lists what would go; ``purge_cases`` does it, in one
transaction, logged.

Left for the next slice (see the report): backups older than the period, and the access
log's copies of values (``app.security.audit`` does not copy case fields any more).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationFailed
from app.security.audit import append_entry
from app.security.permissions import Permission, require
from db.case_models import (CaseCheck, CaseConference, CasePlanItem, CaseRecord, Client, ConferenceAttendee,
                            ConferenceCase, ConferenceLeave, ConferenceRole, Consent, Referral)
from db.models import Setting
from db.session import UnitOfWork
from db.sync_models import SyncConflict, SyncRecordState

RETENTION_SETTING = "cases.retention_years"
RETENTION_DEFAULT, RETENTION_MIN, RETENTION_MAX = 5, 1, 30


@dataclass(frozen=True)
class PurgeCase:
    case_id: str
    client_id: str
    client_name: str
    closed_on: date
    client_goes: bool      # none of the person's cases is left: the person and consents go too


@dataclass(frozen=True)
class PurgePlan:
    cutoff: date           # cases closed before this day go
    years: int
    cases: tuple[PurgeCase, ...]
    counts: dict[str, int]  # table -> rows that go

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def load_retention_years(session: Session) -> int:
    row = session.get(Setting, RETENTION_SETTING)
    try:
        value = int(row.value) if row is not None else RETENTION_DEFAULT
    except ValueError:
        return RETENTION_DEFAULT
    return value if RETENTION_MIN <= value <= RETENTION_MAX else RETENTION_DEFAULT


def set_retention_years(uow: UnitOfWork, years: int) -> int:
    require(uow.actor, Permission.SETTINGS_EDIT)
    if not isinstance(years, int) or isinstance(years, bool) or not RETENTION_MIN <= years <= RETENTION_MAX:
        raise ValidationFailed([FieldError("retention_years", "invalid_setting")])
    with uow:
        row = uow.session.get(Setting, RETENTION_SETTING)
        if row is None:
            uow.session.add(Setting(key=RETENTION_SETTING, value=str(years)))
        else:
            row.value = str(years)
        uow.commit()
    return years


def _ids(session: Session, column, values: set[str]) -> set[str]:  # type: ignore[no-untyped-def]
    """Ids of the rows (live or tombstoned) whose ``column`` is one of ``values``."""
    found: set[str] = set()
    model = column.class_
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        found |= set(session.scalars(select(model.id).where(column.in_(ordered[start:start + 500]))))
    return found


def _plan(session: Session, today: date) -> tuple[PurgePlan, dict[type, set[str]]]:
    years = load_retention_years(session)
    cutoff = years_before(today, years)
    expired = list(session.execute(select(CaseRecord.id, CaseRecord.client_id, CaseRecord.closed_on)
                                   .where(CaseRecord.closed_on.is_not(None), CaseRecord.closed_on < cutoff)
                                   .order_by(CaseRecord.closed_on, CaseRecord.id)))
    case_ids = {r.id for r in expired}
    client_ids = {r.client_id for r in expired}
    # A person goes only when every case of theirs goes (tombstoned ones included).
    staying = set(session.scalars(select(CaseRecord.client_id).where(
        CaseRecord.client_id.in_(sorted(client_ids)), CaseRecord.id.not_in(sorted(case_ids))))) if client_ids else set()
    gone_clients = client_ids - staying
    names = {r.id: r.name for r in session.execute(select(Client.id, Client.name)
                                                   .where(Client.id.in_(sorted(client_ids))))}
    discussions = _ids(session, ConferenceCase.case_record_id, case_ids)
    referrals = _ids(session, Referral.case_record_id, case_ids) | _ids(session, Referral.client_id, gone_clients)
    rows: dict[type, set[str]] = {
        CasePlanItem: _ids(session, CasePlanItem.case_record_id, case_ids),
        CaseCheck: _ids(session, CaseCheck.case_record_id, case_ids),
        ConferenceRole: _ids(session, ConferenceRole.conference_case_id, discussions),
        ConferenceLeave: _ids(session, ConferenceLeave.conference_case_id, discussions),
        ConferenceCase: discussions,
        Referral: referrals,
        CaseRecord: case_ids,
        Consent: _ids(session, Consent.client_id, gone_clients),
        Client: gone_clients,
    }
    touched = set(session.scalars(select(ConferenceCase.conference_id).where(ConferenceCase.id.in_(sorted(discussions))))) \
        if discussions else set()
    left = set(session.scalars(select(ConferenceCase.conference_id).where(
        ConferenceCase.conference_id.in_(sorted(touched)), ConferenceCase.id.not_in(sorted(discussions))))) \
        if touched else set()
    empty = touched - left
    attendees = _ids(session, ConferenceAttendee.conference_id, empty)
    # Leaves of attendees of a conference that goes (recorded against other cases: none left).
    rows[ConferenceLeave] |= _ids(session, ConferenceLeave.attendee_id, attendees)
    rows[ConferenceAttendee] = attendees
    rows[CaseConference] = empty
    cases = tuple(PurgeCase(r.id, r.client_id, names.get(r.client_id, ""), r.closed_on, r.client_id in gone_clients)
                  for r in expired)
    counts = {model.__tablename__: len(ids) for model, ids in rows.items() if ids}
    return PurgePlan(cutoff, years, cases, counts), rows


def purge_preview(uow: UnitOfWork, today: date) -> PurgePlan:
    """What ``purge_cases`` would delete today (nothing is changed)."""
    require(uow.actor, Permission.CASES_EDIT)
    with uow:
        plan, _rows = _plan(uow.session, today)
        return plan


# Children before parents (foreign keys are on).
_ORDER = (ConferenceLeave, ConferenceRole, ConferenceCase, ConferenceAttendee, CaseConference, CasePlanItem,
          CaseCheck, Referral, CaseRecord, Consent, Client)


def purge_cases(uow: UnitOfWork, today: date) -> PurgePlan:
    """Delete, irreversibly, every case closed before the retention period and what hangs
    on it. One transaction; the purge itself is logged (how many, never whose)."""
    actor = require(uow.actor, Permission.CASES_EDIT)
    with uow:
        session = uow.session
        plan, rows = _plan(session, today)
        if plan.total:
            for model in _ORDER:
                ids = sorted(rows.get(model, set()))
                table = model.__table__
                for start in range(0, len(ids), 500):
                    chunk = ids[start:start + 500]
                    # Core statements on the table: a purge is the one real DELETE of synced rows.
                    session.execute(delete(table).where(table.c.id.in_(chunk)))
                    session.execute(delete(SyncRecordState).where(SyncRecordState.table_name == model.__tablename__,
                                                                  SyncRecordState.record_id.in_(chunk)))
                    session.execute(delete(SyncConflict).where(SyncConflict.table_name == model.__tablename__,
                                                               SyncConflict.record_id.in_(chunk)))
            append_entry(session, actor, "purge", "case_record", "",
                         {"cutoff": plan.cutoff.isoformat(), "years": plan.years, **plan.counts})
        uow.commit()
        bind = session.get_bind()
    if plan.total and bind.dialect.name == "sqlite":
        # The deleted pages were zeroed in the file; the log of the write still holds them.
        # On the driver's connection: SQLAlchemy would open a transaction first, and a
        # checkpoint cannot run inside one.
        with bind.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return plan
