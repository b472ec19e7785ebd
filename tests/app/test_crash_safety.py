"""A process killed (SIGKILL) in the middle of writing leaves a database that opens, passes
``PRAGMA integrity_check`` and holds each transaction whole or not at all; a backup killed
halfway leaves no half backup.

The child processes open the encrypted file through ``db.session`` exactly as the program
does (WAL, ``synchronous=NORMAL``) and commit batches as fast as they can; the parent kills
them after seeded random delays, so the kills land in inserts, commits and checkpoints.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher_dbapi

from app.backup import list_backups_in, verify_backup
from app.demo import build_demo
from tests.conftest import make_database

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

REPO_ROOT = Path(__file__).resolve().parents[2]
ROWS_PER_BATCH = 20
KILLS = 25
BACKUP_KILLS = 6

WRITER = f"""
import os, sys
from pathlib import Path
from sqlalchemy import event, text
from db.models import Member
from db.session import open_sqlite

db = open_sqlite(Path(os.environ["CRASH_DB"]), key=bytes.fromhex(os.environ["CRASH_KEY"]))

@event.listens_for(db.engine, "connect")
def small_wal(dbapi_conn, _record):
    # Checkpoint every few batches, so that kills also land inside checkpoints.
    dbapi_conn.execute("PRAGMA wal_autocheckpoint = 16")

with db.engine.connect() as conn:
    batch = conn.execute(text("SELECT coalesce(max(batch), 0) FROM crash_probe")).scalar_one()
print("ready", flush=True)
padding = os.urandom(60).hex()
while True:
    batch += 1
    with db.session_factory.begin() as session:
        session.execute(text("INSERT INTO crash_probe (batch, n, padding) VALUES (:b, :n, :p)"),
                        [dict(b=batch, n=n, p=padding) for n in range({ROWS_PER_BATCH})])
        session.add(Member(name=f"crash-{{batch}}", sex="F", kind="appointed", category=5, role="member",
                           affiliation="", position="", phone="", honorary_official=False, note=""))
"""

BACKUPS = """
import os
from pathlib import Path
from app.backup import backup_now
from db.session import open_sqlite

db = open_sqlite(Path(os.environ["CRASH_DB"]), key=bytes.fromhex(os.environ["CRASH_KEY"]))
print("ready", flush=True)
while True:
    backup_now(db, Path(os.environ["CRASH_DEST"]), reason="auto")
"""


def _run_and_kill(script: str, env: dict[str, str], delay: float) -> None:
    child = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT, env={**os.environ, **env},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        if line.strip() != "ready":
            child.kill()
            _out, err = child.communicate(timeout=10)
            pytest.fail(f"child did not start: {line!r} {err}")
        time.sleep(delay)
        assert child.poll() is None, child.communicate(timeout=10)[1]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()
    assert child.returncode == -signal.SIGKILL


def _check(path: Path, key: bytes) -> tuple[int, int]:
    """Open as the program would after a crash (WAL recovery), then check everything."""
    conn = sqlcipher_dbapi.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        counts = dict(conn.execute("SELECT batch, count(*) FROM crash_probe GROUP BY batch").fetchall())
        assert all(n == ROWS_PER_BATCH for n in counts.values()), {b: n for b, n in counts.items()
                                                                   if n != ROWS_PER_BATCH}
        batches = sorted(counts)
        assert batches == list(range(1, len(batches) + 1))  # no committed batch lost before a later one
        members = {int(r[0].removeprefix("crash-")) for r in
                   conn.execute("SELECT name FROM member WHERE name LIKE 'crash-%'")}
        assert members == set(batches)  # the ORM write of each batch is in the same transaction
        counter = conn.execute("SELECT value FROM change_counter").fetchone()[0]
        return len(batches), counter
    finally:
        conn.close()


def test_sigkill_while_writing_keeps_every_transaction_whole_or_absent(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    db = make_database(path)
    key = db.key
    assert key is not None
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE crash_probe (batch INTEGER NOT NULL, n INTEGER NOT NULL, "
                             "padding TEXT NOT NULL)")
    db.dispose()
    rng = random.Random(20261124)
    env = {"CRASH_DB": str(path), "CRASH_KEY": key.hex()}
    committed = 0
    for _ in range(KILLS):
        _run_and_kill(WRITER, env, rng.uniform(0.0, 0.25))
        batches, counter = _check(path, key)
        assert batches >= committed  # what was committed before stays committed
        assert counter >= batches
        committed = batches
    assert committed > KILLS  # the kills did land among many commits


def test_sigkill_during_backups_leaves_only_whole_backups(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    db = make_database(path)
    build_demo(db, date(2026, 11, 24))
    key = db.key
    assert key is not None
    db.dispose()
    dest = tmp_path / "usb"
    dest.mkdir()
    rng = random.Random(7)
    env = {"CRASH_DB": str(path), "CRASH_KEY": key.hex(), "CRASH_DEST": str(dest)}
    for _ in range(BACKUP_KILLS):
        _run_and_kill(BACKUPS, env, rng.uniform(0.0, 0.3))
    finished = list_backups_in(dest)
    assert finished
    for info in finished:
        verify_backup(info.path, key)  # every file with a backup's name is whole and checked
        assert Path(str(info.path) + ".keys").exists()
    leftovers = [p for p in dest.iterdir() if p.name.startswith(".councildesk-")]
    assert all(".tmp" in p.name for p in leftovers)  # only temp files, removed by the next backup
    conn = sqlcipher_dbapi.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        logged = conn.execute("SELECT count(*) FROM access_log WHERE action = 'backup'").fetchone()[0]
        # Each finished backup is logged right after its rename; a kill may fall in between.
        assert logged >= len(finished) - BACKUP_KILLS
    finally:
        conn.close()
