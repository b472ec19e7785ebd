"""충돌 해결: records changed on two devices since they last agreed, settled field by field.

The list on the left names each record in plain words ("위원 홍길동"); on the right, every
field that differs shows 내 값 and 받은 값 and a choice: 내 것 유지, 받은 것, or — only for
free text the domain can join — 둘 다. 해결 calls ``app.sync.resolve_conflict`` once.
A check box shows the resolved history instead.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QSplitter, QTableView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app import sync
from app.errors import field_label
from app.sync import BOTH, MINE, THEIRS, ConflictView
from ui import appearance, ops
from ui.i18n import N_, language, tr
from ui.state import AppState
from app.areas import Change
from ui.labels import record_name, table_word, when
from ui.table_model import Column, TableModel

CHOICE_TEXT = {MINE: N_("내 것 유지"), THEIRS: N_("받은 것"), BOTH: N_("둘 다")}
CHOICES = tuple(CHOICE_TEXT.items())


def shown(value: Any) -> str:
    if value is None or value == "":
        return tr("(비어 있음)")
    if isinstance(value, bool):
        return tr("예") if value else tr("아니오")
    return str(value)


class ConflictsDialog(QDialog):
    def __init__(self, parent: QWidget | None, state: AppState) -> None:
        super().__init__(parent)
        self.state = state
        self._names: dict[str, str] = {}
        self.setWindowTitle(tr("충돌 해결"))
        self.intro = QLabel(tr("두 곳에서 같은 기록을 서로 다르게 고쳤습니다. 항목마다 어느 값을 남길지 고른 뒤 [해결]을 누르세요."))
        self.intro.setWordWrap(True)

        columns = (
            Column("record", "기록", "Record", self._record_text),
            Column("created_at", "받은 때", "Received", lambda c, _l: when(c.created_at),
                   sort_key=lambda c: c.created_at),
            Column("status", "상태", "Status", self._status_text),
        )
        self.model: TableModel[ConflictView] = TableModel(columns, parent=self)
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.selectionModel().currentRowChanged.connect(lambda _c, _p: self.on_list_currentRowChanged())

        self.fields = QTableWidget(0, 4)
        self.fields.setHorizontalHeaderLabels([tr("항목"), tr("내 값"), tr("받은 값"), tr("남길 값")])
        self.fields.verticalHeader().hide()
        # Long notes wrap onto more lines instead of being cut with "…".
        self.fields.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.fields.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.fields.setWordWrap(True)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.detail_title = QLabel()
        appearance.emphasise(self.detail_title)
        self.empty = QLabel(tr("남은 충돌이 없습니다."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #555; padding: 24px;")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.fields, 1)
        right_layout.addWidget(self.empty)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.history_box = QCheckBox(tr("해결한 기록도 보기"))
        self.history_box.toggled.connect(lambda _on: self.load())
        self.buttons = QDialogButtonBox()
        self.resolve_button = self.buttons.addButton(tr("해결"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.close_button = self.buttons.addButton(tr("닫기"), QDialogButtonBox.ButtonRole.RejectRole)
        self.resolve_button.clicked.connect(self.on_resolve_button_clicked)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.history_box)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.choice_boxes: dict[str, QComboBox] = {}
        self.resize(1000, 520)

    # ---------------------------------------------------------------- texts
    def _record_text(self, c: ConflictView, lang: str) -> str:
        name = self._names.get(c.id, "")
        return f"{table_word(c.table_name, lang)} {name}".strip()

    def _status_text(self, c: ConflictView, _lang: str) -> str:
        if c.status == "open":
            return tr("정할 것")
        if c.status == "superseded":
            return tr("다른 곳에서 해결됨")
        return tr("해결함 ({when})").format(when=when(c.resolved_at))

    # ---------------------------------------------------------------- loading
    def load(self) -> bool:
        """Fill the list; False (with the refusal shown) when the account may not."""
        rows = ops.run(self, sync.list_conflicts, self.state.uow(), include_closed=self.history_box.isChecked())
        if rows is None:
            return False
        self._names = {c.id: self._name_of(c) for c in rows}
        current = self.current()
        self.model.set_rows(rows)
        self.list.resizeColumnsToContents()
        row = next((i for i, c in enumerate(rows) if current is not None and c.id == current.id), 0)
        if rows:
            self.list.selectRow(row)
        self.on_list_currentRowChanged()
        return True

    def _name_of(self, c: ConflictView) -> str:
        for diff in c.fields:
            if diff.name in ("name", "title") and isinstance(diff.mine, str) and diff.mine:
                return diff.mine
        return record_name(self.state, c.table_name, c.record_id)

    def current(self) -> ConflictView | None:
        index = self.list.currentIndex() if hasattr(self, "list") else None
        if index is None or not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def on_list_currentRowChanged(self) -> None:
        conflict = self.current()
        self.choice_boxes = {}
        self.fields.setRowCount(0)
        has = conflict is not None
        self.fields.setVisible(has)
        self.detail_title.setVisible(has)
        self.empty.setVisible(not has)
        self.empty.setText(tr("남은 충돌이 없습니다."))
        self.resolve_button.setEnabled(has and conflict.status == "open")
        if conflict is None:
            return
        self.detail_title.setText(self._record_text(conflict, language()))
        lang = language()
        self.fields.setRowCount(len(conflict.fields))
        for row, diff in enumerate(conflict.fields):
            label = QTableWidgetItem(field_label(diff.name, lang))
            self.fields.setItem(row, 0, label)
            self.fields.setItem(row, 1, QTableWidgetItem(shown(diff.mine)))
            self.fields.setItem(row, 2, QTableWidgetItem(shown(diff.theirs)))
            if conflict.status == "open":
                box = QComboBox()
                for value, text in CHOICES:
                    if value != BOTH or diff.can_keep_both:
                        box.addItem(tr(text), value)
                self.fields.setCellWidget(row, 3, box)
                self.choice_boxes[diff.name] = box
            else:
                chosen = conflict.choices.get(diff.name, "")
                self.fields.setItem(row, 3, QTableWidgetItem(tr(CHOICE_TEXT[chosen]) if chosen in CHOICE_TEXT else ""))

    # ---------------------------------------------------------------- resolving
    def set_choice(self, field_name: str, choice: str) -> None:
        box = self.choice_boxes[field_name]
        box.setCurrentIndex(box.findData(choice))

    def choices(self) -> dict[str, str]:
        return {name: box.currentData() for name, box in self.choice_boxes.items()}

    def on_resolve_button_clicked(self) -> None:
        conflict = self.current()
        if conflict is None or conflict.status != "open":
            return
        done = ops.run(self, sync.resolve_conflict, self.state.uow(), conflict.id, self.choices(),
                       changes={Change.ALL})
        if done is not None:
            self.load()
