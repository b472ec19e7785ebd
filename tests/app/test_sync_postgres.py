"""City mode on PostgreSQL through the same models: a throwaway server is started for the
module (Debian's postgresql, run as the ``postgres`` user when the tests run as root)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from app import members as m
from app.errors import InputRefused
from app.sync import (THEIRS, SyncRefused, city_summary_excel, export_package, import_packages, init_postgres_database,
                      list_conflicts, list_sites, open_postgres_database, resolve_conflict)
from tests.app.sync_support import (CITY_CODE, CITY_NAME, COUNCIL_CODE, add_member, carry, content, enroll, full_dump,
                                    new_council)
from tests.conftest import ADMIN, ADMIN_PASSWORD, TODAY

PG_BIN = Path(os.environ.get("COUNCILDESK_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pg_server():
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        message = f"PostgreSQL server binaries are not installed ({PG_BIN}); apt-get install postgresql"
        if os.environ.get("CI"):
            pytest.fail(message + " — .ci/run installs it, so CI must run these tests")
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="councildesk-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        shutil.chown(base, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()

    def run(*args: str) -> None:
        subprocess.run(as_postgres + list(args), check=True, capture_output=True, timeout=60)

    try:
        run(str(PG_BIN / "initdb"), "-A", "trust", "--locale=C.UTF-8", "-E", "UTF8", "-U", "postgres", "-D", str(data))
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off", "start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(as_postgres + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    name = "city_" + uuid.uuid4().hex[:10]
    admin = create_engine(f"{pg_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield f"{pg_server}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def world(pg_url, tmp_path):
    city = init_postgres_database(pg_url, CITY_CODE, CITY_NAME, ADMIN)
    a, b = new_council(tmp_path, "a"), new_council(tmp_path, "b")
    ids = {"a": enroll(city, a, tmp_path), "b": enroll(city, b, tmp_path)}
    yield city, a.db, b.db, ids, tmp_path
    for db in (city, a.db, b.db):
        db.dispose()


def test_relay_through_a_city_on_postgresql(world, pg_url):
    city, a, b, ids, tmp = world
    hong = add_member(a, "홍길동")
    add_member(b, "김영희", sex="F")
    result = carry(a, city, tmp / "1")
    assert result.new == 2 and result.backup is None  # the server's own backups apply
    assert carry(b, city, tmp / "2").new == 2
    assert carry(city, a, tmp / "3", ids["a"]).new == 2
    assert carry(city, b, tmp / "4", ids["b"]).new == 2
    assert content(a) == content(b) == content(city)
    # A deletion and an edit travel through the server too.
    m.delete_member(a.uow(), hong)
    carry(a, city, tmp / "5")
    assert carry(city, b, tmp / "6", COUNCIL_CODE).deleted == 2  # the member and the term
    assert content(a) == content(b)
    assert {s.status for s in list_sites(city)} == {"active"}
    # The city logs in again: accounts on the server check the argon2 hash only.
    again = open_postgres_database(pg_url, ADMIN.username, ADMIN_PASSWORD)
    assert again.actor.username == ADMIN.username
    again.dispose()
    with pytest.raises(InputRefused) as refused:
        open_postgres_database(pg_url, ADMIN.username, "wrong-password-1")
    assert refused.value.code == "wrong_login"


def test_conflicts_and_refusals_on_postgresql(world):
    city, a, b, ids, tmp = world
    hong = add_member(a, "홍길동")
    carry(a, city, tmp / "1")
    carry(city, b, tmp / "2", COUNCIL_CODE)
    # A field the city can read (a note is sealed: the council's devices settle that).
    for db, place in ((a, "A"), (b, "B")):
        view = m.get_member(db.uow(), hong, TODAY)
        m.update_member(db.uow(), hong, replace(view.to_data(), affiliation=place), TODAY)
    carry(a, city, tmp / "3")
    assert carry(b, city, tmp / "4").conflicts == 1
    [conflict] = list_conflicts(city.uow())
    resolve_conflict(city.uow(), conflict.id, {"affiliation": THEIRS})  # the city may settle it too
    assert carry(city, a, tmp / "5", ids["a"]).updated == 1
    # A damaged package changes nothing on the server.
    (tmp / "6").mkdir()
    path = export_package(a, tmp / "6")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))
    before = full_dump(city)
    with pytest.raises(SyncRefused) as refused:
        import_packages(city, [path])
    assert refused.value.code == "sync_tampered"
    assert full_dump(city) == before


def test_city_summary_from_postgresql(world):
    city, a, b, ids, tmp = world
    add_member(a, "홍길동")
    add_member(a, "김영희", sex="F", category=1)
    carry(a, city, tmp / "1")
    out = city_summary_excel(city, tmp / "summary.xlsx", TODAY)
    ws = load_workbook(out)["협의체별 요약"]
    row = [c.value for c in ws[2]]
    assert row[:5] == [COUNCIL_CODE, "햇살면 지역사회보장협의체", 2, 1, 1]
