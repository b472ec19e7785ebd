"""The bookkeeping every synced record carries: UUID ids, timestamps, the device that
changed it, a database-wide change sequence, tombstones instead of deletes, and one
transaction per service call."""
from __future__ import annotations

import uuid
from types import SimpleNamespace
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import delete, event, select

from app import members as m
from app import subcommittees as s
from app.database import installation_info
from app.members import TermData
from app.subcommittees import SubcommitteeData
from db.base import Base
from db.models import SYNCED_MODELS, ChangeCounter, Member, MemberTerm, Subcommittee, SubcommitteeMembership
from db.session import TombstoneViolation
from tests.conftest import TODAY, member_data


def dump(db) -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in Base.metadata.sorted_tables}


def all_synced(db) -> list[SimpleNamespace]:
    """Plain copies of every synced row (the session's objects expire when it closes)."""
    columns = ("id", "created_at", "updated_at", "changed_by_device", "change_seq", "deleted_at")
    with db.uow() as uow:
        return [SimpleNamespace(model=model, **{c: getattr(row, c) for c in columns})
                for model in SYNCED_MODELS for row in uow.session.scalars(select(model))]


def counter(db) -> int:
    with db.uow() as uow:
        return uow.session.scalar(select(ChangeCounter.value))


def changed_since(db, seq: int) -> set[tuple[str, str]]:
    """The question an export asks: which records changed after ``seq``."""
    with db.uow() as uow:
        return {(model.__name__, row.id) for model in SYNCED_MODELS
                for row in uow.session.scalars(select(model).where(model.change_seq > seq))}


def add(db, name="홍길동", **fields):
    fields.setdefault("phone", "")
    fields.setdefault("birth_date", date(1960, 1, 1))
    return m.add_member(db.uow(), member_data(name, **fields), TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)


def test_every_synced_record_gets_its_bookkeeping(db):
    member = add(db)
    sub = s.create_subcommittee(db.uow(), SubcommitteeData("노인분과", lead_member_id=member.id,
                                                           founded_on=date(2025, 1, 1)), TODAY)
    device = installation_info(db).device_id
    rows = all_synced(db)
    assert {r.model for r in rows} == set(SYNCED_MODELS)
    for row in rows:
        assert str(uuid.UUID(row.id)) == row.id
        assert row.created_at is not None and row.updated_at >= row.created_at
        assert row.changed_by_device == device
        assert row.change_seq > 0
        assert row.deleted_at is None
    assert len({r.id for r in rows}) == len(rows)
    assert max(r.change_seq for r in rows) == counter(db)
    assert sub.id in {r.id for r in rows}


def test_change_seq_grows_with_every_write_and_answers_changed_since(db):
    first = add(db, "가위원")
    mark = counter(db)
    second = add(db, "나위원")
    with db.uow() as uow:
        seq_first = uow.session.get(Member, first.id).change_seq
        seq_second = uow.session.get(Member, second.id).change_seq
    assert seq_second > seq_first
    second_term = second.terms[0].id
    assert changed_since(db, mark) == {("Member", second.id), ("MemberTerm", second_term)}

    mark = counter(db)
    m.update_member(db.uow(), first.id, replace(first.to_data(), note="메모"), TODAY)
    assert changed_since(db, mark) == {("Member", first.id)}
    with db.uow() as uow:
        row = uow.session.get(Member, first.id)
        assert row.change_seq > seq_second and row.updated_at > row.created_at

    mark = counter(db)
    m.update_member(db.uow(), first.id, replace(first.to_data(), note="메모"), TODAY)  # no real change
    assert changed_since(db, mark) == set() and counter(db) == mark

    mark = counter(db)
    m.dismiss_member(db.uow(), first.id, date(2026, 1, 1), "resigned", "", TODAY)
    assert changed_since(db, mark) == {("MemberTerm", first.terms[0].id)}

    mark = counter(db)
    m.delete_member(db.uow(), second.id)  # a tombstone is a change that travels too
    assert changed_since(db, mark) == {("Member", second.id), ("MemberTerm", second_term)}


def test_device_id_is_the_installations(db):
    device = installation_info(db).device_id
    with db.uow() as uow:
        assert uow.session.info["device_id"] == device
    add(db)
    assert {r.changed_by_device for r in all_synced(db)} == {device}


def test_session_delete_of_synced_record_is_refused(db):
    member = add(db)
    before = dump(db)
    for model, key in ((Member, member.id), (MemberTerm, member.terms[0].id)):
        with db.uow() as uow:
            uow.session.delete(uow.session.get(model, key))
            with pytest.raises(TombstoneViolation):
                uow.commit()
    assert dump(db) == before


def test_bulk_delete_of_synced_records_is_refused(db):
    add(db)
    before = dump(db)
    for model in SYNCED_MODELS:
        with db.uow() as uow:
            with pytest.raises(TombstoneViolation):
                uow.session.execute(delete(model))
    assert dump(db) == before


def test_unit_of_work_without_commit_saves_nothing(db):
    before = dump(db)
    with db.uow() as uow:
        uow.session.add(Subcommittee(name="임시분과", founded_on=TODAY))
        uow.session.flush()
    assert dump(db) == before


def test_exception_midway_leaves_nothing(db):
    """add_member writes the member, then its term; failing at the term undoes the member."""
    before = dump(db)

    def fail_on_term(session, _ctx, _instances):
        if any(isinstance(o, MemberTerm) for o in session.new):
            raise RuntimeError("disk full")

    event.listen(db.session_factory, "before_flush", fail_on_term)
    try:
        with pytest.raises(RuntimeError):
            add(db)
    finally:
        event.remove(db.session_factory, "before_flush", fail_on_term)
    assert dump(db) == before


def test_exception_midway_in_dismissal_leaves_term_and_seats(db):
    member = add(db)
    sub = s.create_subcommittee(db.uow(), SubcommitteeData("노인분과", lead_member_id=member.id,
                                                           founded_on=date(2025, 1, 1)), TODAY)
    before = dump(db)

    def fail_on_seat(session, _ctx, _instances):
        if any(isinstance(o, SubcommitteeMembership) for o in session.dirty):
            raise RuntimeError("power cut")

    event.listen(db.session_factory, "before_flush", fail_on_seat)
    try:
        with pytest.raises(RuntimeError):
            m.dismiss_member(db.uow(), member.id, date(2026, 1, 1), "dismissed", "", TODAY)
    finally:
        event.remove(db.session_factory, "before_flush", fail_on_seat)
    assert dump(db) == before
    assert s.get_subcommittee(db.uow(), sub.id, TODAY).lead_member_id == member.id
