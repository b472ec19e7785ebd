"""The stored sync package of format 1 (tests/golden/sync) still verifies and imports.

Packages outlive the version that wrote them: a council device may carry one written
before an update. The package, the city database it was written for (with its keyring,
test password in tests/golden/README.md) and the records the import gave when the
package was made are all frozen; today's code must open that city (upgrading it if the
schema moved on), accept the package and produce the same records. The city summary
made from the result is the Excel golden ``excel/city_summary.json``.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.database import close_database, open_database
from app.sync import import_packages, preview_package
from app.sync.city import city_summary_excel
from app.sync.package import FORMAT, read_envelope
from db import migrate
from tests.app.sync_support import content, unsealed
from tests.golden import fixtures as g

FORMATS = sorted(int(p.stem.removeprefix("format")) for p in g.SYNC_DIR.glob("format*.cdsync"))


def open_city_copy(fmt: int, folder: Path):
    paths = g.sync_paths(fmt)
    city = folder / paths["city"].name
    shutil.copyfile(paths["city"], city)
    shutil.copyfile(paths["keys"], folder / paths["keys"].name)
    return open_database(city, g.ADMIN_USERNAME, g.ADMIN_PASSWORD)


def test_the_current_format_has_a_stored_package():
    """A new package format must be frozen here too (``regenerate.py`` adds it)."""
    assert FORMAT in FORMATS
    assert FORMATS[0] == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_stored_package_verifies_and_imports_as_when_made(tmp_path, fmt):
    paths = g.sync_paths(fmt)
    envelope = read_envelope(paths["package"])
    assert envelope.header["format"] == fmt
    db = open_city_copy(fmt, tmp_path)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        preview = preview_package(db, [paths["package"]])
        expected = json.loads(paths["expected"].read_text(encoding="utf-8"))
        expected_total = sum(len(records) for records in expected.values())
        assert [p.status for p in preview.packages] == ["apply"]
        assert preview.new == expected_total and preview.conflicts == 0

        result = import_packages(db, [paths["package"]])
        assert [p.status for p in result.packages] == ["apply"] and result.new == expected_total
        actual = content(db)
        # A city keeps no plaintext of SEALED fields: a format-1 package still carried them
        # (its stored expectation has them), a city of today drops them on import.
        expected = unsealed(expected)
        for table, records in expected.items():
            assert set(actual[table]) == set(records), table
            for record_id, fields in records.items():
                # Fields the record had when the package was made; a later schema may add more.
                got = {k: actual[table][record_id].get(k) for k in fields}
                assert got == fields, f"{table} {record_id}"

        again = import_packages(db, [paths["package"]])
        assert [p.status for p in again.packages] == ["replay"] and again.new == 0
    finally:
        close_database(db)


def test_city_summary_of_the_imported_package_matches_golden(tmp_path):
    paths = g.sync_paths(FORMATS[0])
    db = open_city_copy(FORMATS[0], tmp_path)
    try:
        import_packages(db, [paths["package"]])
        summary = city_summary_excel(db, tmp_path / "city_summary.xlsx", g.TODAY)
    finally:
        close_database(db)
    golden = g.EXCEL_DIR / "city_summary.json"
    expected = golden.read_text(encoding="utf-8")
    actual = g.snapshot_text(summary)
    assert actual == expected, f"{g.first_difference(expected, actual)}\n{g.STALE_HINT}"


def test_a_changed_byte_in_the_stored_package_is_refused(tmp_path):
    """The stored package is really checked: one flipped byte of its payload is refused."""
    from app.sync.messages import SyncRefused

    paths = g.sync_paths(FORMATS[0])
    data = bytearray(paths["package"].read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged = tmp_path / "usb" / paths["package"].name
    damaged.parent.mkdir()
    damaged.write_bytes(bytes(data))
    db = open_city_copy(FORMATS[0], tmp_path)
    try:
        with pytest.raises(SyncRefused):
            import_packages(db, [damaged])
        assert content(db)["member"] == {}
    finally:
        close_database(db)
