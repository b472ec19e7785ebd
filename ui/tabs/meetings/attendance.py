"""출석: the meeting's roster (the members in office that day) with one-click attendance,
the live quorum, and the guests (배석) who are not members.

Each click is saved at once; the section puts the result on screen itself, so the tab
does not reload the meeting for its own change."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.areas import Change
from app.meetings.core import AttendanceRow, GuestView, MeetingDetail
from app.meetings.meetings import AttendanceEntry, record_attendance, remove_guest
from ui import appearance, clock, ops
from ui.dialogs.vote_dialog import quorum_text
from ui.i18n import language, tr
from ui.table_model import TableModel
from ui.tabs.base import make_table
from ui.tabs.meetings.columns import GOOD_STYLE, GUEST_COLUMNS, ROSTER_COLUMNS, SHORT_STYLE, recorded
from ui.tabs.meetings.section import Access, MeetingHost, MeetingSection
from ui.tabs.meetings.widgets import AttendanceChoice, show_locked
from ui.tabs.member_columns import fmt


class AttendanceSection(MeetingSection):
    def __init__(self, host: MeetingHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.choices: dict[str, AttendanceChoice] = {}
        self.note_edits: dict[str, QLineEdit] = {}
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.quorum_counts = QLabel()
        self.quorum_counts.setStyleSheet("color: #555;")
        self.attendance_note = QLabel()
        self.attendance_note.setWordWrap(True)
        self.attendance_note.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        row.addWidget(self.quorum_label, 1)
        self.add_buttons(row, (("all_present", self.on_all_present_clicked),))
        self.roster_model: TableModel[AttendanceRow] = TableModel(ROSTER_COLUMNS, parent=self)
        self.roster_table = make_table(self.roster_model)
        self.roster_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.roster_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.guests_label = QLabel()
        self.guest_model: TableModel[GuestView] = TableModel(GUEST_COLUMNS, parent=self)
        self.guest_table = make_table(self.guest_model)
        self.guest_table.setMaximumHeight(96)
        guest_row = QHBoxLayout()
        guest_row.addWidget(self.guests_label)
        guest_row.addStretch(1)
        self.add_buttons(guest_row, (("add_guest", self.on_add_guest_clicked),
                                     ("remove_guest", self.on_remove_guest_clicked)))
        self.guest_table.selectionModel().currentRowChanged.connect(lambda *_: host.update_controls())
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.quorum_counts)
        layout.addWidget(self.attendance_note)
        layout.addWidget(self.roster_table, 1)
        layout.addLayout(guest_row)
        layout.addWidget(self.guest_table)

    def retranslate_ui(self) -> None:
        texts = {"all_present": tr("남은 위원 모두 출석"), "add_guest": tr("배석자 추가…"), "remove_guest": tr("배석자 빼기")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.guests_label.setText(tr("배석 (위원이 아닌 참석자)"))
        for choice in self.choices.values():
            choice.retranslate_ui()
        self.roster_model.retranslate()
        self.guest_model.retranslate()

    def fit_rows(self) -> None:
        appearance.fit_rows(self.guest_table)
        appearance.fit_rows(self.roster_table)
        sample = AttendanceChoice("", None)
        height = max(self.roster_table.verticalHeader().defaultSectionSize(), sample.sizeHint().height() + 4)
        sample.deleteLater()
        self.roster_table.verticalHeader().setDefaultSectionSize(height)

    def update_controls(self, access: Access) -> None:
        detail = self.detail
        recordable = access.open and access.happened
        self.buttons["all_present"].setEnabled(recordable and detail is not None and detail.quorum.unrecorded > 0)
        self.buttons["add_guest"].setEnabled(access.open)
        self.buttons["remove_guest"].setEnabled(access.open and self.current_guest() is not None)
        for choice in self.choices.values():
            choice.setEnabled(recordable)
        why = (tr("승인된 회의록은 고칠 수 없습니다. 고칠 내용은 '정정 기록 추가…'로 남기세요.")
               if detail is not None and detail.meeting.is_locked
               else tr("출석은 회의 날부터 기록합니다.") if access.can_edit else tr("이 회의록을 고칠 권한이 없습니다."))
        for note in self.note_edits.values():
            show_locked(note, not recordable, why)

    def current_guest(self) -> GuestView | None:
        index = self.guest_table.currentIndex()
        return self.guest_model.row_at(index.row()) if index.isValid() and index.row() < self.guest_model.rowCount() else None

    # ---------------------------------------------------------------- showing
    def show_detail(self, detail: MeetingDetail | None) -> None:
        self._fill_roster(detail)
        if detail is None:
            self.guest_model.set_rows([])
            return
        self.show_quorum()
        self.guest_model.set_rows(list(detail.guests))

    def _fill_roster(self, detail: MeetingDetail | None) -> None:
        self.choices.clear()
        self.note_edits.clear()
        self.roster_model.set_rows(list(detail.roster) if detail else [])
        if detail is None:
            return
        status_col = self.roster_model.column_index("status")
        note_col = self.roster_model.column_index("note")
        for row, att in enumerate(detail.roster):
            choice = AttendanceChoice(att.member_id, att.status)
            choice.chosen.connect(self.on_attendance_chosen)
            self.roster_table.setIndexWidget(self.roster_model.index(row, status_col), choice)
            note = QLineEdit(att.note)
            note.setPlaceholderText(tr("결석 사유 등"))
            note.editingFinished.connect(lambda member_id=att.member_id: self.on_attendance_note_edited(member_id))
            self.roster_table.setIndexWidget(self.roster_model.index(row, note_col), note)
            self.choices[att.member_id] = choice
            self.note_edits[att.member_id] = note
        self.roster_table.resizeColumnsToContents()
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        affiliation = self.roster_model.column_index("affiliation")
        self.roster_table.setColumnWidth(affiliation, min(self.roster_table.columnWidth(affiliation), char * 9))
        if self.choices:
            widest = max(c.sizeHint().width() for c in self.choices.values())
            self.roster_table.setColumnWidth(status_col, widest + 6)
        self.roster_table.setColumnWidth(note_col, char * 8)

    def show_quorum(self) -> None:
        detail = self.detail
        if detail is None:
            return
        q = detail.quorum
        self.quorum_label.setText(quorum_text(q.enrolled, q.present, q.needed, q.met))
        style = (GOOD_STYLE if q.met else SHORT_STYLE) if recorded(q) else "color: #333;"
        self.quorum_label.setStyleSheet(style)
        appearance.emphasise(self.quorum_label, 1.2)
        self.quorum_counts.setText(tr("출석 {present} · 결석 {absent} · 사유결석 {excused} · 아직 기록 안 함 {unrecorded}").format(
            present=q.present, absent=q.absent, excused=q.excused, unrecorded=q.unrecorded))
        m = detail.meeting
        if m.is_locked:
            note = tr("승인된 회의록의 출석입니다(고칠 수 없음).")
        elif m.held_on > clock.today():
            note = tr("{date}에 열릴 회의입니다. 명단은 그날 임기 중인 위원입니다. 출석은 회의 날부터 기록합니다.").format(
                date=fmt(m.held_on, language()))
        else:
            note = tr("명단은 회의일에 임기 중인 위원입니다. 누르는 즉시 저장되고 정족수가 바로 바뀝니다.")
        self.attendance_note.setText(note)

    # ---------------------------------------------------------------- slots
    def on_attendance_chosen(self, member_id: str, status: str) -> None:
        note = self.note_edits[member_id].text() if member_id in self.note_edits else ""
        self._save_attendance([AttendanceEntry(member_id, status, note)])

    def on_attendance_note_edited(self, member_id: str) -> None:
        if self.detail is None or member_id not in self.choices:
            return
        row = next((r for r in self.detail.roster if r.member_id == member_id), None)
        note = self.note_edits[member_id].text()
        if row is None or row.status is None or row.note == note.strip():
            return  # a note is kept with a recorded status
        self._save_attendance([AttendanceEntry(member_id, row.status, note)])

    def on_all_present_clicked(self) -> None:
        if self.detail is None:
            return
        entries = [AttendanceEntry(r.member_id, "present", self.note_edits[r.member_id].text()
                                   if r.member_id in self.note_edits else "")
                   for r in self.detail.roster if r.status is None]
        if entries:
            self._save_attendance(entries)

    def _save_attendance(self, entries: list[AttendanceEntry]) -> None:
        detail = self.detail
        if detail is None:
            return
        saved = self.host.apply_own_change(record_attendance, self.state.uow(), detail.meeting.id, entries,
                                           clock.today())
        if saved is None:
            # Refused: put the buttons back as recorded.
            for row in detail.roster:
                if row.member_id in self.choices:
                    self.choices[row.member_id].set_status(row.status)
            return
        by_id = {r.member_id: r for r in saved.roster}
        for member_id, choice in self.choices.items():
            if member_id in by_id:
                choice.set_status(by_id[member_id].status)
        self.host.take_detail(saved)
        self.show_quorum()

    def on_add_guest_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.meeting_dialog import GuestDialog

        GuestDialog(self, self.state, self.detail.meeting.id).exec()

    def on_remove_guest_clicked(self) -> None:
        guest = self.current_guest()
        if guest is not None:
            ops.run(self, remove_guest, self.state.uow(), guest.id, changes={Change.MEETINGS})
