"""Particles follow the word: 받침 or not, ㄹ for (으)로, digits and letters as read aloud."""
from __future__ import annotations

import pytest

from app.korean import attach, fill, particle


@pytest.mark.parametrize("word, pair, expected", [
    ("성명", "을/를", "성명을"), ("연락처", "을/를", "연락처를"),
    ("성명", "은/는", "성명은"), ("정기회의", "은/는", "정기회의는"),
    ("위촉일", "이/가", "위촉일이"), ("분과", "이/가", "분과가"),
    ("위원", "과/와", "위원과"), ("분과", "과/와", "분과와"),
    ("서울", "으로/로", "서울로"), ("집", "으로/로", "집으로"), ("학교", "으로/로", "학교로"),
    ("'1980-13-45'", "은/는", "'1980-13-45'는"), ("제3", "이/가", "제3이"), ("2", "을/를", "2를"),
    ("7", "으로/로", "7로"), ("6", "으로/로", "6으로"),
    ("URL", "을/를", "URL을"), ("PDF", "은/는", "PDF는"), ("Excel", "이/가", "Excel이"),
])
def test_particles(word: str, pair: str, expected: str) -> None:
    assert attach(word, pair) == expected


def test_trailing_punctuation_is_skipped() -> None:
    assert particle("홍길동)", "이/가") == "이"
    assert particle("", "을/를") == "를"


def test_messages_take_the_particle_of_the_word_put_in() -> None:
    from app.errors import FieldError, InputRefused
    from app.korean import fill

    assert fill("{field}을(를) 입력하세요.", {"field": "장소"}) == "장소를 입력하세요."
    assert fill("{field}을(를) 입력하세요.", {"field": "성명"}) == "성명을 입력하세요."
    assert fill("'{value}'은(는) 쓸 수 없습니다.", {"value": "1980-13-45"}) == "'1980-13-45'는 쓸 수 없습니다."
    assert fill("{a}과(와) {b}(으)로", {"a": "위원", "b": "서울"}) == "위원과 서울로"
    for lang in ("ko", "en"):
        text = FieldError("name", "required").message(lang)
        assert "(를)" not in text and "을(" not in text
    assert "(는)" not in InputRefused("invalid_choice", field="sex", value="Z").message()


def test_a_printed_date_at_the_end_of_a_sentence_keeps_one_period() -> None:
    # Issue 8, item 12: "… on 2026. 12. 27.." in English (and Korean) messages.
    assert fill("'{name}' is not in office on {date}.", {"name": "홍길동", "date": "2026. 12. 27."}) == \
        "'홍길동' is not in office on 2026. 12. 27."
    assert fill("{date}에 끝납니다.", {"date": "2026. 12. 27."}) == "2026. 12. 27.에 끝납니다."
    assert fill("{count}명입니다.", {"count": 3}) == "3명입니다."
    assert fill("row {row}.", {"row": 4}) == "row 4."
