"""의뢰·연계 view: referrals with unanswered late ones first, and the chosen one — person,
recipient, consent it rests on, status and reply. Buttons refer a person (from the 대상자
view's choice) to a service of the directory, record the reply (접수, 거절), the start
and the end of the service, and print the 의뢰서."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox

from app.cases import codes as cc
from app.cases.pages import referral_services
from app.cases.referrals import list_referrals
from app.cases.views import ReferralView
from ui import clock, ops
from ui.i18n import N_, language, tr
from ui.tabs.base import esc
from ui.tabs.cases.columns import REFERRAL_COLUMNS, referral_style
from ui.tabs.cases.pane import CaseHost, Pane
from ui.tabs.member_columns import fmt

BUTTONS = (("refer", N_("의뢰하기…")), ("accept", N_("접수…")), ("decline", N_("거절…")),
           ("start", N_("제공 시작…")), ("complete", N_("완료…")), ("print", N_("의뢰서 인쇄…")))
ALLOWED = {"accept": ("requested", "waiting"), "decline": ("requested", "waiting"), "start": ("accepted",),
           "complete": ("accepted", "providing")}


class ReferralsPane(Pane):
    def __init__(self, host: CaseHost, chosen_client: Callable[[], tuple[str, str | None, str] | None]) -> None:
        super().__init__(host, REFERRAL_COLUMNS, referral_style)
        self.chosen_client = chosen_client
        self.waiting_only = QCheckBox()
        self.top.addWidget(self.waiting_only)
        self.waiting_only.toggled.connect(lambda _c: self.reload(self.current_id()))
        self.model._search_text_fn = lambda r: f"{r.client_name} {r.recipient} {r.service_name}"
        for key, _ko in BUTTONS:
            slot = {"refer": self.on_refer, "print": self.on_print}.get(key) or (lambda k=key: self.on_reply(k))
            self.add_button(key, slot, main=key == "refer")
        self.finish_buttons()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(tr("대상자, 기관, 서비스로 찾기"))
        self.waiting_only.setText(tr("회신 기다리는 의뢰만"))
        for key, ko in BUTTONS:
            self.buttons[key].setText(tr(ko))
        super().retranslate_ui()
        self.show_current()

    def nothing_yet(self) -> str:
        if self.waiting_only.isChecked():
            return tr("회신을 기다리는 의뢰가 없습니다.")
        return tr("의뢰 기록이 없습니다. [대상자] 보기에서 대상자를 고른 뒤 [의뢰하기]로 자원에 연계하세요.")

    def reload(self, keep: str | None = None) -> None:
        status = "requested" if self.waiting_only.isChecked() else None
        self.set_rows(ops.call(list_referrals, self.host.state.uow(), clock.today(), status),
                      keep or self.current_id())

    def show_current(self) -> None:
        r: ReferralView | None = self.current()
        self.page.setText(self.render(r) if r else tr("의뢰를 고르면 자세한 내용이 여기에 나옵니다."))
        self.update_controls()

    def render(self, r: ReferralView) -> str:
        lang = language()
        lines = [f"<h3>{esc(r.client_name)} → {esc(r.recipient)}</h3>"]
        rows = [(tr("서비스"), r.service_name or r.service_requested), (tr("의뢰일"), fmt(r.referred_on, lang)),
                (tr("의뢰자"), r.referred_by), (tr("상태"), r.status_label(lang)),
                (tr("회신일"), fmt(r.replied_on, lang) if r.replied_on else ""),
                (tr("거절 사유"), cc.DECLINE_REASON.get(r.decline_reason, ("", ""))[0 if lang == "ko" else 1]),
                (tr("의뢰 사유"), r.reason), (tr("결과"), r.result)]
        lines += [f"<p><b>{esc(k)}</b>: {esc(v)}</p>" for k, v in rows if v]
        if r.reply_overdue:
            lines.append(f"<p style='color:#b00020'><b>{esc(tr('일주일 넘게 회신이 없습니다. 기관에 확인하세요.'))}</b></p>")
        return "".join(lines)

    def update_controls(self) -> None:
        edit, r = self.host.can_edit(), self.current()
        self.buttons["refer"].setEnabled(edit)
        for key, statuses in ALLOWED.items():
            self.buttons[key].setEnabled(edit and r is not None and r.status in statuses)
        self.buttons["print"].setEnabled(self.host.can_print() and r is not None)

    def on_refer(self) -> None:
        from ui import messages
        from ui.dialogs.case_referral_dialog import ReferralDialog

        chosen = self.chosen_client()
        if chosen is None:
            messages.inform(self, tr("[대상자] 보기에서 의뢰할 대상자를 먼저 고르세요."))
            return
        client_id, case_id, _name = chosen
        state = self.host.state
        services = ops.call(referral_services, state.uow())
        saved = self.run_dialog(ReferralDialog(self, state, client_id, case_id, services))
        if saved is not None:
            self.search.clear()
            self.waiting_only.setChecked(False)
            self.reload(saved.id)

    def on_reply(self, reply: str) -> None:
        from ui.dialogs.case_referral_dialog import ReplyDialog

        r = self.current()
        if r is not None and self.run_dialog(ReplyDialog(self, self.host.state, r, reply)) is not None:
            self.reload(r.id)

    def on_print(self) -> None:
        r = self.current()
        if r is None:
            return
        from app.reports.case_pdfs import write_referral_pdf

        state, referral_id = self.host.state, r.id
        title = tr("의뢰서")
        self.save_pdf(title, f"{title}_{r.client_name}_{fmt(r.referred_on, 'en')}.pdf",
                      lambda path: write_referral_pdf(state.uow(), referral_id, path, state.council_name))
