"""Sync figures, printed (run with ``pytest -m benchmark -s tests/benchmarks/test_sync_benchmark.py``).

No timed assertions: machines differ. Targets: a full import of 50,000 records within 4x
plain ``sqlite3`` ``executemany`` of the same rows in one transaction; an incremental
export of 100 changed records under 0.5 s; a package at most 1.2x the same records as
zipped JSON.
"""
from __future__ import annotations

import io
import json
import sqlite3
import time
import uuid
import zipfile
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.schema import CreateIndex, CreateTable

from app.sync import export_package, import_packages
from app.sync.records import TABLES
from db.models import ChangeCounter, Member
from tests.app.sync_support import carry, enroll, new_city, new_council

pytestmark = pytest.mark.benchmark

MEMBERS = 25_000  # and one term each: 50,000 records


def fill(db, device: str) -> None:
    now = datetime(2026, 11, 24, 10, 0, 0)
    members, terms = [], []
    for i in range(MEMBERS):
        member_id, term_id = str(uuid.uuid4()), str(uuid.uuid4())
        members.append({"id": member_id, "name": f"위원{i:05d}", "sex": "MF"[i % 2], "birth_date": date(1960, 1, 1),
                        "affiliation": f"{i % 40}리 마을회", "position": "이장", "kind": "appointed",
                        "category": (1, 2, 3, 5, 6, 7)[i % 6], "role": "member", "phone": f"010-5{i:03d}-{i % 10000:04d}",
                        "honorary_official": False, "pledge_on": None, "consent_on": date(2025, 1, 1),
                        "note": "지역 복지 자원 발굴에 적극 참여", "created_at": now, "updated_at": now,
                        "changed_by_device": device, "change_seq": 1, "deleted_at": None})
        terms.append({"id": term_id, "member_id": member_id, "recommended_on": None, "start_on": date(2025, 1, 1),
                      "end_on": date(2026, 12, 31), "ended_on": None, "end_reason": None, "end_note": "",
                      "created_at": now, "updated_at": now, "changed_by_device": device, "change_seq": 1,
                      "deleted_at": None})
    with db.uow() as uow:
        uow.session.execute(insert(TABLES["member"].table), members)
        uow.session.execute(insert(TABLES["member_term"].table), terms)
        uow.session.execute(update(ChangeCounter).values(value=1))
        uow.commit()


def plain_sqlite_seconds(rows_by_table: dict[str, list[dict]], folder) -> float:
    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    for name in rows_by_table:  # the same tables: columns, keys and indexes
        table = TABLES[name].table
        conn.execute(str(CreateTable(table).compile()).replace("\n", " "))
        for index in table.indexes:
            conn.execute(str(CreateIndex(index).compile()))
    start = time.perf_counter()
    conn.execute("BEGIN")
    for name, rows in rows_by_table.items():
        columns = list(rows[0])
        conn.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         [tuple(r[c] for c in columns) for r in rows])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def test_sync_figures(tmp_path):
    city, council = new_city(tmp_path), new_council(tmp_path, "a")
    device = enroll(city.db, council, tmp_path)
    fill(council.db, device)
    usb = tmp_path / "usb"
    usb.mkdir()

    start = time.perf_counter()
    package = export_package(council.db, usb)
    export_seconds = time.perf_counter() - start

    start = time.perf_counter()
    result = import_packages(city.db, [package])
    import_seconds = time.perf_counter() - start
    assert result.new == 2 * MEMBERS

    rows_by_table: dict[str, list[dict]] = {}
    plain_records: list[str] = []
    with council.db.engine.connect() as conn:
        for name in ("member", "member_term"):
            rows = conn.execute(select(TABLES[name].table)).mappings().all()
            rows_by_table[name] = [dict(r) for r in rows]
            # The same records: every column of every row, as JSON Lines.
            plain_records += [json.dumps({"table": name, **r}, ensure_ascii=False, default=str)
                              for r in rows_by_table[name]]
    plain_seconds = plain_sqlite_seconds(rows_by_table, tmp_path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("records.jsonl", "\n".join(plain_records))
    zipped_json = len(buffer.getvalue())
    package_size = package.stat().st_size

    # Incremental: the city's acknowledgement comes back, then 100 records change.
    carry(city.db, council.db, tmp_path / "ack", device)
    with council.db.uow() as uow:
        for member in uow.session.scalars(select(Member).limit(100)):
            member.note = "변경됨"
        uow.commit()
    start = time.perf_counter()
    small = export_package(council.db, tmp_path / "ack")
    incremental_seconds = time.perf_counter() - start
    small_import = import_packages(city.db, [small])
    assert small_import.updated == 100

    print(f"\nfull export of {2 * MEMBERS} records: {export_seconds:.2f} s")
    print(f"full import (verify, backup, apply): {import_seconds:.2f} s; plain sqlite3 executemany: "
          f"{plain_seconds:.2f} s; ratio {import_seconds / plain_seconds:.1f}x (target <= 4x)")
    print(f"incremental export of 100 changed records: {incremental_seconds:.3f} s (target < 0.5 s)")
    print(f"package {package_size / 1e6:.2f} MB vs zipped JSON {zipped_json / 1e6:.2f} MB: "
          f"{package_size / zipped_json:.2f}x (target <= 1.2x)")
    city.db.dispose()
    council.db.dispose()
