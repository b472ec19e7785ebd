"""Calling a meeting or changing what was called (기본 정보), and adding a 배석 attendee.

Fields follow ``app.meetings.meetings.MeetingData``. A live note under the notice date
says when written notice is short of the council's notice period (unless urgent); the
domain's refusals (too few members asking, a duplicate 회차, no members on the date)
land under the field they concern.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox,
                               QWidget)

from app.meetings import codes as mc
from app.meetings.core import MeetingView
from app.meetings.meetings import GuestData, MeetingData, add_guest, create_meeting, update_meeting
from app.meetings.rules import notice_warning
from app.meetings.settings import get_meeting_settings
from app.subcommittees import list_subcommittees
from app.areas import Change
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.member_dialog import code_combo, retranslate_combo, select_code
from ui.i18n import N_, language, tr
from ui.state import AppState
from ui.widgets import DateEdit, OptionalDateEdit

HINT_STYLE = "color: #7a5a00;"


class MeetingDialog(FormDialog):
    inline_refusals = {
        "request_too_few": "requested_by_count",
        "duplicate_meeting_number": "number",
        "subcommittee_not_active_on": "subcommittee_id",
        "subcommittee_no_members_on": "subcommittee_id",
        "subcommittee_not_found": "subcommittee_id",
        "meeting_before_members": "held_on",
        "reschedule_conflicts_attendance": "held_on",
    }

    def __init__(self, parent: QWidget | None, state: AppState, meeting: MeetingView | None = None) -> None:
        super().__init__(parent, N_("회의 정보 수정") if meeting else N_("회의 만들기"))
        self.state = state
        self.meeting = meeting
        self.saved = None  # MeetingDetail once saved
        today = clock.today()
        self.notice_days = ops.call(get_meeting_settings, state.uow()).notice_days

        call = self.group(N_("회의"))
        self.kind = call.add("kind", N_("회의 구분"), code_combo(mc.MEETING_KIND))
        self.subcommittee = call.add("subcommittee_id", N_("분과"), QComboBox())
        self.number = call.add("number", N_("회차"), QSpinBox())
        self.number.setRange(0, 999)
        self.held_on = call.add("held_on", N_("회의일"), DateEdit(today))
        self.start_time = call.add("start_time", N_("개회 시각"), QLineEdit("14:00"))
        self.place = call.add("place", N_("장소"), QLineEdit())
        self.title = call.add("title", N_("회의 제목"), QLineEdit())

        notice = self.group(N_("소집"))
        self.called_by = notice.add("called_by", N_("소집 구분"), code_combo(mc.CALLED_BY))
        self.requested = notice.add("requested_by_count", N_("소집 요구 위원 수"), QSpinBox())
        self.requested.setRange(0, 999)
        self.notice_on = notice.add("notice_on", N_("통지일"), OptionalDateEdit(today))
        self.urgent = notice.add("urgent", N_("긴급"), QCheckBox())
        self.notice_hint = QLabel()
        self.notice_hint.setWordWrap(True)
        self.notice_hint.setStyleSheet(HINT_STYLE)
        notice.grid.addWidget(self.notice_hint, 99, 0, 1, 2)

        other = self.group(N_("기타"))
        self.recorder = other.add("recorder", N_("기록자"), QLineEdit())
        self.note = other.add("note", N_("비고"), QPlainTextEdit())
        self.note.setFixedHeight(60)

        self.body.addWidget(call)
        self.body.addWidget(notice)
        self.body.addWidget(other)

        for sub in ops.call(list_subcommittees, state.uow(), today):
            if not sub.is_closed or (meeting is not None and meeting.subcommittee_id == sub.id):
                self.subcommittee.addItem(sub.name, sub.id)

        if meeting is not None:
            self.load(meeting)
        else:
            self.notice_on.set_value(today)
        self.kind.currentIndexChanged.connect(self.on_fields_changed)
        self.called_by.currentIndexChanged.connect(self.on_fields_changed)
        self.held_on.dateChanged.connect(self.on_fields_changed)
        self.notice_on.changed.connect(self.on_fields_changed)
        self.urgent.toggled.connect(self.on_fields_changed)
        self.on_fields_changed()
        self.setMinimumWidth(560)
        self.retranslate_ui()
        self.place.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        retranslate_combo(self.kind, mc.MEETING_KIND)
        retranslate_combo(self.called_by, mc.CALLED_BY)
        self.number.setSpecialValueText(tr("자동(다음 회차)"))
        self.start_time.setPlaceholderText(tr("예: 14:00"))
        self.place.setPlaceholderText(tr("예: 행정복지센터 2층 회의실"))
        self.title.setPlaceholderText(tr("(선택) 예: 수해 긴급 지원"))
        self.recorder.setPlaceholderText(tr("회의록을 쓰는 사람(간사)"))
        self.urgent.setText(tr("긴급한 소집(통지 기간 예외)"))
        self.held_on.retranslate_ui()
        self.notice_on.retranslate_ui()
        self.on_fields_changed()

    def load(self, meeting: MeetingView) -> None:
        select_code(self.kind, meeting.kind)
        if meeting.subcommittee_id:
            self.subcommittee.setCurrentIndex(max(0, self.subcommittee.findData(meeting.subcommittee_id)))
        self.number.setValue(meeting.number)
        self.held_on.set_value(meeting.held_on)
        self.start_time.setText(meeting.start_time)
        self.place.setText(meeting.place)
        self.title.setText(meeting.title)
        select_code(self.called_by, meeting.called_by)
        self.requested.setValue(meeting.requested_by_count or 0)
        self.notice_on.set_value(meeting.notice_on)
        self.urgent.setChecked(meeting.urgent)
        self.recorder.setText(meeting.recorder)
        self.note.setPlainText(meeting.note)

    def on_fields_changed(self, *_args: object) -> None:
        is_sub = self.kind.currentData() == "subcommittee"
        self.subcommittee.setEnabled(is_sub)
        self.requested.setEnabled(self.called_by.currentData() == "members_request")
        warning = notice_warning(self.held_on.value(), self.notice_on.value(), self.urgent.isChecked(),
                                 self.notice_days)
        self.notice_hint.setText(warning.message(language()) if warning else "")
        self.notice_hint.setVisible(warning is not None)

    def meeting_data(self) -> MeetingData:
        kind = self.kind.currentData() or ""
        called_by = self.called_by.currentData() or "chair"
        return MeetingData(
            kind=kind, held_on=self.held_on.value(), start_time=self.start_time.text(), place=self.place.text(),
            subcommittee_id=self.subcommittee.currentData() if kind == "subcommittee" else None,
            title=self.title.text(), called_by=called_by,
            requested_by_count=self.requested.value() if called_by == "members_request" else None,
            notice_on=self.notice_on.value(), urgent=self.urgent.isChecked(), recorder=self.recorder.text(),
            note=self.note.toPlainText(), number=self.number.value() or None,
        )

    def save(self) -> bool:
        today = clock.today()

        def action() -> None:
            if self.meeting is None:
                self.saved = ops.call(create_meeting, self.state.uow(), self.meeting_data(), today)
            else:
                self.saved = ops.call(update_meeting, self.state.uow(), self.meeting.id, self.meeting_data(), today)

        if not self.attempt(action):
            return False
        ops.notify({Change.MEETINGS})
        return True


class GuestDialog(FormDialog):
    """배석: a non-member at the meeting (an official or an observer)."""

    def __init__(self, parent: QWidget | None, state: AppState, meeting_id: str) -> None:
        super().__init__(parent, N_("배석자 추가"), ok_ko=N_("추가"))
        self.state = state
        self.meeting_id = meeting_id
        self.saved = None
        fields = self.group("")
        self.name = fields.add("name", N_("성명"), QLineEdit())
        self.affiliation = fields.add("affiliation", N_("소속"), QLineEdit())
        self.position = fields.add("position", N_("직위"), QLineEdit())
        self.kind = fields.add("guest_kind", N_("배석 구분"), code_combo(mc.GUEST_KIND))
        self.body.addWidget(fields)
        self.resize(420, 0)
        self.retranslate_ui()
        self.name.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        retranslate_combo(self.kind, mc.GUEST_KIND)
        self.affiliation.setPlaceholderText(tr("예: 햇살군 희망복지지원단"))

    def save(self) -> bool:
        data = GuestData(self.name.text(), self.affiliation.text(), self.position.text(),
                         self.kind.currentData() or "official")

        def action() -> None:
            self.saved = ops.call(add_guest, self.state.uow(), self.meeting_id, data)

        if not self.attempt(action):
            return False
        ops.notify({Change.MEETINGS})
        return True

