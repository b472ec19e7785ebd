"""What encryption costs: login with the real key derivation, and the members list and a
5,000-member Excel import on an encrypted file next to the same work on a plain one.

Figures are printed (run with ``-m benchmark -s``); nothing is asserted about time, since
office PCs differ. The targets from the issue are printed beside the figures: a login takes
0.2-1 s, and encrypted database work stays within 1.3x of the same work unencrypted.
"""
from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

import app.security.keyring as keyring_module
from app.backup import backup_now
from app.database import close_database, init_database, open_database
from app.members import list_members
from app.reports.excel_members import apply_members_import, export_members, read_members_workbook
from app.security.audit import install_audit
from app.security.keyring import KdfParams, keyring_path, load_keyring, unwrap_key
from app.security.permissions import SYSTEM
from db import migrate
from db.models import Installation, Member, MemberTerm
from db.session import Database, open_sqlite
from tests.benchmarks.test_roster_filter import _fill
from tests.conftest import ADMIN, ADMIN_PASSWORD, make_database

TODAY = date(2026, 11, 24)
COUNT = 5000
RUNS = 5


def _median(run: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _compare(encrypted: Callable[[], object], plain: Callable[[], object], runs: int = 7) -> tuple[float, float]:
    """Medians of alternating runs after a warm-up, with garbage collected before each, so
    that neither side pays for the other's garbage or a cold cache."""
    encrypted(), plain()
    times: dict[str, list[float]] = {"encrypted": [], "plain": []}
    for _ in range(runs):
        for label, run in (("encrypted", encrypted), ("plain", plain)):
            gc.collect()
            started = time.perf_counter()
            run()
            times[label].append(time.perf_counter() - started)
    return statistics.median(times["encrypted"]), statistics.median(times["plain"])


def _raw_roster_query(db: Database) -> Callable[[], object]:
    """The SQL under the members list alone, without building Python objects."""
    def run() -> object:
        with db.engine.connect() as conn:
            return (conn.exec_driver_sql("SELECT * FROM member WHERE deleted_at IS NULL").fetchall(),
                    conn.exec_driver_sql("SELECT * FROM member_term WHERE deleted_at IS NULL").fetchall())
    return run


def _plain_database(path: Path) -> Database:
    """The same schema and code paths (sync stamping, audit hook, admin actor), no key."""
    db = open_sqlite(path, key=None, must_exist=False)
    migrate.upgrade(db.engine)
    with db.session_factory.begin() as session:
        session.add(Installation(id=1, council_code="4377034000", council_name="햇살면 지역사회보장협의체",
                                 site_role="council"))
    db.load_device_id()
    db.actor = SYSTEM
    install_audit(db.session_factory)
    return db


def _ratio_line(what: str, encrypted: float, plain: float) -> str:
    ratio = encrypted / plain
    verdict = "within" if ratio <= 1.3 else "OVER"
    return (f"{what}: encrypted {encrypted * 1000:.0f} ms, unencrypted {plain * 1000:.0f} ms, "
            f"ratio {ratio:.2f}x ({verdict} the 1.3x target)")


@pytest.mark.benchmark
def test_login_with_the_real_key_derivation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring_module, "DEFAULT_KDF", KdfParams())
    path = tmp_path / "login.db"
    created = init_database(path, "4377034000", "햇살면 지역사회보장협의체", ADMIN)
    close_database(created.db)
    wrapped = load_keyring(keyring_path(path)).accounts[ADMIN.username].wrapped
    assert wrapped.kdf == KdfParams()

    unwrap_s = _median(lambda: unwrap_key(wrapped, ADMIN_PASSWORD, ADMIN.username))
    login_times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        db = open_database(path, ADMIN.username, ADMIN_PASSWORD)
        login_times.append(time.perf_counter() - started)
        close_database(db)
    login_s = statistics.median(login_times)
    verdict = "within" if 0.2 <= login_s <= 1.0 else "OUTSIDE"
    print(f"\nlogin (argon2id t={wrapped.kdf.time_cost}, m={wrapped.kdf.memory_kib // 1024} MiB, "
          f"p={wrapped.kdf.parallelism} + unwrap + open + checks), median of {RUNS}: {login_s * 1000:.0f} ms "
          f"({verdict} 0.2-1 s); of which key derivation and unwrap {unwrap_s * 1000:.0f} ms; "
          f"all: {', '.join(f'{t * 1000:.0f}' for t in login_times)} ms")


@pytest.mark.benchmark
def test_members_list_encrypted_vs_plain(tmp_path: Path) -> None:
    encrypted = make_database(tmp_path / "encrypted.db")
    plain = _plain_database(tmp_path / "plain.db")
    try:
        fills = {}
        for label, db in (("encrypted", encrypted), ("plain", plain)):
            started = time.perf_counter()
            _fill(db, COUNT)
            fills[label] = time.perf_counter() - started
            assert len(list_members(db.uow(), TODAY)) == COUNT
        listed = _compare(lambda: list_members(encrypted.uow(), TODAY), lambda: list_members(plain.uow(), TODAY))
        queried = _compare(_raw_roster_query(encrypted), _raw_roster_query(plain))
        # A fresh connection each time: every page is read (and decrypted) again.
        cold = _compare(lambda: (encrypted.engine.dispose(), list_members(encrypted.uow(), TODAY)),
                        lambda: (plain.engine.dispose(), list_members(plain.uow(), TODAY)))
        print(f"\n{_ratio_line(f'members list of {COUNT:,} (list_members, median of 7)', *listed)}")
        print(_ratio_line("  of which the SQL alone (members and terms, fetchall)", *queried))
        print(_ratio_line("  members list on a new connection (cold page cache)", *cold))
        print(_ratio_line(f"inserting {COUNT:,} members (one transaction, once)", fills["encrypted"], fills["plain"]))
        started = time.perf_counter()
        target = backup_now(encrypted, tmp_path / "usb", reason="manual")
        print(f"backup of the {COUNT:,}-member file ({target.stat().st_size / 1e6:.1f} MB, VACUUM INTO + fsync "
              f"+ integrity check): {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        encrypted.dispose()
        plain.dispose()


def _historical_roster(path: Path, tmp_path: Path) -> Path:
    """A 5,000-row roster of former members (terms ended, so the member cap does not apply),
    written by the program's own export with the ID column emptied: all rows are new."""
    source = make_database(tmp_path / "source.db")
    rng = random.Random(2026)
    try:
        _fill(source, COUNT)
        with source.session_factory.begin() as session:
            for term in session.query(MemberTerm):
                start = date(2016, 1, 1) + timedelta(days=rng.randint(0, 1400))
                term.start_on, term.end_on = start, start + timedelta(days=2 * 365 - 1)
            for i, member in enumerate(session.query(Member)):
                member.phone = f"010-{2000 + i // 10000:04d}-{i % 10000:04d}"
        export_members(source.uow(), path, TODAY)
    finally:
        source.dispose()
    wb = load_workbook(path)
    ws = wb["위원명부"]
    for row in ws.iter_rows(min_row=2, max_col=1):
        row[0].value = None
    wb.save(path)
    return path


def _import_once(db: Database, roster: Path) -> tuple[float, float]:
    try:
        gc.collect()
        started = time.perf_counter()
        plan = read_members_workbook(db.uow(), roster, TODAY)
        read_s = time.perf_counter() - started
        assert not plan.invalid_rows, [e.message() for e in plan.errors[:3]]
        gc.collect()
        started = time.perf_counter()
        result = apply_members_import(db.uow(), plan, TODAY)
        apply_s = time.perf_counter() - started
        assert result.added == COUNT
        return read_s, apply_s
    finally:
        db.dispose()


@pytest.mark.benchmark
def test_excel_import_of_5000_members_encrypted_vs_plain(tmp_path: Path) -> None:
    """Alternating runs into fresh databases (median of 3 each): one run takes seconds, and
    a busy machine moves single figures by a third."""
    roster = _historical_roster(tmp_path / "roster.xlsx", tmp_path)
    runs: dict[str, list[tuple[float, float]]] = {"encrypted": [], "plain": []}
    for i in range(3):
        runs["encrypted"].append(_import_once(make_database(tmp_path / f"encrypted{i}.db"), roster))
        runs["plain"].append(_import_once(_plain_database(tmp_path / f"plain{i}.db"), roster))

    def median(label: str, part: int) -> float:
        return statistics.median(r[part] if part < 2 else sum(r) for r in runs[label])

    print(f"\n{COUNT:,}-member Excel import (median of 3 alternating runs):")
    print("  " + _ratio_line("read and check the file", median("encrypted", 0), median("plain", 0)))
    print("  " + _ratio_line("apply (one transaction)", median("encrypted", 1), median("plain", 1)))
    print("  " + _ratio_line("total", median("encrypted", 2), median("plain", 2)))
    print("  all runs (read + apply, s): " + "; ".join(
        f"{label} " + ", ".join(f"{a:.1f}+{b:.1f}" for a, b in values) for label, values in runs.items()))
