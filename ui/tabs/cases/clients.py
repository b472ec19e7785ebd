"""대상자 view: everyone on record with their open (or latest) case — the account's own
cases first, overdue steps before due ones — and the chosen person's page: who they are,
consents per purpose (withdrawn ones struck through), the case's steps with the next due
day, plan items and checks, referrals. Buttons add and edit the person, record and
withdraw consents, open a case, record a step, a plan item or a check, close the case,
and print a blank consent form."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QMenu

from app import codes
from app.cases import codes as cc
from app.cases.pages import ClientPage, ClientRow, client_page, client_rows, organizations
from app.cases.services import withdraw_consent
from app.cases.views import CaseView, ConsentView
from app.errors import AppError
from ui import clock, messages, ops
from ui.i18n import N_, language, tr
from ui.tabs.base import esc
from ui.tabs.cases.columns import CLIENT_COLUMNS, client_style
from ui.tabs.cases.pane import CaseHost, Pane
from ui.tabs.member_columns import fmt

BUTTONS = (
    ("add", N_("대상자 등록…")), ("edit", N_("수정…")), ("consent", N_("동의 기록…")),
    ("withdraw", N_("동의 철회…")), ("open_case", N_("사례 열기…")), ("step", N_("단계 기록…")),
    ("plan", N_("계획 항목…")), ("check", N_("점검…")), ("close", N_("종결…")), ("print", N_("동의서 인쇄")),
)


class ClientsPane(Pane):
    def __init__(self, host: CaseHost) -> None:
        super().__init__(host, CLIENT_COLUMNS, client_style)
        self.page_data: ClientPage | None = None
        self.mine = QCheckBox()
        self.top.addWidget(self.mine)
        self.mine.toggled.connect(lambda _c: self.reload(self.current_id()))
        self.model._search_text_fn = lambda r: " ".join((r.client.name, r.client.place, r.client.address))
        slots = {"add": self.on_add, "edit": self.on_edit, "consent": self.on_consent, "withdraw": self.on_withdraw,
                 "open_case": self.on_open_case, "step": self.on_step, "plan": self.on_plan, "check": self.on_check,
                 "close": self.on_close, "print": lambda: None}
        for key, _ko in BUTTONS:
            if key == "open_case":
                self.break_buttons()  # the person's buttons, then the case's
            self.add_button(key, slots[key], main=key == "add")
        self.print_menu = QMenu(self)
        self.print_actions = {}
        for purpose in cc.CONSENT_PURPOSE:
            action = self.print_menu.addAction("")
            action.triggered.connect(lambda _c=False, p=purpose: self.print_consent_form(p))
            self.print_actions[purpose] = action
        self.buttons["print"].setMenu(self.print_menu)
        self.finish_buttons()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(tr("성명, 마을, 주소로 찾기"))
        self.mine.setText(tr("내 사례만"))
        for key, ko in BUTTONS:
            self.buttons[key].setText(tr(ko))
        for purpose, action in self.print_actions.items():
            action.setText(codes.label(cc.CONSENT_PURPOSE, purpose, language()) + "…")
        super().retranslate_ui()
        self.show_current()

    def nothing_yet(self) -> str:
        if self.mine.isChecked():
            return tr("맡은 사례가 없습니다. [내 사례만]을 끄면 모든 대상자가 보입니다.")
        return tr("등록된 대상자가 없습니다. [대상자 등록]으로 발굴한 분을 먼저 등록하세요.")

    # ---------------------------------------------------------------- loading
    def reload(self, keep: str | None = None) -> None:
        rows = ops.call(client_rows, self.host.state.uow(), clock.today(), self.mine.isChecked())
        self.set_rows(rows, keep or self.current_id())

    def show_current(self) -> None:
        row: ClientRow | None = self.current()
        self.page_data = None
        if row is not None:
            try:
                self.page_data = ops.call(client_page, self.host.state.uow(), row.id, clock.today())
            except AppError:
                self.page_data = None
        self.page.setText(self.render(self.page_data) if self.page_data else
                          tr("대상자를 고르면 동의, 사례 단계, 의뢰가 여기에 나옵니다."))
        self.update_controls()

    def render(self, page: ClientPage) -> str:
        lang, c, today = language(), page.client, clock.today()
        age = c.age(today)
        facts = [f"{codes.label(codes.SEX, c.sex, lang)}" if c.sex else "",
                 tr("만 {age}세").format(age=age) if age is not None else "", c.place, c.phone,
                 c.household_label(lang) + (("" if not c.household_size else
                                             f" {c.household_size}명" if lang == "ko" else f", {c.household_size}"))]
        parts = [f"<h3>{esc(c.name)}</h3><p>{esc(' · '.join(f for f in facts if f))}</p>"]
        if c.address:
            parts.append(f"<p>{esc(c.address)}</p>")
        parts.append(f"<h4>{tr('동의')}</h4>")
        parts.append(self._consents(page.consents) or f"<p>{tr('동의 기록이 없습니다. 접수 전에 수집·이용 동의를 받으세요.')}</p>")
        parts.append(f"<h4>{tr('사례')}</h4>")
        parts.append(self._case(page.case) if page.case else f"<p>{tr('사례가 없습니다. [사례 열기]로 시작하세요.')}</p>")
        if page.referrals:
            parts.append(f"<h4>{tr('의뢰·연계')}</h4><ul>")
            for r in page.referrals:
                parts.append(f"<li>{fmt(r.referred_on, lang)} {esc(r.recipient)} — {esc(r.status_label(lang))}</li>")
            parts.append("</ul>")
        return "".join(parts)

    def _consents(self, consents: tuple[ConsentView, ...]) -> str:
        lang = language()
        lines = []
        for c in consents:
            text = c.purpose_label(lang) + (f" → {c.recipient_name}" if c.recipient_name else "")
            text = f"{esc(text)} ({fmt(c.given_on, lang)})"
            if c.withdrawn_on:
                text = f"<s>{text}</s> — " + esc(tr("{date} 철회").format(date=fmt(c.withdrawn_on, lang)))
            lines.append(f"<li>{text}</li>")
        return f"<ul>{''.join(lines)}</ul>" if lines else ""

    def _case(self, case: CaseView) -> str:
        lang, today = language(), clock.today()
        steps = []
        for code, on in case.steps:
            if on is not None:
                steps.append(f"{codes.label(cc.STEP, code, lang)} {fmt(on, lang)}")
        parts = [f"<p>{esc(' → '.join(steps))}</p>",
                 f"<p>{esc(tr('담당'))}: {esc(case.worker)}</p>"]
        if case.due is not None:
            due = f"{case.due_label(lang)} {fmt(case.due.due_on, lang)}"
            if case.overdue(today):
                parts.append(f"<p style='color:#b00020'><b>{esc(tr('기한 지남'))}: {esc(due)}</b></p>")
            else:
                parts.append(f"<p>{esc(tr('다음 할 일'))}: {esc(due)}</p>")
        if case.closed:
            parts.append(f"<p>{esc(tr('종결'))}: {esc(codes.label(cc.CLOSING_REASON, case.closing_reason, lang))}</p>")
        if case.plan_items:
            parts.append(f"<p><b>{esc(tr('서비스 제공계획'))}</b></p><ul>")
            for p in case.plan_items:
                due = f" ({fmt(p.due_on, lang)})" if p.due_on else ""
                parts.append(f"<li>{esc(p.what)} — {esc(p.who)}{due}</li>")
            parts.append("</ul>")
        if case.checks:
            parts.append(f"<p><b>{esc(tr('점검'))}</b></p><ul>")
            for ch in case.checks:
                parts.append(f"<li>{fmt(ch.checked_on, lang)} {esc(ch.note)}</li>")
            parts.append("</ul>")
        return "".join(parts)

    # ---------------------------------------------------------------- enabling
    def update_controls(self) -> None:
        edit = self.host.can_edit()
        page = self.page_data
        case = page.case if page else None
        live = bool(page and any(c.live for c in page.consents))
        open_case = case is not None and not case.closed
        for key, enabled in (("add", edit), ("edit", edit and page is not None),
                             ("consent", edit and page is not None), ("withdraw", edit and live),
                             ("open_case", edit and page is not None and not open_case),
                             ("step", edit and open_case), ("plan", edit and open_case),
                             ("check", edit and open_case and case is not None and case.step_on("providing") is not None),
                             ("close", edit and open_case), ("print", self.host.can_print() and page is not None)):
            self.buttons[key].setEnabled(bool(enabled))

    # ---------------------------------------------------------------- actions
    def _after(self, saved: object | None, client_id: str | None = None) -> None:
        if saved is not None:
            self.reload(client_id or self.current_id())

    def on_add(self) -> None:
        from ui.dialogs.case_client_dialog import ClientDialog

        saved = self.run_dialog(ClientDialog(self, self.host.state))
        if saved is not None:
            self.search.clear()
            self.mine.setChecked(False)
            self._after(saved, saved.id)

    def on_edit(self) -> None:
        from ui.dialogs.case_client_dialog import ClientDialog

        if self.page_data is not None:
            self._after(self.run_dialog(ClientDialog(self, self.host.state, self.page_data.client)))

    def on_consent(self) -> None:
        from ui.dialogs.case_client_dialog import ConsentDialog

        if self.page_data is not None:
            orgs = ops.call(organizations, self.host.state.uow())
            self._after(self.run_dialog(ConsentDialog(self, self.host.state, self.page_data.client, orgs)))

    def on_withdraw(self) -> None:
        """철회 of the latest live consent the person picks (the safe answer is the default)."""
        page = self.page_data
        if page is None:
            return
        lang = language()
        for consent in [c for c in page.consents if c.live]:
            what = consent.purpose_label(lang) + (f" → {consent.recipient_name}" if consent.recipient_name else "")
            text = tr("'{what}' 동의를 오늘({date})자로 철회합니다. 철회 뒤에는 이 동의로 정보를 제공하거나 "
                      "의뢰할 수 없습니다. 철회할까요?").format(what=what, date=fmt(clock.today(), lang))
            if messages.confirm(self, tr("동의 철회"), text, tr("철회")):
                today = clock.today()
                self._after(self.host.apply(withdraw_consent, self.host.state.uow(), consent.id, today, today))
                return

    def _case_dialog(self, name: str) -> None:
        from ui.dialogs import case_step_dialog

        page = self.page_data
        if page is None or page.case is None:
            return
        dialog = getattr(case_step_dialog, name)(self, self.host.state, page.case)
        self._after(self.run_dialog(dialog))

    def on_open_case(self) -> None:
        from ui.dialogs.case_step_dialog import OpenCaseDialog

        if self.page_data is not None:
            self._after(self.run_dialog(OpenCaseDialog(self, self.host.state, self.page_data.client.id)))

    def on_step(self) -> None:
        self._case_dialog("StepDialog")

    def on_plan(self) -> None:
        self._case_dialog("PlanItemDialog")

    def on_check(self) -> None:
        self._case_dialog("CheckDialog")

    def on_close(self) -> None:
        page = self.page_data
        if page is None or page.case is None:
            return
        if messages.confirm(self, tr("사례 종결"), tr("'{name}' 님의 사례를 종결합니다. 종결한 사례는 고칠 수 없고, 보존 기간이 "
                                                   "지나면 지워집니다. 계속할까요?").format(name=page.client.name),
                            tr("계속")):
            self._case_dialog("CloseCaseDialog")

    def print_consent_form(self, purpose: str) -> None:
        page = self.page_data
        if page is None:
            return
        from app.reports.case_pdfs import write_consent_form_pdf

        state, client_id = self.host.state, page.client.id
        title = tr("동의서")
        name = f"{page.client.name}_{title}_{codes.label(cc.CONSENT_PURPOSE, purpose, 'ko')}.pdf"
        self.save_pdf(title, name, lambda path: write_consent_form_pdf(
            state.uow(), client_id, purpose, path, state.council_name))
