"""HSDS 3.0 export and import of the resource directory: the export validated by the
official schemas with a real validator (frictionless, on the standard's own package
description), the standard's own example package read with its broken references reported
row by row, a round trip into an empty database, and bad packages refused with nothing
changed."""
from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from frictionless import validate

from app.area_records import dump_records
from app.cli import main
from app.errors import InputRefused
from app.resources.demo import build_demo_resources
from app.resources.hsds import standard as std
from app.resources.hsds.export import export_hsds
from app.resources.hsds.plan import apply_hsds_import, read_hsds_package
from app.resources.rules import OrganizationData
from app.resources.services import create_organization, search_resources
from db.session import Database
from tests.conftest import ADMIN_PASSWORD, make_database

STANDARD = Path(__file__).resolve().parents[3] / "shared" / "standards" / "hsds"
if not STANDARD.exists():
    STANDARD = Path("/work/shared/standards/hsds")
EXAMPLE = STANDARD / "examples" / "csv"
TODAY = date(2026, 11, 24)
RESOURCE_TABLES = ("organization", "service", "location", "address", "service_at_location", "contact", "phone",
                   "taxonomy_term", "service_taxonomy")
BOOKKEEPING = {"created_at", "updated_at", "change_seq", "changed_by_device"}


@pytest.fixture
def demo(tmp_path: Path) -> Database:
    db = make_database(tmp_path / "demo.db")
    build_demo_resources(db, TODAY)
    yield db
    db.dispose()


@pytest.fixture
def empty(tmp_path: Path) -> Database:
    db = make_database(tmp_path / "empty.db")
    yield db
    db.dispose()


def directory(db: Database) -> dict[str, list[dict[str, Any]]]:
    return {t: [{k: v for k, v in r.items() if k not in BOOKKEEPING} for r in dump_records(db.uow(), t)]
            for t in RESOURCE_TABLES}


def official_report(folder: Path) -> Any:
    """frictionless on the standard's own datapackage.json, for the tables in ``folder``."""
    official = json.loads((STANDARD / "datapackage.json").read_text(encoding="utf-8"))
    official["resources"] = [r for r in official["resources"] if (folder / r["path"]).exists()]
    (folder / "official.json").write_text(json.dumps(official), encoding="utf-8")
    try:
        return validate(str(folder / "official.json"))
    finally:
        (folder / "official.json").unlink()


def errors_of(report: Any) -> list[str]:
    return [f"{task.name}: {error.type} {error.message}" for task in report.tasks for error in task.errors]


def rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


# ---------------------------------------------------------------- export

def test_export_validates_against_the_official_schemas(demo: Database, tmp_path: Path) -> None:
    result = export_hsds(demo.uow(), tmp_path / "pkg")
    assert result.counts["organization"] == 40 and result.counts["service"] == 50
    report = official_report(tmp_path / "pkg")
    assert report.valid, errors_of(report)
    own = validate(str(tmp_path / "pkg" / "datapackage.json"))
    assert own.valid, errors_of(own)
    header = (tmp_path / "pkg" / "services.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(std.table_info("service").fields)


def test_the_validator_catches_a_broken_export(demo: Database, tmp_path: Path) -> None:
    """The check above can fail: a service naming an organization that is not there."""
    export_hsds(demo.uow(), tmp_path / "pkg")
    rewrite(tmp_path / "pkg" / "services.csv", lambda rows: rows[1].__setitem__(1, std.derived_id("nowhere")))
    report = official_report(tmp_path / "pkg")
    assert not report.valid
    assert any("foreign-key" in e for e in errors_of(report))


def test_private_contacts_never_leave(demo: Database, tmp_path: Path) -> None:
    result = export_hsds(demo.uow(), tmp_path / "pkg")
    private = "010-2345-6789".encode()
    for path in result.files:
        data = path.read_bytes()
        assert private not in data and b"01023456789" not in data, path.name
        assert b"private_phone" not in data, path.name
    contacts = (tmp_path / "pkg" / "contacts.csv").read_text(encoding="utf-8")
    assert "임수정" in contacts  # the contact is public; only her own mobile stays


def test_formula_text_is_written_so_no_spreadsheet_runs_it(empty: Database, tmp_path: Path) -> None:
    create_organization(empty.uow(), OrganizationData("=HYPERLINK(\"http://x\")", "private", "+1 반찬 나눔"))
    export_hsds(empty.uow(), tmp_path / "pkg")
    rows = list(csv.reader(open(tmp_path / "pkg" / "organizations.csv", encoding="utf-8")))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")" and rows[1][3] == "'+1 반찬 나눔"
    other = make_database(tmp_path / "other.db")
    try:
        plan = read_hsds_package(other.uow(), tmp_path / "pkg", TODAY)
        assert plan.problems == ()
        apply_hsds_import(other.uow(), plan, TODAY)
        (org,) = list(dump_records(other.uow(), "organization"))
        assert org["name"] == "=HYPERLINK(\"http://x\")" and org["description"] == "+1 반찬 나눔"
    finally:
        other.dispose()


def test_the_export_is_logged(demo: Database, tmp_path: Path) -> None:
    from app.security.audit import read_access_log

    export_hsds(demo.uow(), tmp_path / "pkg")
    entries = [e for e in read_access_log(demo.session_factory, demo.actor) if e.action == "export"]
    assert entries and '"format": "hsds"' in entries[-1].details


# ---------------------------------------------------------------- import

def test_round_trip_into_an_empty_database_gives_the_same_directory(demo: Database, empty: Database,
                                                                    tmp_path: Path) -> None:
    export_hsds(demo.uow(), tmp_path / "pkg")
    plan = read_hsds_package(empty.uow(), tmp_path / "pkg", TODAY)
    assert plan.problems == ()
    assert plan.counts["service"] == {"new": 50, "changed": 0, "unchanged": 0}
    result = apply_hsds_import(empty.uow(), plan, TODAY)
    assert result.indexed_services == 50
    before, after = directory(demo), directory(empty)
    for contact in before["contact"]:
        contact["private_phone"] = ""  # stays on the PC it was typed on
    assert after == before
    # Imported again: everything matched by id, nothing to change.
    again = read_hsds_package(empty.uow(), tmp_path / "pkg", TODAY)
    assert all(c["new"] == c["changed"] == 0 for c in again.counts.values())
    # The search index was rebuilt: the imported services are found.
    assert search_resources(empty.uow(), "도시락").count >= 1


def test_a_changed_record_is_matched_by_its_hsds_id(demo: Database, tmp_path: Path) -> None:
    export_hsds(demo.uow(), tmp_path / "pkg")

    def rename(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("name")] = "새 이름 서비스"

    rewrite(tmp_path / "pkg" / "services.csv", rename)
    plan = read_hsds_package(demo.uow(), tmp_path / "pkg", TODAY)
    assert plan.counts["service"] == {"new": 0, "changed": 1, "unchanged": 49}
    apply_hsds_import(demo.uow(), plan, TODAY)
    names = [r["name"] for r in dump_records(demo.uow(), "service")]
    assert "새 이름 서비스" in names and len(names) == 50


def test_the_standards_own_example_package(empty: Database) -> None:
    plan = read_hsds_package(empty.uow(), EXAMPLE, TODAY)
    messages = [p.message() for p in plan.problems]
    # Its broken references, each at its file and row, in Korean; not a crash.
    assert any(m.startswith("locations.csv 2행 'organization_id' 열:") and "찾을 수 없습니다" in m for m in messages)
    assert any(m.startswith("contacts.csv 2행 'organization_id' 열:") for m in messages)
    assert any(m.startswith("taxonomy_terms.csv 2행 'parent_id' 열:") for m in messages)
    assert any(m.startswith("addresses.csv 2행") and "문제가 있어" in m for m in messages)
    assert plan.counts["organization"]["new"] == 1 and plan.counts["service"]["new"] == 1
    with pytest.raises(InputRefused) as refused:
        apply_hsds_import(empty.uow(), plan, TODAY)
    assert "아무것도 가져오지 않았습니다" in refused.value.message()
    assert list(dump_records(empty.uow(), "organization")) == []
    result = apply_hsds_import(empty.uow(), plan, TODAY, valid_rows_only=True)
    assert result.skipped_rows == plan.invalid_rows > 0
    (service,) = list(dump_records(empty.uow(), "service"))
    assert service["name"] == "Community Counselling" and service["minimum_age"] == 12
    assert service["last_verified_on"] == "2005-01-01"
    assert "10 am to 6pm" in service["schedule_description"]


def _break(kind: str, folder: Path) -> None:
    services = folder / "services.csv"
    if kind == "wrong header":
        rewrite(services, lambda rows: rows[0].__setitem__(rows[0].index("name"), "nmae"))
    elif kind == "bad date":
        rewrite(services, lambda rows: rows[2].__setitem__(rows[0].index("assured_date"), "2026-02-30"))
    elif kind == "duplicate id":
        rewrite(services, lambda rows: rows.append(list(rows[1])))
    elif kind == "formula":
        rewrite(services, lambda rows: rows[3].__setitem__(rows[0].index("description"),
                                                           '=HYPERLINK("http://evil","클릭")'))
    elif kind == "huge field":
        rewrite(services, lambda rows: rows[1].__setitem__(rows[0].index("description"), "가" * 200_000))
    elif kind == "50 MB field":
        rewrite(services, lambda rows: rows[1].__setitem__(rows[0].index("description"), "a" * 50_000_000))


@pytest.mark.parametrize(("kind", "expected"), [
    ("wrong header", "services.csv에 HSDS 표준에 없는 열 'nmae'"),
    ("bad date", "services.csv 3행 'assured_date' 열: assured_date '2026-02-30'은 날짜가 아닙니다"),
    ("duplicate id", "행과 겹칩니다"),
    ("formula", "수식으로 실행될 수 있습니다"),
])
def test_bad_packages_are_refused_row_by_row_and_nothing_changes(demo: Database, tmp_path: Path, kind: str,
                                                                   expected: str) -> None:
    export_hsds(demo.uow(), tmp_path / "pkg")
    _break(kind, tmp_path / "pkg")
    before = directory(demo)
    plan = read_hsds_package(demo.uow(), tmp_path / "pkg", TODAY)
    messages = [p.message() for p in plan.problems]
    assert any(expected in m for m in messages), messages
    assert messages[0].startswith("services.csv "), messages
    with pytest.raises(InputRefused):
        apply_hsds_import(demo.uow(), plan, TODAY)
    assert directory(demo) == before


@pytest.mark.parametrize(("kind", "code"), [("huge field", "hsds_field_too_large_at"),
                                            ("50 MB field", "hsds_file_too_large")])
def test_oversized_fields_are_refused_before_anything_is_read(demo: Database, tmp_path: Path, kind: str,
                                                              code: str) -> None:
    export_hsds(demo.uow(), tmp_path / "pkg")
    _break(kind, tmp_path / "pkg")
    with pytest.raises(InputRefused) as refused:
        read_hsds_package(demo.uow(), tmp_path / "pkg", TODAY)
    assert refused.value.code == code
    assert "services.csv" in refused.value.message() and "MB" in refused.value.message() or "자" in \
        refused.value.message()


def test_only_the_valid_rows_when_the_person_chooses(demo: Database, empty: Database, tmp_path: Path) -> None:
    export_hsds(demo.uow(), tmp_path / "pkg")
    _break("formula", tmp_path / "pkg")
    plan = read_hsds_package(empty.uow(), tmp_path / "pkg", TODAY)
    bad_service = plan.raw.tables["service"].rows[2][1]["id"]  # the file's 4th line
    result = apply_hsds_import(empty.uow(), plan, TODAY, valid_rows_only=True)
    ids = {r["id"] for r in dump_records(empty.uow(), "service")}
    assert len(ids) == 49 and bad_service not in ids
    assert result.skipped_rows >= 1
    # Rows pointing at the refused service were left out with it, not written dangling.
    assert all(r["service_id"] in ids for r in dump_records(empty.uow(), "service_at_location"))


# ---------------------------------------------------------------- command line

def test_cli_export_and_dry_run_import(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_database(tmp_path / "source.db")
    build_demo_resources(source, TODAY)
    source.dispose()
    target = make_database(tmp_path / "target.db")
    target.dispose()
    monkeypatch.setenv("COUNCILDESK_PASSWORD", ADMIN_PASSWORD)
    login = ["--user", "admin"]
    assert main(["hsds", "export", "--db", str(tmp_path / "source.db"), "--out", str(tmp_path / "pkg"), *login]) == 0
    capsys.readouterr()
    assert main(["hsds", "import", "--db", str(tmp_path / "target.db"), str(tmp_path / "pkg"), "--dry-run",
                 "--json", *login]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["changes"]["service"]["new"] == 50 and result["dry_run"] is True
    shutil.copytree(EXAMPLE, tmp_path / "example")
    assert main(["hsds", "import", "--db", str(tmp_path / "target.db"), str(tmp_path / "example"), *login]) == 3
    err = capsys.readouterr().err
    assert "locations.csv 2행" in err and "--valid-rows-only" in err
    assert main(["hsds", "import", "--db", str(tmp_path / "target.db"), str(tmp_path / "pkg"), *login]) == 0
    assert "서비스(service): 새로 50" in capsys.readouterr().out
