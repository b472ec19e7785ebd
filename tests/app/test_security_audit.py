"""The access log (접속기록): account, time, machine, whose data and what was done, for
every view, change, print, export, import, login and permission change; hash-chained so
that an edited, removed or inserted row is found; kept 2 years (3 for permissions)."""
from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from app import members as m
from app.database import close_database, open_database
from app.errors import ValidationFailed
from app.members import TermData
from app.reports.appointment_pdf import write_appointment_pdf
from app.reports.excel_members import apply_members_import, export_members, read_members_workbook
from app.reports.roster_pdf import write_roster_pdf
from app.security import audit
from app.security.accounts import NewAccount, create_account
from app.security.audit import (AccessLogFilter, append_entry, log_event, machine_name, purge_expired_entries,
                                read_access_log, verify_access_log)
from app.security.chain import GENESIS, ChainBreak, entry_mac
from db.base import utc_now
from db.security_models import AccessLogCheckpoint, AccessLogEntry
from db.session import create_sqlite_engine
from tests.conftest import ADMIN, ADMIN_PASSWORD, TODAY, make_database, member_data

TERM = TermData(date(2025, 1, 1), date(2026, 12, 31))


def entries(db, **where) -> list[AccessLogEntry]:
    with db.session_factory() as session:
        query = select(AccessLogEntry).order_by(AccessLogEntry.id)
        for column, value in where.items():
            query = query.where(getattr(AccessLogEntry, column) == value)
        return list(session.scalars(query))


def verify(db) -> ChainBreak | None:
    with db.session_factory() as session:
        return verify_access_log(session)


def seal(db, prev: str, content: dict) -> str:
    """An entry's seal as someone who also read the log's secret would compute it."""
    with db.session_factory() as session:
        return entry_mac(audit.log_secret(session), prev, content)


def raw_sql(db, sql: str, **params) -> None:
    """Tampering from outside the program: someone who has the key and a SQLite shell."""
    engine = create_sqlite_engine(db.path, db.key)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def fill_log(db) -> None:
    for n in range(6):
        log_event(db.session_factory, db.actor, "view", "member", f"id-{n}", {"n": n})


# ---------------------------------------------------------------- what is logged

def test_every_kind_of_access_is_logged(db, tmp_path):
    started = utc_now().replace(microsecond=0)
    db.dispose()
    admin = open_database(db.path, ADMIN.username, ADMIN_PASSWORD)
    member = m.add_member(admin.uow(), member_data(), TERM, TODAY)
    m.update_member(admin.uow(), member.id, replace(member.to_data(), phone="010-9999-0000"), TODAY)
    m.list_members(admin.uow(), TODAY, query="홍")
    m.get_member(admin.uow(), member.id, TODAY)
    write_roster_pdf(admin.uow(), tmp_path / "roster.pdf", TODAY, "햇살면 협의체")
    write_appointment_pdf(admin.uow(), member.id, tmp_path / "cert.pdf", "햇살면 협의체", "햇살군수", TODAY)
    export = export_members(admin.uow(), tmp_path / "members.xlsx", TODAY)
    apply_members_import(admin.uow(), read_members_workbook(admin.uow(), export, TODAY), TODAY)
    m.delete_member(admin.uow(), member.id)
    create_account(admin, NewAccount("wiwon", "wiwon-pass-1", "박위원", "viewer"))
    close_database(admin)
    db = open_database(db.path, ADMIN.username, ADMIN_PASSWORD)
    try:
        log = entries(db)
        finished = utc_now()
        actions = [e.action for e in log]
        for action in ("login", "logout", "view", "create", "update", "delete", "print", "export", "import",
                       "permission"):
            assert action in actions, action
        for entry in log:
            assert entry.machine == machine_name() and entry.machine
            assert entry.at.microsecond == 0  # to the second
            assert entry.account == "admin"
        assert all(started <= e.at <= finished for e in log[1:])

        def one(action: str, table: str = "member", **details):
            found = [e for e in log if e.action == action and e.target_table == table
                     and all(json.loads(e.details).get(k) == v for k, v in details.items())]
            assert found, (action, table, details)
            return found[0]

        created = one("create")
        assert created.target_id == member.id  # whose data
        assert json.loads(created.details)["name"] == "홍길동"
        assert one("create", "member_term").target_id == member.terms[0].id
        updated = [e for e in log if e.action == "update" and e.target_id == member.id]
        assert json.loads(updated[0].details) == {"phone": ["010-1234-5678", "010-9999-0000"]}
        assert one("view", query="홍").target_id == ""
        assert one("view", name="홍길동").target_id == member.id
        assert one("print", document="위원 명부")
        assert one("print", document="위촉장").target_id == member.id
        assert one("export", format="xlsx")
        assert one("import", file="members.xlsx")
        deleted = one("delete")
        assert deleted.target_id == member.id and json.loads(deleted.details)["deleted_at"][0] is None
        assert one("permission", "account", grant="viewer").target_id == "wiwon"
        assert [e.action for e in log[-2:]] == ["logout", "login"]
        assert verify(db) is None
    finally:
        close_database(db)


def test_the_log_is_written_in_the_same_transaction(db):
    before = [e.id for e in entries(db)]
    with pytest.raises(ValidationFailed):
        m.add_member(db.uow(), member_data(name=""), TERM, TODAY)
    with db.uow() as uow:
        m.add_member_in_session(uow.session, member_data(), TERM, TODAY)
        assert [e.action for e in uow.session.scalars(select(AccessLogEntry))][-2:] == ["create", "create"]
        # no commit: the member and its log entries go together
    assert [e.id for e in entries(db)] == before
    assert m.list_members(db.uow(), TODAY) == []
    assert verify(db) is None


def test_a_rolled_back_savepoint_does_not_break_the_chain(db):
    with db.session_factory.begin() as session:
        append_entry(session, db.actor, "view", "member", "kept-1")
        nested = session.begin_nested()
        append_entry(session, db.actor, "view", "member", "dropped")
        session.flush()
        nested.rollback()
        append_entry(session, db.actor, "view", "member", "kept-2")
    assert [e.target_id for e in entries(db)][-2:] == ["kept-1", "kept-2"]
    assert verify(db) is None


def test_unchanged_save_logs_no_update(db):
    member = m.add_member(db.uow(), member_data(), TERM, TODAY)
    count = len(entries(db, action="update"))
    m.update_member(db.uow(), member.id, member.to_data(), TODAY)
    assert len(entries(db, action="update")) == count


def test_reading_the_log_with_filters(db):
    member = m.add_member(db.uow(), member_data(), TERM, TODAY)
    m.get_member(db.uow(), member.id, TODAY)
    rows = read_access_log(db.session_factory, db.actor, AccessLogFilter(target_id=member.id))
    assert {r.action for r in rows} == {"create", "view"}
    assert rows == sorted(rows, key=lambda r: r.id, reverse=True)  # newest first
    today = utc_now().date()
    assert read_access_log(db.session_factory, db.actor, AccessLogFilter(since=today, until=today))
    assert read_access_log(db.session_factory, db.actor, AccessLogFilter(until=today - timedelta(days=1))) == []
    assert read_access_log(db.session_factory, db.actor, AccessLogFilter(account="nobody")) == []
    logins = read_access_log(db.session_factory, db.actor, AccessLogFilter(action="permission"))
    assert [r.action_label("ko") for r in logins] == ["권한변경"]
    assert entries(db)[-1].target_table == "access_log"  # reading is logged too


# ---------------------------------------------------------------- tamper evidence

def test_a_fresh_log_verifies(db):
    fill_log(db)
    assert verify(db) is None
    first = entries(db)[0]
    assert first.prev_hash == GENESIS


COLUMN_EDITS = {
    "at": "'2020-01-01 00:00:00.000000'",
    "account": "'someone'",
    "machine": "'other-pc (x)'",
    "action": "'login'",
    "target_table": "'installation'",
    "target_id": "'id-x'",
    "details": "'{}'",
    "prev_hash": "'" + "1" * 64 + "'",
    "entry_hash": "'" + "2" * 64 + "'",
}


@pytest.mark.parametrize("column", COLUMN_EDITS)
def test_editing_any_column_of_a_middle_row_is_found(db, column):
    fill_log(db)
    middle = entries(db)[3]
    raw_sql(db, f"UPDATE access_log SET {column} = {COLUMN_EDITS[column]} WHERE id = :id", id=middle.id)
    broken = verify(db)
    assert broken is not None and broken.entry_id == middle.id
    assert broken.reason == ("link" if column == "prev_hash" else "content")


def test_an_edit_with_its_hash_recomputed_breaks_the_next_link(db):
    fill_log(db)
    log = entries(db)
    middle, after = log[3], log[4]
    content = audit._content(middle)
    content["details"] = "{}"
    raw_sql(db, "UPDATE access_log SET details = '{}', entry_hash = :h WHERE id = :id",
            h=seal(db, middle.prev_hash, content), id=middle.id)
    assert verify(db) == ChainBreak(after.id, "link")


def test_deleting_a_middle_row_is_found(db):
    fill_log(db)
    log = entries(db)
    raw_sql(db, "DELETE FROM access_log WHERE id = :id", id=log[3].id)
    assert verify(db) == ChainBreak(log[4].id, "link")


def test_deleting_the_first_row_is_found(db):
    fill_log(db)
    log = entries(db)
    raw_sql(db, "DELETE FROM access_log WHERE id = :id", id=log[0].id)
    assert verify(db) == ChainBreak(log[1].id, "link")


def insert_row(db, row_id: int, prev: str, action: str = "view") -> None:
    content = {"at": "2026-01-01T00:00:00", "account": "admin", "machine": machine_name(), "action": action,
               "target_table": "member", "target_id": "x", "details": ""}
    raw_sql(db, "INSERT INTO access_log (id, at, account, machine, action, target_table, target_id, details, "
                "prev_hash, entry_hash) VALUES (:id, '2026-01-01 00:00:00.000000', 'admin', :machine, :action, "
                "'member', 'x', '', :prev, :hash)",
            id=row_id, machine=machine_name(), action=action, prev=prev, hash=seal(db, prev, content))


def test_inserting_a_well_formed_row_is_found(db):
    fill_log(db)
    first = entries(db)[0]
    # Before the first row, correctly chained onto the start: the old first row no longer links.
    insert_row(db, 0, GENESIS)
    # Ids up to the switch point (0 in a new file) can only hold plain SHA-256 seals.
    assert verify(db) == ChainBreak(0, "content")
    raw_sql(db, "DELETE FROM access_log WHERE id = 0")
    raw_sql(db, "UPDATE access_log SET id = id + 100")  # room for a keyed row before the first
    insert_row(db, 50, GENESIS)
    assert verify(db) == ChainBreak(first.id + 100, "link")


def test_inserting_a_row_at_the_end_with_a_wrong_link_is_found(db):
    fill_log(db)
    log = entries(db)
    insert_row(db, log[-1].id + 1, log[2].entry_hash)  # replaying an old link
    assert verify(db) == ChainBreak(log[-1].id + 1, "link")


def test_two_programs_appending_keep_one_chain(db):
    """The window and the CLI write to the same file at the same time."""
    other = open_database(db.path, ADMIN.username, ADMIN_PASSWORD)
    errors: list[BaseException] = []

    def work(database, tag: str) -> None:
        try:
            for n in range(15):
                log_event(database.session_factory, database.actor, "view", "member", f"{tag}-{n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d, t)) for d, t in ((db, "a"), (other, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    assert len([e for e in entries(db) if e.target_id[:2] in ("a-", "b-")]) == 30
    assert verify(db) is None


def test_two_programs_changing_members_at_once(db):
    """Reads then writes (a list, then a new member) from two connections: they wait for
    each other instead of failing with "database is locked"."""
    other = open_database(db.path, ADMIN.username, ADMIN_PASSWORD)
    errors: list[BaseException] = []

    def work(database, tag: str) -> None:
        try:
            for n in range(8):
                m.add_member(database.uow(), member_data(f"{tag}위원{n}", birth_date=date(1960, 1, 1 + n),
                                                         phone=""), TERM, TODAY)
                m.list_members(database.uow(), TODAY)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d, t)) for d, t in ((db, "가"), (other, "나"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    assert len(m.list_members(db.uow(), TODAY)) == 16
    assert verify(db) is None


# ---------------------------------------------------------------- retention

@pytest.fixture
def clock(monkeypatch):
    """Set the time the log writes, e.g. ``clock(2022, 1, 1)``."""
    now = [utc_now()]

    def set_to(*args: int) -> None:
        now[0] = datetime(*args)

    monkeypatch.setattr(audit, "utc_now", lambda: now[0])
    return set_to


def test_purge_keeps_two_years_and_three_for_permissions(tmp_path, clock):
    clock(2022, 1, 1)
    db = make_database(tmp_path / "old.db")  # the setup entry is a permission grant
    try:
        for when, action, target in (((2022, 6, 1), "view", "e2"), ((2023, 6, 1), "password", "e3"),
                                     ((2024, 6, 1), "view", "e4"), ((2024, 7, 1), "permission", "e5"),
                                     ((2024, 8, 1), "view", "e6"), ((2026, 11, 24), "view", "e7")):
            clock(*when)
            log_event(db.session_factory, db.actor, action, "member", target)
        before = entries(db)
        assert len(before) == 7
        with db.session_factory.begin() as session:
            removed = purge_expired_entries(session, datetime(2026, 11, 24, 12))
        assert removed == 4
        kept = entries(db)
        # The 2024-07 permission change is kept (under 3 years), and so is what follows it.
        assert [e.target_id for e in kept] == ["e5", "e6", "e7"]
        assert kept[0].prev_hash == before[3].entry_hash
        assert verify(db) is None  # thanks to the purge checkpoint

        clock(2026, 11, 25)
        log_event(db.session_factory, db.actor, "view", "member", "e8")
        with db.session_factory.begin() as session:
            assert purge_expired_entries(session, datetime(2027, 8, 2)) == 2
        assert [e.target_id for e in entries(db)] == ["e7", "e8"]
        assert verify(db) is None
        with db.session_factory.begin() as session:
            assert purge_expired_entries(session, datetime(2027, 8, 2)) == 0

        # The checkpoint is MACed: moving it is found, and so is removing it.
        raw_sql(db, "UPDATE access_log_checkpoint SET entry_hash = :v WHERE kind = 'purge'", v=GENESIS)
        assert verify(db) is not None and verify(db).reason == "checkpoint"
        raw_sql(db, "DELETE FROM access_log_checkpoint WHERE kind = 'purge'")
        assert verify(db) == ChainBreak(entries(db)[0].id, "link")
    finally:
        db.dispose()


def test_purge_on_a_leap_day(tmp_path, clock):
    clock(2025, 1, 1)
    db = make_database(tmp_path / "leap.db")
    try:
        clock(2026, 3, 1)
        log_event(db.session_factory, db.actor, "view", "member", "new")
        with db.session_factory.begin() as session:
            assert purge_expired_entries(session, datetime(2028, 2, 29)) == 1
        with db.session_factory() as session:
            assert session.scalars(select(AccessLogCheckpoint).where(AccessLogCheckpoint.kind == "purge")).all()
        assert verify(db) is None
    finally:
        db.dispose()


def test_purge_with_nothing_old_does_nothing(db):
    fill_log(db)
    before = entries(db)
    with db.session_factory.begin() as session:
        assert purge_expired_entries(session, utc_now()) == 0
    assert [e.id for e in entries(db)] == [e.id for e in before]


def test_append_entry_refuses_unknown_actions(db):
    with db.session_factory() as session, pytest.raises(AssertionError):
        append_entry(session, db.actor, "sneak")


def test_every_kind_of_logged_record_has_a_korean_name() -> None:
    """The viewer and its Excel export name records in Korean, never by table name."""
    from app.security.audit import target_label
    from db.registry import ALL_SYNCED_MODELS

    for model in ALL_SYNCED_MODELS:
        label = target_label(model.__tablename__)
        assert label != model.__tablename__ and not label.isascii(), model.__tablename__
    assert target_label("subcommittee_membership") == "분과 참여"
    assert target_label("subcommittee_membership", "en") == "Subcommittee seat"


def test_the_log_reads_in_words_and_names_whose_record(demo_db, today) -> None:
    """An auditor reads "위원 홍길동" and "목록 조회(재임), 23건", not a UUID and raw JSON, and
    finds a person's entries by name (issue 8, item 8)."""
    from app.members import get_member, list_members
    from app.security.audit import AccessLogFilter, read_access_log

    member = next(m for m in list_members(demo_db.uow(), today, "active"))
    get_member(demo_db.uow(), member.id, today)
    rows = read_access_log(demo_db.session_factory, demo_db.actor)
    mine = [r for r in rows if r.target_id == member.id]
    assert mine and mine[0].target_text() == f"위원 {member.name}"
    listed = next(r for r in rows if r.action == "view" and r.target_table == "member" and not r.target_id)
    assert listed.details_text().startswith("목록 조회(재임), ") and "{" not in listed.details_text()
    found = read_access_log(demo_db.session_factory, demo_db.actor, AccessLogFilter(target=member.name[:2]))
    assert found and all(member.name[:2] in r.target_name or r.target_id.startswith(member.name[:2]) for r in found)


def test_a_list_refreshed_again_and_again_is_one_view(demo_db, today) -> None:
    from sqlalchemy import func, select

    from app.members import list_members
    from db.security_models import AccessLogEntry

    def views() -> int:
        with demo_db.session_factory() as session:
            return session.scalar(select(func.count()).select_from(AccessLogEntry).where(
                AccessLogEntry.action == "view", AccessLogEntry.target_table == "member"))

    before = views()
    for _ in range(5):
        list_members(demo_db.uow(), today, "active")
    assert views() == before + 1
    list_members(demo_db.uow(), today, "all")  # other conditions: a new view
    assert views() == before + 2
