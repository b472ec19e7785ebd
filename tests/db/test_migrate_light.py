"""Whether a file is at head is known without Alembic: the revision graph read from the
revision files agrees with Alembic's own, and is read once per process."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from db import migrate
from db.session import create_sqlite_engine
from tests.db.test_migrations import migrations_with_extra_revision


def alembic_view() -> tuple[list[str], set[str]]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return list(script.get_heads()), {rev.revision for rev in script.walk_revisions()}


def test_head_and_known_revisions_agree_with_alembic() -> None:
    heads, known = alembic_view()
    assert [migrate.head_revision()] == heads
    assert migrate.known_revisions() == known


def test_a_later_release_with_one_more_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = migrate.head_revision()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations_with_extra_revision(tmp_path))
    heads, known = alembic_view()
    assert migrate.head_revision() == heads[0] == "9002"
    assert migrate.known_revisions() == known and shipped in known


def test_annotated_and_merge_revisions_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Newer Alembic templates annotate the names; a merge revision follows two."""
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text("revision: str = 'a'\ndown_revision: str | None = None\n", encoding="utf-8")
    (versions / "b.py").write_text("revision = 'b'\ndown_revision = 'a'\n", encoding="utf-8")
    (versions / "c.py").write_text("revision = 'c'\ndown_revision = 'a'\n", encoding="utf-8")
    (versions / "m.py").write_text("revision = 'm'\ndown_revision = ('b', 'c')\n", encoding="utf-8")
    (versions / "helpers.py").write_text("LIMIT = 3\n", encoding="utf-8")  # not a revision
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path)
    assert migrate.known_revisions() == {"a", "b", "c", "m"}
    assert migrate.head_revision() == "m"
    (versions / "m.py").unlink()  # two heads: refused, as Alembic's "head" would be ambiguous
    with pytest.raises(AssertionError, match="one head"):
        migrate.head_revision()


def test_the_revision_files_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    migrate.head_revision()
    reads: list[Path] = []
    real = migrate._read_revision_file
    monkeypatch.setattr(migrate, "_read_revision_file", lambda path: reads.append(path) or real(path))
    for _ in range(3):
        migrate.head_revision()
        migrate.known_revisions()
    assert reads == []


def test_current_revision_without_alembic(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / "c.db")
    try:
        assert migrate.current_revision(engine) is None  # no version table yet
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('0001')")
        with pytest.raises(ValueError, match="more than one"):
            migrate.current_revision(engine)
    finally:
        engine.dispose()
