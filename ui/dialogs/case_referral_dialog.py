"""의뢰·연계: a person referred to a service of the directory (its capacity shown as the
service is chosen; the service refuses without a live consent to its organization, shown
under the service) or to an agency outside it, and the recipient's reply: 접수 (or the
waiting list when full), 거절 with its reason, 제공 시작, 완료."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.cases import codes as cc
from app.cases.pages import ServiceChoice
from app.cases.referrals import accept_referral, complete_referral, decline_referral, refer_client, start_referral
from app.cases.rules import ReferralData
from app.cases.views import ReferralView
from ui import clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.case_client_dialog import code_combo, fill_code_combo
from ui.i18n import N_, tr
from ui.state import AppState
from ui.widgets import DateEdit


def capacity_text(choice: ServiceChoice | None) -> str:
    if choice is None:
        return ""
    if choice.capacity is None:
        return tr("정원 제한 없음 (이용 {use}명)").format(use=choice.current_use)
    left = max(choice.capacity - choice.current_use, 0)
    if left == 0:
        return tr("정원 {capacity}명이 모두 찼습니다. 의뢰하면 대기자로 올릴 수 있습니다.").format(capacity=choice.capacity)
    return tr("정원 {capacity}명 중 {left}자리 남음").format(capacity=choice.capacity, left=left)


class ReferralDialog(FormDialog):
    inline_refusals = {"no_provision_consent": "service_id", "service_not_found": "service_id"}

    def __init__(self, parent: QWidget | None, state: AppState, client_id: str, case_id: str | None,
                 services: list[ServiceChoice]) -> None:
        super().__init__(parent, N_("의뢰하기"), N_("의뢰"))
        self.state, self.client_id, self.case_id = state, client_id, case_id
        self.services = {s.id: s for s in services}
        self.saved: ReferralView | None = None
        grid = self.group("")
        self.service = grid.add("service_id", N_("의뢰할 서비스"), QComboBox(), ("referral_target",))
        self.service.addItem("", None)
        for choice in services:
            self.service.addItem(f"{choice.organization} — {choice.name}", choice.id)
        self.capacity = QLabel()
        grid.add("capacity", N_("정원"), self.capacity)
        self.agency_name = grid.add("agency_name", N_("디렉터리 밖 기관명"), QLineEdit())
        self.referred_on = grid.add("referred_on", N_("의뢰일"), DateEdit(clock.today()))
        self.referred_by = grid.add("referred_by", N_("의뢰자"), QLineEdit())
        self.service_requested = grid.add("service_requested", N_("요청 서비스"), QLineEdit())
        self.reason = grid.add("referral_reason", N_("의뢰 사유"), QPlainTextEdit(), ("reason",))
        self.reason.setFixedHeight(70)
        self.body.addWidget(grid)
        self.service.currentIndexChanged.connect(lambda _i: self.on_service_changed())
        self.resize(520, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.service.setItemText(0, tr("(디렉터리 밖 기관에 의뢰)"))
        self.on_service_changed()

    def on_service_changed(self) -> None:
        choice = self.services.get(self.service.currentData())
        self.capacity.setText(capacity_text(choice) if choice else tr("기관명을 적으세요."))
        self.agency_name.setEnabled(choice is None)
        if choice is not None and not self.service_requested.text():
            self.service_requested.setText(choice.name)

    def save(self) -> bool:
        today = clock.today()
        data = ReferralData(self.client_id, self.referred_on.value(), self.reason.toPlainText(),
                            self.service_requested.text(), self.service.currentData(),
                            "" if self.service.currentData() else self.agency_name.text(),
                            self.referred_by.text(), self.case_id)
        return self.attempt(lambda: setattr(self, "saved", ops.call(refer_client, self.state.uow(), data, today)))


REPLIES = ("accept", "decline", "start", "complete")


class ReplyDialog(FormDialog):
    """The recipient's answer or the next step of a referral, one at a time."""

    inline_refusals = {"service_full": "waiting", "referral_status": "on"}
    TITLES = {"accept": N_("접수 기록"), "decline": N_("거절 기록"), "start": N_("제공 시작 기록"),
              "complete": N_("완료 기록")}

    def __init__(self, parent: QWidget | None, state: AppState, referral: ReferralView, reply: str) -> None:
        super().__init__(parent, self.TITLES[reply])
        self.state, self.referral, self.reply = state, referral, reply
        self.saved: ReferralView | None = None
        grid = self.group("")
        self.on = grid.add("on", N_("날짜"), DateEdit(clock.today()), ("replied_on",))
        self.waiting = grid.add("waiting", N_("정원이 찼으면"), QCheckBox())
        self.decline_reason = grid.add("decline_reason", N_("거절 사유"), code_combo(cc.DECLINE_REASON, N_("(고르세요)")))
        self.result_text = grid.add("result", N_("결과"), QPlainTextEdit(), ("referral_result",))
        self.result_text.setFixedHeight(60)
        self.body.addWidget(grid)
        self.waiting.setVisible(reply == "accept")
        self.decline_reason.setEnabled(reply == "decline")
        self.result_text.setEnabled(reply in ("decline", "complete"))
        self.resize(440, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.waiting.setText(tr("대기자로 올리기"))
        fill_code_combo(self.decline_reason, cc.DECLINE_REASON)

    def save(self) -> bool:
        today, on, rid, uow = clock.today(), self.on.value(), self.referral.id, self.state.uow()
        result = self.result_text.toPlainText()
        calls = {
            "accept": lambda: ops.call(accept_referral, uow, rid, on, today, self.waiting.isChecked()),
            "decline": lambda: ops.call(decline_referral, uow, rid, self.decline_reason.currentData(), on, today,
                                        result),
            "start": lambda: ops.call(start_referral, uow, rid, on, today),
            "complete": lambda: ops.call(complete_referral, uow, rid, on, today, result),
        }
        return self.attempt(lambda: setattr(self, "saved", calls[self.reply]()))
