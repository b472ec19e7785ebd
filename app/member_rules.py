"""The member rules, each defined once: what a member record and a term may hold, who is in
office on a date (with its SQL twin), and the rules against other members (the same person
twice, a co-chair held twice, the member cap, overlapping terms).

The member services (``app.members``) apply them to the few rows a query finds; the Excel
import applies them to a ``Roster`` loaded once for a whole file, so checking 5,000 rows
costs the same handful of queries as checking one; ``validate_incoming`` applies them to
records arriving in sync packages (registered in ``app.areas``). No Qt, no session
handling here.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, or_

from app import codes
from app.dates import format_date
from app.errors import FieldError
from app.text_rules import check_record_texts, check_texts, choice_error
from db.models import MemberTerm

NAME_MAX = 30
TEXT_MAX = {"affiliation": 100, "position": 50, "note": 2000}
_PHONE_DIGITS = re.compile(r"\D")
# Statuses that hold a single-holder role: a member about to start keeps the seat too.
HOLDING_STATUSES = ("active", "pending")


@dataclass(frozen=True)
class MemberData:
    """What a person fills in for a member (the personal record, not the term)."""

    name: str
    sex: str
    kind: str
    category: int
    role: str = "member"
    birth_date: date | None = None
    affiliation: str = ""
    position: str = ""
    phone: str = ""
    honorary_official: bool = False
    pledge_on: date | None = None
    consent_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class TermData:
    start_on: date
    end_on: date | None
    recommended_on: date | None = None


class TermLike(Protocol):
    start_on: date
    end_on: date | None
    ended_on: date | None


# ---------------------------------------------------------------- in office on a date

def in_office(start_on: date, end_on: date | None, ended_on: date | None, day: date) -> bool:
    """A term is in office from its start to its fixed end, unless ended early (해촉·사임)
    from ``ended_on``, which is the first day out of office. Twin: ``in_office_clause``."""
    if day < start_on:
        return False
    if ended_on is not None and day >= ended_on:
        return False
    return end_on is None or day <= end_on


def in_office_clause(day: date) -> ColumnElement[bool]:
    """``in_office`` for live ``MemberTerm`` rows, as SQL (so counting stays in the database)."""
    return and_(
        MemberTerm.deleted_at.is_(None),
        MemberTerm.start_on <= day,
        or_(MemberTerm.ended_on.is_(None), MemberTerm.ended_on > day),
        or_(MemberTerm.end_on.is_(None), MemberTerm.end_on >= day),
    )


def term_in_office(term: TermLike | TermData, day: date) -> bool:
    """``in_office`` for a stored term, a view of one, or a term not yet saved."""
    return in_office(term.start_on, term.end_on, getattr(term, "ended_on", None), day)


def last_day(end_on: date | None, ended_on: date | None) -> date | None:
    """The last day in office, or None while open-ended."""
    if ended_on is not None:
        early = ended_on - timedelta(days=1)
        return early if end_on is None else min(early, end_on)
    return end_on


def member_status(terms: Iterable[Any], today: date) -> str:
    """active / pending / expired / the early-end reason, from live terms in start order."""
    terms = tuple(terms)
    if any(term_in_office(t, today) for t in terms):
        return "active"
    if any(t.start_on > today for t in terms):
        return "pending"
    if not terms:
        return "expired"
    last = terms[-1]
    if last.ended_on is not None and last.end_reason in codes.EARLY_END_REASONS:
        return last.end_reason
    return "expired"


# ---------------------------------------------------------------- one record

def _nfc(text: str) -> str:
    # Text pasted from macOS or some web forms arrives decomposed (NFD); stored and
    # searched in composed form, '길동' finds 홍길동 whatever produced the text.
    return unicodedata.normalize("NFC", text or "")


def _phone_digits(raw: str) -> str:
    digits = _PHONE_DIGITS.sub("", raw or "")
    if (raw or "").strip().startswith("+82") and digits.startswith("82"):
        digits = "0" + digits[2:].lstrip("0")
    return digits


def phone_is_valid(raw: str) -> bool:
    """Korean numbers: 02 (Seoul) with 9-10 digits, other area and mobile codes with 10-11."""
    text = (raw or "").strip()
    if text.startswith("+82"):
        text = text[3:]
    if not text or re.search(r"[^\d\-\s().]", text):
        return False
    digits = _phone_digits(raw)
    if not digits.startswith("0"):
        return False
    if digits.startswith("02"):
        return len(digits) in (9, 10)
    return len(digits) in (10, 11)


def normalize_phone(raw: str) -> str:
    """``010-1234-5678`` form of a valid number; anything else is returned unchanged."""
    if not phone_is_valid(raw or ""):
        return raw
    digits = _phone_digits(raw)
    if digits.startswith("02"):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    if len(digits) == 11:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def clean_member_data(data: MemberData) -> MemberData:
    return replace(
        data,
        name=" ".join(_nfc(data.name).split()),
        affiliation=_nfc(data.affiliation).strip(),
        position=_nfc(data.position).strip(),
        # Only a valid number is reformatted, so validation still sees what was typed.
        phone=normalize_phone((data.phone or "").strip()),
        note=_nfc(data.note).strip(),
    )


def validate_member_data(data: MemberData, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if not data.name:
        errors.append(FieldError("name", "required"))
    elif len(data.name) > NAME_MAX:
        errors.append(FieldError("name", "too_long", {"max": NAME_MAX}))
    if data.sex not in codes.SEX:
        errors.append(FieldError("sex", "required" if not data.sex else "invalid_choice", {"value": data.sex}))
    if data.kind not in codes.MEMBER_KIND:
        errors.append(FieldError("kind", "required" if not data.kind else "invalid_choice", {"value": data.kind}))
    if data.category not in codes.CATEGORY:
        errors.append(FieldError("category", "invalid_choice", {"value": data.category}))
    if data.role not in codes.ROLE:
        errors.append(FieldError("role", "invalid_choice", {"value": data.role}))
    for name, limit in TEXT_MAX.items():
        if len(getattr(data, name)) > limit:
            errors.append(FieldError(name, "too_long", {"max": limit}))
    if data.phone and not phone_is_valid(data.phone):
        errors.append(FieldError("phone", "invalid_phone", {"value": data.phone}))
    for name in ("birth_date", "pledge_on", "consent_on"):
        value = getattr(data, name)
        if value is None:
            continue
        if value > today:
            errors.append(FieldError(name, "future_date"))
        elif value.year < 1900:
            errors.append(FieldError(name, "date_too_old"))
    # 주민등록번호 and control characters, as in every area's free text; one message a field.
    texts = {"name": data.name, "affiliation": data.affiliation, "position": data.position, "note": data.note}
    seen = {e.field for e in errors}
    errors += [e for e in check_texts(texts, multiline=("note",)) if e.field not in seen]
    return errors


def validate_term_data(term: TermData, kind: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if term.start_on is None:
        errors.append(FieldError("start_on", "required"))
        return errors
    if term.start_on.year < 1990:
        errors.append(FieldError("start_on", "date_too_old"))
    if term.end_on is None and kind != "ex_officio":
        # Only officials serve "while in post" without a fixed end.
        errors.append(FieldError("end_on", "required"))
    if term.end_on is not None and term.end_on < term.start_on:
        errors.append(FieldError("end_on", "end_before_start"))
    if term.recommended_on is not None and term.recommended_on > term.start_on:
        errors.append(FieldError("recommended_on", "recommended_after_start"))
    return errors


# ---------------------------------------------------------------- records from other devices

_BLANK_MEMBER: dict[str, Any] = {"name": "", "sex": "", "kind": "", "category": 0, "role": "member",
                                 "birth_date": None, "affiliation": "", "position": "", "phone": "",
                                 "honorary_official": False, "pledge_on": None, "consent_on": None, "note": ""}


def validate_incoming(table: str, data: Mapping[str, Any]) -> list[FieldError]:
    """The rules above on one stored record of ``table`` (``member`` or ``member_term``) as
    it arrives in a sync package: ``data`` holds the fields it carries, parsed (dates as
    dates); a field it does not carry (sealed, or kept by the sender) is not judged.

    The rules against other records (duplicates, co-chairs, the cap, overlapping terms) are
    not applied: two devices may each have been right, and the conflicts of sync say so.
    """
    if table == "member":
        member = MemberData(**{**_BLANK_MEMBER, **{k: v for k, v in data.items() if k in _BLANK_MEMBER}})
        # A day's grace: the sender's clock and time zone may be ahead of ours.
        errors = validate_member_data(member, date.today() + timedelta(days=1))
        return [e for e in errors if e.field in data]
    if table == "member_term":
        errors = []
        start = data.get("start_on")
        if isinstance(start, date):
            # The member's kind is on another record: an open end is judged there, not here.
            term = TermData(start, data.get("end_on"), data.get("recommended_on"))
            errors += validate_term_data(term, "ex_officio")
            ended = data.get("ended_on")
            if isinstance(ended, date) and ended < start:
                errors.append(FieldError("ended_on", "end_before_start"))
        if "end_reason" in data:
            problem = choice_error("end_reason", data["end_reason"], codes.TERM_END_REASON, optional=True)
            errors += [problem] if problem else []
        return errors + check_record_texts(data, multiline=("end_note",))
    raise KeyError(table)


# ---------------------------------------------------------------- against other members
# Each returns the problem as a FieldError (the column it belongs to in a sheet) or None;
# a service raises it as ``InputRefused(error.code, **error.params)``.

def overlap_error(earlier: TermLike, new: TermData) -> FieldError | None:
    """A new or corrected term may not share a day with another term of the same member."""
    last = last_day(earlier.end_on, earlier.ended_on)
    starts_before_it_ends = last is None or new.start_on <= last
    ends_after_it_starts = new.end_on is None or new.end_on >= earlier.start_on
    if starts_before_it_ends and ends_after_it_starts:
        return FieldError("start_on", "term_overlap", {"start": format_date(earlier.start_on),
                                                       "end": format_date(last) if last else "재직 중"})
    return None


def duplicate_error(data: MemberData, others: Iterable[Any], exclude_id: str | None) -> FieldError | None:
    """The same person twice: the same name with the same birth date or the same phone."""
    for other in others:
        if other.id == exclude_id or other.name != data.name:
            continue
        if data.birth_date is not None and other.birth_date == data.birth_date:
            return FieldError("name", "duplicate_member", {"name": data.name, "what": "생년월일"})
        if data.phone and other.phone == data.phone:
            return FieldError("name", "duplicate_member", {"name": data.name, "what": "연락처"})
    return None


def role_error(role: str, others: Iterable[Any], exclude_id: object) -> FieldError | None:
    """A co-chair seat has one holder among members in office or about to start.
    ``others`` have ``id``, ``name``, ``role`` and ``status``."""
    if role not in codes.SINGLE_HOLDER_ROLES:
        return None
    for other in others:
        if other.id != exclude_id and other.role == role and other.status in HOLDING_STATUSES:
            return FieldError("role", "role_taken", {"role": codes.label(codes.ROLE, role), "name": other.name})
    return None


def cap_error(in_office_now: int, cap: int) -> FieldError | None:
    """One more member in office today must not pass the council's cap (정원)."""
    if in_office_now >= cap:
        return FieldError("start_on", "member_cap", {"count": in_office_now, "cap": cap})
    return None


# ---------------------------------------------------------------- a roster held in memory

@dataclass(frozen=True)
class RosterEntry:
    """What the rules against others need to know of one member."""

    id: object  # a member id, or any key for a member not yet saved
    name: str
    birth_date: date | None
    phone: str
    role: str
    status: str


class Roster:
    """Every live member, loaded once, kept up to date as a batch adds and changes members,
    so that the rules against others cost no query per row."""

    def __init__(self, entries: Iterable[RosterEntry], cap: int) -> None:
        self.cap = cap
        self._entries: dict[object, RosterEntry] = {}
        self._by_name: dict[str, dict[object, RosterEntry]] = {}
        self._by_role: dict[str, dict[object, RosterEntry]] = {}
        self.active = 0
        # Whatever the loader needs kept alive while the roster is used (ORM objects).
        self.held: object = None
        for entry in entries:
            self.put(entry)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._entries.values())

    def get(self, key: object) -> RosterEntry | None:
        return self._entries.get(key)

    def put(self, entry: RosterEntry) -> None:
        self.drop(entry.id)
        self._entries[entry.id] = entry
        self._by_name.setdefault(entry.name, {})[entry.id] = entry
        self._by_role.setdefault(entry.role, {})[entry.id] = entry
        self.active += entry.status == "active"

    def drop(self, key: object) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            del self._by_name[old.name][key]
            del self._by_role[old.role][key]
            self.active -= old.status == "active"

    def duplicate_error(self, data: MemberData, exclude_id: object) -> FieldError | None:
        return duplicate_error(data, self._by_name.get(data.name, {}).values(), exclude_id)  # type: ignore[arg-type]

    def role_error(self, role: str, exclude_id: object) -> FieldError | None:
        return role_error(role, self._by_role.get(role, {}).values(), exclude_id)

    def cap_error(self) -> FieldError | None:
        return cap_error(self.active, self.cap)
