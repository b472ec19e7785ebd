"""City mode: every enrolled council device, with its last package, and 등록 취소 for a
lost or replaced device (after a confirmation; its later packages are refused)."""
from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout,
                               QWidget)

from app import sync
from app.security.permissions import Permission
from app.sync import SiteView
from ui import messages, ops
from ui.i18n import tr
from ui.state import AppState
from ui.labels import status_word, when
from ui.table_model import Column, RowStyle, TableModel

COLUMNS = (
    Column("council", "협의체", "Council", lambda s, _l: f"{s.council_name} ({s.council_code})",
           sort_key=lambda s: (s.council_name, s.council_code)),
    Column("status", "상태", "Status", lambda s, _l: status_word(s.status)),
    Column("enrolled_at", "등록한 때", "Enrolled", lambda s, _l: when(s.enrolled_at), sort_key=lambda s: s.enrolled_at),
    Column("last_package_at", "마지막 꾸러미", "Last package", lambda s, _l: when(s.last_package_at) or "-",
           sort_key=lambda s: s.last_package_at),
    Column("device", "기기 ID", "Device id", lambda s, _l: s.device_id[:8], tooltip=lambda s, _l: s.device_id),
)


class SitesDialog(QDialog):
    def __init__(self, parent: QWidget | None, state: AppState) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(tr("협의체·기기 목록"))
        intro = QLabel(tr("등록한 협의체 기기와 마지막으로 받은 꾸러미입니다. 잃어버린 기기는 [등록 취소]하세요."))
        intro.setWordWrap(True)
        self.model: TableModel[SiteView] = TableModel(
            COLUMNS, style=lambda s: RowStyle(foreground=QColor("#888")) if s.status == "revoked" else None, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_buttons())
        self.buttons = QDialogButtonBox()
        self.revoke_button = self.buttons.addButton(tr("등록 취소…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(tr("닫기"), QDialogButtonBox.ButtonRole.RejectRole)
        self.revoke_button.clicked.connect(self.on_revoke_button_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(960, 400)

    def load(self) -> bool:
        sites = ops.run(self, sync.list_sites, self.state.db)
        if sites is None:
            return False
        self.model.set_rows([s for s in sites if s.role == "council"])
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.update_buttons()
        return True

    def current(self) -> SiteView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def update_buttons(self) -> None:
        site = self.current()
        actor = self.state.db.actor
        allowed = actor is not None and actor.can(Permission.SYNC_ENROLL)
        self.revoke_button.setEnabled(allowed and site is not None and site.status != "revoked")

    def on_revoke_button_clicked(self) -> None:
        site = self.current()
        if site is None:
            return
        question = tr("{name}의 기기({device}) 등록을 취소합니다.\n이 기기가 보내는 꾸러미는 더 이상 받지 않습니다. 되돌릴 수 없습니다.").format(
            name=site.council_name, device=site.device_id[:8])
        if not messages.confirm(self, tr("등록 취소"), question, yes=tr("등록 취소합니다")):
            return
        if ops.run(self, sync.enroll_revoke, self.state.db, site.device_id) is not None:
            self.load()
