"""The password rules of the 고시 해설서, in one function every way in uses: the first-run
wizard, ``init``, account creation, a reset, one's own change, recovery and ``passwd``.

- 10 characters or more mixing two kinds, or 8 or more mixing three; the kinds are upper
  case, lower case, digits and symbols. Hangul (and any letter without case) counts with
  the lower-case letters: it is typed in the same place on the keyboard and adds no kind
  a guesser would not try.
- Not the user name, forwards or backwards, nor the council's name or a word of it (the
  place name), whatever case, digits or symbols are put around them (``Admin2026!``).
- Not one of the most common passwords (``resources/security/common-passwords.txt``,
  generated from well-known patterns), again with any digits or symbols around the word:
  ``Password1!`` and ``qwer1234!`` are the word with an ending.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from app.errors import FieldError

MIN_TWO_KINDS = 10
MIN_THREE_KINDS = 8
# Words of a council's name that every council shares: refusing them would say nothing.
_GENERIC_COUNCIL_WORDS = frozenset({"지역사회보장협의체", "협의체", "지역사회보장", "협의회", "위원회"})
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_TRAILING = re.compile(r"[\W\d_]+$")


def _list_path() -> Path:
    import resources

    return Path(resources.__file__).parent / "security" / "common-passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = _list_path().read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_kinds(password: str) -> int:
    upper = any(ch.isupper() for ch in password)
    lower = any(ch.isalpha() and not ch.isupper() for ch in password)
    digit = any(ch.isdigit() for ch in password)
    symbol = any(not ch.isalnum() for ch in password)
    return upper + lower + digit + symbol


def _cores(password: str) -> set[str]:
    """The password as typed (lower case), without its ending, and without anything but
    its letters at either end: what a guesser's rules start from."""
    lowered = password.lower().replace(" ", "")
    return {c for c in (lowered, _TRAILING.sub("", lowered), _EDGES.sub("", lowered)) if c}


def _council_words(council_name: str) -> set[str]:
    name = council_name.lower().strip()
    words = {w for w in re.split(r"\s+", name) if len(w) >= 2 and w not in _GENERIC_COUNCIL_WORDS}
    if name:
        words.add(name.replace(" ", ""))
    return words


def password_problems(password: str, username: str = "", council_name: str = "") -> list[FieldError]:
    """What is wrong with ``password`` as a new password, each with what to do; [] if none."""
    password = password or ""
    kinds = password_kinds(password)
    if not ((kinds >= 2 and len(password) >= MIN_TWO_KINDS) or (kinds >= 3 and len(password) >= MIN_THREE_KINDS)):
        return [FieldError("password", "weak_password",
                           {"length": len(password), "kinds": kinds, "two": MIN_TWO_KINDS, "three": MIN_THREE_KINDS})]
    cores = _cores(password)
    name = (username or "").lower()
    if name and (name in cores or name[::-1] in cores):
        return [FieldError("password", "password_is_username")]
    if cores & _council_words(council_name or ""):
        return [FieldError("password", "password_is_council_name")]
    if cores & common_passwords():
        return [FieldError("password", "common_password")]
    return []
