"""Shared set-up of the case tests: a directory organization and service, people in need
with consents, and a count of every case row (a refusal must leave them all unchanged)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.cases.rules import ClientData, ConsentData
from app.cases.services import add_client, open_case, record_consent, record_step
from app.resources.rules import OrganizationData, ServiceData
from app.resources.services import create_organization, create_service
from db.case_models import CASE_SYNCED_MODELS
from db.resource_models import Service

TODAY = date(2026, 11, 24)
SIGUNGU = "햇살군청 희망복지지원단"


def days(n: int) -> date:
    return TODAY - timedelta(days=n)


def organization(db, name: str = "햇살 지역자활센터") -> str:  # type: ignore[no-untyped-def]
    return create_organization(db.uow(), OrganizationData(name, "partnership", "자활 사업")).id


def service(db, org_id: str, name: str = "도시락 배달", capacity: int | None = 2, use: int = 0) -> str:  # type: ignore[no-untyped-def]
    return create_service(db.uow(), ServiceData(organization_id=org_id, name=name, resource_kind="program",
                                                capacity=capacity, current_use=use, capacity_unit="명"), TODAY).id


def service_use(db, service_id: str) -> int:  # type: ignore[no-untyped-def]
    with db.session_factory() as s:
        return s.get(Service, service_id).current_use


def client(db, name: str = "김순자", birth: date | None = date(1944, 3, 5), **extra: object) -> str:  # type: ignore[no-untyped-def]
    values: dict[str, object] = dict(
        name=name, sex="F", birth_date=birth, place="상촌리", address="햇살면 상촌리 12", phone="010-5500-1200",
        household_type="elderly_alone", household_size=1, found_source="member", found_by="이장", found_on=days(60),
        crisis_level="high", note="난방비 체납")
    data = ClientData(**{**values, **extra})  # type: ignore[arg-type]
    return add_client(db.uow(), data, TODAY).id


def consent(db, client_id: str, purpose: str = "collection", on: date | None = None, **extra: object) -> str:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"items": "성명, 연락처, 가구 상황", "retention": "종결 후 5년", **extra}
    return record_consent(db.uow(), ConsentData(client_id=client_id, purpose=purpose, given_on=on or days(50),
                                                **values), TODAY).id  # type: ignore[arg-type]


def provision(db, client_id: str, org_id: str | None = None, on: date | None = None) -> str:  # type: ignore[no-untyped-def]
    if org_id is None:
        return consent(db, client_id, "provision", on, recipient_kind="sigungu", recipient_name=SIGUNGU)
    return consent(db, client_id, "provision", on, recipient_kind="organization", recipient_organization_id=org_id)


def received_case(db, client_id: str, received: int = 40) -> str:  # type: ignore[no-untyped-def]
    """A case found, counselled and received (with a collection consent)."""
    consent(db, client_id)
    case = open_case(db.uow(), client_id, days(received + 5), TODAY)
    record_step(db.uow(), case.id, "counselled", days(received + 2), TODAY)
    return record_step(db.uow(), case.id, "received", days(received), TODAY).id


def case_rows(db) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    """Every case table's row count and newest change number: equal before and after a refusal."""
    with db.session_factory() as s:
        return {m.__tablename__: (s.scalar(select(func.count()).select_from(m)),
                                  s.scalar(select(func.max(m.change_seq))))
                for m in CASE_SYNCED_MODELS} | {"service": tuple(s.execute(select(Service.id, Service.current_use)
                                                                           .order_by(Service.id)).all())}
