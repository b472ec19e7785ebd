"""Korean search of the directory: two-syllable words (반찬, 목욕), several words together
(``도시락 배달`` finds services with both), and 초성 (``ㄷㅅㄹ`` finds 도시락).

What a query means (``matches_plain`` says it in plain Python, and is the reference the
index is tested against): the query is split into words; each word must occur inside some
word of the service's document (its name, its organization's name, its description, its
service areas, target groups and 리/마을); a word made only of initial consonants must occur
inside the initials of some word instead.

How it is fast: FTS5's ``trigram`` tokenizer cannot find two syllables, so the index is an
FTS5 table over tokens made here in Python. Each word of a document becomes its bigrams
followed by its last character alone: ``도시락`` → ``도시 시락 락``. A query word of two or
more characters becomes the phrase of its bigrams (``"도시 시락"``): consecutive bigrams
exist only inside one word, and the lone last character between two words keeps a phrase
from running across them, so the phrase matches exactly the documents with that substring
in one word — no false hits to filter out, so the count is FTS5's count. A one-character
word is a prefix query (``"락"*``): every occurrence of a character starts a bigram or ends
a word. The ``initials`` column holds the same tokens over each word's initials.

The index is local: not a synced table, created by the migration (SQLite only; on
PostgreSQL the plain scan answers). It follows the records by change number: before a
search, ``ensure_search_index`` re-indexes the services and organizations whose change
number is above the one indexed last, so edits, tombstones and sync imports are all
caught up without a hook; ``rebuild_search_index`` builds it anew. FTS5's secure-delete
and the connection's ``secure_delete`` pragma keep removed text out of the file.
"""
from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app import codes
from app.resources import codes as rcodes
from db.resource_models import Organization, Service

_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_INITIAL_SET = frozenset(_INITIALS)
_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
_PER_INITIAL = 21 * 28
_TO_INITIAL = {code: _INITIALS[(code - _SYLLABLE_FIRST) // _PER_INITIAL]
               for code in range(_SYLLABLE_FIRST, _SYLLABLE_LAST + 1)}
# Python's \w is exactly str.isalnum() plus the underscore.
_WORD = re.compile(r"[^\W_]+")


# ---------------------------------------------------------------- text → words → tokens

def words(value: str) -> list[str]:
    """The words of a text: composed, lower-case runs of letters and digits (``str.isalnum``)."""
    return _WORD.findall(unicodedata.normalize("NFC", value or "").lower())


def initials(word: str) -> str:
    """초성 of each syllable of ``word`` (도시락 → ㄷㅅㄹ); other characters stay as they are."""
    return word.translate(_TO_INITIAL)


def is_initials(word: str) -> bool:
    return bool(word) and all(c in _INITIAL_SET for c in word)


def word_tokens(word: str) -> list[str]:
    """A word's bigrams, then its last character alone (the word's end)."""
    return [word[i:i + 2] for i in range(len(word) - 1)] + [word[-1]]


def token_text(document_words: Iterable[str]) -> str:
    """``word_tokens`` of every word, as one space-separated text (written for speed: a
    rebuild tokenizes every service)."""
    tokens: list[str] = []
    for word in document_words:
        tokens.extend(map(operator.add, word, word[1:]))
        tokens.append(word[-1])
    return " ".join(tokens)


def document_text(row: Any) -> str:
    """What a service is found by, in Korean (labels of its codes, not the codes); ``row``
    has the columns of ``_DOCUMENT_COLUMNS``."""
    parts = [row.name, row.organization_name, row.description]
    parts += [codes.label(codes.SERVICE_AREA, a) for a in (row.service_areas or "").split(",") if a]
    parts += [codes.label(rcodes.TARGET_GROUP, t) for t in (row.target_groups or "").split(",") if t]
    parts += [p for p in (row.area_places or "").split(",") if p]
    return "\n".join(parts)


@dataclass(frozen=True)
class Term:
    word: str
    initials: bool  # matched against the initials of document words


def query_terms(query: str) -> list[Term]:
    """The words of a query, each once, in order."""
    return [Term(w, is_initials(w)) for w in dict.fromkeys(words(query))]


def matches_plain(document: str, terms: list[Term]) -> bool:
    """The meaning of a search, in plain Python: each term inside one word of the document."""
    doc_words = words(document)
    doc_initials = [initials(w) for w in doc_words] if any(t.initials for t in terms) else []
    return all(any(t.word in w for w in (doc_initials if t.initials else doc_words)) for t in terms)


def fts_expression(terms: list[Term]) -> str:
    """The FTS5 query for ``terms`` (all of them). Words hold letters and digits only, so
    nothing in them needs quoting beyond the phrase quotes."""
    parts = []
    for term in terms:
        column = "initials" if term.initials else "grams"
        if len(term.word) == 1:
            parts.append(f'{column} : "{term.word}"*')
        else:
            parts.append(f'{column} : "{" ".join(word_tokens(term.word)[:-1])}"')
    return " AND ".join(parts)


# ---------------------------------------------------------------- the index

# Index rows are numbered in the list's order (service name, then id) with gaps between
# them, so a page is the first rows FTS5 meets in its own rowid order — it stops after 20
# instead of sorting every match — and a new or renamed service takes a number halfway
# between its neighbours. When a gap runs out, or a batch is large, the index is rebuilt.
_GAP = 1 << 32
_REBUILD_ABOVE = 2_000
_DOCUMENT_COLUMNS = (Service.id, Service.name, Service.description, Service.service_areas, Service.target_groups,
                     Service.area_places, Organization.name.label("organization_name"))


def index_available(session: Session) -> bool:
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    return session.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'resource_search'")).first() is not None


def _current_seq(session: Session) -> int:
    return max(session.scalar(select(func.max(Service.change_seq))) or 0,
               session.scalar(select(func.max(Organization.change_seq))) or 0)


def _live_rows(session: Session, service_ids: list[str] | None) -> Iterator[Any]:
    """Live services as plain rows (``_DOCUMENT_COLUMNS``), by name then id."""
    query = (select(*_DOCUMENT_COLUMNS).join(Organization, Organization.id == Service.organization_id)
             .where(Service.deleted_at.is_(None), Organization.deleted_at.is_(None))
             .order_by(Service.name, Service.id))
    if service_ids is None:
        yield from session.execute(query)
        return
    for start in range(0, len(service_ids), 500):
        yield from session.execute(query.where(Service.id.in_(service_ids[start:start + 500])))


def _doc_values(doc: int, row: Any) -> dict[str, object]:
    doc_words = words(document_text(row))
    return {"doc": doc, "sid": row.id, "name": row.name, "grams": token_text(doc_words),
            "initials": token_text(initials(w) for w in doc_words)}


# The index's tables as this version makes them (the migration that first made them keeps
# its own frozen copy).
_RECREATE = (
    "DROP TABLE resource_search",
    "CREATE VIRTUAL TABLE resource_search USING fts5("
    "service_id UNINDEXED, grams, initials, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO resource_search(resource_search, rank) VALUES ('secure-delete', 1)",
    "DELETE FROM resource_search_key",
)
_INSERT_KEY = "INSERT INTO resource_search_key (doc, service_id, sort_name) VALUES (:doc, :sid, :name)"
_INSERT_DOC = "INSERT INTO resource_search (rowid, service_id, grams, initials) VALUES (:doc, :sid, :grams, :initials)"


def _remove(session: Session, service_ids: list[str]) -> None:
    for start in range(0, len(service_ids), 500):
        chunk = service_ids[start:start + 500]
        marks = ", ".join(f":s{i}" for i in range(len(chunk)))
        params = {f"s{i}": sid for i, sid in enumerate(chunk)}
        session.execute(text(f"DELETE FROM resource_search WHERE rowid IN "
                             f"(SELECT doc FROM resource_search_key WHERE service_id IN ({marks}))"), params)
        session.execute(text(f"DELETE FROM resource_search_key WHERE service_id IN ({marks})"), params)


def _slot(session: Session, name: str, service_id: str) -> int | None:
    """A free row number between the neighbours of (name, id) in the list's order, or None."""
    key = {"name": name, "sid": service_id}
    before = session.scalar(text("SELECT doc FROM resource_search_key WHERE (sort_name, service_id) < (:name, :sid) "
                                 "ORDER BY sort_name DESC, service_id DESC LIMIT 1"), key) or 0
    after = session.scalar(text("SELECT doc FROM resource_search_key WHERE (sort_name, service_id) > (:name, :sid) "
                                "ORDER BY sort_name, service_id LIMIT 1"), key)
    if after is None:
        return before + _GAP
    return before + (after - before) // 2 if after - before >= 2 else None


def _set_state(session: Session, seq: int) -> None:
    session.execute(text("UPDATE resource_search_state SET indexed_seq = :seq WHERE id = 1"), {"seq": seq})


def rebuild_search_index(session: Session) -> int:
    """Build the index anew from the records (after a sync import or a restore, or whenever
    in doubt); returns how many services it holds. Call inside an open transaction.

    The sync import (``app.sync``) need not call it: ``ensure_search_index`` notices the
    imported change numbers before the next search. It is the cure for an index in doubt."""
    if not index_available(session):
        return 0
    session.flush()
    # Dropped and made again: deleting every row one by one through FTS5's secure-delete
    # costs minutes on a large directory; a dropped table's pages are zeroed at once.
    for statement in _RECREATE:
        session.execute(text(statement))
    count, batch = 0, []
    for count, row in enumerate(_live_rows(session, None), start=1):
        batch.append(_doc_values(count * _GAP, row))
        if len(batch) == 5_000:
            _write(session, batch)
            batch = []
    _write(session, batch)
    _set_state(session, _current_seq(session))
    return count


def _write(session: Session, batch: list[dict[str, object]]) -> None:
    if batch:
        session.execute(text(_INSERT_KEY), batch)
        session.execute(text(_INSERT_DOC), batch)


def ensure_search_index(session: Session) -> bool:
    """Catch the index up with the records changed since it was last brought up to date.

    Returns whether the index can answer (False on PostgreSQL, or a file without it)."""
    if not index_available(session):
        return False
    session.flush()
    done = session.scalar(text("SELECT indexed_seq FROM resource_search_state WHERE id = 1"))
    current = _current_seq(session)
    if done is None or done < 0:
        rebuild_search_index(session)
        return True
    if current == done:
        return True
    changed_orgs = select(Organization.id).where(Organization.change_seq > done)
    ids = list(session.scalars(select(Service.id).where(
        (Service.change_seq > done) | Service.organization_id.in_(changed_orgs))))
    if len(ids) > _REBUILD_ABOVE:
        rebuild_search_index(session)
        return True
    _remove(session, ids)
    for row in list(_live_rows(session, ids)):
        doc = _slot(session, row.name, row.id)
        if doc is None:
            rebuild_search_index(session)
            return True
        _write(session, [_doc_values(doc, row)])
    _set_state(session, current)
    return True


# ---------------------------------------------------------------- searching

def search_ids(session: Session, query: str, limit: int | None = None, offset: int = 0) -> list[str]:
    """Ids of the services matching ``query``, by name (then id), one page of them.
    The index must be current (``ensure_search_index``): its row order is the name order."""
    terms = query_terms(query)
    if not terms:
        stmt = (select(Service.id).join(Organization, Organization.id == Service.organization_id)
                .where(Service.deleted_at.is_(None), Organization.deleted_at.is_(None))
                .order_by(Service.name, Service.id).offset(offset))
        return list(session.scalars(stmt.limit(limit) if limit is not None else stmt))
    sql = "SELECT service_id FROM resource_search WHERE resource_search MATCH :q ORDER BY rowid"
    params: dict[str, object] = {"q": fts_expression(terms)}
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    return list(session.scalars(text(sql), params))


def count_matches(session: Session, query: str) -> int:
    terms = query_terms(query)
    if not terms:
        return session.scalar(select(func.count()).select_from(Service)
                              .join(Organization, Organization.id == Service.organization_id)
                              .where(Service.deleted_at.is_(None), Organization.deleted_at.is_(None))) or 0
    return session.scalar(text("SELECT count(*) FROM resource_search WHERE resource_search MATCH :q"),
                          {"q": fts_expression(terms)}) or 0


def plain_scan_ids(session: Session, query: str) -> list[str]:
    """Every matching service by reading every live record (the reference, and PostgreSQL's way)."""
    terms = query_terms(query)
    return [row.id for row in _live_rows(session, None) if not terms or matches_plain(document_text(row), terms)]
