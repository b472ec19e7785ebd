"""Members and their terms against a real temporary database: validation in Korean,
duplicates, roles, the member cap, reappointment, dismissal, status, who was in office
on a date, tombstones, search and the roster summary. Every refusal leaves the data
exactly as it was."""
from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from app import members as m
from app.errors import AppError, InputRefused, NotFound, ValidationFailed
from app.members import TermData
from app.settings import save_settings
from app.subcommittees import SubcommitteeData, add_seat, create_subcommittee, get_subcommittee
from db.base import Base
from db.models import Member, MemberTerm, SubcommitteeMembership
from tests.conftest import TODAY, member_data, term_data


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table, for "nothing changed" comparisons."""
    with db.engine.connect() as conn:
        return {
            table.name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
            for table in Base.metadata.sorted_tables
        }


def refused(db, call, error=AppError):
    """Run ``call`` expecting ``error``; assert the database did not change at all."""
    before = dump(db)
    with pytest.raises(error) as info:
        call()
    assert dump(db) == before
    return info.value


def add(db, name="홍길동", start=date(2025, 1, 1), end=date(2026, 12, 31), today=TODAY, **fields):
    return m.add_member(db.uow(), member_data(name, **fields), TermData(start, end), today)


def add_many(db, count: int, start=date(2025, 1, 1), end=date(2026, 12, 31)) -> list[m.MemberView]:
    return [add(db, f"위원{i:02d}", start, end, birth_date=date(1960, 1, 1) + timedelta(days=i),
                phone=f"010-5555-{i:04d}") for i in range(count)]


def field_codes(error: ValidationFailed) -> set[tuple[str, str]]:
    return {(e.field, e.code) for e in error.errors}


# ---------------------------------------------------------------- adding and validation

def test_add_member_stores_person_and_first_term(db):
    view = add(db, phone="01012345678")
    assert view.name == "홍길동"
    assert view.phone == "010-1234-5678"
    assert view.status == "active"
    assert [(t.number, t.start_on, t.end_on) for t in view.terms] == [(1, date(2025, 1, 1), date(2026, 12, 31))]
    assert view.reappointments == 0
    assert m.get_member(db.uow(), view.id, TODAY) == view


@pytest.mark.parametrize(
    ("overrides", "term", "expected", "korean"),
    [
        ({"name": ""}, None, ("name", "required"), "성명을 입력하세요."),
        ({"name": "   "}, None, ("name", "required"), "성명을 입력하세요."),
        ({"name": "가" * 31}, None, ("name", "too_long"), "성명은 30자 이하로 입력하세요."),
        ({"phone": "010-1234"}, None, ("phone", "invalid_phone"), "연락처 '010-1234'의 형식이 맞지 않습니다."),
        ({"phone": "010-1234-5678a"}, None, ("phone", "invalid_phone"), "형식이 맞지 않습니다"),
        ({"birth_date": TODAY + timedelta(days=1)}, None, ("birth_date", "future_date"), "생년월일이 오늘보다 뒤입니다."),
        ({}, TermData(date(2025, 1, 1), date(2024, 12, 31)), ("end_on", "end_before_start"),
         "임기만료일이 위촉일보다 앞섭니다."),
        ({}, TermData(date(2025, 1, 1), date(2026, 12, 31), recommended_on=date(2025, 1, 2)),
         ("recommended_on", "recommended_after_start"), "추천일이 위촉일보다 뒤입니다."),
        ({}, TermData(date(2025, 1, 1), None), ("end_on", "required"), "임기만료일을 입력하세요."),
        ({"category": 4}, None, ("category", "invalid_choice"), "자격 값 '4'는 쓸 수 없습니다."),
        ({"sex": ""}, None, ("sex", "required"), "성별을 입력하세요."),
        ({"role": "king"}, None, ("role", "invalid_choice"), "직책 값 'king'"),
    ],
)
def test_add_member_refuses_invalid_input_in_korean(db, overrides, term, expected, korean):
    error = refused(db, lambda: m.add_member(db.uow(), member_data(**overrides), term or term_data(), TODAY),
                    ValidationFailed)
    assert expected in field_codes(error)
    assert korean in error.message("ko")
    assert error.message("en")  # every code has English too


def test_all_field_errors_are_reported_at_once(db):
    error = refused(db, lambda: m.add_member(
        db.uow(), member_data("", phone="12", birth_date=TODAY + timedelta(days=3)),
        TermData(date(2025, 1, 1), date(2024, 1, 1)), TODAY), ValidationFailed)
    assert {"name", "phone", "birth_date", "end_on"} <= {e.field for e in error.errors}
    assert len(error.message("ko").splitlines()) == len(error.errors)


def test_ex_officio_member_may_serve_without_end_date(db):
    view = add(db, "김정호", end=None, kind="ex_officio", category=2, phone="")
    assert view.terms[0].end_on is None
    assert view.status == "active"
    assert view.in_office_on(date(2099, 1, 1))


def test_name_and_text_are_tidied(db):
    view = add(db, "  홍   길동 ", affiliation="  상촌리 ", phone=" 010 1234 5678 ")
    assert (view.name, view.affiliation, view.phone) == ("홍 길동", "상촌리", "010-1234-5678")


@pytest.mark.parametrize(("raw", "expected"), [
    ("01012345678", "010-1234-5678"),
    ("010.1234.5678", "010-1234-5678"),
    ("+82 10-1234-5678", "010-1234-5678"),
    ("0212345678", "02-1234-5678"),
    ("(02) 123-4567", "02-123-4567"),
    ("0431234567", "043-123-4567"),
    ("", ""),
])
def test_normalize_phone_examples(raw, expected):
    assert m.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["1588-1234", "010-1234", "010-1234-5678a", "031234567", "0101234567890", "+1 555 1234"])
def test_invalid_phones_are_kept_as_typed_and_refused(raw):
    assert m.normalize_phone(raw) == raw
    cleaned = m.clean_member_data(member_data(phone=raw))
    assert ("phone", "invalid_phone") in {(e.field, e.code) for e in m.validate_member_data(cleaned, TODAY)}


@settings(max_examples=200, deadline=None)
@given(
    area=st.sampled_from(["010", "011", "031", "043", "061", "070", "02"]),
    middle=st.integers(100, 9999),
    last=st.integers(0, 9999),
    separator=st.sampled_from(["-", " ", ".", ""]),
)
def test_phone_normalization_property(area, middle, last, separator):
    raw = f"{area}{separator}{middle}{separator}{last:04d}"
    digits = f"{area}{middle}{last:04d}"
    expected_valid = (len(digits) in (9, 10)) if area == "02" else (len(digits) in (10, 11))
    assert m._phone_is_valid(raw) == expected_valid
    normalized = m.normalize_phone(raw)
    if expected_valid:
        assert normalized.replace("-", "") == digits  # no digit lost or added
        assert normalized.startswith(area + "-")
        assert m.normalize_phone(normalized) == normalized  # idempotent
    else:
        assert normalized == raw


# ---------------------------------------------------------------- duplicates, roles, cap

def test_same_name_and_birth_date_is_refused(db):
    add(db)
    error = refused(db, lambda: add(db, phone="010-9999-0000"), InputRefused)
    assert error.code == "duplicate_member"
    assert "같은 성명과 생년월일의 위원 '홍길동'" in error.message("ko")


def test_same_name_and_phone_is_refused_even_if_typed_differently(db):
    add(db)
    error = refused(db, lambda: add(db, birth_date=date(1970, 1, 1), phone="01012345678"), InputRefused)
    assert error.code == "duplicate_member"
    assert "연락처" in error.message("ko")


def test_namesake_with_other_birth_date_and_phone_is_fine(db):
    add(db)
    other = add(db, birth_date=date(1980, 5, 5), phone="010-2222-3333")
    assert len(m.list_members(db.uow(), TODAY)) == 2
    assert other.name == "홍길동"


def test_deleted_member_does_not_block_a_new_entry(db):
    first = add(db)
    m.delete_member(db.uow(), first.id)
    assert add(db).id != first.id


@pytest.mark.parametrize("role", ["co_chair_public", "co_chair_private"])
def test_co_chair_roles_have_one_holder(db, role):
    add(db, "김정호", role=role, birth_date=date(1968, 1, 1), phone="010-1111-1111")
    error = refused(db, lambda: add(db, "박순자", role=role, birth_date=date(1959, 1, 1), phone=""), InputRefused)
    assert error.code == "role_taken"
    assert "이미 '김정호' 위원이 맡고 있습니다" in error.message("ko")


def test_co_chair_role_is_free_again_after_holder_left(db):
    old = add(db, "김정호", role="co_chair_private", birth_date=date(1968, 1, 1), phone="010-1111-1111")
    m.dismiss_member(db.uow(), old.id, date(2026, 3, 1), "resigned", "", TODAY)
    new = add(db, "박순자", role="co_chair_private", birth_date=date(1959, 1, 1), phone="")
    assert new.role == "co_chair_private"


def test_secretary_and_member_roles_may_be_shared(db):
    add(db, "가", role="secretary", birth_date=date(1990, 1, 1), phone="")
    add(db, "나", role="secretary", birth_date=date(1991, 1, 1), phone="")


def test_member_cap_setting_is_enforced(db):
    with db.uow() as uow:
        save_settings(uow.session, max_members=10)
        uow.commit()
    add_many(db, 10)
    error = refused(db, lambda: add(db, "열한째", birth_date=date(1999, 9, 9), phone=""), InputRefused)
    assert error.code == "member_cap"
    assert "정원(10명)" in error.message("ko")
    # A member whose term starts later does not count against today's cap.
    future = add(db, "다음사람", start=TODAY + timedelta(days=30), end=TODAY + timedelta(days=760),
                 birth_date=date(1999, 9, 9), phone="")
    assert future.status == "pending"


def test_update_member_changes_fields_and_keeps_terms(db):
    view = add(db)
    changed = m.update_member(db.uow(), view.id, replace(view.to_data(), affiliation="하촌리", phone="010 9876 5432"),
                              TODAY)
    assert (changed.affiliation, changed.phone) == ("하촌리", "010-9876-5432")
    assert changed.terms == view.terms


def test_update_member_refusals_leave_data_unchanged(db):
    view = add(db)
    other = add(db, "박순자", birth_date=date(1959, 1, 1), phone="010-2222-2222", role="co_chair_private")
    refused(db, lambda: m.update_member(db.uow(), view.id, replace(view.to_data(), name=""), TODAY), ValidationFailed)
    dup = replace(other.to_data(), name="홍길동", birth_date=view.birth_date, role="member")
    assert refused(db, lambda: m.update_member(db.uow(), other.id, dup, TODAY), InputRefused).code == "duplicate_member"
    taken = replace(view.to_data(), role="co_chair_private")
    assert refused(db, lambda: m.update_member(db.uow(), view.id, taken, TODAY), InputRefused).code == "role_taken"
    assert refused(db, lambda: m.update_member(db.uow(), "nope", view.to_data(), TODAY), NotFound).code == "member_not_found"


def test_update_member_keeping_own_role_is_fine(db):
    view = add(db, role="co_chair_private")
    assert m.update_member(db.uow(), view.id, replace(view.to_data(), note="메모"), TODAY).note == "메모"


def test_update_term_corrects_dates_but_refuses_overlap(db):
    view = add(db, start=date(2023, 1, 1), end=date(2024, 12, 31), today=date(2023, 6, 1))
    view = m.reappoint_member(db.uow(), view.id, TermData(date(2025, 1, 1), date(2026, 12, 31)), TODAY)
    fixed = m.update_term(db.uow(), view.terms[0].id, TermData(date(2023, 1, 2), date(2024, 12, 31)), TODAY)
    assert fixed.terms[0].start_on == date(2023, 1, 2)
    error = refused(db, lambda: m.update_term(db.uow(), view.terms[0].id,
                                              TermData(date(2023, 1, 2), date(2025, 6, 30)), TODAY), InputRefused)
    assert error.code == "term_overlap"


# ---------------------------------------------------------------- reappointment

def test_reappointment_keeps_history(db):
    view = add(db, start=date(2023, 1, 1), end=date(2024, 12, 31), today=date(2023, 1, 1))
    again = m.reappoint_member(db.uow(), view.id, TermData(date(2025, 1, 1), date(2026, 12, 31),
                                                           recommended_on=date(2024, 12, 15)), TODAY)
    assert [(t.number, t.start_on) for t in again.terms] == [(1, date(2023, 1, 1)), (2, date(2025, 1, 1))]
    assert again.reappointments == 1
    assert again.first_appointed_on == date(2023, 1, 1)
    assert again.current_term.start_on == date(2025, 1, 1)
    assert again.status == "active"


def test_reappointment_before_the_old_term_ends_is_pending_continuation(db):
    view = add(db, start=date(2025, 1, 1), end=date(2026, 12, 31))
    again = m.reappoint_member(db.uow(), view.id, TermData(date(2027, 1, 1), date(2028, 12, 31)), TODAY)
    assert again.status == "active"
    assert again.in_office_on(date(2026, 12, 31)) and again.in_office_on(date(2027, 1, 1))


@pytest.mark.parametrize(("start", "end"), [
    (date(2026, 12, 31), date(2028, 12, 30)),  # starts on the old last day
    (date(2024, 6, 1), date(2025, 5, 31)),  # inside the old term
    (date(2024, 1, 1), date(2029, 1, 1)),  # around it
])
def test_reappointment_overlapping_a_term_is_refused(db, start, end):
    view = add(db)
    error = refused(db, lambda: m.reappoint_member(db.uow(), view.id, TermData(start, end), TODAY), InputRefused)
    assert error.code == "term_overlap"
    assert "2025. 1. 1.~2026. 12. 31." in error.message("ko")


def test_reappointing_an_open_ended_term_is_refused(db):
    view = add(db, "김정호", end=None, kind="ex_officio", category=2, phone="")
    error = refused(db, lambda: m.reappoint_member(db.uow(), view.id, TermData(date(2027, 1, 1), None), TODAY),
                    InputRefused)
    assert error.code == "open_term"
    assert "아직 임기 중입니다" in error.message("ko")


def test_reappointment_validates_the_new_term(db):
    view = add(db)
    error = refused(db, lambda: m.reappoint_member(db.uow(), view.id, TermData(date(2027, 1, 1), None), TODAY),
                    ValidationFailed)
    assert ("end_on", "required") in field_codes(error)


def test_reappointment_after_dismissal_is_allowed(db):
    view = add(db)
    m.dismiss_member(db.uow(), view.id, date(2025, 6, 1), "resigned", "", TODAY)
    again = m.reappoint_member(db.uow(), view.id, TermData(date(2025, 9, 1), date(2027, 8, 31)), TODAY)
    assert again.status == "active" and len(again.terms) == 2


def test_reappointment_refused_when_someone_else_took_the_co_chair(db):
    old = add(db, "김정호", role="co_chair_private", start=date(2023, 1, 1), end=date(2024, 12, 31),
              today=date(2023, 1, 1), birth_date=date(1968, 1, 1), phone="")
    add(db, "박순자", role="co_chair_private", birth_date=date(1959, 1, 1), phone="")
    error = refused(db, lambda: m.reappoint_member(db.uow(), old.id, TermData(date(2025, 3, 1), date(2027, 2, 28)),
                                                   TODAY), InputRefused)
    assert error.code == "role_taken"


def test_reappointment_counts_against_the_cap(db):
    with db.uow() as uow:
        save_settings(uow.session, max_members=10)
        uow.commit()
    old = add(db, "예전위원", start=date(2022, 1, 1), end=date(2023, 12, 31), today=date(2022, 1, 1),
              birth_date=date(1950, 1, 1), phone="")
    add_many(db, 10)
    error = refused(db, lambda: m.reappoint_member(db.uow(), old.id, TermData(date(2026, 1, 1), date(2027, 12, 31)),
                                                   TODAY), InputRefused)
    assert error.code == "member_cap"


# ---------------------------------------------------------------- dismissal

def test_dismissal_ends_term_from_that_day_and_ends_seats(db):
    view = add(db)
    sub = create_subcommittee(db.uow(), SubcommitteeData("노인분과", lead_member_id=view.id,
                                                         founded_on=date(2025, 2, 1)), TODAY)
    after = m.dismiss_member(db.uow(), view.id, date(2026, 3, 1), "dismissed", " 장기 불참 ", TODAY)
    term = after.terms[0]
    assert (term.ended_on, term.end_reason, term.end_note) == (date(2026, 3, 1), "dismissed", "장기 불참")
    assert term.last_day == date(2026, 2, 28)
    assert after.status == "dismissed"
    assert after.in_office_on(date(2026, 2, 28)) and not after.in_office_on(date(2026, 3, 1))
    seat_view = get_subcommittee(db.uow(), sub.id, TODAY)
    assert [s.left_on for s in seat_view.seats] == [date(2026, 3, 1)]
    assert seat_view.lead_member_id is None  # a lead who left office no longer leads
    assert seat_view.active_count == 0
    assert m.get_member(db.uow(), view.id, TODAY).subcommittees == ()


@pytest.mark.parametrize(("reason", "status"), [("resigned", "resigned"), ("transferred", "transferred")])
def test_resignation_statuses(db, reason, status):
    view = add(db)
    assert m.dismiss_member(db.uow(), view.id, date(2026, 1, 1), reason, "", TODAY).status == status


def test_dismissal_refusals_leave_data_unchanged(db):
    view = add(db)
    error = refused(db, lambda: m.dismiss_member(db.uow(), view.id, date(2024, 12, 31), "dismissed", "", TODAY),
                    InputRefused)
    assert error.code == "dismiss_before_start"
    assert "해촉일이 위촉일(2025. 1. 1.)보다 앞섭니다." == error.message("ko")
    refused(db, lambda: m.dismiss_member(db.uow(), view.id, date(2026, 1, 1), "fired", "", TODAY), ValidationFailed)
    refused(db, lambda: m.dismiss_member(db.uow(), view.id, date(2027, 1, 1), "resigned", "", TODAY), InputRefused)
    m.dismiss_member(db.uow(), view.id, date(2026, 1, 1), "resigned", "", TODAY)
    error = refused(db, lambda: m.dismiss_member(db.uow(), view.id, date(2026, 2, 1), "dismissed", "", TODAY),
                    InputRefused)
    assert error.code == "no_current_term"


def test_dismissal_cancels_an_arranged_reappointment(db):
    view = add(db)
    m.reappoint_member(db.uow(), view.id, TermData(date(2027, 1, 1), date(2028, 12, 31)), TODAY)
    after = m.dismiss_member(db.uow(), view.id, date(2026, 11, 20), "resigned", "", TODAY)
    assert len(after.terms) == 1
    assert after.status == "resigned"
    assert not after.in_office_on(date(2027, 6, 1))
    with db.uow() as uow:  # the cancelled term is a tombstone, not gone
        assert uow.session.scalar(select(text("count(*)")).select_from(MemberTerm)) == 2


# ---------------------------------------------------------------- status and history

def _terms(*spans) -> tuple[m.TermView, ...]:
    return tuple(m.TermView(id=str(i), number=i + 1, recommended_on=None, start_on=s, end_on=e, ended_on=x,
                            end_reason=r, end_note="") for i, (s, e, x, r) in enumerate(spans))


@pytest.mark.parametrize(("spans", "status"), [
    ([(date(2025, 1, 1), date(2026, 12, 31), None, None)], "active"),
    ([(date(2025, 1, 1), date(2026, 11, 24), None, None)], "active"),  # last day
    ([(date(2024, 1, 1), date(2026, 11, 23), None, None)], "expired"),
    ([(date(2026, 11, 25), date(2028, 11, 24), None, None)], "pending"),
    ([(date(2024, 1, 1), date(2025, 12, 31), None, None), (date(2027, 1, 1), date(2028, 12, 31), None, None)],
     "pending"),
    ([(date(2025, 1, 1), date(2026, 12, 31), date(2026, 11, 24), "dismissed")], "dismissed"),
    ([(date(2025, 1, 1), date(2026, 12, 31), date(2026, 11, 25), "dismissed")], "active"),  # effective tomorrow
    ([(date(2025, 1, 1), None, date(2026, 1, 1), "transferred")], "transferred"),
    ([(date(2025, 1, 1), None, None, None)], "active"),
    ([], "expired"),
])
def test_member_status(spans, status):
    assert m.member_status(_terms(*spans), TODAY) == status


def test_last_day_of_terms():
    plain, early, official = _terms((date(2025, 1, 1), date(2026, 12, 31), None, None),
                                    (date(2025, 1, 1), date(2026, 12, 31), date(2025, 7, 1), "resigned"),
                                    (date(2025, 1, 1), None, None, None))
    assert (plain.last_day, early.last_day, official.last_day) == (date(2026, 12, 31), date(2025, 6, 30), None)


def test_list_members_by_status(db):
    add(db, "재임", birth_date=date(1970, 1, 1), phone="")
    add(db, "만료", start=date(2022, 1, 1), end=date(2023, 12, 31), today=date(2022, 1, 1),
        birth_date=date(1971, 1, 1), phone="")
    add(db, "예정", start=TODAY + timedelta(days=7), end=TODAY + timedelta(days=737), birth_date=date(1972, 1, 1),
        phone="")
    gone = add(db, "해촉", birth_date=date(1973, 1, 1), phone="")
    m.dismiss_member(db.uow(), gone.id, date(2025, 5, 1), "dismissed", "", TODAY)

    def names(status):
        return {v.name for v in m.list_members(db.uow(), TODAY, status=status)}

    assert names("active") == {"재임"}
    assert names("pending") == {"예정"}
    assert names("ended") == {"만료", "해촉"}
    assert names("all") == {"재임", "만료", "예정", "해촉"}


def test_members_in_office_answers_from_history(db):
    a = add(db, "첫째", start=date(2023, 1, 1), end=date(2024, 12, 31), today=date(2023, 1, 1),
            birth_date=date(1970, 1, 1), phone="")
    b = add(db, "둘째", start=date(2023, 7, 1), end=date(2025, 6, 30), today=date(2023, 7, 1),
            birth_date=date(1971, 1, 1), phone="")
    m.dismiss_member(db.uow(), b.id, date(2024, 3, 1), "resigned", "", TODAY)
    m.reappoint_member(db.uow(), a.id, TermData(date(2025, 3, 1), date(2027, 2, 28)), TODAY)
    c = add(db, "셋째", start=date(2026, 1, 1), end=None, kind="ex_officio", category=2,
            birth_date=date(1972, 1, 1), phone="")

    def who(day):
        return {v.name for v in m.members_in_office(db.uow(), day)}

    assert who(date(2022, 12, 31)) == set()  # before any appointment
    assert who(date(2023, 1, 1)) == {"첫째"}  # first day
    assert who(date(2023, 7, 1)) == {"첫째", "둘째"}
    assert who(date(2024, 2, 29)) == {"첫째", "둘째"}  # last day before the resignation
    assert who(date(2024, 3, 1)) == {"첫째"}  # the resignation takes effect
    assert who(date(2024, 12, 31)) == {"첫째"}  # last day of the first term
    assert who(date(2025, 1, 1)) == set()  # day after the end, a gap before reappointment
    assert who(date(2025, 3, 1)) == {"첫째"}  # after reappointment
    assert who(date(2026, 1, 1)) == {"첫째", "셋째"}
    assert who(date(2027, 3, 1)) == {"셋째"}
    assert c.id in {v.id for v in m.members_in_office(db.uow(), date(2030, 1, 1))}
    past = m.members_in_office(db.uow(), date(2023, 7, 1))
    assert {v.status for v in past} == {"active"}  # status as of the asked date


# ---------------------------------------------------------------- delete and restore

def test_delete_is_a_tombstone_and_restore_brings_everything_back(db):
    view = add(db)
    sub = create_subcommittee(db.uow(), SubcommitteeData("노인분과", founded_on=date(2025, 1, 1)), TODAY)
    add_seat(db.uow(), sub.id, view.id, date(2025, 2, 1), TODAY)
    m.delete_member(db.uow(), view.id)

    assert m.list_members(db.uow(), TODAY) == []
    assert m.members_in_office(db.uow(), TODAY) == []
    assert get_subcommittee(db.uow(), sub.id, TODAY).seats == ()
    with pytest.raises(NotFound):
        m.get_member(db.uow(), view.id, TODAY)
    with db.uow() as uow:
        row = uow.session.get(Member, view.id)
        assert row is not None and row.deleted_at is not None
        assert all(t.deleted_at == row.deleted_at for t in row.terms)
        seats = uow.session.scalars(select(SubcommitteeMembership)).all()
        assert len(seats) == 1 and seats[0].deleted_at == row.deleted_at
    assert refused(db, lambda: m.delete_member(db.uow(), view.id), NotFound).code == "member_not_found"

    m.restore_member(db.uow(), view.id)
    back = m.get_member(db.uow(), view.id, TODAY)
    assert back.terms == view.terms
    assert back.subcommittees == ("노인분과",)
    assert len(get_subcommittee(db.uow(), sub.id, TODAY).seats) == 1
    assert refused(db, lambda: m.restore_member(db.uow(), view.id), InputRefused).code == "not_deleted"
    assert refused(db, lambda: m.restore_member(db.uow(), "missing"), NotFound).code == "member_not_found"


def test_restore_does_not_revive_terms_deleted_earlier(db):
    view = add(db)
    m.reappoint_member(db.uow(), view.id, TermData(date(2027, 1, 1), date(2028, 12, 31)), TODAY)
    m.dismiss_member(db.uow(), view.id, date(2026, 6, 1), "resigned", "", TODAY)  # tombstones the 2027 term
    m.delete_member(db.uow(), view.id)
    m.restore_member(db.uow(), view.id)
    assert len(m.get_member(db.uow(), view.id, TODAY).terms) == 1


# ---------------------------------------------------------------- search

@pytest.fixture
def searchable(db):
    add(db, "홍길동", affiliation="상촌리", position="이장")
    add(db, "김영희", sex="F", affiliation="햇살노인복지관", position="사회복지사", category=1,
        birth_date=date(1975, 1, 1), phone="010-2222-3333")
    add(db, "박철수", affiliation="햇살지역아동센터", position="센터장", category=1,
        birth_date=date(1970, 1, 1), phone="031-555-6666")
    return db


@pytest.mark.parametrize(("query", "names"), [
    ("길동", {"홍길동"}),  # two Hangul syllables inside a name
    ("홍", {"홍길동"}),
    ("햇살", {"김영희", "박철수"}),  # affiliation
    ("햇살 센터", {"박철수"}),  # every word must match
    ("센터장 박철수", {"박철수"}),
    ("이장", {"홍길동"}),
    ("사회복지사", {"김영희"}),
    ("5678", {"홍길동"}),
    ("01022223333", {"김영희"}),
    ("  ", {"홍길동", "김영희", "박철수"}),
    ("없는사람", set()),
])
def test_search(searchable, query, names):
    assert {v.name for v in m.list_members(searchable.uow(), TODAY, query=query)} == names


def test_search_with_decomposed_hangul(db):
    add(db, unicodedata.normalize("NFD", "홍길동"))
    assert m.list_members(db.uow(), TODAY)[0].name == "홍길동"  # stored composed
    assert [v.name for v in m.list_members(db.uow(), TODAY, query=unicodedata.normalize("NFD", "길동"))] == ["홍길동"]


def test_search_finds_subcommittee_names(db):
    view = add(db)
    sub = create_subcommittee(db.uow(), SubcommitteeData("아동·청소년분과", founded_on=date(2025, 1, 1)), TODAY)
    add_seat(db.uow(), sub.id, view.id, date(2025, 2, 1), TODAY)
    assert [v.name for v in m.list_members(db.uow(), TODAY, query="청소년")] == ["홍길동"]


def test_roster_order_puts_co_chairs_first_and_secretary_last(db):
    add(db, "가위원", birth_date=date(1970, 1, 1), phone="")
    add(db, "하간사", role="secretary", birth_date=date(1971, 1, 1), phone="")
    add(db, "하민간", role="co_chair_private", birth_date=date(1972, 1, 1), phone="")
    add(db, "하공공", role="co_chair_public", kind="ex_officio", category=2, end=None,
        birth_date=date(1973, 1, 1), phone="")
    assert [v.name for v in m.list_members(db.uow(), TODAY)] == ["하공공", "하민간", "가위원", "하간사"]


# ---------------------------------------------------------------- roster summary

def test_roster_summary_counts_members_in_office(db):
    add(db, "가", sex="M", category=5, birth_date=date(1970, 1, 1), phone="")
    add(db, "나", sex="F", category=1, role="secretary", birth_date=date(1971, 1, 1), phone="")
    add(db, "다", sex="F", category=2, kind="ex_officio", role="co_chair_public", end=None,
        birth_date=date(1972, 1, 1), phone="")
    add(db, "라", sex="M", start=date(2020, 1, 1), end=date(2021, 12, 31), today=date(2020, 1, 1),
        birth_date=date(1973, 1, 1), phone="")  # expired: not counted
    summary = m.roster_summary(db.uow(), TODAY)
    assert summary.active == 3
    assert summary.by_sex == {"M": 1, "F": 2}
    assert summary.by_category == {5: 1, 1: 1, 2: 1}
    assert summary.by_role == {"member": 1, "secretary": 1, "co_chair_public": 1}
    assert summary.by_kind == {"appointed": 2, "ex_officio": 1}


def test_roster_warns_about_too_few_members(db):
    add_many(db, 9)
    warnings = m.roster_summary(db.uow(), TODAY).warnings
    few = [w for w in warnings if w.kind == "too_few_members"]
    assert len(few) == 1
    assert "재임 위원이 9명입니다" in few[0].message("ko") and "10명 이상" in few[0].message("ko")
    add(db, "열번째", birth_date=date(1999, 1, 1), phone="")
    assert not [w for w in m.roster_summary(db.uow(), TODAY).warnings if w.kind == "too_few_members"]


def test_roster_warns_about_terms_ending_within_60_days(db):
    soon = add(db, "곧만료", end=TODAY + timedelta(days=10), birth_date=date(1970, 1, 1), phone="")
    add(db, "육십일", end=TODAY + timedelta(days=60), birth_date=date(1971, 1, 1), phone="")
    add(db, "육십일일", end=TODAY + timedelta(days=61), birth_date=date(1972, 1, 1), phone="")
    add(db, "오늘끝", end=TODAY, birth_date=date(1973, 1, 1), phone="")
    renewed = add(db, "재위촉됨", end=TODAY + timedelta(days=5), birth_date=date(1974, 1, 1), phone="")
    m.reappoint_member(db.uow(), renewed.id, TermData(TODAY + timedelta(days=6), TODAY + timedelta(days=736)), TODAY)
    add(db, "당연직", kind="ex_officio", category=2, end=None, birth_date=date(1975, 1, 1), phone="")
    leaving = add(db, "해촉예정", end=TODAY + timedelta(days=20), birth_date=date(1976, 1, 1), phone="")
    m.dismiss_member(db.uow(), leaving.id, TODAY + timedelta(days=3), "resigned", "", TODAY)

    ending = [w for w in m.roster_summary(db.uow(), TODAY).warnings if w.kind == "term_ending"]
    assert [(w.message("ko").split()[0], w.days_left) for w in ending] == [("오늘끝", 0), ("곧만료", 10), ("육십일", 60)]
    first = next(w for w in ending if w.member_id == soon.id)
    assert first.message("ko") == "곧만료 위원의 임기가 2026. 12. 4.에 끝납니다(10일 남음). 재위촉 여부를 정하세요."
    assert "10 days left" in first.message("en")


def test_warning_horizon_follows_the_setting(db):
    add(db, end=TODAY + timedelta(days=90))
    assert not [w for w in m.roster_summary(db.uow(), TODAY).warnings if w.kind == "term_ending"]
    with db.uow() as uow:
        save_settings(uow.session, term_warning_days=120)
        uow.commit()
    assert [w.days_left for w in m.roster_summary(db.uow(), TODAY).warnings if w.kind == "term_ending"] == [90]


def test_the_members_page_is_one_read_agreeing_with_the_separate_services(demo_db, today) -> None:
    """The tab's list, summary and total in one unit of work equal what the three services say."""
    from sqlalchemy import event

    from app.members import list_members, load_members_page, roster_summary

    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        page = load_members_page(demo_db.uow(), today, "active")
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert sum(s.lstrip().upper().startswith("BEGIN") for s in statements) == 1
    assert list(page.members) == list_members(demo_db.uow(), today, "active")
    assert page.summary == roster_summary(demo_db.uow(), today)
    assert page.total == len(list_members(demo_db.uow(), today))
