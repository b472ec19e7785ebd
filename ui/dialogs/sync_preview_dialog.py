"""What an import would do, before anything changes: per kind of record, how many are new,
changed, deleted or in conflict, and which packages were already taken in.

The person reads it and presses 가져오기 or 취소; the numbers come from
``app.sync.preview_package``, which verified every package without writing.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout,
                               QWidget)

from app.sync import ImportPreview
from ui import appearance
from ui.i18n import language, tr
from app.areas import tables as area_tables
from ui.labels import table_word, when
from ui.table_model import RIGHT, Column, RowStyle, TableModel

CONFLICT_BACKGROUND = QColor("#fff4d6")


@dataclass(frozen=True)
class TableCounts:
    table: str
    new: int
    updated: int
    deleted: int
    conflicts: int


def _count(attr: str):  # type: ignore[no-untyped-def]
    return lambda r, _l: f"{getattr(r, attr):,}" if getattr(r, attr) else "-"


COLUMNS = (
    Column("table", "종류", "Kind", lambda r, lang: table_word(r.table, lang)),
    Column("new", "새로", "New", _count("new"), sort_key=lambda r: r.new, align=RIGHT),
    Column("updated", "바뀜", "Changed", _count("updated"), sort_key=lambda r: r.updated, align=RIGHT),
    Column("deleted", "삭제", "Deleted", _count("deleted"), sort_key=lambda r: r.deleted, align=RIGHT),
    Column("conflicts", "충돌", "Conflicts", _count("conflicts"), sort_key=lambda r: r.conflicts, align=RIGHT),
)


def table_counts(preview: ImportPreview) -> list[TableCounts]:
    """The packages' counts added up per table, in the order the screen lists kinds."""
    totals: dict[str, dict[str, int]] = {}
    for package in preview.packages:
        for table, counts in package.tables.items():
            into = totals.setdefault(table, {})
            for what, n in counts.items():
                into[what] = into.get(what, 0) + n
    order = list(area_tables())
    rows = [TableCounts(t, c.get("new", 0), c.get("updated", 0), c.get("deleted", 0), c.get("conflicts", 0))
            for t, c in totals.items()]
    rows = [r for r in rows if r.new or r.updated or r.deleted or r.conflicts]
    return sorted(rows, key=lambda r: order.index(r.table) if r.table in order else len(order))


def package_line(package) -> str:  # type: ignore[no-untyped-def]
    status = {"apply": tr("가져올 것"), "replay": tr("이미 가져온 꾸러미"),
              "stale": tr("더 새 꾸러미를 이미 가져옴")}.get(package.status, package.status)
    # A council is known by its name; the ten-digit code only when this PC never enrolled it.
    sender = package.sender_name or package.sender_council
    return tr("{file} — 보낸 곳 {sender}, 만든 때 {created} ({status})").format(
        file=package.path.name, sender=sender, created=when(package.created_at), status=status)


CONFLICTS_SHOWN = 10


def conflict_lines(preview: ImportPreview) -> list[str]:
    """Which records are in conflict, by kind and name (an unnamed record by its kind only)."""
    records = [r for p in preview.packages for r in p.conflict_records]
    lines = [f"· {table_word(t, language())} {name}".rstrip() for t, name in records[:CONFLICTS_SHOWN]]
    if len(records) > CONFLICTS_SHOWN:
        lines.append(tr("… 외 {n}건").format(n=len(records) - CONFLICTS_SHOWN))
    return lines


class SyncPreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, preview: ImportPreview) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(tr("가져오기 전에 확인"))
        self.packages_label = QLabel("\n".join(package_line(p) for p in preview.packages))
        self.packages_label.setWordWrap(True)
        self.summary = QLabel(self.summary_text())
        self.summary.setWordWrap(True)
        appearance.emphasise(self.summary)
        conflicts = conflict_lines(preview)
        self.conflicts_label = QLabel("\n".join([tr("충돌하는 기록:")] + conflicts) if conflicts else "")
        self.conflicts_label.setWordWrap(True)
        self.conflicts_label.setVisible(bool(conflicts))
        self.model = TableModel(COLUMNS, table_counts(preview),
                                style=lambda r: RowStyle(background=CONFLICT_BACKGROUND) if r.conflicts else None,
                                parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(72)
        self.table.setVisible(bool(self.model.rowCount()))
        self.note = QLabel(tr("가져오기 전에 지금 데이터를 자동으로 백업합니다. 양쪽에서 고친 기록은 덮어쓰지 않고 충돌로 남겨, 나중에 하나씩 정합니다."))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(tr("가져오기"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(tr("취소"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(not preview.nothing_to_do)
        (self.cancel_button if preview.nothing_to_do else self.import_button).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.packages_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def summary_text(self) -> str:
        p = self.preview
        if p.nothing_to_do:
            return tr("새로 가져올 것이 없습니다. 이미 가져온 꾸러미입니다.")
        text = tr("새로 {new}건, 바뀜 {updated}건, 삭제 {deleted}건").format(new=p.new, updated=p.updated, deleted=p.deleted)
        if p.conflicts:
            text += tr(", 충돌 {n}건").format(n=p.conflicts)
        return text
