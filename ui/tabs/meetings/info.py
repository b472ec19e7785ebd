"""기본 정보: what the meeting is (kind, time, place, who called it, notice, recorder,
status, items, guests), with 회의 정보 수정 and 회의 삭제."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app import codes
from app.areas import Change
from app.meetings import codes as mc
from app.meetings.core import MeetingDetail
from app.meetings.meetings import delete_meeting
from ui import messages, ops
from ui.i18n import language, tr, trf
from ui.tabs.base import esc
from ui.tabs.meetings.columns import meeting_title, when_text
from ui.tabs.meetings.section import Access, MeetingHost, MeetingSection
from ui.tabs.meetings.widgets import html_lines, rich_label, scrolling, table_html
from ui.tabs.member_columns import fmt


class InfoSection(MeetingSection):
    def __init__(self, host: MeetingHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.info = rich_label()
        row = QHBoxLayout()
        self.add_buttons(row, (("edit_meeting", self.on_edit_meeting_clicked),
                               ("delete_meeting", self.on_delete_meeting_clicked)))
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(self.info), 1)
        layout.addLayout(row)

    def retranslate_ui(self) -> None:
        self.buttons["edit_meeting"].setText(tr("회의 정보 수정…"))
        self.buttons["delete_meeting"].setText(tr("회의 삭제"))

    def update_controls(self, access: Access) -> None:
        for key in ("edit_meeting", "delete_meeting"):
            self.buttons[key].setEnabled(access.open)

    def show_detail(self, detail: MeetingDetail | None) -> None:
        if detail is None:
            return
        lang = language()
        m = detail.meeting
        kind = codes.label(mc.MEETING_KIND, m.kind, lang)
        if m.kind == "subcommittee":
            kind += f" ({m.subcommittee_name})"
        called = codes.label(mc.CALLED_BY, m.called_by, lang)
        if m.called_by == "members_request" and m.requested_by_count:
            called += " " + tr("({n}명 요구)").format(n=m.requested_by_count)
        notice = fmt(m.notice_on, lang) or tr("없음")
        if m.urgent:
            notice += " · " + tr("긴급 소집")
        elif detail.notice_warning is not None and m.status == "planned":
            notice = f"<span style='color:#8a5a00'>{esc(notice)} — {esc(detail.notice_warning.message(lang))}</span>"
        rows = [
            (tr("회의명"), esc(meeting_title(m, lang))),
            (tr("구분"), esc(kind)),
            (tr("일시"), esc(when_text(m, lang, with_end=True))),
            (tr("장소"), esc(m.place)),
            (tr("소집"), esc(called)),
            (tr("통지일"), notice if "<span" in notice else esc(notice)),
            (tr("기록자"), esc(m.recorder) or tr("(정하지 않음)")),
            (tr("상태"), esc(codes.label(mc.MEETING_STATUS, m.status, lang))),
            (tr("안건"), esc(tr("{n}건").format(n=len(detail.items)))),
            (tr("배석"), esc(", ".join(g.name for g in detail.guests) or tr("없음"))),
        ]
        if m.title:
            rows.insert(1, (tr("회의 제목"), esc(m.title)))
        if m.note:
            rows.append((tr("비고"), html_lines(m.note)))
        self.info.setText(table_html(rows))

    # ---------------------------------------------------------------- slots
    def on_edit_meeting_clicked(self) -> None:
        if self.detail is None:
            return
        from ui.dialogs.meeting_dialog import MeetingDialog

        MeetingDialog(self, self.state, self.detail.meeting).exec()

    def on_delete_meeting_clicked(self) -> None:
        if self.detail is None:
            return
        label = meeting_title(self.detail.meeting, language())
        question = trf("{label}을(를) 삭제합니다. 잘못 만든 회의만 삭제하세요.\n출석이나 안건이 기록된 회의는 먼저 그 기록을 지워야 합니다.",
                       label=label)
        if messages.confirm(self, tr("회의 삭제"), question, yes=tr("삭제합니다")):
            ops.attempt(self, delete_meeting, self.state.uow(), self.detail.meeting.id, changes={Change.MEETINGS})
