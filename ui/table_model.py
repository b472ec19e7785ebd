"""One table model for every list, driven by a column spec, and its sort/filter proxy.

Each list declares its columns once (Electrum's pattern): key, Korean and English header,
how to show a cell, how to sort it, and its alignment. The model holds a list of frozen
views from ``app/``; the proxy sorts by the column's sort key (Korean text through
``QCollator``, so 가나다 order and 제2차 < 제10차) and filters with a per-row matcher
(by default every typed word must appear in the row's search text).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (QAbstractTableModel, QCollator, QLocale, QModelIndex, QObject,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt)
from PySide6.QtGui import QColor

from ui.i18n import language

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    key: str
    ko: str
    en: str
    display: Callable[[T, str], str]
    sort_key: Callable[[T], Any] | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[T, str], str] | None = None

    def header(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class RowStyle:
    """How a row stands out: a soft background for attention, grey text for the past."""

    background: QColor | None = None
    foreground: QColor | None = None


class ColumnTableModel(QAbstractTableModel, Generic[T]):
    """What every table of the window shows from its declared columns: the cells, their
    alignment, tooltips, row colours and the header. A subclass holds ``columns``,
    ``_rows`` (what is loaded) and ``_style``."""

    columns: tuple[Column[T], ...]
    _rows: list[T]
    _style: Callable[[T], RowStyle | None] | None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(item, language())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align.value)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(item, language()) or None
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and self._style:
            style = self._style(item)
            if style is None:
                return None
            return style.background if role == Qt.ItemDataRole.BackgroundRole else style.foreground
        if role == OBJECT_ROLE:
            return item
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header(language())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.columns[section].align.value)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TableModel(ColumnTableModel[T]):
    def __init__(self, columns: Sequence[Column[T]], rows: Sequence[T] = (),
                 search_text: Callable[[T], str] | None = None,
                 style: Callable[[T], RowStyle | None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column[T], ...] = tuple(columns)
        self._rows: list[T] = list(rows)
        self._search_text_fn = search_text
        self._search_cache: list[str] | None = None
        self._style = style

    # -- contents
    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search_cache = None
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def sort_value(self, row: int, column: int) -> Any:
        col = self.columns[column]
        item = self._rows[row]
        if col.sort_key is not None:
            return col.sort_key(item)
        return col.display(item, language())

    def search_text(self, row: int) -> str:
        """Lower-case text that the search box looks in; computed once per load."""
        if self._search_cache is None:
            fn = self._search_text_fn or (
                lambda item: " ".join(c.display(item, language()) for c in self.columns))
            self._search_cache = [fn(item).lower() for item in self._rows]
        return self._search_cache[row]

    def set_style(self, style: Callable[[T], RowStyle | None] | None) -> None:
        self._style = style
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def retranslate(self) -> None:
        """Headers and coded labels follow the language without losing the selection."""
        self._search_cache = None
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))



def _compare(collator: QCollator, a: Any, b: Any) -> int:
    """Three-way compare of sort keys: text by collation, tuples element by element, None last."""
    if a is None or b is None:
        return (a is None) - (b is None)
    if isinstance(a, str) and isinstance(b, str):
        return collator.compare(a, b)
    if isinstance(a, tuple) and isinstance(b, tuple):
        for x, y in zip(a, b):
            result = _compare(collator, x, y)
            if result:
                return result
        return len(a) - len(b)
    try:
        return -1 if a < b else (1 if b < a else 0)
    except TypeError:
        return collator.compare(str(a), str(b))


class FilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key and keeps the rows whose text matches the query."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._collator = QCollator(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
        self._collator.setNumericMode(True)
        self._collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._query = ""
        self._words: list[str] = []
        self._matcher: Callable[[Any, str], bool] | None = None
        self.setSortRole(SORT_ROLE)

    def source(self) -> TableModel:
        model = self.sourceModel()
        assert isinstance(model, TableModel)
        return model

    def set_matcher(self, matcher: Callable[[Any, str], bool] | None) -> None:
        """Use a domain rule (e.g. ``app.members.member_matches``) instead of the search text."""
        self._matcher = matcher
        self._refilter()

    def set_query(self, text: str) -> None:
        text = text.strip()
        if text == self._query:
            return
        self._query = text
        self._words = text.lower().split()
        self._refilter()

    @property
    def query(self) -> str:
        return self._query

    def _refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.source()
        if self._matcher is not None:
            return self._matcher(model.row_at(source_row), self._query)
        text = model.search_text(source_row)
        return all(word in text for word in self._words)

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.source()
        a = model.sort_value(left.row(), left.column())
        b = model.sort_value(right.row(), right.column())
        return _compare(self._collator, a, b) < 0

    def row_object(self, proxy_row: int) -> Any:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.source().row_at(source.row()) if source.isValid() else None

    def proxy_row_of(self, predicate: Callable[[Any], bool]) -> int:
        for row in range(self.rowCount()):
            if predicate(self.row_object(row)):
                return row
        return -1
