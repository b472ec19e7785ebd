"""The directory of local resources (지역자원): what an organization and a service may hold,
capacity and status, verification and the re-check list, filters, who may read and change
it, and a volunteer leader's own number that never leaves the PC."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.area_records import dump_records
from app.areas import SyncPolicy, table
from app.errors import InputRefused, NotFound, ValidationFailed
from app.resources.demo import build_demo_resources
from app.resources.rules import OrganizationData, ServiceData
from app.resources.services import (ServiceFilter, close_organization, close_service, create_organization,
                                    create_service, get_service, list_organizations, list_services,
                                    reopen_organization, reopen_service, services_due_for_check,
                                    set_recheck_months, update_organization, update_service, verify_organization,
                                    verify_service)
from app.resources.views import add_months
from app.security.permissions import Actor, NotAllowed
from db.resource_models import Contact, Service

TODAY = date(2026, 11, 24)


def organization(db, name: str = "햇살면 새마을부녀회", sector: str = "private") -> str:  # type: ignore[no-untyped-def]
    return create_organization(db.uow(), OrganizationData(name, sector, "밑반찬을 나누는 단체")).id


def service_data(org_id: str, name: str = "밑반찬 나눔", **overrides: object) -> ServiceData:
    values: dict[str, object] = dict(organization_id=org_id, name=name, resource_kind="material",
                                     description="매주 목요일 반찬 세 가지", service_areas=("welfare",),
                                     target_groups=("living_alone",), capacity=30, current_use=12,
                                     capacity_unit="가구/주", area_places=("상촌리", "하촌리"))
    values.update(overrides)
    return ServiceData(**values)  # type: ignore[arg-type]


def refused_fields(error: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in error.errors}


def test_a_service_is_stored_cleaned_and_verified_by_whoever_entered_it(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    view = create_service(db.uow(), service_data(org, name="  밑반찬   나눔 ", service_areas=("health", "welfare"),
                                                 target_groups=("living_alone", "elderly")), TODAY)
    assert view.name == "밑반찬 나눔"
    assert view.service_areas == ("welfare", "health")  # code-list order
    assert view.target_groups == ("elderly", "living_alone")
    assert view.organization_name == "햇살면 새마을부녀회" and view.sector == "private"
    assert (view.status, view.room, view.last_verified_on) == ("active", 18, TODAY)
    assert view.last_verified_by == "관리자"
    assert view.area_places == ("상촌리", "하촌리")
    assert get_service(db.uow(), view.id) == view
    assert view.service_area_labels("ko") == "복지, 보건" and view.kind_label("en") == "Goods"


def test_capacity_below_current_use_and_negative_numbers_are_refused_and_nothing_changes(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    view = create_service(db.uow(), service_data(org), TODAY)
    with pytest.raises(ValidationFailed) as refused:
        update_service(db.uow(), view.id, service_data(org, capacity=10, current_use=12))
    assert refused_fields(refused.value) == {"capacity": "capacity_below_use"}
    assert "정원(10)이 현재 이용(12)보다 작습니다" in refused.value.message()
    with pytest.raises(ValidationFailed) as refused:
        update_service(db.uow(), view.id, service_data(org, current_use=-1, minimum_age=70, maximum_age=65))
    assert refused_fields(refused.value) == {"current_use": "negative_number", "minimum_age": "age_range"}
    assert get_service(db.uow(), view.id) == view
    # No fixed capacity: any use is fine.
    assert update_service(db.uow(), view.id, service_data(org, capacity=None, current_use=99)).room is None


@pytest.mark.parametrize("overrides, field, code", [
    ({"name": ""}, "service_name", "required"),
    ({"resource_kind": "food"}, "resource_kind", "invalid_choice"),
    ({"service_areas": ("welfare", "space")}, "service_areas", "invalid_choice"),
    ({"target_groups": ("aliens",)}, "target_groups", "invalid_choice"),
    ({"description": "연락처 800101-1234567로 주세요"}, "description", "rrn_in_text"),
    ({"application_process": "전화\x07하세요"}, "application_process", "control_character"),
    ({"name": "도시락\x1b배달"}, "service_name", "control_character"),
    ({"maximum_age": 200}, "maximum_age", "number_too_large"),
    ({"eligibility_description": "가" * 2001}, "eligibility_description", "too_long"),
])
def test_bad_service_input_is_refused_with_the_field_named(db, overrides, field, code) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    with pytest.raises(ValidationFailed) as refused:
        create_service(db.uow(), service_data(org, **overrides), TODAY)
    assert refused_fields(refused.value)[field] == code
    assert list_services(db.uow(), ServiceFilter(), TODAY) == []


def test_organization_rules_and_duplicates(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    with pytest.raises(InputRefused) as refused:
        create_organization(db.uow(), OrganizationData("햇살면  새마을부녀회", "private"))
    assert refused.value.code == "duplicate_organization"
    with pytest.raises(ValidationFailed) as bad:
        create_organization(db.uow(), OrganizationData("새 단체", "church", email="nobody", website="not a site"))
    assert refused_fields(bad.value) == {"sector": "invalid_choice", "email": "invalid_email",
                                        "website": "invalid_website"}
    renamed = update_organization(db.uow(), org, OrganizationData("햇살면 생활개선회", "partnership",
                                                                   email="life@haetsal.kr"))
    assert (renamed.name, renamed.sector_label("ko")) == ("햇살면 생활개선회", "민관협력")
    create_service(db.uow(), service_data(org), TODAY)
    with pytest.raises(InputRefused) as twice:
        create_service(db.uow(), service_data(org), TODAY)
    assert twice.value.code == "duplicate_service"
    assert [(o.name, o.service_count) for o in list_organizations(db.uow())] == [("햇살면 생활개선회", 1)]


def test_closing_and_reopening_a_service_and_an_organization(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    view = create_service(db.uow(), service_data(org), TODAY)
    with pytest.raises(ValidationFailed) as past:
        close_service(db.uow(), view.id, "휴무", TODAY - timedelta(days=1), TODAY)
    assert refused_fields(past.value) == {"closed_until": "until_in_past"}
    closed = close_service(db.uow(), view.id, " 김장철 휴무 ", date(2026, 12, 31), TODAY)
    assert (closed.status, closed.status_notice, closed.closed_until) == ("temporarily_closed", "김장철 휴무",
                                                                          date(2026, 12, 31))
    with pytest.raises(InputRefused):
        close_service(db.uow(), view.id, "", None, TODAY)
    ended = close_service(db.uow(), view.id, "사업 종료", date(2027, 1, 1), TODAY, permanently=True)
    assert (ended.status, ended.closed_until) == ("inactive", None)
    reopened = reopen_service(db.uow(), view.id)
    assert (reopened.status, reopened.status_notice) == ("active", "")
    with pytest.raises(InputRefused):
        reopen_service(db.uow(), view.id)

    close_organization(db.uow(), org)
    shown = get_service(db.uow(), view.id)
    assert (shown.status, shown.own_status) == ("inactive", "active")
    assert [v.id for v in list_services(db.uow(), ServiceFilter(status="inactive"), TODAY)] == [view.id]
    with pytest.raises(InputRefused) as closed_org:
        create_service(db.uow(), service_data(org, name="새 서비스"), TODAY)
    assert closed_org.value.code == "organization_closed"
    reopen_organization(db.uow(), org)
    assert get_service(db.uow(), view.id).status == "active"


def test_due_for_recheck_follows_the_setting(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    fresh = create_service(db.uow(), service_data(org, name="새로 확인"), TODAY)
    old = create_service(db.uow(), service_data(org, name="오래전 확인"), TODAY)
    verify_service(db.uow(), old.id, date(2025, 11, 24), TODAY)  # exactly 12 months ago: due
    recent = create_service(db.uow(), service_data(org, name="일곱 달 전 확인"), TODAY)
    verify_service(db.uow(), recent.id, date(2026, 4, 20), TODAY)
    assert [v.name for v in services_due_for_check(db.uow(), TODAY)] == ["오래전 확인"]
    set_recheck_months(db.uow(), 6)
    assert [v.name for v in services_due_for_check(db.uow(), TODAY)] == ["오래전 확인", "일곱 달 전 확인"]
    with pytest.raises(ValidationFailed):
        set_recheck_months(db.uow(), 0)
    with pytest.raises(ValidationFailed) as future:
        verify_service(db.uow(), fresh.id, TODAY + timedelta(days=1), TODAY)
    assert refused_fields(future.value) == {"last_verified_on": "future_date"}
    verify_organization(db.uow(), org, TODAY, TODAY)
    assert services_due_for_check(db.uow(), TODAY) == []


def test_add_months_keeps_the_month_end() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 24), 12) == date(2026, 11, 24)


def test_filters_combine(db) -> None:  # type: ignore[no-untyped-def]
    private = organization(db)
    public = organization(db, "햇살면 보건지소", "public")
    create_service(db.uow(), service_data(private), TODAY)
    create_service(db.uow(), service_data(public, name="방문 간호", resource_kind="program", service_areas=("health",),
                                          target_groups=("elderly", "disabled")), TODAY)
    create_service(db.uow(), service_data(public, name="건강체조", resource_kind="program",
                                          service_areas=("health", "sports"), target_groups=("elderly",)), TODAY)

    def names(**filters: object) -> list[str]:
        return [v.name for v in list_services(db.uow(), ServiceFilter(**filters), TODAY)]  # type: ignore[arg-type]

    assert names() == ["건강체조", "밑반찬 나눔", "방문 간호"]
    assert names(service_area="health") == ["건강체조", "방문 간호"]
    assert names(service_area="health", target_group="disabled") == ["방문 간호"]
    assert names(kind="material") == ["밑반찬 나눔"]
    assert names(sector="public", query="간호") == ["방문 간호"]
    assert names(sector="private", query="간호") == []
    assert names(query="ㄱㄱ") == ["건강체조"]


def test_who_may_read_and_change_the_directory(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    view = create_service(db.uow(), service_data(org), TODAY)
    for role in ("viewer", "case_worker"):
        db.actor = Actor(role, role)
        assert [v.id for v in list_services(db.uow(), ServiceFilter(), TODAY)] == [view.id]
        with pytest.raises(NotAllowed):
            update_service(db.uow(), view.id, service_data(org, current_use=1))
    db.actor = Actor("c", "coordinator")
    assert update_service(db.uow(), view.id, service_data(org, current_use=1)).current_use == 1
    with pytest.raises(NotFound):
        get_service(db.uow(), "no-such-id")


def test_a_volunteer_leaders_own_number_stays_on_this_pc_and_is_hidden(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db, "햇살면 자원봉사회")
    with db.session_factory.begin() as session:
        session.add(Contact(organization_id=org, name="임수정", title="총무", private_phone="010-2345-6789"))
    spec = table("contact")
    assert spec is not None
    assert spec.field_sync("private_phone") is SyncPolicy.LOCAL and spec.field_sync("name") is SyncPolicy.TO_CITY
    assert "private_phone" in spec.personal_fields()
    assert [r["private_phone"] for r in dump_records(db.uow(), "contact")] == ["010-2345-6789"]
    for role in ("viewer", "case_worker"):
        db.actor = Actor(role, role)
        rows = list(dump_records(db.uow(), "contact"))
        assert rows and all("010-2345-6789" not in str(r) for r in rows) and rows[0]["name"] == "임수정"


def test_the_demo_directory(db, today) -> None:  # type: ignore[no-untyped-def]
    build_demo_resources(db, today)
    demo_db = db
    organizations = list_organizations(demo_db.uow())
    services = list_services(demo_db.uow(), ServiceFilter(), today)
    assert len(organizations) >= 40 and len(services) >= 50
    assert {"도시락 배달", "밑반찬 나눔", "목욕 봉사", "장애인 이동 지원", "방문 간호"} <= {s.name for s in services}
    assert services_due_for_check(demo_db.uow(), today)
    assert [s.name for s in services if s.status == "temporarily_closed"] == ["마을 공동 밥상"]
    assert all(s.capacity is None or s.capacity >= s.current_use >= 0 for s in services)
    with demo_db.session_factory() as session:
        # Sealed on disk (app.security.sealing): read through the model, which opens it.
        assert session.scalar(select(Contact).where(Contact.private_phone != "")).private_phone == "010-2345-6789"
        assert session.scalar(select(Service.id).where(Service.deleted_at.is_not(None))) is None


def test_service_data_round_trips_through_its_view(db) -> None:  # type: ignore[no-untyped-def]
    org = organization(db)
    data = service_data(org, minimum_age=65, fees_description="무료", schedule_description="매주 목요일")
    view = create_service(db.uow(), data, TODAY)
    assert view.to_data() == data
    assert replace(view.to_data(), name="바뀐 이름") != data
