"""Korean particles chosen by the word they follow: 을/를, 은/는, 이/가, 과/와, (으)로.

A particle after a name typed by a person cannot be fixed in the message text ("성명을(를)"
reads like a form, not a sentence). The choice depends on whether the last syllable ends
in a consonant (받침); digits and Latin letters count as they are read aloud (1 일, 2 이;
L 엘, M 엠). For (으)로 a final ㄹ behaves like a vowel: 서울로, 집으로.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the final consonants
# How each digit is read: (has a final consonant, that consonant is ㄹ).
_DIGITS = {"0": (True, False), "1": (True, True), "2": (False, False), "3": (True, False),
           "4": (False, False), "5": (False, False), "6": (True, False), "7": (True, True),
           "8": (True, True), "9": (False, False)}
# Latin letters whose Korean names end in a consonant: L 엘, M 엠, N 엔, R 알.
_LATIN_CONSONANT = {"l": True, "m": False, "n": False, "r": True}

PAIRS = {"을/를": ("을", "를"), "은/는": ("은", "는"), "이/가": ("이", "가"), "과/와": ("과", "와"),
         "으로/로": ("으로", "로")}


def _final(word: str) -> tuple[bool, bool]:
    """(ends in a consonant, that consonant is ㄹ) for the last readable character."""
    for char in reversed(word.strip()):
        code = ord(char)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            final = (code - _HANGUL_FIRST) % 28
            return final != 0, final == _RIEUL
        if char in _DIGITS:
            return _DIGITS[char]
        if char.isascii() and char.isalpha():
            lower = char.lower()
            return lower in _LATIN_CONSONANT, _LATIN_CONSONANT.get(lower, False)
        if char.isalnum():
            break
    return False, False


def particle(word: str, pair: str) -> str:
    """The particle of ``pair`` ("을/를", "은/는", "이/가", "과/와", "으로/로") after ``word``."""
    with_consonant, without = PAIRS[pair]
    consonant, rieul = _final(word)
    if pair == "으로/로":
        return with_consonant if consonant and not rieul else without
    return with_consonant if consonant else without


def attach(word: str, pair: str) -> str:
    """``word`` followed by its particle: attach("성명", "을/를") == "성명을"."""
    return word + particle(word, pair)


_FORM_PARTICLES = {"을(를)": "을/를", "를(을)": "을/를", "은(는)": "은/는", "는(은)": "은/는",
                   "이(가)": "이/가", "가(이)": "이/가", "과(와)": "과/와", "와(과)": "과/와", "(으)로": "으로/로"}
# A placeholder, an optional closing quote or bracket, then the form particle.
_PLACEHOLDER_PERIOD = re.compile(r"\{(\w+)\}\.")
_PLACEHOLDER_PARTICLE = re.compile(r"\{(\w+)\}(['\"’”」』)\]]?)(" + "|".join(re.escape(k) for k in _FORM_PARTICLES) + ")")


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template.format(**values)`` where a placeholder followed by a form particle
    ("{field}을(를)") gets the particle its value takes: "성명을", "연락처를"."""
    def choose(match: re.Match[str]) -> str:
        name, closing, form = match.group(1), match.group(2), match.group(3)
        value = values.get(name)
        if value is None:
            return match.group(0)
        return "{" + name + "}" + closing + particle(str(value), _FORM_PARTICLES[form])

    def one_period(match: re.Match[str]) -> str:
        # A date as printed ("2026. 12. 27.") already ends a sentence: "on {date}." must
        # not end in "..".
        value = values.get(match.group(1))
        return match.group(0)[:-1] if value is not None and str(value).endswith(".") else match.group(0)

    template = _PLACEHOLDER_PERIOD.sub(one_period, template)
    return _PLACEHOLDER_PARTICLE.sub(choose, template).format(**values)
