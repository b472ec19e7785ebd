"""The SQLite fast path of the importer writes exactly what the general SQLAlchemy path
writes: the same values, of the same storage types, in the same row order."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Boolean, Date, DateTime, select, update
from sqlalchemy.dialects import sqlite

from app import members as m
from app.meetings.attachments import add_attachment_bytes
from app.security.keyring import keyring_path
from app.sync import export_package, import_packages
from app.sync import apply as importer  # the writing half of the import
from app.sync.records import TABLES
from db.models import Member
from tests.app.meeting_support import attend, make_council, new_meeting, resolution
from tests.app.sync_support import add_member, copy_to, enroll, new_city, new_council, reopen
from tests.conftest import TODAY


@pytest.mark.parametrize("value", [
    datetime(2026, 11, 24, 10, 0, 0), datetime(2026, 11, 24, 10, 0, 0, 7), datetime(2026, 1, 2, 3, 4, 5, 123456),
    datetime(1, 1, 1), datetime(999, 12, 31, 23, 59, 59, 999999), datetime(9999, 12, 31, 23, 59, 59, 999999)])
def test_datetime_text_is_the_bind_processors(value):
    dialect = sqlite.dialect()
    column = TABLES["member"].table.c.created_at
    assert isinstance(column.type, DateTime)
    expected = DateTime().dialect_impl(dialect).bind_processor(dialect)(value)
    assert importer._storage_converter(column, dialect)(value) == expected


@pytest.mark.parametrize("value", [date(2025, 1, 1), date(1, 1, 1), date(999, 2, 3), date(9999, 12, 31)])
def test_date_text_is_the_bind_processors(value):
    dialect = sqlite.dialect()
    column = TABLES["member"].table.c.pledge_on  # birth_date is sealed text
    assert isinstance(column.type, Date)
    expected = Date().dialect_impl(dialect).bind_processor(dialect)(value)
    assert importer._storage_converter(column, dialect)(value) == expected


@pytest.mark.parametrize("value", [True, False])
def test_bool_is_the_bind_processors(value):
    dialect = sqlite.dialect()
    column = TABLES["member"].table.c.honorary_official
    assert isinstance(column.type, Boolean)
    expected = Boolean().dialect_impl(dialect).bind_processor(dialect)(value)
    converted = importer._storage_converter(column, dialect)(value)
    assert converted == expected and type(converted) is type(expected)


def _raw_dump(db) -> dict[str, list[tuple[str, ...]]]:
    """Every stored value as the driver returns it (no result processing), in scan order
    (rowid order, or key order for tables without rowid)."""
    names = [*TABLES, "sync_record_state"]
    with db.engine.connect() as conn:
        return {name: [tuple(repr(v) for v in row) for row in conn.exec_driver_sql(f'SELECT * FROM "{name}"')]
                for name in names}


def _fill(db) -> None:
    council = make_council(db, count=6)
    meeting = new_meeting(council)
    attend(council, meeting, present=5, excused=1)
    resolution(council, meeting)
    add_attachment_bytes(db.uow(), meeting, "출석부.pdf", b"%PDF-1.4 \x00 scanned" * 50, TODAY)
    add_member(db, "생일있음", birth_date=date(1961, 3, 4), phone="010-1234-5678")
    gone = add_member(db, "삭제됨")
    m.delete_member(db.uow(), gone)
    whole_second = add_member(db, "정각")  # a datetime without microseconds is written with ".000000"
    with db.engine.begin() as conn:
        conn.execute(update(Member).where(Member.id == whole_second).values(created_at=datetime(2026, 1, 2, 9, 0)))


def test_fast_path_stores_exactly_what_the_general_path_stores(tmp_path, monkeypatch):
    city, council = new_city(tmp_path), new_council(tmp_path, "a")
    enroll(city.db, council, tmp_path)
    _fill(council.db)
    with council.db.engine.connect() as conn:  # the data has what the fast path converts
        members = conn.execute(select(Member)).all()
    assert any(r.deleted_at is not None for r in members) and any(r.birth_date for r in members)
    assert any(r.created_at.microsecond for r in members) and any(not r.created_at.microsecond for r in members)
    usb = tmp_path / "usb"
    usb.mkdir()
    package = export_package(council.db, usb)
    key, actor = city.db.key, city.db.actor
    city.db.dispose()
    dumps = {}
    for fast in (True, False):
        folder = tmp_path / ("fast" if fast else "general")
        copy = copy_to(city.path, folder)
        copy_to(keyring_path(city.path), folder)
        device = type(city)(None, copy)
        db = reopen(device, key, actor)
        calls = []
        original = importer._insert_records_sqlite
        monkeypatch.setattr(importer, "_FAST_SQLITE", fast)
        monkeypatch.setattr(importer, "_insert_records_sqlite", lambda *a: (calls.append(1), original(*a)))
        try:
            result = import_packages(db, [package])
            assert result.new > 0 and result.conflicts == 0
            assert bool(calls) == fast
            dumps[fast] = _raw_dump(db)
        finally:
            db.dispose()
    assert sum(len(rows) for rows in dumps[True].values()) > 20
    assert dumps[True] == dumps[False]
