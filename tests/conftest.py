"""Shared fixtures: a real temporary SQLite database per test, a fixed 'today'."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import app.security.keyring as keyring_module  # noqa: E402
from app.database import init_database  # noqa: E402
from app.members import MemberData, TermData  # noqa: E402
from app.security.accounts import NewAccount  # noqa: E402
from app.security.keyring import KdfParams  # noqa: E402
from db.session import Database  # noqa: E402

TODAY = date(2026, 11, 24)
ADMIN_PASSWORD = "admin-pass-2026"
ADMIN = NewAccount("admin", ADMIN_PASSWORD, "관리자")
# Key derivation as cheap as argon2 allows: tests open hundreds of databases. The real
# cost (see app.security.keyring.DEFAULT_KDF) is measured in tests/benchmarks.
FAST_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring_module, "DEFAULT_KDF", FAST_KDF)


def make_database(path: Path, council_code: str = "4377034000",
                  council_name: str = "햇살면 지역사회보장협의체") -> Database:
    """A new encrypted database, logged in as its administrator."""
    return init_database(path, council_code, council_name, ADMIN).db


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Preferences, logs and default data never touch the real user folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COUNCILDESK_HOME", str(home))
    return home


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "council.db"


@pytest.fixture
def db(db_path: Path) -> Database:
    database = make_database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(tmp_path: Path, today: date) -> Database:
    from app.demo import build_demo

    database = make_database(tmp_path / "demo.db")
    build_demo(database, today)
    yield database
    database.dispose()


def member_data(name: str = "홍길동", **overrides: object) -> MemberData:
    values: dict[str, object] = dict(name=name, sex="M", kind="appointed", category=5, role="member",
                                     birth_date=date(1962, 3, 1), affiliation="상촌리", position="이장",
                                     phone="010-1234-5678")
    values.update(overrides)
    return MemberData(**values)  # type: ignore[arg-type]


def term_data(start: date = date(2025, 1, 1), end: date | None = date(2026, 12, 31)) -> TermData:
    return TermData(start_on=start, end_on=end)
