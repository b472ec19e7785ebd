"""안건: the meeting's agenda in order, the selected item with its result, and the actions
on it (add, 후속조치 보고, edit, delete, move, 의결 결과 기록)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QSplitter, QVBoxLayout, QWidget

from app import codes
from app.areas import Change
from app.meetings import codes as mc
from app.meetings.actions import add_follow_up_report
from app.meetings.agenda import delete_agenda_item, move_agenda_item
from app.meetings.core import AgendaItemView, MeetingDetail
from ui import appearance, clock, messages, ops
from ui.i18n import language, tr
from ui.table_model import TableModel
from ui.tabs.base import esc, make_table
from ui.tabs.meetings.columns import AGENDA_COLUMNS, item_number
from ui.tabs.meetings.section import Access, MeetingHost, MeetingSection
from ui.tabs.meetings.widgets import html_lines, rich_label, scrolling, table_html


class ItemsSection(MeetingSection):
    def __init__(self, host: MeetingHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        row = QHBoxLayout()
        self.add_buttons(row, (("add_item", self.on_add_item_clicked),
                               ("follow_up_report", self.on_follow_up_report_clicked),
                               ("edit_item", self.on_edit_item_clicked), ("delete_item", self.on_delete_item_clicked)))
        row.addStretch(1)
        self.item_model: TableModel[AgendaItemView] = TableModel(AGENDA_COLUMNS, parent=self)
        self.item_table = make_table(self.item_model)
        header = self.item_table.horizontalHeader()
        header.setStretchLastSection(False)
        for col in range(len(AGENDA_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.item_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_item())
        self.item_table.activated.connect(lambda _i: self.buttons["vote"].isEnabled() and self.on_vote_clicked())
        # The selected item, with the button that records its result right beside it.
        self.item_detail = rich_label()
        item_pane = QWidget()
        pane_layout = QHBoxLayout(item_pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.addWidget(scrolling(self.item_detail), 1)
        vote_column = QVBoxLayout()
        self.add_buttons(vote_column, (("vote", self.on_vote_clicked),))
        vote_column.addSpacing(12)
        self.add_buttons(vote_column, (("item_up", lambda: self.move_item(-1)), ("item_down", lambda: self.move_item(1))))
        vote_column.addStretch(1)
        pane_layout.addLayout(vote_column)
        appearance.emphasise(self.buttons["vote"])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.item_table)
        splitter.addWidget(item_pane)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([200, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)

    def retranslate_ui(self) -> None:
        texts = {"add_item": tr("안건 추가…"), "edit_item": tr("수정…"), "delete_item": tr("삭제"),
                 "item_up": tr("▲ 순서 위로"), "item_down": tr("▼ 순서 아래로"), "vote": tr("의결 결과 기록…"),
                 "follow_up_report": tr("후속조치 보고 넣기")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.buttons["follow_up_report"].setToolTip(
            tr("앞선 회의에서 정한 후속조치 중 끝나지 않은 것을 보고 안건으로 넣습니다."))
        self.item_model.retranslate()

    def fit_rows(self) -> None:
        appearance.fit_rows(self.item_table)

    def update_controls(self, access: Access) -> None:
        detail, item, open_ = self.detail, self.current_item(), access.open
        enabled = {
            "add_item": open_, "edit_item": open_ and item is not None, "delete_item": open_ and item is not None,
            "item_up": open_ and item is not None and item.seq > 1,
            "item_down": open_ and item is not None and detail is not None and item.seq < len(detail.items),
            "vote": open_ and access.happened and item is not None and item.kind == "resolution",
            "follow_up_report": open_,
        }
        for key, value in enabled.items():
            self.buttons[key].setEnabled(bool(value))

    # ---------------------------------------------------------------- the current item
    def current_item(self) -> AgendaItemView | None:
        index = self.item_table.currentIndex()
        return self.item_model.row_at(index.row()) if index.isValid() and index.row() < self.item_model.rowCount() else None

    def select_item(self, item_id: str) -> bool:
        for row in range(self.item_model.rowCount()):
            if self.item_model.row_at(row).id == item_id:
                self.item_table.selectRow(row)
                return True
        return False

    # ---------------------------------------------------------------- showing
    def show_detail(self, detail: MeetingDetail | None) -> None:
        if detail is None:
            self.item_model.set_rows([])
            return
        keep = self.current_item()
        self.item_model.set_rows(list(detail.items))
        if not (keep is not None and self.select_item(keep.id)) and detail.items:
            self.item_table.selectRow(0)
        self._show_item()

    def _show_item(self) -> None:
        item = self.current_item()
        if item is None:
            self.item_detail.setText(f"<span style='color:#666'>{esc(tr('안건을 고르면 내용이 여기에 나옵니다.'))}</span>")
            self.host.update_controls()
            return
        lang = language()
        rows = [(tr("제안자"), esc(item.proposer) or "-"),
                (tr("제안 설명"), html_lines(item.explanation) or "-"),
                (tr("토의 내용"), html_lines(item.discussion) or "-")]
        if item.kind == "resolution":
            result = codes.label(mc.RESULT, item.result, lang) if item.result else tr("(아직 기록 안 함)")
            if item.votes_yes is not None:
                result += " — " + tr("찬성 {yes}, 반대 {no}, 기권 {abstain}").format(
                    yes=item.votes_yes, no=item.votes_no, abstain=item.votes_abstain)
            if item.casting_vote:
                result += " · " + tr("위원장 결정: {v}").format(v=codes.label(mc.CASTING_VOTE, item.casting_vote, lang))
            rows.append((tr("의결 결과"), f"<b>{esc(result)}</b>"))
            if item.result_note:
                rows.append((tr("결과 비고"), html_lines(item.result_note)))
            if item.recusals:
                rows.append((tr("제척·회피"), esc(", ".join(
                    f"{r.name}" + (f"({r.reason})" if r.reason else "") for r in item.recusals))))
        if item.actions:
            rows.append((tr("후속조치"), esc("; ".join(a.what for a in item.actions))))
        title = f"<p style='font-size: large;'><b>{esc(item_number(item, lang))}  {esc(item.title)}</b></p>"
        self.item_detail.setText(title + table_html(rows))
        self.host.update_controls()

    # ---------------------------------------------------------------- slots
    def on_add_item_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.agenda_item_dialog import AgendaItemDialog

        dialog = AgendaItemDialog(self, self.state, self.detail.meeting.id)
        if dialog.exec() and dialog.saved is not None:
            self.select_item(dialog.saved.id)

    def on_edit_item_clicked(self) -> None:
        item = self.current_item()
        if self.detail is None or item is None:
            return
        from ui.dialogs.agenda_item_dialog import AgendaItemDialog

        AgendaItemDialog(self, self.state, self.detail.meeting.id, item).exec()

    def on_delete_item_clicked(self) -> None:
        item = self.current_item()
        if item is None:
            return
        question = tr("{number} '{title}' 안건을 삭제합니다.\n이 안건의 의결 결과, 제척·회피, 후속조치도 함께 지워집니다.").format(
            number=item_number(item, language()), title=item.title)
        if messages.confirm(self, tr("안건 삭제"), question, yes=tr("삭제합니다")):
            ops.run(self, delete_agenda_item, self.state.uow(), item.id, clock.today(), changes={Change.MEETINGS})

    def move_item(self, step: int) -> None:
        item = self.current_item()
        if item is None:
            return
        if ops.run(self, move_agenda_item, self.state.uow(), item.id, item.seq + step, clock.today(),
                   changes={Change.MEETINGS}) is not None:
            self.select_item(item.id)

    def on_follow_up_report_clicked(self) -> None:
        if self.detail is None:
            return
        saved = ops.run(self, add_follow_up_report, self.state.uow(), self.detail.meeting.id, clock.today(),
                        changes={Change.MEETINGS})
        if saved is not None:
            self.select_item(saved.id)

    def on_vote_clicked(self) -> None:
        item = self.current_item()
        if self.detail is None or item is None:
            return
        from ui.dialogs.vote_dialog import VoteDialog

        dialog = VoteDialog(self, self.state, self.detail, item)
        dialog.exec()
        self.select_item(item.id)
