"""첨부: files kept with the meeting (a signed attendance sheet, handouts, photos), with
add, 다른 이름으로 저장 and delete. Files stay attachable after the minutes are approved."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.areas import Change
from app.meetings.attachments import add_attachment, delete_attachment, save_attachment_as
from app.meetings.core import AttachmentView, MeetingDetail
from ui import appearance, clock, messages, ops
from ui.i18n import tr, trf
from ui.table_model import TableModel
from ui.tabs.base import make_table
from ui.tabs.meetings.columns import ATTACHMENT_COLUMNS
from ui.tabs.meetings.section import Access, MeetingHost, MeetingSection


class AttachmentsSection(MeetingSection):
    def __init__(self, host: MeetingHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        row = QHBoxLayout()
        self.add_buttons(row, (("add_attachment", self.on_add_attachment_clicked),
                               ("save_attachment", self.on_save_attachment_clicked),
                               ("delete_attachment", self.on_delete_attachment_clicked)))
        row.addStretch(1)
        self.attachment_model: TableModel[AttachmentView] = TableModel(ATTACHMENT_COLUMNS, parent=self)
        self.attachment_table = make_table(self.attachment_model)
        self.attachment_table.selectionModel().currentRowChanged.connect(lambda *_: host.update_controls())
        self.attachments_note = QLabel()
        self.attachments_note.setWordWrap(True)
        self.attachments_note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.attachment_table, 1)
        layout.addWidget(self.attachments_note)

    def retranslate_ui(self) -> None:
        texts = {"add_attachment": tr("파일 추가…"), "save_attachment": tr("다른 이름으로 저장…"),
                 "delete_attachment": tr("삭제")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.attachment_model.retranslate()

    def fit_rows(self) -> None:
        appearance.fit_rows(self.attachment_table)

    def update_controls(self, access: Access) -> None:
        attachment = self.current_attachment()
        self.buttons["add_attachment"].setEnabled(access.can_edit and self.detail is not None)
        self.buttons["save_attachment"].setEnabled(attachment is not None)
        self.buttons["delete_attachment"].setEnabled(access.can_edit and attachment is not None)

    def current_attachment(self) -> AttachmentView | None:
        index = self.attachment_table.currentIndex()
        model = self.attachment_model
        return model.row_at(index.row()) if index.isValid() and index.row() < model.rowCount() else None

    def show_detail(self, detail: MeetingDetail | None) -> None:
        if detail is None:
            self.attachment_model.set_rows([])
            return
        self.attachment_model.set_rows(list(detail.attachments))
        self.attachment_table.resizeColumnsToContents()
        self.attachments_note.setText(
            tr("서명한 출석부 스캔본, 배포 자료, 사진 등을 20MB까지 첨부할 수 있습니다.") if not detail.attachments
            else tr("첨부파일 {n}개").format(n=len(detail.attachments)))

    # ---------------------------------------------------------------- slots
    def on_add_attachment_clicked(self) -> None:
        if self.detail is None:
            return
        from ui import file_actions

        path = file_actions.ask_open_path(self, tr("첨부할 파일 고르기"), tr("모든 파일") + " (*)")
        if path is not None:
            ops.run(self, add_attachment, self.state.uow(), self.detail.meeting.id, path, clock.today(),
                    changes={Change.MEETINGS})

    def on_save_attachment_clicked(self) -> None:
        attachment = self.current_attachment()
        if attachment is None:
            return
        from ui import file_actions

        start = str(file_actions.documents_dir() / attachment.filename)
        chosen, _ = QFileDialog.getSaveFileName(self, tr("다른 이름으로 저장"), start, tr("모든 파일") + " (*)")
        if not chosen:
            return
        written = ops.run(self, save_attachment_as, self.state.uow(), attachment.id, Path(chosen))
        if written is not None:
            messages.file_saved(self, Path(written))

    def on_delete_attachment_clicked(self) -> None:
        attachment = self.current_attachment()
        if attachment is None:
            return
        question = trf("첨부파일 '{name}'을(를) 삭제합니다.", name=attachment.filename)
        if messages.confirm(self, tr("첨부파일 삭제"), question, yes=tr("삭제합니다")):
            ops.attempt(self, delete_attachment, self.state.uow(), attachment.id, changes={Change.MEETINGS})
