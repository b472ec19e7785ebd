"""백업하기 and 백업에서 복원 (the 파일 menu).

A manual backup goes to a folder the person picks, by default a USB stick when one is
plugged in. A restore replaces the open data file with a backup; the person then logs in
again, since the restored file may have other accounts and passwords.
"""
from __future__ import annotations

import getpass
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from app.errors import AppError
from ui import ops
from ui import file_actions, messages
from ui.errors import show_error
from ui.i18n import tr
from ui.state import AppState
from ui.table_model import RIGHT, Column, TableModel

# The reasons app.backup writes into file names.
REASONS = {"manual": ("직접 백업", "Manual"), "auto": ("자동 백업", "Automatic"),
           "before-restore": ("복원 전", "Before restore"), "before-import": ("가져오기 전", "Before import")}


def removable_folder() -> Path | None:
    """A mounted USB stick or external disk (Linux mounts them under /media or /run/media)."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001
        user = ""
    for root in (Path("/media") / user, Path("/run/media") / user, Path("/media")):
        try:
            mounts = sorted(p for p in root.iterdir() if p.is_dir() and p.name != user)
        except OSError:
            continue
        if mounts:
            return mounts[0]
    return None


def backup_now(parent: QWidget | None, state: AppState) -> Path | None:
    from app import backup as module

    start = removable_folder() or file_actions.documents_dir()
    chosen = QFileDialog.getExistingDirectory(parent, tr("백업할 폴더 고르기 (USB 등)"), str(start))
    if not chosen:
        return None
    try:
        written = ops.call(module.backup_now, state.db, Path(chosen), reason="manual")
    except AppError as error:
        show_error(parent, error)
        return None
    except OSError as error:
        messages.warn(parent, tr("백업 파일을 쓸 수 없습니다. USB가 꽂혀 있는지, 남은 공간이 있는지 확인하세요.") + f"\n{error}")
        return None
    messages.inform(parent, tr("백업했습니다. 백업 파일과 같은 이름의 .keys 파일을 함께 보관하세요.") + f"\n{written}",
                    tr("백업"))
    return Path(written)


def _reason(info, lang: str) -> str:  # type: ignore[no-untyped-def]
    ko, en = REASONS.get(info.reason, (info.reason, info.reason))
    return ko if lang == "ko" else en


def _size(info, _lang: str) -> str:  # type: ignore[no-untyped-def]
    return f"{max(1, round(info.size / 1024)):,} KB"


def _created(info, _lang: str) -> str:  # type: ignore[no-untyped-def]
    at = info.created_at
    return at.strftime("%Y-%m-%d %H:%M") if isinstance(at, datetime) else str(at)


BACKUP_COLUMNS = (
    Column("created_at", "만든 때", "Made", _created, sort_key=lambda i: str(i.created_at)),
    Column("reason", "종류", "Kind", _reason),
    Column("size", "크기", "Size", _size, sort_key=lambda i: i.size, align=RIGHT),
    Column("path", "파일", "File", lambda i, _l: Path(i.path).name, tooltip=lambda i, _l: str(i.path)),
)


class RestoreDialog(QDialog):
    """The backups of this data file, newest first, or any other backup file."""

    def __init__(self, parent: QWidget | None, backups: list) -> None:  # type: ignore[type-arg]
        super().__init__(parent)
        self.chosen: Path | None = None
        self.setWindowTitle(tr("백업에서 복원"))
        intro = QLabel(tr("되돌릴 백업을 고르세요. 지금 데이터 파일은 복원하기 전에 따로 백업해 둡니다."))
        intro.setWordWrap(True)
        self.model = TableModel(BACKUP_COLUMNS, sorted(backups, key=lambda i: str(i.created_at), reverse=True),
                                parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self.empty = QLabel(tr("이 데이터 파일의 백업이 아직 없습니다. [다른 파일 선택…]으로 USB 등의 백업 파일을 고르세요."))
        self.empty.setWordWrap(True)
        self.empty.setVisible(not backups)
        self.other_button = QPushButton(tr("다른 파일 선택…"))
        self.other_button.clicked.connect(self.on_other_button_clicked)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(tr("복원"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("취소"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.setEnabled(bool(backups))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        if backups:
            self.table.selectRow(0)
        self.resize(720, 420)

    def on_other_button_clicked(self) -> None:
        path = file_actions.ask_open_path(self, tr("백업 파일 고르기"), file_actions.DB_FILTER)
        if path is not None:
            self.chosen = path
            super().accept()

    def accept(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self.chosen = Path(self.model.row_at(index.row()).path)
        super().accept()


def restore(parent, state: AppState) -> bool:  # type: ignore[no-untyped-def]
    """Pick a backup, confirm, restore, then ask for a login again (``parent`` is the window)."""
    from app import backup as module

    if state.db_path is None:
        return False  # an in-memory file (tests): nothing to restore
    try:
        backups = module.list_backups(state.db_path)
    except (AppError, OSError):
        backups = []
    dialog = RestoreDialog(parent, list(backups))
    if not dialog.exec() or dialog.chosen is None:
        return False
    question = tr("지금 데이터 파일을 이 백업으로 바꿉니다.\n{file}\n\n백업한 뒤에 입력한 내용은 사라집니다(지금 파일은 따로 보관합니다). 복원한 뒤에는 다시 로그인합니다.").format(
        file=dialog.chosen.name)
    if not messages.confirm(parent, tr("백업에서 복원"), question, yes=tr("복원합니다")):
        return False
    try:
        ops.call(module.restore_backup, state.db, dialog.chosen)
    except AppError as error:
        show_error(parent, error)
        return False
    # The old session ended with the restore; the restored file has its own accounts.
    state.db.actor = None
    relogin = getattr(parent, "relogin", None)
    if relogin is not None:
        relogin(tr("백업에서 복원했습니다. 다시 로그인하세요."))
    return True
