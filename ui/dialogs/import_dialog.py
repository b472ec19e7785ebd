"""Preview of an Excel import: what will come in, and each problem by row and column.

Nothing is written until the user chooses: 모두 가져오기 (only when there is no error) or
올바른 행만 가져오기 (after a confirmation that the wrong rows are left out).
"""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from app.errors import FieldError, field_label
from ui import messages
from ui.i18n import language, tr
from ui.signals import app_signals
from ui.table_model import CENTER, Column, TableModel

ERROR_COLUMNS: tuple[Column[FieldError], ...] = (
    Column("row", "행", "Row", lambda e, l: "" if e.row is None else str(e.row), lambda e: e.row, CENTER),
    Column("field", "열", "Column", lambda e, l: field_label(e.field, l)),
    # The message without the "3행 '성명' 열:" prefix, since the row and column have their own cells.
    Column("message", "내용", "Problem", lambda e, l: FieldError(e.field, e.code, e.params).message(l),
           tooltip=lambda e, l: e.message(l)),
)


def _count(value: object) -> int:
    try:
        return len(value)  # type: ignore[arg-type]
    except TypeError:
        return int(value) if isinstance(value, int) else 0


class ImportDialog(QDialog):
    def __init__(self, parent: QWidget | None, plan: object) -> None:
        super().__init__(parent)
        self.plan = plan
        self.choice: str | None = None
        self.errors: list[FieldError] = list(getattr(plan, "errors", []) or [])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: TableModel[FieldError] = TableModel(ERROR_COLUMNS, self.errors, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.all_button = QPushButton()
        self.valid_button = QPushButton()
        self.cancel_button = QPushButton()
        self.all_button.clicked.connect(self.on_all_button_clicked)
        self.valid_button.clicked.connect(self.on_valid_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.valid_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(760, 460)

        self.valid_count = _count(getattr(plan, "valid_rows", []))
        self.invalid_count = _count(getattr(plan, "invalid_rows", []))
        self.all_button.setEnabled(not self.errors and self.valid_count > 0)
        self.valid_button.setEnabled(bool(self.errors) and self.valid_count > 0)
        self.table.setVisible(bool(self.errors))
        self.cancel_button.setDefault(True)
        app_signals().language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(tr("엑셀에서 가져오기"))
        self.all_button.setText(tr("모두 가져오기"))
        self.valid_button.setText(tr("올바른 행만 가져오기"))
        self.cancel_button.setText(tr("취소"))
        text = tr("가져올 수 있는 행 {valid}개, 잘못된 행 {invalid}개.").format(
            valid=self.valid_count, invalid=self.invalid_count)
        if self.errors:
            text += " " + tr("아래 문제를 엑셀에서 고친 뒤 다시 가져오거나, 올바른 행만 가져오세요.")
        else:
            text += " " + tr("문제가 없습니다.")
        self.summary.setText(text)
        self.model.retranslate()
        _ = language()

    def on_all_button_clicked(self) -> None:
        question = tr("위원 {n}명을 가져옵니다. 계속할까요?").format(n=self.valid_count)
        if messages.confirm(self, tr("가져오기 확인"), question, yes=tr("가져옵니다"), destructive=False):
            self.choice = "all"
            self.accept()

    def on_valid_button_clicked(self) -> None:
        question = tr("올바른 행 {valid}개만 가져오고, 잘못된 행 {invalid}개는 빼 놓습니다. 계속할까요?").format(
            valid=self.valid_count, invalid=self.invalid_count)
        if messages.confirm(self, tr("가져오기 확인"), question, yes=tr("올바른 행만 가져옵니다")):
            self.choice = "valid"
            self.accept()
