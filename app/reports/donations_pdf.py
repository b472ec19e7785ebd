"""Donation printouts: 후원금품 관리대장 (A4 landscape: per item and purpose, what came in,
what went out and the balance after each line) and 후원금품 수입·사용 결과 보고 (A4
portrait, for a period: income with donors named only under their consent, use without any
household, balances).

Owns the layout and wording; the figures come from ``app.resources.donations_report``.
Fonts, tables, page numbers and the file come from ``pdf_common``.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from app import codes
from app.dates import format_date
from app.reports.pdf_common import (
    LANDSCAPE, PORTRAIT, Column, DocumentInfo, Margins, build_pdf, frame_width, para, ruled_table, scale_widths,
    styles, with_end_mark,
)
from app.resources import codes as rcodes
from app.resources.donations_report import DonationReport, PoolLedger, ledger_for_print, report_for_period
from app.security.audit import record
from app.security.permissions import Permission, require
from db.session import UnitOfWork

_LANDSCAPE_MARGINS = Margins(top=18 * mm, bottom=18 * mm, left=15 * mm, right=15 * mm)
ENTRY_WORDS = {"donation": "접수", "distribution": "배분"}


def period_text(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "전체 기간"
    return f"{format_date(start) if start else '처음'} ~ {format_date(end) if end else '현재'}"


def _number(value: int) -> str:
    return f"{value:,}" if value else ""


def _columns(spec: tuple[tuple[str, float, bool], ...], orientation: str, margins: Margins = Margins()) -> list[Column]:
    widths = scale_widths([w for _, w, _ in spec], frame_width(orientation, margins))
    return [Column(header, width, center) for (header, _, center), width in zip(spec, widths)]


# ---------------------------------------------------------------- 관리대장

_LEDGER_SPEC = (("연번", 9, True), ("일자", 24, True), ("구분", 11, True), ("기부자 · 사용처", 92, False),
                ("영수증 번호", 26, True), ("받음", 30, True), ("나감", 30, True), ("잔액", 32, True))


def ledger_story(pools: list[PoolLedger], start: date | None, end: date | None, council_name: str,
                 printed_on: date) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(f"{council_name} 후원금품 관리대장", s.title),
                             para(f"기간: {period_text(start, end)} · 출력일: {format_date(printed_on)}", s.subtitle)]
    if not pools:
        story.append(Spacer(0, 6 * mm))
        story.append(with_end_mark("이 기간에 접수하거나 배분한 후원금품이 없습니다.", s.body))
        return story
    columns = _columns(_LEDGER_SPEC, LANDSCAPE, _LANDSCAPE_MARGINS)
    for number, ledger in enumerate(pools, start=1):
        unit = ledger.pool.unit
        rows: list[list[str]] = [["", format_date(start) if start else "", "이월", "앞 기간에서 넘어온 잔액", "", "", "",
                                  f"{ledger.carried_in:,}"]] if start is not None else []
        for index, entry in enumerate(ledger.entries, start=1):
            rows.append([str(index), format_date(entry.on), ENTRY_WORDS[entry.table], entry.who, entry.receipt_number,
                         _number(entry.received), _number(entry.distributed), f"{entry.balance:,}"])
        rows.append(["", "", "계", "", "", f"{ledger.received:,}", f"{ledger.distributed:,}",
                     f"{ledger.carried_out:,}"])
        kind = codes.label(rcodes.DONATION_KIND, ledger.pool.kind)
        story.append(CondPageBreak(40 * mm))
        story.append(para(f"{number}. {kind}: {ledger.pool.label()} (단위: {unit})", s.heading))
        story.append(ruled_table(columns, rows, blank_mark=False))
        story.append(Spacer(0, 3 * mm))
    story.append(Spacer(0, 2 * mm))
    story.append(with_end_mark(f"품목·용도 {len(pools)}가지의 접수와 배분을 적었습니다. 잔액은 줄마다 그 날까지의 "
                               "받음에서 나감을 뺀 것입니다.", s.body))
    return story


def write_donation_ledger_pdf(uow: UnitOfWork, out_path: Path, start: date | None, end: date | None,
                              council_name: str, printed_on: date) -> Path:
    """후원금품 관리대장 of the period (all time when both ends are None)."""
    require(uow.actor, Permission.PRINT)
    pools = ledger_for_print(uow, start, end)
    info = DocumentInfo(title=f"{council_name} 후원금품 관리대장 ({period_text(start, end)})", author=council_name,
                        subject="후원금품 관리대장", keywords=("후원금품", "관리대장", council_name))
    written = build_pdf(out_path, ledger_story(pools, start, end, council_name, printed_on), info,
                        orientation=LANDSCAPE, margins=_LANDSCAPE_MARGINS)
    record(uow, "print", "donation", "", {"document": "후원금품 관리대장", "from": start, "to": end,
                                          "rows": sum(len(p.entries) for p in pools), "file": written.name})
    return written


# ---------------------------------------------------------------- 수입·사용 결과 보고

_INCOME_SPEC = (("연번", 9, True), ("일자", 22, True), ("기부자", 34, True), ("구분", 14, True),
                ("품목", 24, False), ("수량", 18, True), ("금액(원)", 24, True), ("지정 용도", 30, False))
_USE_SPEC = (("연번", 9, True), ("일자", 22, True), ("품목 · 용도", 46, False), ("사용처", 62, False),
             ("수량 · 금액", 36, True))
_BALANCE_SPEC = (("품목 · 용도", 70, False), ("이월", 27, True), ("받음", 27, True), ("나감", 27, True),
                 ("잔액", 28, True))


def report_story(report: DonationReport, council_name: str, printed_on: date) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(f"{council_name} 후원금품 수입·사용 결과 보고", s.title),
                             para(f"기간: {period_text(report.start, report.end)} · 보고일: {format_date(printed_on)}",
                                  s.subtitle)]
    named = sum(1 for i in report.incomes if i.donor not in ("익명", "비공개"))
    goods = sum(1 for i in report.incomes if i.kind == "goods")
    story += [para("1. 수입", s.heading),
              para(f"후원금 {report.cash_received:,}원, 후원품 {goods}건(환산 {report.goods_value:,}원). 기부자 이름은 "
                   f"공개에 동의한 {named}건만 적고, 나머지는 '비공개' 또는 '익명'으로 적었습니다.", s.body)]
    income_rows = [[str(n), format_date(i.on), i.donor, codes.label(rcodes.DONATION_KIND, i.kind),
                    i.item, "" if i.kind == "cash" else f"{i.quantity:,}{i.unit}", f"{i.amount:,}", i.purpose or "비지정"]
                   for n, i in enumerate(report.incomes, start=1)]
    story.append(ruled_table(_columns(_INCOME_SPEC, PORTRAIT), income_rows, blank_mark=True))
    story += [Spacer(0, 3 * mm), CondPageBreak(40 * mm), para("2. 사용", s.heading),
              para(f"후원금 {report.cash_used:,}원, 배분 {len(report.uses)}건(그중 가구 지원 {report.households}건; "
                   "받은 가구는 적지 않습니다).", s.body)]
    use_rows = [[str(n), format_date(u.on), u.pool.label(), u.where, u.pool.measure(u.measure)]
                for n, u in enumerate(report.uses, start=1)]
    story.append(ruled_table(_columns(_USE_SPEC, PORTRAIT), use_rows, blank_mark=True))
    balance_rows = [[b.pool.label(), b.pool.measure(b.carried_in), b.pool.measure(b.received),
                     b.pool.measure(b.distributed), b.pool.measure(b.carried_out)] for b in report.balances]
    # The balances and the closing stay on one page: a last page holding only "끝." reads as cut off.
    story += [Spacer(0, 3 * mm), KeepTogether([
        para(f"3. 잔액({format_date(report.end)} 현재)", s.heading),
        ruled_table(_columns(_BALANCE_SPEC, PORTRAIT), balance_rows, blank_mark=True), Spacer(0, 5 * mm),
        with_end_mark("위와 같이 후원금품의 수입과 사용 결과를 보고합니다.", s.body), Spacer(0, 8 * mm),
        para(council_name, s.body_center)])]
    return story


def write_donation_report_pdf(uow: UnitOfWork, out_path: Path, start: date, end: date, council_name: str,
                              printed_on: date) -> Path:
    """후원금품 수입·사용 결과 보고 of ``start``..``end``."""
    require(uow.actor, Permission.PRINT)
    report = report_for_period(uow, start, end)
    info = DocumentInfo(title=f"{council_name} 후원금품 수입·사용 결과 보고 ({period_text(start, end)})",
                        author=council_name, subject="후원금품 수입·사용 결과 보고",
                        keywords=("후원금품", "결과 보고", council_name))
    written = build_pdf(out_path, report_story(report, council_name, printed_on), info)
    record(uow, "print", "donation", "", {"document": "후원금품 수입·사용 결과 보고", "from": start, "to": end,
                                          "rows": len(report.incomes) + len(report.uses), "file": written.name})
    return written
