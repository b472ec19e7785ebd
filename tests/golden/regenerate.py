"""Rewrite the golden files after a deliberate change: ``python tests/golden/regenerate.py``.

Run by hand from the repository root, then review ``git diff tests/`` before committing.
The tests never write goldens; this is the only place that does (see README.md here).

- ``pdf/*.txt`` and ``excel/*.json`` are rewritten every time from today's code.
- ``sync/format<N>.*`` (a package of the current format, its receiving city database and
  what importing it gives) and ``tests/db/fixtures/<revision>.*`` (a database saved at
  each Alembic revision) are *frozen*: they stand for files that older versions wrote, so
  they are only created when missing (a new format or a new revision). ``--refreeze``
  rebuilds them anyway, which is only right before the format or revision is released.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Preferences, logs and backups of the databases made here go to a throw-away folder.
os.environ["COUNCILDESK_HOME"] = tempfile.mkdtemp(prefix="councildesk-golden-home-")

from tests.golden import fixtures as g  # noqa: E402

CITY_CODE = "4377000000"
CITY_NAME = "햇살군"


def _admin():
    from app.security.accounts import NewAccount

    return NewAccount(g.ADMIN_USERNAME, g.ADMIN_PASSWORD, "관리자")


def _say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- PDF and Excel

def regenerate_documents(work: Path) -> None:
    council = g.build_council(work / "council.db")
    try:
        g.PDF_DIR.mkdir(parents=True, exist_ok=True)
        for old in g.PDF_DIR.glob("*.txt"):
            if old.stem not in g.PDF_DOCUMENTS:
                old.unlink()
                _say(f"removed {old.relative_to(ROOT)}")
        for name in g.PDF_DOCUMENTS:
            pdf = g.write_pdf(council, name, work)
            _write(g.PDF_DIR / f"{name}.txt", g.pdf_golden_text(pdf))
        g.EXCEL_DIR.mkdir(parents=True, exist_ok=True)
        for name in g.EXCEL_EXPORTS:
            _write(g.EXCEL_DIR / f"{name}.json", g.snapshot_text(g.write_excel(council, name, work)))
    finally:
        council.db.dispose()


def _write(path: Path, text: str) -> None:
    before = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(text, encoding="utf-8", newline="\n")
    state = "unchanged" if before == text else "written"
    _say(f"{state:9} {path.relative_to(ROOT)}")


# ---------------------------------------------------------------- a small council's records

def fill_small_council(db) -> None:
    """Members (one dismissed, one reappointed), a subcommittee seat, a held meeting with
    attendance, a guest, items with a result and a follow-up, approved minutes, a gift of
    rice and half of it handed out: a row in every table a council fills, small enough to
    keep the stored files small."""
    from datetime import date

    from app.meetings.actions import ActionData, add_action_item
    from app.meetings.agenda import ResultData, record_result
    from app.meetings.meetings import GuestData, add_guest, mark_meeting_held
    from app.meetings.minutes import approve_minutes
    from app.members import TermData, reappoint_member
    from app.subcommittees import SubcommitteeData, add_seat, create_subcommittee
    from tests.app.meeting_support import attend, make_council, new_meeting, resolution

    council = make_council(db, count=6)
    today = g.TODAY
    reappoint_member(db.uow(), council.members[2], TermData(date(2027, 1, 1), date(2028, 12, 31)), today)
    sub = create_subcommittee(db.uow(), SubcommitteeData("노인분과", lead_member_id=council.members[1],
                                                         founded_on=date(2025, 1, 1)), today)
    add_seat(db.uow(), sub.id, council.members[3], date(2025, 2, 1), today)
    meeting = new_meeting(council)
    attend(council, meeting, present=5, excused=1)
    add_guest(db.uow(), meeting, GuestData("박민수", "햇살군 희망복지지원단", "주무관", "official"))
    item = resolution(council, meeting)
    record_result(db.uow(), item, ResultData("passed", 4, 1, 0), today)
    add_action_item(db.uow(), item, ActionData("특화사업 추진", "간사", date(2026, 4, 30)), today)
    mark_meeting_held(db.uow(), meeting, "15:00", today, other_business="없음")
    approve_minutes(db.uow(), meeting, "위원00", date(2026, 3, 20), today)
    from app.resources.donation_rules import DistributionData, DonationData, PoolKey
    from app.resources.donations import record_distribution, record_donation

    record_donation(db.uow(), DonationData(date(2026, 2, 2), "person", "goods", donor_name="김영희",
                                           donor_contact="010-1111-2222", item="쌀", quantity=20, unit="kg",
                                           amount=60000, receipt_number="2026-001"), today)
    record_distribution(db.uow(), DistributionData(date(2026, 2, 3), PoolKey("goods", "쌀", "kg"), quantity=10,
                                                   recipient="상촌리 한 가구"), today)
    _fill_network(db, sub.id, item)


def _fill_network(db, subcommittee_id: str, agenda_item_id: str) -> None:
    """Two organizations of the directory, a plan item tied to the meeting's decision and a
    joint project of both (a row in each Network table)."""
    from datetime import date

    from app.network.rules import PartnerData, PlanItemData, ProjectData
    from app.network.services import create_plan_item, create_project, tie_decision
    from app.resources.rules import OrganizationData
    from app.resources.services import create_organization

    orgs = [create_organization(db.uow(), OrganizationData(name, sector)).id
            for name, sector in (("햇살면 행정복지센터", "public"), ("햇살면 자원봉사회", "private"))]
    plan = create_plan_item(db.uow(), PlanItemData("홀몸어르신 안부 확인망", 2026, subcommittee_id))
    tie_decision(db.uow(), plan.id, agenda_item_id)
    create_project(db.uow(), ProjectData("행복 도시락 나눔", "joint", date(2026, 3, 1), subcommittee_id=subcommittee_id,
                                         plan_item_id=plan.id, budget=1_000_000, beneficiaries=12,
                                         partners=(PartnerData(orgs[0], "주관"), PartnerData(orgs[1], "배달"))))


# ---------------------------------------------------------------- sync: one package per format

def freeze_sync_package(work: Path, refreeze: bool) -> None:
    from app.database import init_database
    from app.sync import enroll_accept, enroll_create, export_package
    from app.sync.package import FORMAT

    paths = g.sync_paths(FORMAT)
    if paths["package"].exists() and not refreeze:
        _say(f"kept      {paths['package'].relative_to(ROOT)} (frozen; --refreeze rebuilds it)")
        return
    folder = work / "sync"
    folder.mkdir()
    with g.fast_kdf():
        city = init_database(folder / "city.db", CITY_CODE, CITY_NAME, _admin(), site_role="city").db
        council = init_database(folder / "council.db", g.COUNCIL_CODE, g.COUNCIL, _admin()).db
        enrollment, code = enroll_create(city, g.COUNCIL_CODE, g.COUNCIL, folder / "enroll")
        enroll_accept(council, enrollment, code)
        fill_small_council(council)
        usb = folder / "usb"
        usb.mkdir()
        package = export_package(council, usb)
    council.dispose()
    city.dispose()
    _no_wal(folder / "city.db")
    g.SYNC_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package, paths["package"])
    shutil.copyfile(folder / "city.db", paths["city"])
    shutil.copyfile(folder / "city.db.keys", paths["keys"])
    expected = import_into_copy(paths, work / "expected")[0]
    _write(paths["expected"], g.dumps(expected) + "\n")
    for key in ("package", "city", "keys"):
        _say(f"frozen    {paths[key].relative_to(ROOT)}")


def import_into_copy(paths: dict[str, Path], folder: Path):
    """Import the stored package into a copy of the stored city: (records, city summary path)."""
    from app.database import close_database, open_database
    from app.sync import import_packages
    from app.sync.city import city_summary_excel
    from tests.app.sync_support import content

    folder.mkdir(parents=True, exist_ok=True)
    city = folder / paths["city"].name
    shutil.copyfile(paths["city"], city)
    shutil.copyfile(paths["keys"], folder / paths["keys"].name)
    db = open_database(city, g.ADMIN_USERNAME, g.ADMIN_PASSWORD)
    try:
        import_packages(db, [paths["package"]])
        records = content(db)
        summary = city_summary_excel(db, folder / "city_summary.xlsx", g.TODAY)
    finally:
        close_database(db)
    return records, summary


def regenerate_city_summary(work: Path) -> None:
    from app.sync.package import FORMAT

    _, summary = import_into_copy(g.sync_paths(FORMAT), work / "city")
    _write(g.EXCEL_DIR / "city_summary.json", g.snapshot_text(summary))


# ---------------------------------------------------------------- databases at every revision

def _no_wal(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        assert not side.exists() or side.stat().st_size == 0, f"{side} left behind"
        side.unlink(missing_ok=True)


def freeze_db_fixtures(work: Path, refreeze: bool) -> None:
    from sqlalchemy import inspect

    from app.database import init_database
    from app.sync import enroll_accept, enroll_create
    from db import migrate
    from db.session import open_sqlite

    revisions = g.revisions_in_order()
    missing = [r for r in revisions if refreeze or not (g.DB_FIXTURES / f"{r}.db").exists()]
    for rev in sorted(set(revisions) - set(missing)):
        _say(f"kept      tests/db/fixtures/{rev}.db (frozen; --refreeze rebuilds it)")
    if not missing:
        return
    folder = work / "revisions"
    folder.mkdir()
    head = folder / "head.db"
    with g.fast_kdf():
        city = init_database(folder / "city.db", CITY_CODE, CITY_NAME, _admin(), site_role="city").db
        made = init_database(head, g.COUNCIL_CODE, g.COUNCIL, _admin())
        db = made.db
        enrollment, code = enroll_create(city, g.COUNCIL_CODE, g.COUNCIL, folder / "enroll")
        enroll_accept(db, enrollment, code)
        fill_small_council(db)
    key = db.key
    assert key is not None
    db.dispose()
    city.dispose()
    g.DB_FIXTURES.mkdir(parents=True, exist_ok=True)
    for rev in missing:
        # Made at head and stepped down with the revisions' own downgrades: the schema of
        # each revision, holding the records today's code writes.
        target = folder / f"{rev}.db"
        shutil.copyfile(head, target)
        engine = open_sqlite(target, key=key).engine
        try:
            if rev != migrate.head_revision():
                migrate.downgrade(engine, rev)
            if "access_log" not in inspect(engine).get_table_names():
                # A revision before the access log: drop its anchor and head if any, which
                # would point at a chain the downgrade removed (no file of that time has them).
                with engine.begin() as conn:
                    conn.exec_driver_sql("DELETE FROM setting WHERE key IN ('access_log_anchor', 'audit_head')")
            raw = engine.raw_connection()  # VACUUM must run outside SQLAlchemy's BEGIN IMMEDIATE
            try:
                raw.driver_connection.execute("VACUUM")
            finally:
                raw.close()
            assert migrate.current_revision(engine) == rev
            dump = g.table_dump(engine)
        finally:
            engine.dispose()
        _no_wal(target)
        shutil.copyfile(target, g.DB_FIXTURES / f"{rev}.db")
        shutil.copyfile(Path(str(head) + ".keys"), g.DB_FIXTURES / f"{rev}.db.keys")
        _write(g.DB_FIXTURES / f"{rev}.json", g.dumps({"revision": rev, "tables": dump}) + "\n")
        _say(f"frozen    tests/db/fixtures/{rev}.db")


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refreeze", action="store_true",
                        help="also rebuild the frozen sync package and revision databases")
    parser.add_argument("--only", choices=("documents", "sync", "db"), action="append",
                        help="regenerate only these parts (repeatable)")
    args = parser.parse_args(argv)
    parts = set(args.only or ("documents", "sync", "db"))
    if not g.have_poppler():
        parser.error("poppler-utils (pdftotext, pdfinfo) are needed to read the PDFs")
    with tempfile.TemporaryDirectory(prefix="councildesk-golden-") as tmp:
        work = Path(tmp)
        if "documents" in parts:
            regenerate_documents(work)
        if "sync" in parts or "documents" in parts:
            freeze_sync_package(work, args.refreeze and "sync" in parts)
            regenerate_city_summary(work)
        if "db" in parts:
            freeze_db_fixtures(work, args.refreeze)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
