"""The members list with 1,000 members whose birth dates and phones are sealed
(``app.security.sealing``): ``load_members_page`` for a role that opens them and for one
that does not (a 위원: nothing to open), and the same page with opening switched off, to
show what the seals cost. Figures are printed next to their target; nothing is asserted
about time (run with ``-m benchmark -s``)."""
from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

import pytest

from app.dates import term_end_for
from app.members import load_members_page
from app.security import sealing
from app.security.permissions import Actor
from db.models import Member, MemberTerm

TODAY = date(2026, 11, 24)
TARGET_MS = 300.0  # the members tab should show its list within this


def _fill(db, count: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1000)
    with db.session_factory.begin() as session:
        for i in range(count):
            member = Member(name=f"위원{i:04d}", sex=rng.choice("MF"), kind="appointed", category=5, role="member",
                            birth_date=date(1950 + i % 40, 1 + i % 12, 1 + i % 28),
                            phone=f"010-{1000 + i:04d}-{rng.randint(1000, 9999)}", honorary_official=False, note="")
            session.add(member)
            session.flush()
            start = TODAY - timedelta(days=rng.randint(0, 700))
            session.add(MemberTerm(member_id=member.id, start_on=start, end_on=term_end_for(start), end_note=""))


def _time(db, runs: int = 7) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        page = load_members_page(db.uow(), TODAY)
        times.append((time.perf_counter() - started) * 1000)
    assert page.total == 1000
    return statistics.median(times)


@pytest.mark.benchmark
def test_members_page_with_sealed_fields(db, monkeypatch):
    _fill(db, 1000)
    admin = _time(db)
    with db.session_factory() as session:
        phones = session.connection().exec_driver_sql("SELECT phone FROM member").scalars().all()
    assert all(sealing.is_sealed(p) for p in phones)
    # What the page cost before the seals: the same rows, nothing opened.
    monkeypatch.setattr(sealing, "open_value", lambda keys, table, column, record_id, stored: stored)
    unopened = _time(db)
    monkeypatch.undo()
    db.actor = Actor("viewer", "viewer")
    viewer = _time(db)
    print(f"\nload_members_page, 1,000 members (median of 7): administrator {admin:.0f} ms, "
          f"same rows unopened {unopened:.0f} ms (opening costs {admin - unopened:.0f} ms), "
          f"위원 {viewer:.0f} ms; target {TARGET_MS:.0f} ms")
