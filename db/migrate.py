"""Alembic, driven from code: the schema revision of a database and upgrades to head.

Every login asks "is this file at head?"; that is answered from the revision files' own
``revision``/``down_revision`` lines and the ``alembic_version`` row, without loading
Alembic (~0.1 s), which is imported only when a migration actually runs.
"""
from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _read_revision_file(path: Path) -> tuple[str, tuple[str, ...]] | None:
    """``(revision, down_revisions)`` of one revision file, or None if it is not one."""
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            continue
        if name in ("revision", "down_revision"):
            values[name] = _literal(value)
    revision, down = values.get("revision"), values.get("down_revision")
    if not isinstance(revision, str):
        return None
    if isinstance(down, str):
        return revision, (down,)
    if isinstance(down, (tuple, list)):  # a merge revision comes after several
        return revision, tuple(d for d in down if isinstance(d, str))
    return revision, ()


@functools.lru_cache(maxsize=8)
def _revision_graph(versions: Path, stamp: tuple[tuple[str, int], ...]) -> dict[str, tuple[str, ...]]:
    """Each revision and the ones it comes after; read once per process for a given folder.

    ``stamp`` (file names and modification times) is part of the key so that a folder
    whose files changed is read again.
    """
    graph: dict[str, tuple[str, ...]] = {}
    for name, _mtime in stamp:
        found = _read_revision_file(versions / name)
        if found is not None:
            graph[found[0]] = found[1]
    return graph


def _graph() -> dict[str, tuple[str, ...]]:
    versions = MIGRATIONS_DIR / "versions"
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in versions.glob("*.py") if p.name != "__init__.py"))
    return _revision_graph(versions, stamp)


def head_revision() -> str:
    graph = _graph()
    parents = {down for downs in graph.values() for down in downs}
    heads = sorted(set(graph) - parents)
    assert len(heads) == 1, f"migrations must have one head, found {heads}"
    return heads[0]


def known_revisions() -> set[str]:
    return set(_graph())


def current_revision(engine: Engine) -> str | None:
    """The revision in the file's ``alembic_version`` table (None for a file without one)."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = [row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if len(rows) > 1:
        # Our history is linear; Alembic itself refuses such a table too.
        raise ValueError(f"alembic_version holds more than one revision: {rows}")
    return rows[0] if rows else None


class MigrationFailed(Exception):
    """A migration left records pointing at missing records; it was rolled back."""


def _migrate(engine: Engine, run: Callable[[Config], None]) -> None:
    """Run one Alembic command in one transaction with foreign keys off, as SQLite asks.

    Batch mode rebuilds a table by copying it and dropping the original; with foreign
    keys on, dropping a table that other rows point to fails (or would cascade). The
    pragma only takes effect outside a transaction, so it is set on the raw connection
    before BEGIN, and ``foreign_key_check`` proves the result before COMMIT
    (https://www.sqlite.org/lang_altertable.html#otheralter).
    """
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        raw = conn.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                run(alembic_config(conn))
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationFailed(f"foreign key violations after migration: {broken[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    _migrate(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    _migrate(engine, lambda cfg: command.downgrade(cfg, revision))
