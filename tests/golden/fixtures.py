"""What the golden-file tests and ``tests/golden/regenerate.py`` share: the deterministic
council the printouts and exports are made from, the documents made from it, and how a
PDF or a workbook is turned into the readable text that is compared.

Nothing here writes into ``tests/golden/``: tests only compare, and the regeneration script
is the one place that writes goldens.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

GOLDEN = Path(__file__).resolve().parent
PDF_DIR = GOLDEN / "pdf"
EXCEL_DIR = GOLDEN / "excel"
SYNC_DIR = GOLDEN / "sync"
DB_FIXTURES = GOLDEN.parent / "db" / "fixtures"

TODAY = date(2026, 11, 24)  # "today" of every golden document; tests.conftest uses the same day
COUNCIL_CODE = "4377034000"
COUNCIL = "햇살면 지역사회보장협의체"
ISSUER = "햇살군수"
# The password of the "admin" account in every stored database of tests/golden/sync and
# tests/db/fixtures (test data only; documented in tests/golden/README.md).
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-pass-2026"
UUID_SEED = 20261124
TIMEZONE = "Asia/Seoul"  # the access log is exported in the PC's local time

POPPLER = ("pdftotext", "pdfinfo")


def have_poppler() -> bool:
    return all(shutil.which(tool) for tool in POPPLER)


# ---------------------------------------------------------------- determinism

@contextmanager
def seeded_uuids(seed: int = UUID_SEED) -> Iterator[None]:
    """Record ids from a seeded generator while the fixture council is built.

    The approved minutes print the SHA-256 of their content, and that content holds record
    ids; with random ids the hash, and with it the spacing pdftotext gives the whole page,
    would change on every run. Only ``db.base``'s reference to the ``uuid`` module is
    replaced, so package ids and everything else outside the records stay random.
    """
    import db.base as base

    rng = random.Random(seed)

    class _SeededUuid:
        UUID = uuid.UUID

        @staticmethod
        def uuid4() -> uuid.UUID:
            return uuid.UUID(int=rng.getrandbits(128), version=4)

    original = base.uuid
    base.uuid = _SeededUuid  # type: ignore[assignment]
    try:
        yield
    finally:
        base.uuid = original


@contextmanager
def fixed_timezone(name: str = TIMEZONE) -> Iterator[None]:
    """The PC's time zone for a while (POSIX ``TZ``): local times in exports are then fixed."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@contextmanager
def fast_kdf() -> Iterator[None]:
    """argon2 as cheap as it goes, for databases made here (their keyrings keep the cost)."""
    import app.security.keyring as keyring
    from tests.conftest import FAST_KDF

    before = keyring.DEFAULT_KDF
    keyring.DEFAULT_KDF = FAST_KDF
    try:
        yield
    finally:
        keyring.DEFAULT_KDF = before


# ---------------------------------------------------------------- the fixture council

@dataclass(frozen=True)
class FixtureCouncil:
    db: Any  # db.session.Database
    meetings: list[str]  # ids in the order of app.demo_meetings.build_demo_meetings


def build_council(path: Path) -> FixtureCouncil:
    """The demo council and its year of meetings as of ``TODAY`` (seeded, so the same on
    every run), plus one correction to the first approved minutes so the approval block
    prints an addendum, then the demo directory with its year of donations."""
    from app.database import init_database
    from app.demo import build_demo
    from app.demo_meetings import build_demo_meetings
    from app.meetings.minutes import add_minutes_addendum
    from app.resources.demo import build_demo_resources
    from app.security.accounts import NewAccount

    with fast_kdf(), seeded_uuids():
        db = init_database(path, COUNCIL_CODE, COUNCIL, NewAccount(ADMIN_USERNAME, ADMIN_PASSWORD, "관리자")).db
        build_demo(db, TODAY)
        meetings = build_demo_meetings(db, TODAY)
        add_minutes_addendum(db.uow(), meetings[0], "이민지", date(2026, 6, 2), "참석 인원 오기",
                             "출석위원 수를 바로잡음(기록 누락 1명).", TODAY)
        # Last, so the records above keep their seeded ids: the directory with a year of
        # donations, the joint projects (network map, activity report), then the case work.
        from app.cases.demo import build_demo_cases
        from app.network.demo import build_demo_network

        build_demo_resources(db, TODAY)
        build_demo_network(db, TODAY)
        build_demo_cases(db, TODAY)
    return FixtureCouncil(db, meetings)


def member_id(db: Any, name: str) -> str:
    from app.members import list_members

    return next(v.id for v in list_members(db.uow(), TODAY) if v.name == name)


# ---------------------------------------------------------------- PDFs

# name -> what to print. Meetings by their place in build_demo_meetings: 0-3 approved
# 정기·임시회의 (1: 2026년 제1차, 2: 임시회의, 3: the latest approved, with a recusal and
# a deferred item), 4 the latest held (draft minutes, a rejected item), 5 the 노인분과
# meeting, 6 next week's planned meeting.
PDF_DOCUMENTS: dict[str, tuple[str, Any]] = {
    "roster": ("roster", None),
    "appointment_reappointed": ("appointment", "홍길동"),
    "appointment_ex_officio": ("appointment", "김정호"),
    "notice_planned": ("notice", 6),
    "notice_extraordinary": ("notice", 2),
    "agenda_planned": ("agenda", 6),
    "agenda_held": ("agenda", 3),
    "attendance_regular": ("attendance", 3),
    "minutes_approved_with_addendum": ("minutes", 0),
    "minutes_approved": ("minutes", 3),
    "minutes_draft": ("minutes", 4),
    "minutes_subcommittee": ("minutes", 5),
    "resources": ("resources", None),
    "resource_card": ("resource_card", "방문 간호"),
    "resource_card_closed": ("resource_card", "마을 공동 밥상"),
    "donation_ledger": ("donation_ledger", (date(2026, 7, 1), date(2026, 11, 24))),
    "donation_report": ("donation_report", (date(2026, 1, 1), date(2026, 6, 30))),
    "network_map": ("network", None),
    "activity_report": ("activity", None),
    # Case printouts (대외비, printed by the fixture's administrator at PRINTED_AT).
    "case_conference": ("conference", "latest"),
    "referral": ("referral", "이만복"),
    "consent_form_provision_child": ("consent_form", ("정민준", "provision")),
}
# The network map and the activity report cover the year up to the fixture's today; the
# directory's records were entered at the wall clock's time, after it, so none count as found.
PERIOD = (date(2026, 1, 1), TODAY)
PRINTED_AT = datetime(2026, 11, 24, 14, 30)


def write_pdf(council: FixtureCouncil, name: str, out_dir: Path) -> Path:
    from app.reports import meeting_pdfs
    from app.reports.appointment_pdf import write_appointment_pdf
    from app.reports.roster_pdf import write_roster_pdf

    kind, what = PDF_DOCUMENTS[name]
    out = out_dir / f"{name}.pdf"
    db = council.db
    if kind == "roster":
        return write_roster_pdf(db.uow(), out, TODAY, COUNCIL)
    if kind == "appointment":
        return write_appointment_pdf(db.uow(), member_id(db, what), out, COUNCIL, ISSUER, TODAY, "2026-17")
    if kind in ("resources", "resource_card", "donation_ledger", "donation_report"):
        return _write_resource_pdf(db, kind, what, out)
    if kind == "network":
        from app.reports.network_pdf import write_network_pdf

        return write_network_pdf(db.uow(), out, *PERIOD, COUNCIL)
    if kind == "activity":
        from app.reports.activity_report_pdf import write_activity_pdf

        return write_activity_pdf(db.uow(), out, *PERIOD, COUNCIL)
    if kind in ("conference", "referral", "consent_form"):
        return _write_case_pdf(db, kind, what, out)
    writer = getattr(meeting_pdfs, f"write_{kind}_pdf")
    return writer(db.uow(), council.meetings[what], out, COUNCIL)


def _write_resource_pdf(db: Any, kind: str, what: Any, out: Path) -> Path:
    from app.reports.donations_pdf import write_donation_ledger_pdf, write_donation_report_pdf
    from app.reports.resources_pdf import write_resource_card_pdf, write_resources_pdf
    from app.resources.services import ServiceFilter, list_services

    if kind == "resources":
        return write_resources_pdf(db.uow(), out, TODAY, COUNCIL)
    if kind == "resource_card":
        service = next(v.id for v in list_services(db.uow(), ServiceFilter(), TODAY) if v.name == what)
        return write_resource_card_pdf(db.uow(), service, out, TODAY, COUNCIL)
    writer = write_donation_ledger_pdf if kind == "donation_ledger" else write_donation_report_pdf
    return writer(db.uow(), out, what[0], what[1], COUNCIL, TODAY)


def _write_case_pdf(db: Any, kind: str, what: Any, out: Path) -> Path:
    from sqlalchemy import select

    from app.reports import case_pdfs
    from db.case_models import CaseConference, Client, Referral

    if kind == "conference":
        query = select(CaseConference.id).order_by(CaseConference.held_on.desc()).limit(1)
    elif kind == "referral":
        query = (select(Referral.id).join(Client, Client.id == Referral.client_id).where(Client.name == what)
                 .order_by(Referral.referred_on).limit(1))
    else:
        query = select(Client.id).where(Client.name == what[0])
    with db.session_factory() as s:
        target = s.scalar(query)
    if kind == "conference":
        return case_pdfs.write_conference_pdf(db.uow(), target, out, COUNCIL, PRINTED_AT)
    if kind == "referral":
        return case_pdfs.write_referral_pdf(db.uow(), target, out, COUNCIL, PRINTED_AT)
    return case_pdfs.write_consent_form_pdf(db.uow(), target, what[1], out, COUNCIL, "햇살군청 희망복지지원단",
                                            PRINTED_AT)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def pdf_page_count(path: Path) -> int:
    for line in _run("pdfinfo", str(path)).splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Pages":
            return int(value)
    raise AssertionError(f"pdfinfo gave no page count for {path}")


def pdf_golden_text(path: Path) -> str:
    """The golden form of a PDF: a header with the page count, then each page's
    ``pdftotext -layout`` text under a page rule.

    Only trailing spaces are dropped (editors and git strip them). Nothing else varies:
    the PDFs are written with reportlab's ``invariant`` (no creation time, fixed document
    id), the fixture's dates are pinned and its record ids seeded (see ``seeded_uuids``).
    """
    pages = _run("pdftotext", "-layout", str(path), "-").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    count = pdf_page_count(path)
    out = [f"# {path.stem}: {count} page(s), pdftotext -layout"]
    for number, page in enumerate(pages, start=1):
        out.append(f"======== page {number}/{len(pages)} ========")
        lines = [line.rstrip() for line in page.splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        out.extend(lines)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- workbooks

EXCEL_EXPORTS = ("members_export", "members_template", "access_log", "resources_export", "resources_template")


def access_log_rows() -> list[Any]:
    """Fixed access-log rows, one of each kind a coordinator meets. The real log's times
    and PC name change on every run, and the export's work is the layout, not the query."""
    from app.security.audit import AccessLogRow

    machine = "면사무소-PC3 (hong)"
    rows = [
        (datetime(2026, 11, 23, 23, 58, 1), "admin", "login", "account", "admin", ""),
        (datetime(2026, 11, 24, 0, 5, 30), "admin", "view", "member", "7b0f4c0e-0000-4000-8000-000000000001",
         '{"fields": ["phone", "birth_date"]}'),
        (datetime(2026, 11, 24, 0, 9, 12), "admin", "print", "meeting", "7b0f4c0e-0000-4000-8000-000000000002",
         '{"document": "회의록", "file": "회의록.pdf"}'),
        (datetime(2026, 11, 24, 1, 15, 0), "ganse", "export", "member", "", '{"file": "위원명부.xlsx", "rows": 27}'),
        (datetime(2026, 11, 24, 2, 0, 0), "", "login_failed", "account", "nobody",
         '{"at": "2026-11-24T02:00:00", "machine": "면사무소-PC3 (hong)"}'),
        (datetime(2026, 11, 24, 3, 30, 45), "admin", "permission", "account", "ganse", '{"grant": "coordinator"}'),
        (datetime(2026, 11, 24, 4, 0, 0), "admin", "export", "city_summary", "", '{"file": "요약.xlsx"}'),
        (datetime(2026, 11, 24, 5, 0, 0), "admin", "logout", "account", "admin", ""),
    ]
    return [AccessLogRow(i, at, account, machine, action, table, target, details)
            for i, (at, account, action, table, target, details) in enumerate(rows, start=1)]


def write_excel(council: FixtureCouncil, name: str, out_dir: Path) -> Path:
    from app.reports.excel_access_log import export_access_log
    from app.reports.excel_members import export_members, write_members_template
    from app.reports.excel_resources import export_resources, write_resources_template

    out = out_dir / f"{name}.xlsx"
    if name == "members_export":
        return export_members(council.db.uow(), out, TODAY)
    if name == "members_template":
        return write_members_template(out)
    if name == "resources_export":
        return export_resources(council.db.uow(), out, TODAY)
    if name == "resources_template":
        return write_resources_template(out)
    if name == "access_log":
        with fixed_timezone():
            return export_access_log(council.db, access_log_rows(), out)
    raise KeyError(name)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _cell(cell: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"v": _value(cell.value)}
    if cell.number_format != "General":
        entry["fmt"] = cell.number_format
    font = cell.font
    if font.b:
        entry["bold"] = True
    if font.sz and float(font.sz) != 11:
        entry["size"] = float(font.sz)
    if font.color is not None and font.color.type == "rgb" and font.color.rgb not in ("FF000000",):
        entry["color"] = font.color.rgb
    if cell.fill.fill_type == "solid":
        entry["fill"] = cell.fill.fgColor.rgb
    align = cell.alignment
    flags = [a for a in (align.horizontal, align.vertical) if a]
    if align.wrap_text:
        flags.append("wrap")
    if flags:
        entry["align"] = " ".join(flags)
    return entry


def _empty_formats(ws: Any) -> dict[str, str]:
    """Number formats of empty cells (rows pre-formatted for typing), as column ranges."""
    by_column: dict[int, list[tuple[int, str]]] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and cell.number_format != "General":
                by_column.setdefault(cell.column, []).append((cell.row, cell.number_format))
    ranges: dict[str, str] = {}
    for column, cells in sorted(by_column.items()):
        letter = get_column_letter(column)
        start, last, fmt = cells[0][0], cells[0][0], cells[0][1]
        for row, row_fmt in cells[1:] + [(-1, "")]:
            if row == last + 1 and row_fmt == fmt:
                last = row
                continue
            ranges[f"{letter}{start}:{letter}{last}"] = fmt
            start, last, fmt = row, row, row_fmt
    return ranges


def workbook_snapshot(path: Path) -> dict[str, Any]:
    """Everything a user sees of a workbook, read back with openpyxl: per sheet the cell
    values and their key formats, column widths, frozen panes, filter, dropdowns and
    date checks, and the print settings."""
    wb = load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        setup = ws.page_setup
        sheet: dict[str, Any] = {
            "title": ws.title,
            "dimensions": ws.dimensions,
            "freeze_panes": ws.freeze_panes,
            "auto_filter": ws.auto_filter.ref,
            "print": {"orientation": setup.orientation, "paper": setup.paperSize, "fit_width": setup.fitToWidth,
                      "fit_height": setup.fitToHeight, "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage
                      if ws.sheet_properties.pageSetUpPr is not None else None,
                      "title_rows": ws.print_title_rows},
            "column_widths": {letter: dim.width for letter, dim in sorted(ws.column_dimensions.items())
                              if dim.customWidth},
            "row_heights": {str(n): dim.height for n, dim in sorted(ws.row_dimensions.items()) if dim.height},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": [
                {"cells": str(dv.sqref), "type": dv.type, "operator": dv.operator, "formula1": dv.formula1,
                 "formula2": dv.formula2, "allow_blank": bool(dv.allow_blank), "error": dv.error,
                 "prompt": dv.prompt, "title": dv.promptTitle}
                for dv in ws.data_validations.dataValidation
            ],
            "cells": {cell.coordinate: _cell(cell) for row in ws.iter_rows() for cell in row
                      if cell.value is not None},
            "empty_cell_formats": _empty_formats(ws),
        }
        sheets.append(sheet)
    wb.close()
    return {"sheets": sheets}


def dumps(value: Any, indent: int = 0, width: int = 110) -> str:
    """JSON with one short object per line (a cell, a validation), so a diff names the cell."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 1, width)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + dumps(v, indent + 1, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def snapshot_text(path: Path) -> str:
    return dumps(workbook_snapshot(path)) + "\n"


# ---------------------------------------------------------------- databases

def sync_paths(fmt: int) -> dict[str, Path]:
    """The stored files of the sync package of format ``fmt``."""
    stem = SYNC_DIR / f"format{fmt}"
    return {"package": Path(f"{stem}.cdsync"), "city": Path(f"{stem}-city.db"),
            "keys": Path(f"{stem}-city.db.keys"), "expected": Path(f"{stem}-expected.json")}


def revisions_in_order() -> list[str]:
    from alembic.script import ScriptDirectory

    from db import migrate

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def table_dump(engine: Any) -> dict[str, dict]:
    """Every table's columns and rows as stored (bytes in hex), in a fixed order."""
    from sqlalchemy import inspect

    dump: dict[str, dict] = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table == "alembic_version":
                continue
            columns = [c["name"] for c in inspect(conn).get_columns(table)]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = [[v.hex() if isinstance(v, bytes) else v for v in row]
                    for row in conn.exec_driver_sql(f'SELECT {quoted} FROM "{table}"').all()]
            dump[table] = {"columns": columns, "rows": sorted(rows, key=repr)}
    return dump


# ---------------------------------------------------------------- comparing

def first_difference(expected: str, actual: str, context: int = 3) -> str:
    """Where two golden texts part, for an assertion message short enough to read."""
    old, new = expected.splitlines(), actual.splitlines()
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a != b:
            start = max(0, number - 1 - context)
            shown = "\n".join(f"  {start + i + 1:4}  {line}" for i, line in enumerate(old[start:number - 1]))
            return f"first difference at line {number}:\n{shown}\n- {a!r}\n+ {b!r}"
    return f"lengths differ: {len(old)} golden lines, {len(new)} now"


STALE_HINT = ("If the change is deliberate, run `python tests/golden/regenerate.py` and review the diff "
              "of tests/golden/ (see tests/golden/README.md).")
