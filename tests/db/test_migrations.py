"""Alembic migrations: one head, upgrade and downgrade with data present, models and
migrations agree (``alembic check``), and the SQLite pragmas every connection gets."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app import members as m
from app.members import TermData
from app.subcommittees import SubcommitteeData, add_seat, create_subcommittee
from db import migrate
from db.session import create_sqlite_engine
from tests.conftest import TODAY, member_data

EXTRA_REVISION = '''"""test only: a nickname for members, rebuilt in batch mode

Revision ID: 9002
Revises: {head}
"""
from alembic import op
import sqlalchemy as sa

revision = "9002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # recreate="always": copy, drop and rename the table other tables point to.
    with op.batch_alter_table("member", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member", recreate="always") as batch_op:
        batch_op.drop_column("nickname")
'''


def migrations_with_extra_revision(tmp_path: Path) -> Path:
    """A copy of our migrations plus a later revision, as a future release would ship."""
    target = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "versions" / "9002_nickname.py").write_text(
        EXTRA_REVISION.format(head=migrate.head_revision()), encoding="utf-8")
    return target


def fill(db) -> dict[str, object]:
    """Members with terms and a subcommittee seat: rows that point at each other."""
    a = m.add_member(db.uow(), member_data("홍길동"), TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    b = m.add_member(db.uow(), member_data("김영희", birth_date=date(1970, 1, 1), phone=""),
                     TermData(date(2023, 1, 1), date(2024, 12, 31)), TODAY)
    m.reappoint_member(db.uow(), b.id, TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    sub = create_subcommittee(db.uow(), SubcommitteeData("노인분과", lead_member_id=a.id,
                                                         founded_on=date(2025, 1, 1)), TODAY)
    add_seat(db.uow(), sub.id, b.id, date(2025, 2, 1), TODAY)
    return {"members": m.list_members(db.uow(), TODAY), "sub": sub.id}


def rows(engine, table: str) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {table}").all()))


def test_exactly_one_head():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    assert migrate.head_revision() in migrate.known_revisions()
    # A straight line from base to head, every revision reachable.
    assert len(list(script.walk_revisions())) == len(migrate.known_revisions())


def test_upgrade_from_empty_to_head(tmp_path):
    engine = create_sqlite_engine(tmp_path / "empty.db")
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"member", "member_term", "subcommittee", "subcommittee_membership", "setting", "installation",
                "change_counter", "alembic_version"} <= tables
        assert rows(engine, "change_counter") == [(1, 0)]
    finally:
        engine.dispose()


def test_models_and_migrations_agree(db):
    with db.engine.connect() as conn:
        command.check(migrate.alembic_config(conn))  # raises if autogenerate would find changes


def test_pragmas_are_on_for_every_connection(db):
    for _ in range(2):  # a fresh pooled connection as well
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        db.engine.dispose()


def test_foreign_keys_are_enforced(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO member_term (id, member_id, start_on, end_note, created_at, updated_at, "
                "changed_by_device, change_seq) VALUES ('t', 'nobody', '2025-01-01', '', '2025-01-01', "
                "'2025-01-01', '', 0)"))


def test_downgrade_to_base_and_upgrade_again_with_data(db):
    fill(db)
    migrate.downgrade(db.engine, "base")
    assert migrate.current_revision(db.engine) is None
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    assert rows(db.engine, "member") == [] and rows(db.engine, "change_counter") == [(1, 0)]


def test_upgrade_and_downgrade_one_step_keep_data(db, tmp_path, monkeypatch):
    fill(db)
    head = migrate.head_revision()
    tables = ("member", "member_term", "subcommittee", "subcommittee_membership", "setting", "installation",
              "change_counter")
    snapshot = {t: rows(db.engine, t) for t in tables}
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations_with_extra_revision(tmp_path))

    migrate.upgrade(db.engine)  # rebuilds `member` while terms and seats point at it
    assert migrate.current_revision(db.engine) == "9002"
    assert "nickname" in {c["name"] for c in inspect(db.engine).get_columns("member")}
    assert rows(db.engine, "member") == [row + (None,) for row in snapshot["member"]]
    for table in tables[1:]:
        assert rows(db.engine, table) == snapshot[table]

    migrate.downgrade(db.engine, "-1")
    assert migrate.current_revision(db.engine) == head
    assert "nickname" not in {c["name"] for c in inspect(db.engine).get_columns("member")}
    assert {t: rows(db.engine, t) for t in tables} == snapshot

    migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == "9002"
    assert rows(db.engine, "member_term") == snapshot["member_term"]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # switched back on


def test_failed_migration_rolls_back_and_restores_foreign_keys(db, tmp_path, monkeypatch):
    fill(db)
    head = migrate.head_revision()
    target = migrations_with_extra_revision(tmp_path)
    broken = (target / "versions" / "9002_nickname.py").read_text(encoding="utf-8").replace(
        '        batch_op.add_column(sa.Column("nickname", sa.String(length=30), nullable=True))',
        '        batch_op.add_column(sa.Column("nickname", sa.String(length=30), nullable=True))\n'
        '    op.execute("UPDATE member_term SET member_id = \'nobody\'")')
    (target / "versions" / "9002_nickname.py").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", target)
    terms = rows(db.engine, "member_term")
    with pytest.raises(migrate.MigrationFailed):
        migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == head
    assert rows(db.engine, "member_term") == terms
    assert "nickname" not in {c["name"] for c in inspect(db.engine).get_columns("member")}
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
