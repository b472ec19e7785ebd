"""회의록: where the minutes stand (before, held, approved), the hash check of approved
minutes, the text fields (폐회 시각, 기록자, 기타 사항), 개최로 표시 / 저장 / 승인, and the
addenda (정정 기록) made after approval."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QScrollArea,
                               QVBoxLayout, QWidget)

from app.areas import Change
from app.errors import render
from app.meetings.core import AddendumView, MeetingDetail
from app.meetings.meetings import list_meetings, mark_meeting_held, update_minutes_text
from app.meetings.minutes import part_labels
from ui import appearance, clock, ops
from ui.i18n import N_, language, tr
from ui.table_model import TableModel
from ui.tabs.base import esc, make_table
from ui.tabs.meetings.columns import ADDENDUM_COLUMNS, GOOD_STYLE, meeting_title
from ui.tabs.meetings.section import Access, MeetingHost, MeetingSection
from ui.tabs.meetings.widgets import rich_label, scrolling, show_locked
from ui.tabs.member_columns import fmt

TAMPERED_STYLE = "background: #fff4d6; color: #5a4300; border: 1px solid #e8c66a; border-radius: 6px; padding: 6px 10px;"


class MinutesSection(MeetingSection):
    def __init__(self, host: MeetingHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.minutes_state = rich_label()
        self.integrity_label = QLabel()
        self.integrity_label.setWordWrap(True)
        self.integrity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.minutes_box = QGroupBox()
        grid = QGridLayout(self.minutes_box)
        self.end_time = QLineEdit()
        self.end_time.setMaximumWidth(120)
        self.recorder = QLineEdit()
        self.other_business = QPlainTextEdit()
        self.other_business.setFixedHeight(60)
        self.minutes_labels = [QLabel(), QLabel(), QLabel()]
        for i, (label, widget) in enumerate(zip(self.minutes_labels, (self.end_time, self.recorder,
                                                                       self.other_business))):
            label.setBuddy(widget)
            grid.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, i, 1)
        grid.setColumnStretch(1, 1)
        row = QHBoxLayout()
        self.add_buttons(row, (("mark_held", self.on_mark_held_clicked), ("save_minutes", self.on_save_minutes_clicked)))
        row.addStretch(1)
        self.add_buttons(row, (("approve", self.on_approve_clicked),))
        appearance.emphasise(self.buttons["approve"])
        grid.addLayout(row, 3, 0, 1, 2)
        self.addenda_box = QGroupBox()
        self.addendum_model: TableModel[AddendumView] = TableModel(ADDENDUM_COLUMNS, parent=self)
        self.addendum_table = make_table(self.addendum_model)
        self.addendum_table.setMinimumHeight(70)
        self.versions_label = QLabel()
        self.versions_label.setWordWrap(True)
        self.versions_label.setStyleSheet("color: #555;")
        add_row = QHBoxLayout()
        add_row.addWidget(self.versions_label, 1)
        self.add_buttons(add_row, (("addendum", self.on_addendum_clicked),))
        addenda_layout = QVBoxLayout(self.addenda_box)
        addenda_layout.addLayout(add_row)
        addenda_layout.addWidget(self.addendum_table, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.minutes_state)
        layout.addWidget(self.integrity_label)
        layout.addWidget(self.minutes_box)
        layout.addWidget(self.addenda_box, 1)
        # Large fonts must never squeeze the fields over each other: the page scrolls instead.
        self._area = scrolling(self)
        self._area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def page(self) -> QScrollArea:
        return self._area

    def retranslate_ui(self) -> None:
        texts = {"mark_held": tr("개최로 표시"), "save_minutes": tr("회의록 저장"), "approve": tr("회의록 승인…"),
                 "addendum": tr("정정 기록 추가…")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.minutes_box.setTitle(tr("회의록 내용"))
        self.addenda_box.setTitle(tr("정정 기록 (승인 뒤 고친 내용)"))
        for label, ko in zip(self.minutes_labels, (N_("폐회 시각"), N_("기록자"), N_("기타 사항"))):
            label.setText(tr(ko))
        self.end_time.setPlaceholderText(tr("예: 15:30"))
        self.addendum_model.retranslate()

    def fit_rows(self) -> None:
        appearance.fit_rows(self.addendum_table)

    def update_controls(self, access: Access) -> None:
        m = self.detail.meeting if self.detail else None
        open_ = access.open
        self.buttons["mark_held"].setEnabled(open_ and access.happened and m is not None and m.status == "planned")
        self.buttons["save_minutes"].setEnabled(open_ and m is not None and m.status == "held")
        self.buttons["approve"].setEnabled(open_ and m is not None and m.status == "held")
        self.buttons["addendum"].setEnabled(access.can_edit and m is not None and m.is_locked)
        why = (tr("승인된 회의록은 고칠 수 없습니다. 고칠 내용은 '정정 기록 추가…'로 남기세요.")
               if m is not None and m.is_locked else tr("이 회의록을 고칠 권한이 없습니다."))
        for widget in (self.end_time, self.recorder, self.other_business):
            show_locked(widget, not open_, why)
        self.buttons["mark_held"].setVisible(m is None or m.status == "planned")
        self.buttons["save_minutes"].setVisible(m is not None and m.status == "held")
        self.buttons["approve"].setVisible(m is None or not m.is_locked)

    def show_detail(self, detail: MeetingDetail | None) -> None:
        if detail is None:
            self.addendum_model.set_rows([])
            return
        lang = language()
        m = detail.meeting
        if m.status == "approved":
            state = tr("승인됨: {date} {by}").format(date=fmt(m.minutes_approved_on, lang), by=m.minutes_approved_by)
            state = f"<b style='color:#1e5631'>{esc(state)}</b>"
        elif m.status == "held":
            state = f"<b>{esc(tr('작성 중 (아직 승인 전)'))}</b> — " + esc(
                tr("출석·안건·결과를 모두 기록한 뒤 다음 회의에서 승인합니다."))
        else:
            state = f"<b>{esc(tr('회의 전'))}</b> — " + esc(
                tr("회의가 끝나면 폐회 시각을 넣고 [개최로 표시]를 누르세요."))
        self.minutes_state.setText(f"<p style='font-size: large;'>{tr('회의록')}: {state}</p>")
        integrity = self.host.integrity
        if integrity is None or integrity.version is None:
            self.integrity_label.hide()
        elif integrity.intact:
            self.integrity_label.setText(tr("승인된 내용 그대로입니다 (제{version}판, 확인값 {hash}…).").format(
                version=integrity.version, hash=integrity.current_hash[:12]))
            self.integrity_label.setStyleSheet(GOOD_STYLE)
            self.integrity_label.show()
        else:
            text = render("minutes_tampered", {"label": meeting_title(m, lang), "version": integrity.version,
                                               "parts": part_labels(integrity.changed_parts)}, lang)
            self.integrity_label.setText(text)
            self.integrity_label.setStyleSheet(TAMPERED_STYLE)  # amber: worth a look, not an alarm
            self.integrity_label.show()
        self.end_time.setText(m.end_time or "")
        self.recorder.setText(m.recorder)
        self.other_business.setPlainText(m.other_business)
        self.addendum_model.set_rows(list(detail.addenda))
        self.addendum_table.resizeColumnsToContents()
        versions = [tr("제{version}판 {date} {by}").format(version=v.version, date=fmt(v.approved_on, lang),
                                                         by=v.approved_by) for v in detail.versions]
        self.versions_label.setText(tr("승인 기록: ") + " · ".join(versions) if versions else "")

    # ---------------------------------------------------------------- slots
    def on_mark_held_clicked(self) -> None:
        if self.detail is None:
            return
        ops.run(self, mark_meeting_held, self.state.uow(), self.detail.meeting.id, self.end_time.text(),
                clock.today(), other_business=self.other_business.toPlainText(), recorder=self.recorder.text(),
                changes={Change.MEETINGS})

    def on_save_minutes_clicked(self) -> None:
        if self.detail is None:
            return
        ops.run(self, update_minutes_text, self.state.uow(), self.detail.meeting.id, clock.today(),
                other_business=self.other_business.toPlainText(), recorder=self.recorder.text(),
                end_time=self.end_time.text(), changes={Change.MEETINGS})

    def on_approve_clicked(self) -> None:
        detail = self.detail
        if detail is None:
            return
        from ui.dialogs.approve_minutes_dialog import ApproveMinutesDialog

        m = detail.meeting
        later = sorted((s for s in ops.call(list_meetings, self.state.uow(), clock.today())
                        if s.id != m.id and (s.held_on, s.start_time) > (m.held_on, m.start_time)
                        and s.held_on <= clock.today()), key=lambda s: (s.held_on, s.start_time))
        chair = next((r.name for r in detail.roster if r.role == "co_chair_private"), "")
        ApproveMinutesDialog(self, self.state, m, later, chair).exec()

    def on_addendum_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.addendum_dialog import AddendumDialog

        AddendumDialog(self, self.state, self.detail.meeting).exec()
