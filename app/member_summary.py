"""The roster at a glance: counts of members in office by sex, category, role and kind,
and the warnings a coordinator must act on (too few members, terms about to end)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.dates import format_date
from app.member_views import (MEMBER_TABLE, MemberView, _all_live_members, _listed_member_views, _member_view,
                               filter_status, sort_key)
from app.security.audit import log_list_view
from app.security.permissions import Permission, require
from app.settings import CouncilSettings, load_settings
from db.session import UnitOfWork


@dataclass(frozen=True)
class RosterWarning:
    kind: str  # "term_ending" | "too_few_members"
    message_ko: str
    message_en: str
    member_id: str | None = None
    days_left: int | None = None

    def message(self, lang: str = "ko") -> str:
        return self.message_ko if lang == "ko" else self.message_en


@dataclass(frozen=True)
class RosterSummary:
    on_date: date
    active: int
    by_sex: dict[str, int] = field(default_factory=dict)
    by_category: dict[int, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    warnings: tuple[RosterWarning, ...] = ()


def roster_summary(uow: UnitOfWork, today: date) -> RosterSummary:
    """Counts by sex, category, role and kind of members in office, and the warnings."""
    require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        settings = load_settings(uow.session)
        views = [_member_view(m, today) for m in _all_live_members(uow.session)]
    return summarise(views, settings, today)


def summarise(views: Sequence[MemberView], settings: CouncilSettings, today: date) -> RosterSummary:
    """The summary of views already read (fields a role may not see play no part in it)."""
    active = [v for v in views if v.status == "active"]
    warnings: list[RosterWarning] = []
    if len(active) < settings.min_members:
        warnings.append(RosterWarning(
            "too_few_members",
            f"재임 위원이 {len(active)}명입니다. 협의체는 {settings.min_members}명 이상이어야 합니다(규칙 제7조③).",
            f"Only {len(active)} members in office; a council needs at least {settings.min_members}.",
        ))
    horizon = today + timedelta(days=settings.term_warning_days)
    ending = []
    for view in active:
        term = next(t for t in reversed(view.terms) if t.in_office_on(today))
        last = term.last_day
        renewed = any(t.start_on > today for t in view.terms)
        if last is not None and last <= horizon and not renewed and term.ended_on is None:
            ending.append((last, view))
    for last, view in sorted(ending, key=lambda pair: (pair[0], pair[1].name)):
        days = (last - today).days
        warnings.append(RosterWarning(
            "term_ending",
            f"{view.name} 위원의 임기가 {format_date(last)}에 끝납니다({days}일 남음). 재위촉 여부를 정하세요.",
            f"{view.name}'s term ends on {last.isoformat()} ({days} days left). Decide on reappointment.",
            member_id=view.id, days_left=days,
        ))
    return RosterSummary(
        on_date=today, active=len(active),
        by_sex=dict(Counter(v.sex for v in active)),
        by_category=dict(Counter(v.category for v in active)),
        by_role=dict(Counter(v.role for v in active)),
        by_kind=dict(Counter(v.kind for v in active)),
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class MembersPage:
    """What the members tab shows, read in one unit of work."""

    members: tuple[MemberView, ...]   # of the status asked, in roster order
    summary: RosterSummary
    total: int                        # every live member, whatever the status


def load_members_page(uow: UnitOfWork, today: date, status: str = "all") -> MembersPage:
    """The list of ``status`` (all, active, ended, pending), the summary and the count of
    every member: one transaction, the members read once. Logged as one view of the list."""
    actor = require(uow.actor, Permission.MEMBERS_READ)
    with uow:
        settings = load_settings(uow.session)
        views = _listed_member_views(uow.session, today, MEMBER_TABLE.hidden_fields(actor))
        shown = sorted(filter_status(views, status), key=sort_key)
        log_list_view(uow.session, actor, "member", {"list": status, "query": "", "rows": len(shown)})
        uow.commit()
    return MembersPage(members=tuple(shown), summary=summarise(views, settings, today), total=len(views))
