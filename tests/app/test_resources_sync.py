"""The directory travels to the city, a volunteer leader's own number stays behind, and the
city's Korean search finds what it imported without being told to re-index."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.resources.rules import OrganizationData, ServiceData
from app.resources.services import create_organization, create_service, search_resources
from app.sync import export_package, import_packages
from db.resource_models import Contact, Service
from tests.app.sync_support import enroll, new_city, new_council
from tests.app.test_sync_policy import payload_as_city

PRIVATE = "010-2345-6789"


def test_the_directory_reaches_the_city_without_private_numbers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    city, council = new_city(tmp_path), new_council(tmp_path, "a")
    try:
        enroll(city.db, council, tmp_path)
        org = create_organization(council.db.uow(), OrganizationData("햇살면 자원봉사회", "private")).id
        service = create_service(council.db.uow(), ServiceData(org, "목욕 봉사", "human", description="어르신 목욕"),
                                 date(2026, 11, 24))
        with council.db.session_factory.begin() as session:
            session.info.update(council.db.session_factory.kw.get("info", {}))
            session.add(Contact(organization_id=org, name="임수정", title="총무", private_phone=PRIVATE))
        assert search_resources(city.db.uow(), "목욕").count == 0
        usb = tmp_path / "usb"
        usb.mkdir()
        path = export_package(council.db, usb)
        payload = payload_as_city(city.db, path)
        assert "임수정".encode() in payload
        assert PRIVATE.encode() not in payload and PRIVATE.replace("-", "").encode() not in payload
        import_packages(city.db, [path])
        with city.db.session_factory() as session:
            assert session.scalar(select(Contact.private_phone).where(Contact.name == "임수정")) == ""
            assert session.get(Service, service.id) is not None
        found = search_resources(city.db.uow(), "ㅁㅇ 봉사")
        assert [v.id for v in found.results] == [service.id]
    finally:
        city.db.dispose()
        council.db.dispose()
