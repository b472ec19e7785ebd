"""접속기록 보기 (administrators): who did what to whose data, with filters and an Excel copy.

Filters go to ``read_access_log`` (in SQL); each look at the log is itself logged there.
Times are shown in the PC's local time.
"""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from app.reports.excel_access_log import local_time
from app.security.audit import ACTIONS, AccessLogFilter, AccessLogRow, read_access_log
from ui import appearance, clock, file_actions, messages, ops
from ui.i18n import language, tr
from ui.state import AppState
from ui.table_model import Column, TableModel
from ui.widgets import DateEdit

def _action(row: AccessLogRow, lang: str) -> str:
    ko, en = ACTIONS.get(row.action, (row.action, row.action))
    return ko if lang == "ko" else en


# Words an auditor reads: whose record and what happened (app.security.log_words); the
# stored id and the raw entry stay reachable in the last column and the tooltip.
LOG_COLUMNS: tuple[Column[AccessLogRow], ...] = (
    Column("at", "일시", "Time", lambda r, _l: local_time(r.at).strftime("%Y-%m-%d %H:%M:%S"), sort_key=lambda r: r.id),
    Column("account", "계정", "Account", lambda r, _l: r.account),
    Column("action", "작업", "Action", _action),
    Column("target", "대상", "Target", lambda r, lang: r.target_text(lang)),
    Column("details", "내용", "Details", lambda r, lang: r.details_text(lang), tooltip=lambda r, _l: r.details),
    Column("machine", "접속 컴퓨터", "Computer", lambda r, _l: r.machine),
    Column("target_id", "대상 ID", "Target ID", lambda r, _l: r.target_id),
)


class AccessLogDialog(QDialog):
    def __init__(self, parent: QWidget | None, state: AppState, accounts: list[str] | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[AccessLogRow] = []
        self.setWindowTitle(tr("접속기록 보기"))

        today = clock.today()
        self.use_period = QCheckBox(tr("기간"))
        self.use_period.setChecked(True)
        self.since = DateEdit(today - timedelta(days=30))
        self.until = DateEdit(today)
        self.use_period.toggled.connect(self.since.setEnabled)
        self.use_period.toggled.connect(self.until.setEnabled)
        self.account = QComboBox()
        self.account.addItem(tr("모든 계정"), "")
        for username in accounts or []:
            self.account.addItem(username, username)
        self.action = QComboBox()
        self.action.addItem(tr("모든 작업"), "")
        lang = language()
        for code, (ko, en) in ACTIONS.items():
            self.action.addItem(ko if lang == "ko" else en, code)
        self.target_id = QLineEdit()
        self.target_id.setPlaceholderText(tr("이름(일부) 또는 ID"))
        self.target_id.setClearButtonEnabled(True)
        self.search_button = QPushButton(tr("조회"))
        appearance.emphasise(self.search_button)
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.refresh)

        filters = QGridLayout()
        filters.addWidget(self.use_period, 0, 0)
        period = QHBoxLayout()
        period.addWidget(self.since)
        period.addWidget(QLabel("~"))
        period.addWidget(self.until)
        period.addStretch(1)
        filters.addLayout(period, 0, 1)
        filters.addWidget(QLabel(tr("계정")), 0, 2)
        filters.addWidget(self.account, 0, 3)
        filters.addWidget(QLabel(tr("작업")), 1, 0)
        filters.addWidget(self.action, 1, 1)
        filters.addWidget(QLabel(tr("대상")), 1, 2)
        filters.addWidget(self.target_id, 1, 3)
        filters.addWidget(self.search_button, 0, 4, 2, 1)
        filters.setColumnStretch(3, 1)

        self.model: TableModel[AccessLogRow] = TableModel(LOG_COLUMNS, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count_label = QLabel()
        self.export_button = QPushButton(tr("엑셀로 내보내기…"))
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.on_export_button_clicked)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        close = QDialogButtonBox()
        close.addButton(tr("닫기"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1120, 620)
        self.refresh()

    def current_filter(self) -> AccessLogFilter:
        period = self.use_period.isChecked()
        return AccessLogFilter(since=self.since.value() if period else None,
                               until=self.until.value() if period else None,
                               account=self.account.currentData() or "",
                               action=self.action.currentData() or "",
                               target=self.target_id.text().strip())

    def refresh(self) -> None:
        rows = ops.run(self, read_access_log, self.state.db.session_factory, self.state.db.actor,
                       self.current_filter())
        self.rows = rows or []
        self.model.set_rows(self.rows)
        self.table.resizeColumnsToContents()
        details = next(i for i, c in enumerate(LOG_COLUMNS) if c.key == "details")
        self.table.setColumnWidth(details, min(self.table.columnWidth(details), 420))
        self.count_label.setText(tr("{n}건").format(n=len(self.rows)))
        self.export_button.setEnabled(bool(self.rows))

    def on_export_button_clicked(self) -> None:
        from app.reports.excel_access_log import export_access_log

        stamp = clock.today().isoformat().replace("-", "")
        path = file_actions.ask_save_path(self, tr("엑셀로 내보내기"), f"{tr('접속기록')}_{stamp}.xlsx",
                                          file_actions.EXCEL_FILTER)
        if path is None:
            return
        written = ops.run(self, export_access_log, self.state.db, self.rows, path)
        if written is not None:
            messages.file_saved(self, written)
