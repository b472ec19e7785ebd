"""How fast the command line starts: ``councildesk --version`` and ``print minutes`` on a
demo database, each in a fresh process as a script would run them.

Figures are printed (run with ``-m benchmark -s``); nothing is asserted about time, since
office PCs differ. The target for ``print minutes`` is 1.5 s. Two settings are timed:
with Python's bytecode cache (as an installed program runs; the cache lives in a temp
folder) and without it (``PYTHONDONTWRITEBYTECODE``, every module compiled from source).
The key derivation that every login pays by design (argon2 at the real cost) is timed
on its own, so the rest can be read as start-up and printing.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.security.keyring import KdfParams

pytestmark = pytest.mark.benchmark
ROOT = Path(__file__).resolve().parents[2]
TARGET_S = 1.5
RUNS = 3
PASSWORD = "bench-pass-2026"


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of ``python -m app ARGS``."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def _times(args: list[str], env: dict[str, str]) -> str:
    _run(args, env)  # warm-up: file cache, and the bytecode cache when it is on
    runs = [_run(args, env) for _ in range(RUNS)]
    walls = [w for w, _ in runs]
    cpus = [c for _, c in runs]
    return f"best {min(walls):.2f} s, median {statistics.median(walls):.2f} s wall; median {statistics.median(cpus):.2f} s CPU"


def _argon2_seconds() -> float:
    from argon2.low_level import Type, hash_secret_raw

    params = KdfParams()  # the real cost, not the tests' cheap one
    started = time.perf_counter()
    hash_secret_raw(b"password", b"0123456789abcdef", time_cost=params.time_cost, memory_cost=params.memory_kib,
                    parallelism=params.parallelism, hash_len=32, type=Type.ID)
    return time.perf_counter() - started


def test_cli_startup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {**os.environ, "COUNCILDESK_PASSWORD": PASSWORD}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    no_cache = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    no_cache.pop("PYTHONPYCACHEPREFIX")

    db_file = tmp_path / "demo.db"
    subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db_file)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    dump = subprocess.run([sys.executable, "-m", "app", "dump", "--db", str(db_file), "--user", "admin",
                           "--table", "meeting"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    meeting = json.loads(dump.stdout.splitlines()[0])["id"]
    minutes = ["print", "minutes", "--db", str(db_file), "--user", "admin", "--meeting", meeting,
               "--out", str(tmp_path / "minutes.pdf")]

    lines = [
        f"--version, bytecode cached:        {_times(['--version'], env)}",
        f"--version, no bytecode cache:      {_times(['--version'], no_cache)}",
        f"print minutes, bytecode cached:    {_times(minutes, env)}   (target {TARGET_S} s)",
        f"print minutes, no bytecode cache:  {_times(minutes, no_cache)}   (target {TARGET_S} s)",
        f"  of which the login's key derivation (argon2, by design): {_argon2_seconds():.2f} s",
    ]
    assert (tmp_path / "minutes.pdf").read_bytes().startswith(b"%PDF")
    with capsys.disabled():
        print("\nCLI start-up\n  " + "\n  ".join(lines))
