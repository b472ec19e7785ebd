"""사례회의 view: conferences newest first, and the chosen one's record — attendees, each
case discussed with its summary, decision, role-sharing rows and next check, and who left
the room for which case (no consent of the person to their agency). Buttons make a
conference, add attendees, record a case discussed, and print the 사례회의록."""
from __future__ import annotations

from app import codes
from app.cases import codes as cc
from app.cases.conferences import get_conference, list_conferences
from app.cases.pages import client_rows, organizations
from app.cases.views import ConferenceView
from app.errors import AppError
from app.members import members_in_office
from ui import clock, ops
from ui.i18n import N_, language, tr
from ui.tabs.base import esc
from ui.tabs.cases.columns import CONFERENCE_COLUMNS
from ui.tabs.cases.pane import CaseHost, Pane
from ui.tabs.member_columns import fmt

BUTTONS = (("create", N_("사례회의 만들기…")), ("attendee", N_("참석자 추가…")), ("discuss", N_("사례 논의 기록…")),
           ("print", N_("사례회의록 인쇄…")))


class ConferencesPane(Pane):
    def __init__(self, host: CaseHost) -> None:
        super().__init__(host, CONFERENCE_COLUMNS)
        self.detail: ConferenceView | None = None
        self.model._search_text_fn = lambda c: f"{c.place} {c.held_on}"
        slots = {"create": self.on_create, "attendee": self.on_attendee, "discuss": self.on_discuss,
                 "print": self.on_print}
        for key, _ko in BUTTONS:
            self.add_button(key, slots[key], main=key == "create")
        self.finish_buttons()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(tr("장소, 날짜로 찾기"))
        for key, ko in BUTTONS:
            self.buttons[key].setText(tr(ko))
        super().retranslate_ui()
        self.show_current()

    def nothing_yet(self) -> str:
        return tr("기록된 사례회의가 없습니다. [사례회의 만들기]로 회의를 만들고 참석자와 다룬 사례를 기록하세요.")

    def reload(self, keep: str | None = None) -> None:
        self.set_rows(ops.call(list_conferences, self.host.state.uow()), keep or self.current_id())

    def show_current(self) -> None:
        row = self.current()
        self.detail = None
        if row is not None:
            try:
                self.detail = ops.call(get_conference, self.host.state.uow(), row.id)
            except AppError:
                self.detail = None
        self.page.setText(self.render(self.detail) if self.detail else tr("사례회의를 고르면 회의록이 여기에 나옵니다."))
        self.update_controls()

    def render(self, c: ConferenceView) -> str:
        lang = language()
        people = {a.id: a for a in c.attendees}

        def who(attendee_id: str) -> str:
            a = people.get(attendee_id)
            if a is None:
                return ""
            return f"{a.person_name}({a.agency})" if a.agency else a.person_name

        parts = [f"<h3>{esc(fmt(c.held_on, lang))} {esc(c.place)}</h3>", f"<h4>{tr('참석자')}</h4><ul>"]
        for a in c.attendees:
            kind = codes.label(cc.ATTENDEE_KIND, a.kind, lang)
            where = " ".join(p for p in (a.agency, a.position) if p)
            parts.append(f"<li>{esc(kind)}: {esc(a.person_name)}{esc(f' ({where})' if where else '')}</li>")
        parts.append("</ul>")
        if not c.attendees:
            parts.append(f"<p>{tr('참석자가 없습니다. [참석자 추가]로 넣으세요. 위원은 비밀유지 서약이 있어야 합니다.')}</p>")
        parts.append(f"<h4>{tr('다룬 사례')}</h4>")
        if not c.discussions:
            parts.append(f"<p>{tr('다룬 사례가 없습니다. [사례 논의 기록]으로 넣으세요.')}</p>")
        for number, d in enumerate(c.discussions, start=1):
            parts.append(f"<p><b>{number}. {esc(d.client_name)}</b> — {esc(d.decision_label(lang))}</p>")
            parts.append(f"<p>{esc(d.summary)}</p>")
            if d.roles:
                parts.append("<ul>")
                for r in d.roles:
                    due = f" ({fmt(r.due_on, lang)})" if r.due_on else ""
                    parts.append(f"<li>{esc(r.agency)} {esc(r.person_name)}: {esc(r.service)}{due}</li>")
                parts.append("</ul>")
            if d.next_check_on:
                parts.append(f"<p>{esc(tr('다음 점검일'))}: {fmt(d.next_check_on, lang)}</p>")
            if d.left:
                names = ", ".join(who(i) for i in d.left)
                parts.append(f"<p style='color:#8a5a00'>{esc(tr('퇴장(동의 없음)'))}: {esc(names)}</p>")
        return "".join(parts)

    def update_controls(self) -> None:
        edit, chosen = self.host.can_edit(), self.detail is not None
        self.buttons["create"].setEnabled(edit)
        self.buttons["attendee"].setEnabled(edit and chosen)
        self.buttons["discuss"].setEnabled(edit and chosen)
        self.buttons["print"].setEnabled(self.host.can_print() and chosen)

    def on_create(self) -> None:
        from ui.dialogs.case_conference_dialog import ConferenceDialog

        saved = self.run_dialog(ConferenceDialog(self, self.host.state))
        if saved is not None:
            self.search.clear()
            self.reload(saved.id)

    def on_attendee(self) -> None:
        from ui.dialogs.case_conference_dialog import AttendeeDialog

        if self.detail is None:
            return
        state = self.host.state
        members = [(m.id, m.name) for m in ops.call(members_in_office, state.uow(), self.detail.held_on or clock.today())]
        orgs = ops.call(organizations, state.uow())
        if self.run_dialog(AttendeeDialog(self, state, self.detail.id, members, orgs)) is not None:
            self.reload(self.detail.id)

    def on_discuss(self) -> None:
        from ui.dialogs.case_conference_dialog import DiscussionDialog

        if self.detail is None:
            return
        state = self.host.state
        rows = ops.call(client_rows, state.uow(), clock.today())
        cases = [(r.case.id, r.client.name) for r in rows if r.case is not None and not r.case.closed]
        if self.run_dialog(DiscussionDialog(self, state, self.detail.id, cases)) is not None:
            self.reload(self.detail.id)

    def on_print(self) -> None:
        if self.detail is None:
            return
        from app.reports.case_pdfs import write_conference_pdf

        state, conference_id = self.host.state, self.detail.id
        title = tr("사례회의록")
        name = f"{title}_{fmt(self.detail.held_on, 'en')}.pdf"
        self.save_pdf(title, name, lambda path: write_conference_pdf(state.uow(), conference_id, path,
                                                                     state.council_name))
