"""The Korean search of the directory: two syllables, several words, 초성, and always the
same answer as a plain scan — on generated Korean text, through a bare FTS5 table and
through the services; the index follows edits, tombstones and writes it was not told
about, and removed text leaves no bytes behind."""
from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.resources import search
from app.resources.rules import OrganizationData, ServiceData
from app.resources.services import (ServiceFilter, create_organization, create_service, delete_service,
                                    list_services, search_resources, update_organization)
from db.resource_models import Service
from db.session import sqlcipher_dbapi
from tests.conftest import make_database

TODAY = date(2026, 11, 24)
# Few syllables, so generated words share bigrams often and near-misses are common.
SYLLABLES = "도시락배달반찬목욕이동지원집수리방문간호가나"
_word = st.text(alphabet=SYLLABLES + "ab1", min_size=1, max_size=5)
_document = st.lists(_word, min_size=1, max_size=8).map(" ".join)
_separator = st.sampled_from([" ", "  ", "·", ", "])


def _query_for(words: list[str], pick: st.DataObject) -> str:
    """A query of 1-3 terms: substrings, initials of substrings, or random words."""
    terms = []
    for _ in range(pick.draw(st.integers(1, 3))):
        mode = pick.draw(st.sampled_from(["substring", "initials", "random"]))
        if mode == "random" or not words:
            terms.append(pick.draw(_word))
            continue
        word = pick.draw(st.sampled_from(words))
        start = pick.draw(st.integers(0, len(word) - 1))
        end = pick.draw(st.integers(start + 1, len(word)))
        part = word[start:end]
        terms.append(search.initials(part) if mode == "initials" else part)
    return pick.draw(_separator).join(terms)


def _fts_ids(docs: list[str], query: str) -> list[int]:
    """The index's answer, from a bare FTS5 table built as app.resources.search builds it."""
    conn = sqlcipher_dbapi.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE s USING fts5(grams, initials, tokenize = 'unicode61 remove_diacritics 0')")
        for rowid, doc in enumerate(docs):
            words = search.words(doc)
            conn.execute("INSERT INTO s (rowid, grams, initials) VALUES (?, ?, ?)",
                         (rowid, search.token_text(words), search.token_text(search.initials(w) for w in words)))
        terms = search.query_terms(query)
        expression = search.fts_expression(terms).replace("resource_search", "s")
        return [r[0] for r in conn.execute("SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid", (expression,))]
    finally:
        conn.close()


@settings(max_examples=300, deadline=None)
@given(docs=st.lists(_document, min_size=1, max_size=12), pick=st.data())
def test_the_index_answers_as_a_plain_scan_on_generated_korean_text(docs: list[str], pick: st.DataObject) -> None:
    words = [w for doc in docs for w in search.words(doc)]
    query = _query_for(words, pick)
    terms = search.query_terms(query)
    if not terms:
        return
    expected = [i for i, doc in enumerate(docs) if search.matches_plain(doc, terms)]
    assert _fts_ids(docs, query) == expected, (docs, query)


@pytest.mark.parametrize("document, query, found", [
    ("밑반찬 나눔", "반찬", True),
    ("어르신 목욕 봉사", "목욕", True),
    ("도시락 배달", "도시락 배달", True),
    ("도시락 배달", "배달 도시락", True),          # words in any order
    ("도시락 나눔", "도시락 배달", False),          # both words needed
    ("도시락 배달", "락배", False),                  # never across two words
    ("도시락 배달", "ㄷㅅㄹ", True),
    ("도시락 배달", "ㄷㅅㄹ ㅂㄷ", True),
    ("도시락 배달", "ㄹㅂ", False),
    ("도시락", "락", True),                          # one character, at a word's end
    ("도시락", "시", True),
    ("Food BANK 2호", "bank 2호", True),
    ("집수리", "집 수리", True),
    ("도시 락", "도시락", False),
])
def test_examples(document: str, query: str, found: bool) -> None:
    terms = search.query_terms(query)
    assert search.matches_plain(document, terms) is found
    assert (_fts_ids([document], query) == [0]) is found


# ---------------------------------------------------------------- through the services

@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One database with 300 generated services over 12 organizations."""
    with pytest.MonkeyPatch.context() as patch:
        import app.security.keyring as keyring_module
        from tests.conftest import FAST_KDF

        patch.setattr(keyring_module, "DEFAULT_KDF", FAST_KDF)
        patch.setenv("COUNCILDESK_HOME", str(tmp_path_factory.mktemp("home")))
        db = make_database(Path(tmp_path_factory.mktemp("search")) / "search.db")
        rng = random.Random(9)

        def phrase(count: int) -> str:
            return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(count))

        orgs = [create_organization(db.uow(), OrganizationData(f"{phrase(2)} {i}회", "private")).id for i in range(12)]
        for i in range(300):
            create_service(db.uow(), ServiceData(
                organization_id=orgs[i % 12], name=f"{phrase(2)} {i}", resource_kind="program",
                description=phrase(6), service_areas=(rng.choice(["welfare", "health", "housing"]),),
                target_groups=(rng.choice(["elderly", "children", "disabled"]),)), TODAY)
        yield db
        db.dispose()


def _plain(db, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session_factory() as session:
        return search.plain_scan_ids(session, query)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pick=st.data())
def test_search_resources_answers_as_a_plain_scan(directory, pick: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    with directory.session_factory() as session:
        names = list(session.scalars(text("SELECT name || ' ' || description FROM service")))
    words = [w for n in names[:50] for w in search.words(n)]
    query = _query_for(words, pick)
    expected = _plain(directory, query)
    page = search_resources(directory.uow(), query, limit=10)
    assert page.count == len(expected)
    assert [v.id for v in page.results] == expected[:10]
    second = search_resources(directory.uow(), query, limit=10, offset=10)
    assert [v.id for v in second.results] == expected[10:20]


@pytest.mark.parametrize("query", ["복지", "노인 복지", "ㅂㅈ", "아동", "ㅈㅇㅇ"])
def test_service_areas_and_targets_are_found_by_their_korean_labels(directory, query: str) -> None:  # type: ignore[no-untyped-def]
    expected = _plain(directory, query)
    assert expected, query
    assert [v.id for v in list_services(directory.uow(), ServiceFilter(query=query), TODAY)] == expected


def test_the_index_follows_edits_tombstones_and_unannounced_writes(db) -> None:  # type: ignore[no-untyped-def]
    org = create_organization(db.uow(), OrganizationData("햇살면 새마을부녀회", "private")).id
    kept = create_service(db.uow(), ServiceData(org, "밑반찬 나눔", "material"), TODAY)
    gone = create_service(db.uow(), ServiceData(org, "김장 나눔", "material"), TODAY)
    assert search_resources(db.uow(), "부녀회").count == 2
    update_organization(db.uow(), org, OrganizationData("햇살면 생활개선회", "private"))
    assert search_resources(db.uow(), "부녀회").count == 0
    assert search_resources(db.uow(), "생활개선").count == 2
    delete_service(db.uow(), gone.id)
    assert [v.id for v in search_resources(db.uow(), "나눔").results] == [kept.id]
    # A write the services did not make (as a sync import does): caught up at the next search.
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        session.add(Service(organization_id=org, name="목욕 봉사", resource_kind="human"))
    assert [v.name for v in search_resources(db.uow(), "목욕").results] == ["목욕 봉사"]
    with db.session_factory.begin() as session:
        assert search.rebuild_search_index(session) == 2
        assert session.scalar(text("SELECT count(*) FROM resource_search")) == 2
    assert search_resources(db.uow(), "ㅁㅇ").count == 1


def test_deleted_text_leaves_no_bytes_behind(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql(
            "SELECT v FROM resource_search_config WHERE k = 'secure-delete'").scalar() == 1


def test_row_numbers_stay_in_name_order_when_gaps_run_out(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search, "_GAP", 4)  # two halvings, then a rebuild
    org = create_organization(db.uow(), OrganizationData("햇살면 자원봉사회", "private")).id
    for name in ("봉사 마", "봉사 라", "봉사 다", "봉사 나", "봉사 가", "봉사 바", "봉사 다다"):
        create_service(db.uow(), ServiceData(org, name, "human"), TODAY)
        page = search_resources(db.uow(), "봉사", limit=20)
        assert [v.id for v in page.results] == _plain(db, "봉사")
    assert [v.name for v in page.results] == ["봉사 가", "봉사 나", "봉사 다", "봉사 다다", "봉사 라", "봉사 마", "봉사 바"]
    assert [v.name for v in search_resources(db.uow(), "봉사", limit=2, offset=2).results] == ["봉사 다", "봉사 다다"]
