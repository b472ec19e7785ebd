"""How long the meeting printouts take: the minutes of a meeting with 30 members and 15
agenda items, and a 50-page agenda booklet.

Figures are printed (run with ``-m benchmark -s``); nothing is asserted about time, since
office PCs differ. The targets are under 1 s and under 3 s.
"""
from __future__ import annotations

import subprocess
import time
from datetime import date

import pytest

from app.meetings.agenda import ItemData, ResultData, add_agenda_item, record_discussion, record_result
from app.meetings.meetings import AttendanceEntry, mark_meeting_held, record_attendance
from app.meetings.minutes import approve_minutes
from app.reports.meeting_pdfs import write_agenda_pdf, write_minutes_pdf
from tests.app.meeting_support import TODAY, make_council, new_meeting

pytestmark = pytest.mark.benchmark
COUNCIL = "햇살면 지역사회보장협의체"
PARAGRAPH = ("가. 사업 목적: 지역 내 위기가구를 조기에 발견하고 필요한 서비스를 연계하여 주민의 삶의 질을 높임. "
             "이를 위하여 이장·통장, 명예사회복지공무원, 지역 기관이 함께 참여하는 발굴 체계를 운영함.")


def _pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _meeting(db, items: int, explanation_lines: int, attendance: bool = True) -> str:
    council = make_council(db, count=30)
    meeting = new_meeting(council)
    if attendance:
        record_attendance(db.uow(), meeting, [AttendanceEntry(m, "present" if i < 24 else "absent")
                                              for i, m in enumerate(council.members)], TODAY)
    explanation = "\n".join(f"{n}. {PARAGRAPH}" for n in range(1, explanation_lines + 1))
    for i in range(items):
        kind = ("report", "resolution", "resolution", "discussion")[i % 4]
        item = add_agenda_item(db.uow(), meeting, ItemData(kind, f"안건 {i + 1}: 2027년 사업 계획(안)", "간사",
                                                           explanation), TODAY)
        if attendance:
            record_discussion(db.uow(), item.id, "위원들이 사업 대상과 예산을 논의함.\n1. 대상 확대 의견\n2. 예산 확인", TODAY)
            if kind == "resolution":
                record_result(db.uow(), item.id, ResultData("passed", 20, 3, 1), TODAY)
    return meeting


def test_minutes_of_30_members_and_15_items(db, tmp_path, capsys):
    meeting = _meeting(db, items=15, explanation_lines=3)
    mark_meeting_held(db.uow(), meeting, "16:00", TODAY)
    approve_minutes(db.uow(), meeting, "위원00", date(2026, 6, 9), TODAY)
    timings = []
    for run in range(3):
        start = time.perf_counter()
        out = write_minutes_pdf(db.uow(), meeting, tmp_path / f"minutes{run}.pdf", COUNCIL)
        timings.append(time.perf_counter() - start)
    with capsys.disabled():
        print(f"\nminutes, 30 members, 15 items, {_pages(out)} pages: "
              f"first {timings[0]:.3f} s, best {min(timings):.3f} s (target < 1 s)")


def test_agenda_booklet_of_50_pages(db, tmp_path, capsys):
    meeting = _meeting(db, items=16, explanation_lines=42, attendance=False)
    timings = []
    for run in range(3):
        start = time.perf_counter()
        out = write_agenda_pdf(db.uow(), meeting, tmp_path / f"agenda{run}.pdf", COUNCIL)
        timings.append(time.perf_counter() - start)
    pages = _pages(out)
    with capsys.disabled():
        print(f"\nagenda booklet, 16 items, {pages} pages: first {timings[0]:.3f} s, best {min(timings):.3f} s "
              f"(target < 3 s for 50 pages)")
    assert pages >= 50  # the size being measured, not a time
