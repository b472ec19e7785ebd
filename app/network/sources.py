"""Where the network map's links come from: a small list of sources, each a function
``(session, start, end) -> iterable of (organization_a, organization_b, kind)`` reading
what the records already say about who worked with whom in a period.

Four sources: partners of the same joint project; organizations whose people sit on the
same subcommittee; organizations given roles for the same case at a case conference
(역할 분담); and organizations a person was referred to in the same period (they serve
that person together). Only the organizations' ids are read from the case tables, never
anything about the person. An agency outside the directory (typed as text) is no node.

A member names an organization only as free text (``member.affiliation``), so members are
matched to the directory by name (``organization_key``): spaces and the administrative
word of the first part ('햇살면', '햇살군') do not count, so '햇살보건지소' and '햇살면
보건지소' are the same organization and '햇살교회' stays apart from '햇살성당'.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.case_models import CaseConference, ConferenceCase, ConferenceRole, Referral
from db.models import Member, Subcommittee, SubcommitteeMembership
from db.network_models import JointProject, JointProjectPartner
from db.resource_models import Organization

Link = tuple[str, str, str]
LinkSource = Callable[[Session, date, date], Iterable[Link]]

_ADMIN_SUFFIXES = ("특별자치시", "특별자치도", "광역시", "특별시", "시", "군", "구", "읍", "면", "동", "도")


def organization_key(name: str) -> str:
    """The part of an organization's name that says which it is (see the module's note)."""
    parts = unicodedata.normalize("NFC", name or "").split()
    if len(parts) > 1:
        first = parts[0]
        for suffix in _ADMIN_SUFFIXES:
            if first.endswith(suffix) and len(first) > len(suffix) + 1:
                parts[0] = first[: -len(suffix)]
                break
    return "".join(parts)


def _pairs(organization_ids: Iterable[str], kind: str) -> Iterator[Link]:
    for a, b in combinations(sorted(set(organization_ids)), 2):
        yield a, b, kind


def joint_project_links(session: Session, start: date, end: date) -> Iterator[Link]:
    """One link between every two partners of a project running in the period."""
    query = (select(JointProjectPartner.joint_project_id, JointProjectPartner.organization_id)
             .join(JointProject, JointProject.id == JointProjectPartner.joint_project_id)
             .where(JointProjectPartner.deleted_at.is_(None), JointProject.deleted_at.is_(None),
                    JointProject.start_on <= end,
                    (JointProject.end_on.is_(None)) | (JointProject.end_on >= start)))
    partners: dict[str, set[str]] = defaultdict(set)
    for project_id, organization_id in session.execute(query):
        partners[project_id].add(organization_id)
    for project_id in sorted(partners):
        yield from _pairs(partners[project_id], "joint_project")


def subcommittee_links(session: Session, start: date, end: date) -> Iterator[Link]:
    """One link between every two organizations whose people sat on the same subcommittee
    at some time in the period (a subcommittee counts once, however many seats; a seat
    is held up to the day before its ``left_on``, as ``app.subcommittees`` reads it)."""
    by_key: dict[str, str] = {}
    for org_id, name in session.execute(select(Organization.id, Organization.name).where(
            Organization.deleted_at.is_(None)).order_by(Organization.name, Organization.id)):
        by_key.setdefault(organization_key(name), org_id)
    query = (select(SubcommitteeMembership.subcommittee_id, Member.affiliation)
             .join(Member, Member.id == SubcommitteeMembership.member_id)
             .join(Subcommittee, Subcommittee.id == SubcommitteeMembership.subcommittee_id)
             .where(SubcommitteeMembership.deleted_at.is_(None), Member.deleted_at.is_(None),
                    Subcommittee.deleted_at.is_(None), SubcommitteeMembership.joined_on <= end,
                    (SubcommitteeMembership.left_on.is_(None)) | (SubcommitteeMembership.left_on > start)))
    seated: dict[str, set[str]] = defaultdict(set)
    for subcommittee_id, affiliation in session.execute(query):
        org_id = by_key.get(organization_key(affiliation))
        if org_id is not None:
            seated[subcommittee_id].add(org_id)
    for subcommittee_id in sorted(seated):
        yield from _pairs(seated[subcommittee_id], "subcommittee")


def role_sharing_links(session: Session, start: date, end: date) -> Iterator[Link]:
    """One link between every two organizations given roles for the same case at a
    conference held in the period."""
    query = (select(ConferenceRole.conference_case_id, ConferenceRole.organization_id)
             .join(ConferenceCase, ConferenceCase.id == ConferenceRole.conference_case_id)
             .join(CaseConference, CaseConference.id == ConferenceCase.conference_id)
             .where(ConferenceRole.deleted_at.is_(None), ConferenceCase.deleted_at.is_(None),
                    CaseConference.deleted_at.is_(None), ConferenceRole.organization_id.is_not(None),
                    CaseConference.held_on >= start, CaseConference.held_on <= end))
    roles: dict[str, set[str]] = defaultdict(set)
    for conference_case_id, organization_id in session.execute(query):
        roles[conference_case_id].add(organization_id)
    for conference_case_id in sorted(roles):
        yield from _pairs(roles[conference_case_id], "role_sharing")


def referral_links(session: Session, start: date, end: date) -> Iterator[Link]:
    """One link between every two organizations the same person was referred to in the
    period (declined referrals count: the organizations were asked together)."""
    query = (select(Referral.client_id, Referral.organization_id)
             .where(Referral.deleted_at.is_(None), Referral.organization_id.is_not(None),
                    Referral.referred_on >= start, Referral.referred_on <= end))
    referred: dict[str, set[str]] = defaultdict(set)
    for client_id, organization_id in session.execute(query):
        referred[client_id].add(organization_id)
    for client_id in sorted(referred):
        yield from _pairs(referred[client_id], "referral")


SOURCES: list[LinkSource] = [joint_project_links, subcommittee_links, role_sharing_links, referral_links]


def register_source(source: LinkSource) -> None:
    """Add a source of links (the case area's referrals and role-sharing rows)."""
    if source not in SOURCES:
        SOURCES.append(source)
