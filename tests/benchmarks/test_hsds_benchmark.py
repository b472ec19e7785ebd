"""HSDS import of 10,000 services, beside a plain ``sqlite3.executemany`` of the same rows.

Figures are printed (run with ``-m benchmark -s``); nothing is asserted about time. The
target of issue 9: the import (read, check, apply in one transaction, search index rebuilt)
within 3x of the floor. The floor reads the same CSV files with the csv module and
inserts every row of every file with ``executemany`` into plain tables of the same
columns in an unencrypted file: no checks, no index, no encryption.
"""
from __future__ import annotations

import csv
import gc
import random
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from app.resources.hsds.export import export_hsds
from app.resources.hsds.plan import apply_hsds_import, read_hsds_package
from db.base import new_uuid
from db.resource_models import Organization, Service
from tests.conftest import make_database

TODAY = date(2026, 11, 24)
SERVICES = 10_000
ORGANIZATIONS = 1_000
TARGET_RATIO = 3.0
WORDS = ("도시락", "배달", "반찬", "나눔", "목욕", "봉사", "말벗", "이동", "지원", "집수리", "방문", "간호", "상담", "교실")


def _directory(db) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(9)
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        orgs = [Organization(id=new_uuid(), name=f"햇살 기관 {i}", sector=rng.choice(("public", "private")),
                             description="지역 자원 기관", status="active") for i in range(ORGANIZATIONS)]
        session.add_all(orgs)
        session.flush()
        for i in range(SERVICES):
            session.add(Service(
                id=new_uuid(), organization_id=orgs[i % ORGANIZATIONS].id,
                name=" ".join(rng.sample(WORDS, 2)) + f" {i}", description=" ".join(rng.sample(WORDS, 5)),
                resource_kind=rng.choice(("human", "material", "program")), service_areas="welfare,health",
                target_groups="elderly", application_process="행정복지센터에 신청", schedule_description="평일",
                capacity=30, capacity_unit="명", current_use=rng.randint(0, 30), last_verified_on=TODAY,
                last_verified_by="이민지", status="active"))


def _floor(folder: Path, target: Path) -> tuple[float, int]:
    """Every CSV of the package read and inserted as is, one executemany a file."""
    gc.collect()
    started = time.perf_counter()
    connection = sqlite3.connect(target)
    rows_written = 0
    with connection:
        for path in sorted(folder.glob("*.csv")):
            with open(path, encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            header, body = rows[0], rows[1:]
            table = path.stem
            connection.execute(f"CREATE TABLE {table} ({', '.join(f'{c} TEXT' for c in header)})")
            connection.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in header)})", body)
            rows_written += len(body)
    connection.close()
    return time.perf_counter() - started, rows_written


@pytest.mark.benchmark
def test_hsds_import_of_10000_services(tmp_path: Path) -> None:
    source = make_database(tmp_path / "source.db")
    _directory(source)
    export_hsds(source.uow(), tmp_path / "pkg")
    source.dispose()

    floor, rows = _floor(tmp_path / "pkg", tmp_path / "floor.sqlite")
    db = make_database(tmp_path / "target.db")
    try:
        gc.collect()
        started = time.perf_counter()
        plan = read_hsds_package(db.uow(), tmp_path / "pkg", TODAY)
        read = time.perf_counter() - started
        result = apply_hsds_import(db.uow(), plan, TODAY)
        total = time.perf_counter() - started
    finally:
        db.dispose()
    assert plan.problems == ()
    assert result.counts["service"]["new"] == SERVICES and result.indexed_services == SERVICES
    ratio = total / floor
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"\nHSDS import of {SERVICES:,} services ({rows:,} CSV rows in all):")
    print(f"  plain sqlite3.executemany of the same rows  {floor:6.2f} s")
    print(f"  HSDS import (read+check {read:5.2f} s, apply+index {total - read:5.2f} s)  {total:6.2f} s")
    print(f"  ratio {ratio:5.1f}x   target <= {TARGET_RATIO:.0f}x: {verdict}")
