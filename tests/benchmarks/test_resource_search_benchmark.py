"""Korean search of a directory of 100,000 services: the first page (20, by name) and the
count, for two syllables, several words and 초성, beside a plain ``LIKE`` over the same
columns; and the index's answer is the plain scan's, id for id.

Targets (issue 9): first page ≤ 10 ms median, count ≤ 30 ms median. Figures are printed
(run with ``-m benchmark -s``); the only assertion is that the results are identical.
"""
from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from app.resources import search
from app.resources.services import search_resources
from db.base import new_uuid
from db.resource_models import Organization, Service
from tests.conftest import make_database

pytestmark = pytest.mark.benchmark
SERVICES = 100_000
ORGANIZATIONS = 2_000
RUNS = 15
PAGE_TARGET_MS, COUNT_TARGET_MS = 10.0, 30.0
QUERIES = {"2 syllables": "반찬", "several words": "도시락 배달", "초성": "ㄷㅅㄹ", "3 words": "어르신 방문 목욕"}
# Words of the directory's field, so queries hit realistic shares of the rows.
NOUNS = ("도시락", "배달", "반찬", "나눔", "목욕", "봉사", "이동", "지원", "집수리", "방문", "간호", "상담", "교실",
         "돌봄", "말벗", "안부", "확인", "건강", "체조", "이미용", "연탄", "식품", "생필품", "통역", "한글", "장학금",
         "병원", "동행", "치매", "검진", "주간보호", "쉼터", "밑반찬", "김장", "쌀", "법률", "일자리", "교육", "나들이")
PEOPLE = ("어르신", "홀몸어르신", "아동", "청소년", "장애인", "다문화가족", "한부모가족", "저소득", "주민")
PLACES = ("상촌리", "중촌리", "하촌리", "신기리", "평촌리", "햇살면", "마을회관", "경로당")


def _phrase(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(NOUNS + PEOPLE + PLACES) for _ in range(count))


def _fill(db, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 1)
    stamps = {"created_at": now, "updated_at": now, "changed_by_device": "", "change_seq": 1, "deleted_at": None}
    orgs = [{"id": new_uuid(), "name": f"햇살 {_phrase(rng, 2)} {i}회", "sector": "private", "description": "",
             "email": "", "website": "", "status": "active", **stamps} for i in range(ORGANIZATIONS)]
    services = [{
        "id": new_uuid(), "organization_id": orgs[i % ORGANIZATIONS]["id"], "name": f"{_phrase(rng, 2)} {i}",
        "description": _phrase(rng, 8), "resource_kind": "program",
        "service_areas": rng.choice(["welfare", "health", "housing", "education"]),
        "target_groups": rng.choice(["elderly", "children", "disabled", "low_income"]),
        "eligibility_description": "", "minimum_age": None, "maximum_age": None, "application_process": "",
        "fees_description": "", "schedule_description": "", "area_places": rng.choice(PLACES[:5]),
        "status": "active", "status_notice": "", "closed_until": None, "capacity": None, "capacity_unit": "",
        "current_use": 0, "last_verified_on": date(2026, 1, 1), "last_verified_by": "", **stamps,
    } for i in range(SERVICES)]
    with db.session_factory.begin() as session:
        session.execute(insert(Organization), orgs)
        session.execute(insert(Service), services)
        started = time.perf_counter()
        search.rebuild_search_index(session)
        print(f"\nindex of {SERVICES:,} services built in {time.perf_counter() - started:.1f} s")


def _median_ms(action: Callable[[], object]) -> float:
    action()
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def _like(session, query: str, count: bool):  # type: ignore[no-untyped-def]
    """The plain way: every word LIKE'd against name, description and the organization's name."""
    clauses, params = [], {}
    for n, term in enumerate(search.query_terms(query)):
        params[f"t{n}"] = f"%{term.word}%"
        clauses.append(f"(s.name LIKE :t{n} OR s.description LIKE :t{n} OR o.name LIKE :t{n})")
    where = " AND ".join(clauses)
    base = f"FROM service s JOIN organization o ON o.id = s.organization_id WHERE s.deleted_at IS NULL AND {where}"
    if count:
        return session.scalar(text(f"SELECT count(*) {base}"), params)
    return list(session.scalars(text(f"SELECT s.id {base} ORDER BY s.name, s.id LIMIT 20"), params))


def test_resource_search_100k(tmp_path: Path) -> None:
    db = make_database(tmp_path / "search.db")
    try:
        _fill(db, random.Random(2026))
        with db.session_factory() as session:
            for label, query in QUERIES.items():
                everything = search.search_ids(session, query)
                assert everything == search.plain_scan_ids(session, query), label
                page_ms = _median_ms(lambda: search.search_ids(session, query, 20))
                count_ms = _median_ms(lambda: search.count_matches(session, query))
                like_page_ms = _median_ms(lambda: _like(session, query, False))
                like_count_ms = _median_ms(lambda: _like(session, query, True))
                print(f"{label:14} {query!r:14} {len(everything):6,} found | first page {page_ms:6.2f} ms "
                      f"(target ≤ {PAGE_TARGET_MS:.0f}) count {count_ms:6.2f} ms (target ≤ {COUNT_TARGET_MS:.0f}) "
                      f"| plain LIKE: page {like_page_ms:7.2f} ms, count {like_count_ms:7.2f} ms")
        for label, query in QUERIES.items():
            service_ms = _median_ms(lambda: search_resources(db.uow(), query, 20))
            print(f"{label:14} search_resources (login checked, index caught up, 20 views): {service_ms:6.2f} ms")
    finally:
        db.dispose()
