"""Dates as Korean documents write them, code labels, council settings and error texts."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import codes
from app.dates import add_years, format_date, format_iso, parse_date, term_end_for
from app.errors import FieldError, MESSAGES, ValidationFailed, render
from app.settings import SPECS, CouncilSettings, load_settings, save_settings
from db.models import Setting

# ---------------------------------------------------------------- dates


def test_format_date_is_the_public_document_form():
    assert format_date(date(2026, 11, 24)) == "2026. 11. 24."
    assert format_date(date(2026, 1, 5)) == "2026. 1. 5."
    assert format_date(None) == ""
    assert format_iso(date(2026, 1, 5)) == "2026-01-05" and format_iso(None) == ""


@pytest.mark.parametrize("text", [
    "2026-11-24", "2026.11.24", "2026. 11. 24.", "2026/11/24", "20261124", " 2026-11-24 ",
    "2026년 11월 24일", "2026.11.24.",
])
def test_parse_date_accepts_usual_forms(text):
    assert parse_date(text) == date(2026, 11, 24)


def test_parse_date_objects_and_blanks():
    assert parse_date(datetime(2026, 11, 24, 13, 45)) == date(2026, 11, 24)
    assert parse_date(date(2026, 11, 24)) == date(2026, 11, 24)
    assert parse_date(None) is None
    assert parse_date("") is None and parse_date("   ") is None


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "20260230", "2026-11", "24.11.2026", "어제", "2026-11-24x",
                                  "0000-01-01"])
def test_parse_date_rejects_non_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_format_parse_round_trip(day):
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%Y%m%d")) == day


def test_term_end():
    assert term_end_for(date(2025, 1, 1)) == date(2026, 12, 31)
    assert term_end_for(date(2025, 3, 15)) == date(2027, 3, 14)
    assert term_end_for(date(2025, 1, 1), years=3) == date(2027, 12, 31)
    # 민법 제160조③: no 29 February in the final year, so the term ends on the last day of February.
    assert term_end_for(date(2024, 2, 29)) == date(2026, 2, 28)
    assert term_end_for(date(2024, 2, 29), years=4) == date(2028, 2, 28)
    assert term_end_for(date(2024, 3, 1)) == date(2026, 2, 28)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 5))
def test_term_length_property(start, years):
    end = term_end_for(start, years)
    days = (end - start).days + 1
    assert 365 * years <= days <= 366 * years
    assert end.year == start.year + years or (end.year == start.year + years - 1 and end.month == 12)


# ---------------------------------------------------------------- codes

def test_category_four_was_deleted_from_the_rule():
    assert set(codes.CATEGORY) == {1, 2, 3, 5, 6, 7}


def test_labels_and_reverse_lookup():
    assert codes.label(codes.ROLE, "co_chair_public") == "공동위원장(공공)"
    assert codes.label(codes.ROLE, "co_chair_public", "en") == "Co-chair (public)"
    assert codes.label(codes.ROLE, None) == "" and codes.label(codes.ROLE, "x") == "x"
    assert codes.code_for_label(codes.MEMBER_KIND, "당연직") == "ex_officio"
    assert codes.code_for_label(codes.MEMBER_KIND, "appointed") == "appointed"
    assert codes.code_for_label(codes.SEX, " 여 ") == "F"
    assert codes.code_for_label(codes.SEX, "female") == "F"
    assert codes.code_for_label(codes.SEX, "모름") is None
    assert set(codes.MEMBER_STATUS) >= {"active", "pending", "expired", *codes.EARLY_END_REASONS}
    assert set(codes.ROLE_ORDER) == set(codes.ROLE)
    assert len(codes.SERVICE_AREA) == 8


# ---------------------------------------------------------------- error texts

def test_every_message_renders_without_missing_parameters():
    for code in MESSAGES:
        assert render(code, {"field": "name"}, "ko")
        assert render(code, {"field": "name"}, "en")


def test_field_error_with_row_prefix():
    error = FieldError("phone", "invalid_phone", {"value": "12"}, row=7)
    assert error.message("ko") == "7행 '연락처' 열: 연락처 '12'의 형식이 맞지 않습니다. 010-1234-5678처럼 입력하세요."
    assert error.message("en").startswith("Row 7, column 'Phone': ")
    assert render("no_such_code", {}) == "알 수 없는 오류가 났습니다(no_such_code)."


# ---------------------------------------------------------------- settings

def test_settings_defaults(db):
    with db.uow() as uow:
        assert load_settings(uow.session) == CouncilSettings(2, 60, 10, 40)
    assert {k: v.default for k, v in SPECS.items()} == vars(CouncilSettings())


def test_settings_save_and_load(db):
    with db.uow() as uow:
        saved = save_settings(uow.session, max_members=25, term_warning_days=90)
        uow.commit()
    assert (saved.max_members, saved.term_warning_days) == (25, 90)
    with db.uow() as uow:
        assert load_settings(uow.session) == saved
        save_settings(uow.session, max_members=30)
        uow.commit()
    with db.uow() as uow:
        assert load_settings(uow.session).max_members == 30


@pytest.mark.parametrize("changes", [
    {"max_members": 9}, {"max_members": 501}, {"term_years": 0}, {"unknown": 3}, {"term_years": "2"},
    {"term_years": True}, {"min_members": 50, "max_members": 40}, {"min_members": 41},
])
def test_settings_refuse_bad_values(db, changes):
    with db.uow() as uow:
        with pytest.raises(ValidationFailed) as info:
            save_settings(uow.session, **changes)
        assert all(e.code == "invalid_setting" for e in info.value.errors)
        assert "설정 값이 올바르지 않습니다" in info.value.message("ko")
        uow.session.rollback()
        assert load_settings(uow.session) == CouncilSettings()


def test_stored_garbage_falls_back_to_defaults(db):
    with db.uow() as uow:
        uow.session.add_all([Setting(key="max_members", value="many"), Setting(key="term_years", value="99")])
        uow.commit()
    with db.uow() as uow:
        assert load_settings(uow.session) == CouncilSettings()
