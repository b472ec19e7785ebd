"""활동 실적: the council's activity report to the city for a period, as content apart from
its layout — sections of titled columns and rows that the Excel writer
(``activity_report_excel``, one sheet per section) and the PDF writer
(``activity_report_pdf``) both set out.

Sections: meetings held with their average attendance, member changes, joint projects
(name, budget, spending, beneficiaries), resources found in the directory. Aggregates
only, no names of people. Counts of people who were served pass the small-cell rule of
the case area (``small_cell``: 1–2 shown as ``*``), so a tiny project cannot point at a
household. The case area's figures (발굴·연계 by service area, case conferences) join as
sections of their own when that area is in the program.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import codes
from app.dates import format_date
from app.errors import ValidationFailed
from app.meetings import codes as mcodes
from app.network.graph import period_errors
from app.network.services import projects_in
from app.resources import codes as rcodes
from app.security.permissions import Permission, require
from db.meeting_models import Meeting, MeetingAttendance
from db.models import MemberTerm
from db.resource_models import Organization, Service
from db.session import UnitOfWork

SMALL_CELL = "*"
Cell = str | int | float | None


def small_cell(count: int | None) -> Cell:
    """A count of people as it may be shown: 1 and 2 hidden as ``*`` (0 is shown: it names
    nobody), ``None`` (not known) left empty."""
    if count is None:
        return None
    return SMALL_CELL if 1 <= count <= 2 else count


@dataclass(frozen=True)
class Section:
    key: str                                    # the sheet's short name
    title: str
    columns: tuple[tuple[str, float], ...]      # (header, relative width)
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None       # a 합계 row, set apart
    note: str = ""


@dataclass(frozen=True)
class ActivityReport:
    council: str
    start: date
    end: date
    sections: tuple[Section, ...]

    @property
    def period_text(self) -> str:
        return f"{format_date(self.start)} ~ {format_date(self.end)}"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _live(model):  # type: ignore[no-untyped-def]
    return model.deleted_at.is_(None)


def _meetings(session: Session, start: date, end: date) -> Section:
    held = list(session.execute(select(Meeting.id, Meeting.kind).where(
        _live(Meeting), Meeting.status.in_(("held", "approved")), Meeting.held_on >= start,
        Meeting.held_on <= end)))
    ids = [m for m, _ in held]
    present: Counter[str] = Counter()
    recorded: Counter[str] = Counter()
    if ids:
        for meeting_id, status in session.execute(select(MeetingAttendance.meeting_id, MeetingAttendance.status)
                                                  .where(MeetingAttendance.meeting_id.in_(ids), _live(MeetingAttendance))):
            recorded[meeting_id] += 1
            present[meeting_id] += status == "present"
    rows: list[tuple[Cell, ...]] = []
    for kind in mcodes.MEETING_KIND:
        of_kind = [m for m, k in held if k == kind]
        rows.append(_meeting_row(codes.label(mcodes.MEETING_KIND, kind), of_kind, present, recorded))
    return Section("meetings", "회의 개최", (("구분", 3), ("개최 횟수", 2), ("평균 출석 인원", 2), ("평균 출석률(%)", 2)),
                   tuple(rows), _meeting_row("합계", ids, present, recorded),
                   "개최했거나 회의록을 승인한 회의. 출석률은 출석을 기록한 위원 가운데 출석한 위원의 비율입니다.")


def _meeting_row(label: str, ids: list[str], present: Counter[str], recorded: Counter[str]) -> tuple[Cell, ...]:
    if not ids:
        return label, 0, None, None
    attended = sum(present[m] for m in ids)
    counted = sum(recorded[m] for m in ids)
    return (label, len(ids), round(attended / len(ids), 1),
            round(100 * attended / counted, 1) if counted else None)


def _members(session: Session, start: date, end: date) -> Section:
    terms = list(session.execute(select(MemberTerm.member_id, MemberTerm.start_on, MemberTerm.end_on,
                                        MemberTerm.ended_on, MemberTerm.end_reason).where(_live(MemberTerm))))
    first: dict[str, date] = {}
    for member_id, start_on, *_ in terms:
        first[member_id] = min(first.get(member_id, start_on), start_on)
    new = sum(1 for m, s, *_ in terms if start <= s <= end and first[m] == s)
    again = sum(1 for m, s, *_ in terms if start <= s <= end and first[m] != s)
    ended = Counter(reason or "ended" for _m, _s, _e, ended_on, reason in terms
                    if ended_on is not None and start <= ended_on <= end)
    expired = sum(1 for m, s, e, ended_on, _r in terms
                  if ended_on is None and e is not None and start <= e <= end
                  and not any(m2 == m and s2 > e for m2, s2, *_ in terms))
    in_office = len({m for m, s, e, ended_on, _r in terms
                     if s <= end and (ended_on is None or ended_on > end) and (e is None or e >= end)})
    rows: tuple[tuple[Cell, ...], ...] = (
        ("신규 위촉", new), ("재위촉", again), ("해촉", ended.get("dismissed", 0)),
        ("사임", ended.get("resigned", 0)),
        ("기타 중도 종료", sum(v for k, v in ended.items() if k not in ("dismissed", "resigned"))),
        ("임기 만료(재위촉 없음)", expired), (f"기간 끝({format_date(end)}) 재임 위원", in_office),
    )
    return Section("members", "위원 변동", (("구분", 4), ("인원", 2)), rows)


def _projects(session: Session, start: date, end: date) -> Section:
    views = projects_in(session, start, end)
    rows = tuple((v.name, v.kind_label(), v.subcommittee_name, f"{format_date(v.start_on)} ~ {format_date(v.end_on)}",
                  len(v.partners), v.budget, v.spending, small_cell(v.beneficiaries)) for v in views)
    known = [v.beneficiaries for v in views if v.beneficiaries is not None]
    total = ("합계", f"{len(views)}건", "", "", None, sum(v.budget for v in views), sum(v.spending for v in views),
             small_cell(sum(known)) if known else None)
    return Section("projects", "특화사업·공동사업",
                   (("사업명", 5), ("구분", 2), ("분과", 3), ("기간", 5), ("참여 기관", 2), ("예산(원)", 3),
                    ("집행액(원)", 3), ("수혜자(명)", 2)), rows, total,
                   "기간 중 진행한 사업. 수혜자 1~2명은 개인을 알아볼 수 없도록 *로 표시합니다.")


def _resources(session: Session, start: date, end: date) -> Section:
    # Found = entered in the directory in the period (the record's creation, in UTC days).
    lo, hi = f"{start.isoformat()}", f"{end.isoformat()} 23:59:59.999999"
    organizations = dict(session.execute(select(Organization.sector, func.count()).where(
        _live(Organization), Organization.created_at >= lo, Organization.created_at <= hi)
        .group_by(Organization.sector)).all())
    services = dict(session.execute(select(Service.resource_kind, func.count()).where(
        _live(Service), Service.created_at >= lo, Service.created_at <= hi).group_by(Service.resource_kind)).all())
    rows: list[tuple[Cell, ...]] = [("기관", codes.label(rcodes.SECTOR, s), organizations.get(s, 0)) for s in rcodes.SECTOR]
    rows += [("서비스·자원", codes.label(rcodes.RESOURCE_KIND, k), services.get(k, 0)) for k in rcodes.RESOURCE_KIND]
    total = ("합계", "", sum(organizations.values()) + sum(services.values()))
    return Section("resources", "지역자원 발굴", (("대상", 3), ("구분", 3), ("건수", 2)), tuple(rows), total,
                   "기간 중 지역자원에 새로 등록한 기관과 서비스.")


def build_activity_report(uow: UnitOfWork, start: date, end: date, council: str) -> ActivityReport:
    """The report's content for ``start``..``end``; one read transaction."""
    require(uow.actor, Permission.NETWORK_READ)
    require(uow.actor, Permission.MEETINGS_READ)
    errors = period_errors(start, end)
    if errors:
        raise ValidationFailed(errors)
    with uow:
        s = uow.session
        sections = (_meetings(s, start, end), _members(s, start, end), _projects(s, start, end),
                    _resources(s, start, end))
    return ActivityReport(council, start, end, sections)
