"""Recording the result of a 심의·의결 item: 찬성/반대/기권, who is recused (제척·회피),
the result (원안가결, 수정가결, 부결, 보류) and, on a tie, the chair's decision.

The counts and the rules are shown live as the numbers change. Before anything is
written the vote is checked with the same rules the service applies
(``app.meetings.rules.check_vote``), so a refused vote writes nothing, not even the
recusals, and its Korean reason appears under the result.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QSpinBox, QWidget)

from app import codes
from app.errors import FieldError, ValidationFailed
from app.meetings import codes as mc
from app.meetings.agenda import ResultData, record_result, set_recusals
from app.meetings.core import AgendaItemView, MeetingDetail
from app.meetings.rules import Vote, check_vote, majority_needed
from app.areas import Change
from ui import appearance, clock, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.member_dialog import select_code
from ui.i18n import N_, language, tr
from ui.state import AppState

VOTE_REFUSALS = (
    "votes_negative", "votes_required", "votes_exceed_present", "no_quorum", "not_majority",
    "majority_but_rejected", "tie_is_rejected", "tie_needs_casting_vote", "casting_vote_contradicts",
    "casting_vote_without_tie", "result_not_for_kind", "attendance_breaks_result", "meeting_in_future",
    "minutes_locked", "minutes_record_locked",
)


def quorum_text(enrolled: int, present: int, needed: int, met: bool) -> str:
    verdict = tr("성원") if met else tr("미달")
    return tr("재적 {enrolled}명 · 출석 {present}명 · 의사정족수 {needed}명 — {verdict}").format(
        enrolled=enrolled, present=present, needed=needed, verdict=verdict)


class VoteDialog(FormDialog):
    inline_refusals = {code: "result" for code in VOTE_REFUSALS}

    def __init__(self, parent: QWidget | None, state: AppState, detail: MeetingDetail, item: AgendaItemView) -> None:
        super().__init__(parent, N_("의결 결과 기록"), ok_ko=N_("기록"))
        self.state = state
        self.detail = detail
        self.item = item
        self.saved: AgendaItemView | None = None
        self.present_ids = {r.member_id for r in detail.roster if r.status == "present"}

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        appearance.emphasise(self.heading, 1.2)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.counts)

        votes = self.group(N_("표결"))
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.spins: dict[str, QSpinBox] = {}
        self.spin_labels: dict[str, QLabel] = {}
        for key, label_ko in (("yes", N_("찬성")), ("no", N_("반대")), ("abstain", N_("기권"))):
            label = QLabel()
            self.register_label(label, label_ko)
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setMinimumWidth(70)
            label.setBuddy(spin)
            self.spins[key] = spin
            row_layout.addWidget(label)
            row_layout.addWidget(spin)
            row_layout.addSpacing(10)
            spin.valueChanged.connect(self.on_inputs_changed)
        row_layout.addStretch(1)
        votes.add("votes_yes", N_("표 수"), row, error_keys=("votes_no", "votes_abstain"))
        self.recusals = votes.add("recusals", N_("제척·회피"), QListWidget())
        self.recusals.setMaximumHeight(130)
        self.recusal_reason = votes.add("recusal_reason", N_("제척·회피 사유"), QLineEdit())
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("color: #2b5d8a;")
        votes.grid.addWidget(self.preview, 98, 0, 1, 2)

        decision = self.group(N_("결과"))
        self.result_combo = decision.add("result", N_("의결 결과"), QComboBox())
        self.result_combo.addItem("", None)
        for code in mc.RESULT:
            self.result_combo.addItem("", code)
        self.casting = decision.add("casting_vote", N_("위원장 결정"), QComboBox())
        self.casting.addItem("", None)
        for code in mc.CASTING_VOTE:
            self.casting.addItem("", code)
        self.note = decision.add("result_note", N_("결과 비고"), QLineEdit())
        self.body.addWidget(votes)
        self.body.addWidget(decision)

        names = {r.member_id: r for r in detail.roster}
        recused = {r.member_id: r for r in item.recusals}
        for row_view in detail.roster:
            if row_view.member_id not in self.present_ids and row_view.member_id not in recused:
                continue
            entry = QListWidgetItem(row_view.name + (f" ({row_view.affiliation})" if row_view.affiliation else ""))
            entry.setData(Qt.ItemDataRole.UserRole, row_view.member_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if row_view.member_id in recused else Qt.CheckState.Unchecked)
            self.recusals.addItem(entry)
        for member_id, rec in recused.items():
            if member_id not in names:  # recorded before a roster change: keep it visible
                entry = QListWidgetItem(rec.name)
                entry.setData(Qt.ItemDataRole.UserRole, member_id)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked)
                self.recusals.addItem(entry)
        if item.recusals:
            self.recusal_reason.setText(item.recusals[0].reason)

        if item.result is not None:
            select_code(self.result_combo, item.result)
            self.spins["yes"].setValue(item.votes_yes or 0)
            self.spins["no"].setValue(item.votes_no or 0)
            self.spins["abstain"].setValue(item.votes_abstain or 0)
            select_code(self.casting, item.casting_vote)
            self.note.setText(item.result_note)
        self.casting.setVisible(detail.settings.tie_rule == "casting")
        label = decision.grid.itemAtPosition(2, 0)
        if label is not None and label.widget() is not None:
            label.widget().setVisible(detail.settings.tie_rule == "casting")

        self.recusals.itemChanged.connect(self.on_inputs_changed)
        self.result_combo.currentIndexChanged.connect(self.on_inputs_changed)
        self.casting.currentIndexChanged.connect(self.on_inputs_changed)
        self.setMinimumWidth(560)
        self.retranslate_ui()
        self.spins["yes"].setFocus()
        self.spins["yes"].selectAll()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        lang = language()
        self.heading.setText(f"{self.item.number_label}  {self.item.title}" if lang == "ko"
                             else f"{codes.label(mc.ITEM_KIND, self.item.kind, lang)} {self.item.number}: "
                                  f"{self.item.title}")
        for i in range(self.result_combo.count()):
            code = self.result_combo.itemData(i)
            if code is None:
                self.result_combo.setItemText(i, tr("(결과 지우기)") if self.item.result else tr("선택하세요"))
            else:
                self.result_combo.setItemText(i, codes.label(mc.RESULT, code, lang))
        for i in range(self.casting.count()):
            code = self.casting.itemData(i)
            self.casting.setItemText(i, tr("(없음)") if code is None else codes.label(mc.CASTING_VOTE, code, lang))
        self.note.setPlaceholderText(tr("예: 수정 내용, 보류 사유"))
        self.recusal_reason.setPlaceholderText(tr("예: 협약 상대 기관 소속"))
        q = self.detail.quorum
        self.counts.setText(quorum_text(q.enrolled, q.present, q.needed, q.met))
        self.counts.setStyleSheet("color: #1e6b3a;" if q.met else "color: #8a5a00; font-weight: bold;")
        self.on_inputs_changed()

    # -- values
    def recused_ids(self) -> list[str]:
        return [self.recusals.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.recusals.count())
                if self.recusals.item(i).checkState() == Qt.CheckState.Checked]

    def eligible(self) -> tuple[int, int]:
        recused_present = sum(1 for m in self.recused_ids() if m in self.present_ids)
        return max(0, self.detail.quorum.present - recused_present), recused_present

    def on_inputs_changed(self, *_args: object) -> None:
        eligible, recused = self.eligible()
        total = sum(s.value() for s in self.spins.values())
        text = tr("표결할 수 있는 출석위원 {eligible}명(출석 {present}명 - 제척·회피 {recused}명) · 가결에 필요한 찬성 {needed}명 · 입력한 표 {total}표").format(
            eligible=eligible, present=self.detail.quorum.present, recused=recused,
            needed=majority_needed(eligible), total=total)
        self.preview.setText(text)

    def result_data(self) -> ResultData:
        result = self.result_combo.currentData()
        yes, no, abstain = (self.spins[k].value() for k in ("yes", "no", "abstain"))
        counts: tuple[int | None, int | None, int | None] = (yes, no, abstain)
        if result is None or (result == "deferred" and yes == no == abstain == 0):
            counts = (None, None, None)  # a deferral or a cleared result carries no counts
        return ResultData(result, *counts, casting_vote=self.casting.currentData() if result else None,
                          note=self.note.text())

    def save(self) -> bool:
        today = clock.today()
        data = self.result_data()
        wanted = self.recused_ids()
        reason = self.recusal_reason.text()
        recusals_changed = set(wanted) != {r.member_id for r in self.item.recusals} or any(
            r.reason != reason for r in self.item.recusals)
        _eligible, recused = self.eligible()

        def action() -> None:
            if data.result is None and self.item.result is None:
                raise ValidationFailed([FieldError("result", "required")])
            # The rules first, with the counts as they will be: a refused vote writes nothing.
            check_vote(Vote(data.result, data.yes, data.no, data.abstain, data.casting_vote),
                       item_kind=self.item.kind, enrolled=self.detail.quorum.enrolled,
                       present=self.detail.quorum.present, recused=recused, tie_rule=self.detail.settings.tie_rule)
            uow = self.state.uow
            if recusals_changed:
                if self.item.result is not None:
                    # The stored result was checked against the old recusals; clear it so the
                    # new recusals can be set, then record the new result below.
                    record_result(uow(), self.item.id, ResultData(None), today)
                set_recusals(uow(), self.item.id, [(m, reason) for m in wanted], today)
            self.saved = record_result(uow(), self.item.id, data, today)

        done = self.attempt(lambda: ops.call(action))
        if done or recusals_changed:
            ops.notify({Change.MEETINGS})
        return done
