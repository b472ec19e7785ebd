"""Directory printouts: 지역자원 현황 (A4 landscape, the services grouped by the eight service
areas) and the 자원 안내 카드 a coordinator hands to a resident (A4 portrait, one page, large
type: what, for whom, how to apply, whom to call).

Only public numbers print (``phone`` rows, and a contact's name, title and e-mail): a
volunteer leader's own mobile (``contact.private_phone``) is never read here at all.
What the directory holds comes from ``app.resources.services``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table
from sqlalchemy import select

from app import codes
from app.dates import format_date
from app.reports.pdf_common import (
    LANDSCAPE, SANS, SANS_BOLD, SERIF, Column, DocumentInfo, Margins, build_pdf, frame_width, make_style, para,
    ruled_table, scale_widths, styles, table_style, with_end_mark,
)
from app.resources.services import ServiceFilter, get_service, list_services
from app.resources.views import ServiceView
from app.security.audit import record
from app.security.permissions import Permission, require
from db.resource_models import Contact, Phone
from db.session import UnitOfWork

_MARGINS = Margins(top=18 * mm, bottom=18 * mm, left=15 * mm, right=15 * mm)
WHOLE_AREA = "면 전체"


@dataclass(frozen=True)
class PublicContacts:
    """Public numbers and named contacts, by organization id and by service id."""

    phones: dict[str, tuple[str, ...]]
    people: dict[str, tuple[str, ...]]

    def phones_of(self, view: ServiceView) -> tuple[str, ...]:
        return self.phones.get(view.id, ()) + self.phones.get(view.organization_id, ())

    def people_of(self, view: ServiceView) -> tuple[str, ...]:
        return self.people.get(view.id, ()) + self.people.get(view.organization_id, ())


def public_contacts(uow: UnitOfWork) -> PublicContacts:
    """Public phones ("043-123-4500 (맞춤형복지팀)") and contacts ("정미경 방문간호사") of the
    directory. Contacts are read column by column so the private number is never loaded."""
    require(uow.actor, Permission.RESOURCES_READ)
    phones: dict[str, list[str]] = defaultdict(list)
    people: dict[str, list[str]] = defaultdict(list)
    with uow:
        for row in uow.session.scalars(select(Phone).where(Phone.deleted_at.is_(None)).order_by(Phone.number)):
            text = row.number + (f" 내선 {row.extension}" if row.extension else "")
            text += f" ({row.description})" if row.description else ""
            for owner in (row.service_id, row.organization_id):
                if owner:
                    phones[owner].append(text)
        query = select(Contact.organization_id, Contact.service_id, Contact.name, Contact.title, Contact.email).where(
            Contact.deleted_at.is_(None)).order_by(Contact.name)
        for organization_id, service_id, name, title, email in uow.session.execute(query):
            text = " ".join(part for part in (name, title) if part) + (f" ({email})" if email else "")
            for owner in (service_id, organization_id):
                if owner and text:
                    people[owner].append(text)
    return PublicContacts({k: tuple(v) for k, v in phones.items()}, {k: tuple(v) for k, v in people.items()})


def places_text(view: ServiceView) -> str:
    return ", ".join(view.area_places) if view.area_places else WHOLE_AREA


def ages_text(view: ServiceView) -> str:
    if view.minimum_age is not None and view.maximum_age is not None:
        return f"{view.minimum_age}~{view.maximum_age}세"
    if view.minimum_age is not None:
        return f"{view.minimum_age}세 이상"
    if view.maximum_age is not None:
        return f"{view.maximum_age}세 이하"
    return ""


def room_text(view: ServiceView) -> str:
    if view.capacity is None:
        return "제한 없음"
    return f"{view.current_use}/{view.capacity} {view.capacity_unit}".strip()


def status_note(view: ServiceView) -> str:
    if view.status != "temporarily_closed":
        return ""
    until = f"({format_date(view.closed_until)}까지)" if view.closed_until else ""
    return f"일시 중단{until}"


# ---------------------------------------------------------------- 지역자원 현황

_DIRECTORY_SPEC = (("연번", 9, True), ("서비스", 34, False), ("제공 기관", 34, False), ("유형", 16, True),
                   ("대상", 30, False), ("이용 방법", 52, False), ("지역", 22, False), ("정원·이용", 22, True),
                   ("문의", 40, False))


def directory_columns() -> list[Column]:
    widths = scale_widths([w for _, w, _ in _DIRECTORY_SPEC], frame_width(LANDSCAPE, _MARGINS))
    return [Column(h, w, c) for (h, _, c), w in zip(_DIRECTORY_SPEC, widths)]


def directory_row(index: int, view: ServiceView, contacts: PublicContacts) -> list[str]:
    targets = view.target_group_labels()
    ages = ages_text(view)
    how = view.application_process
    note = status_note(view)
    return [str(index), view.name + (f"\n[{note}]" if note else ""), view.organization_name, view.kind_label(),
            targets + (f"\n({ages})" if ages else ""), how, places_text(view), room_text(view),
            "\n".join(contacts.phones_of(view)[:2])]


def directory_story(views: list[ServiceView], contacts: PublicContacts, on_date: date,
                    council_name: str) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(f"{council_name} 지역자원 현황", s.title),
                             para(f"기준일: {format_date(on_date)}", s.subtitle)]
    live = [v for v in views if v.status != "inactive"]
    if not live:
        story.append(Spacer(0, 6 * mm))
        story.append(with_end_mark("등록된 지역자원이 없습니다.", s.body))
        return story
    by_area: dict[str, list[ServiceView]] = {code: [] for code in codes.SERVICE_AREA}
    unsorted: list[ServiceView] = []
    for view in live:
        for area in view.service_areas:
            by_area.setdefault(area, []).append(view)
        if not view.service_areas:
            unsorted.append(view)
    sections = [(codes.label(codes.SERVICE_AREA, code), rows) for code, rows in by_area.items()]
    if unsorted:
        sections.append(("분야 미지정", unsorted))
    columns = directory_columns()
    for number, (label, rows) in enumerate(sections, start=1):
        story.append(CondPageBreak(35 * mm))
        story.append(para(f"{number}. {label} ({len(rows)}개)", s.heading))
        if rows:
            story.append(ruled_table(columns, [directory_row(i, v, contacts) for i, v in enumerate(rows, start=1)],
                                     blank_mark=False))
        else:
            story.append(para("이 분야에 등록된 자원이 없습니다.", s.body))
        story.append(Spacer(0, 2 * mm))
    closed = sum(1 for v in live if v.status == "temporarily_closed")
    story.append(Spacer(0, 2 * mm))
    story.append(with_end_mark(
        f"운영 중인 서비스 {len(live) - closed}개, 일시 중단 {closed}개를 실었습니다(두 분야 이상인 서비스는 "
        "분야마다 실음). 문의 전화는 공개된 번호만 적었습니다.", s.body))
    return story


def write_resources_pdf(uow: UnitOfWork, out_path: Path, on_date: date, council_name: str) -> Path:
    """지역자원 현황 as of ``on_date`` (the directory as it stands; closed services left out)."""
    require(uow.actor, Permission.PRINT)
    views = list_services(uow, ServiceFilter(), on_date)
    contacts = public_contacts(uow)
    info = DocumentInfo(title=f"{council_name} 지역자원 현황 ({format_date(on_date)})", author=council_name,
                        subject="지역자원 현황", keywords=("지역자원", council_name))
    written = build_pdf(out_path, directory_story(views, contacts, on_date, council_name), info,
                        orientation=LANDSCAPE, margins=_MARGINS)
    record(uow, "print", "service", "", {"document": "지역자원 현황", "on_date": on_date, "rows": len(views),
                                         "file": written.name})
    return written


# ---------------------------------------------------------------- 자원 안내 카드

@dataclass(frozen=True)
class CardStyles:
    title: object
    organization: object
    label: object
    body: object
    phone: object
    notice: object
    foot: object


def card_styles() -> CardStyles:
    # Large type: the card is for residents, many of them old, reading without glasses.
    return CardStyles(
        title=make_style("card_title", SANS_BOLD, 26, 1.3, TA_CENTER, spaceAfter=2 * mm),
        organization=make_style("card_org", SANS, 15, 1.4, TA_CENTER, spaceAfter=6 * mm),
        label=make_style("card_label", SANS_BOLD, 15, 1.4),
        body=make_style("card_body", SERIF, 15, 1.5),
        phone=make_style("card_phone", SANS_BOLD, 20, 1.4),
        notice=make_style("card_notice", SANS_BOLD, 14, 1.4, TA_CENTER),
        foot=make_style("card_foot", SERIF, 10, 1.4, TA_CENTER),
    )


def _card_row(label: str, value: Flowable | list[Flowable], t: CardStyles) -> list:
    return [para(label, t.label), value]


def card_story(view: ServiceView, contacts: PublicContacts, council_name: str, printed_on: date) -> list[Flowable]:
    t = card_styles()
    story: list[Flowable] = [Spacer(0, 4 * mm), para(view.name, t.title), para(view.organization_name, t.organization)]
    note = status_note(view)
    if note:
        story.append(para(" ".join(part for part in (f"지금은 잠시 쉽니다{note.removeprefix('일시 중단')}.",
                                                     view.status_notice) if part), t.notice))
        story.append(Spacer(0, 4 * mm))
    who = ", ".join(part for part in (view.target_group_labels(), ages_text(view)) if part) or "누구나"
    if view.eligibility_description:
        who += f"\n{view.eligibility_description}"
    rows = [
        _card_row("무엇을", para(view.description or view.name, t.body), t),
        _card_row("누구에게", para(f"{who}\n사는 곳: {places_text(view)}", t.body), t),
        _card_row("신청 방법", para(view.application_process or "아래 번호로 전화해 물어보세요.", t.body), t),
    ]
    if view.fees_description or view.schedule_description:
        rows.append(_card_row("비용 · 시간", para("\n".join(p for p in (view.fees_description,
                                                                       view.schedule_description) if p), t.body), t))
    phones = contacts.phones_of(view)
    people = contacts.people_of(view)
    call: list[Flowable] = [para(p, t.phone) for p in phones[:3]] or [
        para("등록된 전화번호가 없습니다. 행정복지센터 맞춤형복지팀에 물어보세요.", t.body)]
    call += [para(f"담당: {p}", t.body) for p in people[:2]]
    rows.append(_card_row("문의", call, t))
    width = frame_width()
    table = Table(rows, colWidths=[32 * mm, width - 32 * mm], hAlign="CENTER")
    table.setStyle(table_style([
        ("LINEBELOW", (0, 0), (-1, -2), 0.5, "#999999"), ("BOX", (0, 0), (-1, -1), 1.2, "black"),
        ("BACKGROUND", (0, 0), (0, -1), "#eeeeee"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
        ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 7),
    ], font=SANS, size=12))
    story.append(table)
    story.append(Spacer(0, 8 * mm))
    checked = f" · 내용 확인일 {format_date(view.last_verified_on)}" if view.last_verified_on else ""
    story.append(KeepTogether([para(f"{council_name}{checked} · 출력일 {format_date(printed_on)}", t.foot)]))
    return story


def write_resource_card_pdf(uow: UnitOfWork, service_id: str, out_path: Path, printed_on: date,
                            council_name: str) -> Path:
    """자원 안내 카드 of one service, on one page for a resident."""
    require(uow.actor, Permission.PRINT)
    view = get_service(uow, service_id)
    contacts = public_contacts(uow)
    info = DocumentInfo(title=f"{view.name} 안내 ({view.organization_name})", author=council_name,
                        subject="자원 안내 카드", keywords=("지역자원", view.name))
    written = build_pdf(out_path, card_story(view, contacts, council_name, printed_on), info, page_numbers=False)
    record(uow, "print", "service", service_id, {"document": "자원 안내 카드", "file": written.name})
    return written
