"""The service list's model: rows fetched a page at a time as the list scrolls (Anki's
browser and the Qt docs' ``canFetchMore``/``fetchMore``), sorted and filtered in SQL.

The first page is read when the list is (re)loaded; later pages are asked of the database
worker without waiting for them (the list keeps scrolling) and added when they arrive. A
page that arrives after the filters changed belongs to an old list and is dropped.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal

from app.resources.pages import ServiceCount, ServicePage, ServiceRow
from ui.table_model import Column, ColumnTableModel, RowStyle
from ui.worker import database_worker

Index = QModelIndex | QPersistentModelIndex
_logger = logging.getLogger("councildesk.ui")


class _Delivery(QObject):
    """Lives on the UI thread: a page read on the worker is queued to it."""

    arrived = Signal(int, int)  # the generation of the list it was read for, PAGE or COUNT


PAGE, COUNT = 0, 1
COUNT_DELAY_MS = 300


class LazyServiceModel(ColumnTableModel[ServiceRow]):
    """Loaded rows of the current list, and how many there are in all."""

    sort_requested = Signal(int, object)  # column, Qt.SortOrder: the tab reloads in that order
    counted = Signal()                    # ``count`` and ``total`` are known

    def __init__(self, columns: Sequence[Column[ServiceRow]],
                 style: Callable[[ServiceRow], RowStyle | None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._style = style
        self._rows: list[ServiceRow] = []
        self.count: int | None = None   # rows of the whole list (loaded or not); None until counted
        self.total: int | None = None   # services of the directory
        self.has_more = False
        self.directory_empty = False
        self._generation = 0
        self._pending = False
        self._futures: dict[int, Future[Any]] = {}
        self._fetch: Callable[[int], ServicePage] | None = None
        self._count: Callable[[], ServiceCount] | None = None
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.on_count_timer_timeout)
        self._delivery = _Delivery(self)
        self._delivery.arrived.connect(self.on_delivery_arrived)

    # -- contents
    def set_first_page(self, page: ServicePage, fetch: Callable[[int], ServicePage],
                       count: Callable[[], ServiceCount]) -> None:
        """A new list: its first page, how to read the page at an offset and how to count
        the list (both on the worker; the count comes when it comes)."""
        self.beginResetModel()
        self._generation += 1
        self._pending = False
        stale, self._futures = list(self._futures.values()), {}
        for future in stale:
            future.cancel()  # still queued: not needed any more (a running one finishes)
        self._fetch = fetch
        self._rows = list(page.rows)
        self.has_more, self.directory_empty = page.has_more, page.directory_empty
        self.count = None if page.has_more else len(page.rows)
        self.total = None
        self.endResetModel()
        # Counting 100,000 rows takes longer than the page: it starts after a pause, so a
        # person going through the filters is not kept waiting behind counts of lists gone by.
        self._count = count
        self._count_timer.start()

    def on_count_timer_timeout(self) -> None:
        if self._count is not None and self.total is None:
            self._submit(COUNT, self._count)

    def _submit(self, kind: int, work: Callable[[], Any]) -> None:
        generation, delivery = self._generation, self._delivery
        future = database_worker().submit(work)
        self._futures[kind] = future

        def deliver(_done: Future[Any]) -> None:
            # Only numbers cross threads; the result is taken from the future on the UI
            # thread (Python objects in queued signals from a plain thread are not safe).
            try:
                delivery.arrived.emit(generation, kind)
            except RuntimeError:
                pass  # the list was closed while it was read

        future.add_done_callback(deliver)

    def replace_row(self, row: ServiceRow) -> bool:
        """A changed service shown in place (its line keeps its position until the next load)."""
        for i, old in enumerate(self._rows):
            if old.id == row.id:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
                return True
        return False

    @property
    def rows(self) -> list[ServiceRow]:
        return list(self._rows)

    def row_at(self, row: int) -> ServiceRow:
        return self._rows[row]

    def row_of(self, service_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == service_id), -1)

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def is_fetching(self) -> bool:
        return self._pending

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    # -- fetching more
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._pending and self._fetch is not None and self.has_more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        self._pending = True
        fetch, offset = self._fetch, len(self._rows)
        self._submit(PAGE, lambda: fetch(offset))

    def on_delivery_arrived(self, generation: int, kind: int) -> None:
        if generation != self._generation:
            return  # read for a list that has since been reloaded (or dropped unread)
        future = self._futures.pop(kind, None)
        if future is None or future.cancelled():
            return
        if kind == PAGE:
            self._pending = False
        error = future.exception()
        if error is not None:
            # Read in the background, for a list the person may have left (a logout, another
            # data file): no message box; the list stops growing and the count line stays blank.
            _logger.info("resource list: a background read failed: %r", error)
            if kind == PAGE:
                self.has_more = False
            return
        if kind == COUNT:
            counted: ServiceCount = future.result()
            self.count, self.total = counted.count, counted.total
            self.counted.emit()
            return
        page: ServicePage = future.result()
        known = {r.id for r in self._rows}
        new = [r for r in page.rows if r.id not in known]  # a change between pages may shift one
        self.has_more = page.has_more and bool(new)
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()

    def wait_for_count(self) -> None:
        """Block until the count is in (tests and benchmarks; the window never waits)."""
        if self._count_timer.isActive():
            self._count_timer.stop()
            self.on_count_timer_timeout()
        future = self._futures.get(COUNT)
        if future is not None:
            future.exception()
            self.on_delivery_arrived(self._generation, COUNT)


    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Only the loaded rows are here: the order is the database's, so the tab reloads.
        self.sort_requested.emit(column, order)
