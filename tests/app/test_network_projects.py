"""Joint projects (특화사업·공동사업) and plan items: what they may hold, partners from the
directory, ties to meeting decisions, who may change them, the demo, and sync rules."""
from __future__ import annotations

from datetime import date

import pytest

from app.errors import InputRefused, NotFound, ValidationFailed
from app.network.rules import PartnerData, PlanItemData, ProjectData, validate_incoming
from app.network.services import (create_plan_item, create_project, delete_project, get_project, list_plan_items,
                                  list_projects, tie_decision, update_plan_item, update_project)
from app.security.permissions import Actor, NotAllowed
from tests.app.network_support import org, project, subcommittee


def _data(partners: list[str], **overrides: object) -> ProjectData:
    values: dict[str, object] = dict(name="행복 도시락 나눔", kind="joint", start_on=date(2026, 3, 1),
                                     budget=5_000_000, spending=1_000_000, beneficiaries=40,
                                     partners=tuple(PartnerData(p, "협력") for p in partners))
    values.update(overrides)
    return ProjectData(**values)  # type: ignore[arg-type]


def test_a_project_keeps_its_partners_and_changes_them_as_chosen(db) -> None:  # type: ignore[no-untyped-def]
    a, b, c = org(db, "햇살 지역자활센터", "partnership"), org(db, "햇살면 자원봉사회"), org(db, "햇살우체국", "public")
    view = create_project(db.uow(), _data([a, b, a], name="  행복   도시락 나눔 "))
    assert view.name == "행복 도시락 나눔"
    assert [p.name for p in view.partners] == ["햇살 지역자활센터", "햇살면 자원봉사회"]  # one row per organization
    assert get_project(db.uow(), view.id) == view
    changed = update_project(db.uow(), view.id, _data([b, c], spending=2_000_000))
    assert {p.organization_id for p in changed.partners} == {b, c} and changed.spending == 2_000_000
    assert get_project(db.uow(), view.id).partner_names == "햇살면 자원봉사회, 햇살우체국"
    delete_project(db.uow(), view.id)
    assert list_projects(db.uow()) == []
    with pytest.raises(NotFound):
        get_project(db.uow(), view.id)


@pytest.mark.parametrize("overrides, field, code", [
    ({"name": ""}, "project_name", "required"),
    ({"kind": "party"}, "project_kind", "invalid_choice"),
    ({"start_on": None}, "project_start_on", "required"),
    ({"end_on": date(2026, 2, 1)}, "project_end_on", "project_end_before_start"),
    ({"budget": -1}, "budget", "negative_number"),
    ({"spending": 6_000_000}, "spending", "spending_over_budget"),
    ({"beneficiaries": -3}, "beneficiaries", "negative_number"),
    ({"progress_note": "주민번호 900101-1234567"}, "project_progress", "rrn_in_text"),
])
def test_a_project_is_refused_with_the_field_and_reason(db, overrides, field, code) -> None:  # type: ignore[no-untyped-def]
    a, b = org(db, "가 기관"), org(db, "나 기관")
    with pytest.raises(ValidationFailed) as refused:
        create_project(db.uow(), _data([a, b], **overrides))
    assert (field, code) in {(e.field, e.code) for e in refused.value.errors}
    assert list_projects(db.uow()) == []


def test_a_joint_project_needs_two_partners_but_a_special_project_may_have_one(db) -> None:  # type: ignore[no-untyped-def]
    a = org(db, "햇살면 보건지소", "public")
    with pytest.raises(ValidationFailed) as refused:
        create_project(db.uow(), _data([a]))
    assert "둘 이상" in refused.value.message()
    assert create_project(db.uow(), _data([a], kind="special")).kind_label() == "특화사업"


def test_unknown_partners_and_duplicate_names_in_one_year_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    a, b = org(db, "가 기관"), org(db, "나 기관")
    with pytest.raises(InputRefused) as refused:
        create_project(db.uow(), _data([a, "no-such-org"]))
    assert refused.value.code == "partner_unknown"
    project(db, "마을 돌봄 교실", [a, b])
    with pytest.raises(InputRefused) as refused:
        project(db, "마을 돌봄 교실", [a, b], start=date(2026, 9, 1))
    assert refused.value.code == "duplicate_project"
    project(db, "마을 돌봄 교실", [a, b], start=date(2027, 3, 1))  # next year's run is its own project


def test_projects_of_a_period_are_those_running_in_it(db) -> None:  # type: ignore[no-untyped-def]
    a, b = org(db, "가 기관"), org(db, "나 기관")
    project(db, "지난해 사업", [a, b], start=date(2025, 3, 1), end=date(2025, 11, 30))
    project(db, "걸친 사업", [a, b], start=date(2025, 10, 1), end=date(2026, 2, 28))
    project(db, "진행 중 사업", [a, b], start=date(2026, 5, 1))
    names = [v.name for v in list_projects(db.uow(), date(2026, 1, 1), date(2026, 12, 31))]
    assert names == ["진행 중 사업", "걸친 사업"]


def test_a_plan_item_moves_through_its_cycle_and_is_tied_to_decisions_and_projects(db) -> None:  # type: ignore[no-untyped-def]
    from tests.app.meeting_support import make_council, new_meeting, resolution

    council = make_council(db, count=3)
    meeting = new_meeting(council)
    item = resolution(council, meeting)
    sub = subcommittee(db, "노인분과", [])
    plan = create_plan_item(db.uow(), PlanItemData("홀몸어르신 안부 확인망", 2026, sub))
    assert (plan.status_label(), plan.subcommittee_name) == ("수립", "노인분과")
    tie_decision(db.uow(), plan.id, item)
    tied = tie_decision(db.uow(), plan.id, item)  # twice: still one tie
    assert [d.agenda_item_id for d in tied.decisions] == [item]
    a, b = org(db, "가 기관"), org(db, "나 기관")
    project(db, "행복 도시락", [a, b], plan_item_id=plan.id)
    moved = update_plan_item(db.uow(), plan.id, PlanItemData("홀몸어르신 안부 확인망", 2026, sub, "running"))
    assert moved.status_label("en") == "Under way" and moved.project_names == ("행복 도시락",)
    assert [p.title for p in list_plan_items(db.uow(), 2026)] == ["홀몸어르신 안부 확인망"]
    assert list_plan_items(db.uow(), 2025) == []
    with pytest.raises(ValidationFailed):
        create_plan_item(db.uow(), PlanItemData("", 1999, status="done"))
    with pytest.raises(NotFound):
        tie_decision(db.uow(), plan.id, "no-such-item")


def test_a_member_account_may_read_but_not_change_projects(db) -> None:  # type: ignore[no-untyped-def]
    from db.session import UnitOfWork

    a, b = org(db, "가 기관"), org(db, "나 기관")
    project(db, "행복 도시락", [a, b])
    viewer = db.session_factory
    viewer.kw["info"]["actor"] = Actor("v", "viewer")
    assert [v.name for v in list_projects(UnitOfWork(viewer))] == ["행복 도시락"]
    with pytest.raises(NotAllowed):
        create_project(UnitOfWork(viewer), _data([a, b], name="다른 사업"))


def test_the_demo_has_projects_with_partners_from_the_directory(db, today) -> None:  # type: ignore[no-untyped-def]
    from app.demo import build_demo_areas

    build_demo_areas(db, today)
    demo_db = db
    views = list_projects(demo_db.uow())
    assert len(views) == 4 and all(len(v.partners) >= 2 for v in views)
    assert {v.kind for v in views} == {"special", "joint"}
    assert any(v.plan_title for v in views)
    assert len(list_plan_items(demo_db.uow())) == 3


def test_records_arriving_by_sync_pass_the_same_rules() -> None:
    assert validate_incoming("joint_project", {"name": "행복 도시락", "kind": "joint", "budget": 10}) == []
    bad = validate_incoming("joint_project", {"name": "", "kind": "party", "budget": -1, "progress_note": "\x07"})
    assert {(e.field, e.code) for e in bad} >= {("name", "required"), ("kind", "invalid_choice"),
                                                 ("budget", "negative_number")}
    assert any(e.field == "progress_note" for e in bad)
    assert validate_incoming("plan_item", {"title": "x", "status": "done"})[0].code == "invalid_choice"
