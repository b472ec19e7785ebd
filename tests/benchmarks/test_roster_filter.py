"""How the members tab feels with 5,000 members: load/sort time and per-keystroke filtering.

Figures are printed (run with ``-m benchmark -s``); nothing is asserted about time, since
office PCs differ. The members are inserted straight through the ORM in one transaction:
the services check the member cap and duplicates one by one, which is right for people
typing and far too slow for making 5,000 rows.
"""
from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

import pytest

from app.dates import term_end_for
from db.models import Member, MemberTerm

TODAY = date(2026, 11, 24)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민"
GIVEN = "민서지현수영준호은하도윤재성경미정우진희선혜태동길순숙철"


def _fill(db, count: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(5000)
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        for i in range(count):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            member = Member(name=name, sex=rng.choice("MF"), kind="appointed", category=rng.choice((1, 3, 5, 6, 7)),
                            role="member", affiliation=f"{rng.choice(GIVEN)}{rng.choice(GIVEN)}리 {i % 50}반",
                            position="이장" if i % 7 == 0 else "위원", phone=f"010-{1000 + i:04d}-{rng.randint(1000, 9999)}",
                            honorary_official=False, note="")
            session.add(member)
            session.flush()
            start = TODAY - timedelta(days=rng.randint(0, 700))
            session.add(MemberTerm(member_id=member.id, start_on=start, end_on=term_end_for(start), end_note=""))


@pytest.mark.benchmark
def test_roster_filter_with_5000_members(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from app.preferences import Preferences
    from tests.ui.helpers import type_text
    from ui import clock
    from ui.state import AppState
    from ui.tabs.members_tab import MembersTab

    clock.set_today(TODAY)
    started = time.perf_counter()
    _fill(db, 5000)
    fill_s = time.perf_counter() - started

    started = time.perf_counter()
    tab = MembersTab(AppState(db, Preferences()))
    qtbot.addWidget(tab)
    load_s = time.perf_counter() - started
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("all"))
    assert tab.proxy.rowCount() == 5000

    started = time.perf_counter()
    tab.table.sortByColumn(tab.model.column_index("name"), tab.table.horizontalHeader().sortIndicatorOrder())
    sort_s = time.perf_counter() - started

    timings: list[float] = []
    for query in ("김민", "010-10", "이장 3반"):
        tab.search.clear()
        for ch in query:
            started = time.perf_counter()
            type_text(tab.search, ch)
            timings.append(time.perf_counter() - started)
    tab.search.clear()
    clock.set_today(None)

    print(f"\n5,000 members: insert {fill_s:.2f} s, open tab (load + roster summary) {load_s:.2f} s, "
          f"sort by name {sort_s * 1000:.0f} ms")
    print(f"per keystroke filter over {len(timings)} keys: median {statistics.median(timings) * 1000:.1f} ms, "
          f"max {max(timings) * 1000:.1f} ms")
