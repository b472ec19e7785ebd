"""The 지역자원 tab over a directory of 100,000 services: from constructing the tab to its
first rows on screen (target ≤ 0.5 s, issue 9: rows fetched lazily), the next page as the
list scrolls, a filter, and a Korean search typed into the tab (Enter), each a median of
several runs. Figures are printed (run with ``-m benchmark -s``); nothing is asserted about
time, only that the tab shows what it should.
"""
from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.benchmarks.test_resource_search_benchmark import SERVICES, _fill  # noqa: E402
from tests.conftest import make_database  # noqa: E402

pytestmark = pytest.mark.benchmark
TODAY = date(2026, 11, 24)
OPEN_TARGET_S = 0.5
RUNS = 5


def _median(action: Callable[[], object]) -> float:
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def test_tab_with_100000_services_opens_within_half_a_second(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance() or QApplication([])
    from app.preferences import Preferences
    from ui import clock
    from ui.state import AppState
    from ui.tabs.resources.tab import ResourcesTab

    clock.set_today(TODAY)
    db = make_database(tmp_path / "big.db")
    _fill(db, random.Random(9))
    state = AppState(db, Preferences())
    tabs: list[ResourcesTab] = []

    def open_tab() -> None:
        tab = ResourcesTab(state)
        tab.set_permissions(db.actor)
        tab.resize(1366, 700)
        tab.show()
        app.processEvents()  # painted: the first rows are on screen
        tabs.append(tab)

    open_tab()  # the first opening pays for Python's imports, as the window's start does
    opened = _median(open_tab)
    tab = tabs[-1]

    def counted() -> None:
        tab.refresh()
        tab.model.wait_for_count()

    count_s = _median(counted)
    assert tab.model.count == SERVICES and 0 < tab.model.rowCount() < SERVICES

    def next_page() -> None:
        before = tab.model.rowCount()
        tab.model.fetchMore()
        while tab.model.rowCount() == before:
            # Wait as the event loop does (asleep until an event comes). Spinning
            # processEvents here while the worker runs SQLCipher ended in
            # "none_dealloc" (a refcount race between C extensions, on Python 3.11).
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    scrolled = _median(next_page)

    combo = tab.filter_combos["target_group"]
    common = [combo.findData("elderly"), combo.findData("children")]  # a quarter of the rows each

    def filtered() -> None:
        combo.setCurrentIndex(common[0] if combo.currentIndex() != common[0] else common[1])

    filter_s = _median(filtered)
    # A filter nothing passes walks the whole list in name order looking for a first row.
    started = time.perf_counter()
    combo.setCurrentIndex(combo.findData("living_alone"))
    rare_s = time.perf_counter() - started
    assert tab.model.rowCount() == 0
    tab.filter_combos["target_group"].setCurrentIndex(0)

    def searched() -> None:
        tab.search.setText("도시락 배달" if tab.search.text() != "도시락 배달" else "ㄷㅅㄹ")
        tab.on_search_returnPressed()

    searched()  # the first search catches the index up
    search_s = _median(searched)
    print(f"\n지역자원 tab, {SERVICES:,} services (median of {RUNS}):"
          f"\n  open to first rows painted {opened * 1000:7.1f} ms   target ≤ {OPEN_TARGET_S * 1000:.0f} ms"
          f"\n  the count line (after)     {count_s * 1000:7.1f} ms   (first page and count, not waited for)"
          f"\n  next page while scrolling  {scrolled * 1000:7.1f} ms"
          f"\n  a filter chosen (¼ pass)   {filter_s * 1000:7.1f} ms"
          f"\n  a filter that nothing passes {rare_s * 1000:5.1f} ms   (once)"
          f"\n  a Korean search (Enter)    {search_s * 1000:7.1f} ms")
    tab.model.wait_for_count()
    assert 0 < tab.model.count < SERVICES
    for each in tabs:
        each.deleteLater()
    db.dispose()
    clock.set_today(None)
