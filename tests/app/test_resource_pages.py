"""The tab's page reads (``app.resources.pages``) agree with the directory's own list
(``list_services``): the same services, in name order, for filters and Korean searches,
page by page; the count agrees; the re-check cut-off is ``ServiceView.due_for_check``
made into one date; and a private contact reaches only roles that may see it."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.resources.demo import build_demo_resources
from app.resources.pages import count_services, due_cutoff, load_service_detail, load_service_page
from app.resources.services import ServiceFilter, list_services
from app.resources.views import add_months
from app.security.permissions import Actor, NotAllowed

FILTERS = (
    ServiceFilter(),
    ServiceFilter(query="반찬"),
    ServiceFilter(query="ㄷㅅㄹ"),
    ServiceFilter(query="방문 목욕"),
    ServiceFilter(service_area="health"),
    ServiceFilter(target_group="elderly", kind="program"),
    ServiceFilter(sector="private", due_for_check=True),
    ServiceFilter(status="temporarily_closed"),
    ServiceFilter(query="어르신", status="active"),
)


@pytest.mark.parametrize("months", [1, 6, 12, 13])
def test_the_cutoff_is_due_for_check_as_one_date(months: int) -> None:
    for today in (date(2026, 3, 31) + timedelta(days=d) for d in range(0, 400, 3)):
        cutoff = due_cutoff(today, months)
        for verified in (cutoff - timedelta(days=1), cutoff, cutoff + timedelta(days=1), cutoff + timedelta(days=3)):
            assert (add_months(verified, months) <= today) == (verified <= cutoff), (today, verified)


def test_pages_and_counts_are_the_list(db, today) -> None:  # type: ignore[no-untyped-def]
    build_demo_resources(db, today)
    for filters in FILTERS:
        expected = [v.id for v in list_services(db.uow(), filters, today)]
        got: list[str] = []
        offset = 0
        while True:
            page = load_service_page(db.uow(), filters, today, offset, 7)
            got += [r.id for r in page.rows]
            offset += len(page.rows)
            if not page.has_more:
                break
        assert got == expected, filters
        counted = count_services(db.uow(), filters, today)
        assert counted.count == len(expected) and counted.total >= 50


def test_private_phone_only_for_roles_that_may_see_it(db, today) -> None:  # type: ignore[no-untyped-def]
    build_demo_resources(db, today)
    service = next(v for v in list_services(db.uow(), ServiceFilter(query="목욕 봉사"), today) if v.name == "목욕 봉사")
    assert [c.private_phone for c in load_service_detail(db.uow(), service.id).contacts] == ["010-2345-6789"]
    db.actor = Actor("wiwon", "viewer", "홍길동")
    detail = load_service_detail(db.uow(), service.id)
    assert detail.private_hidden and [c.name for c in detail.contacts] == ["임수정"]
    assert [c.private_phone for c in detail.contacts] == [""]
    db.actor = None
    with pytest.raises(NotAllowed):
        load_service_page(db.uow(), ServiceFilter(), today)
