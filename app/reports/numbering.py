"""The item numbering of Korean public documents, and renumbering what people type.

Owns the labels of the seven levels (1. → 가. → 1) → 가) → (1) → (가) → ①, 행정업무규정),
the sequence of Hangul labels after 하 (거, 너, 더 …),
and reading the number a person typed at the start of a line so that the printout can
drop it and print the number of the level the line really sits at.

No reportlab here: the printouts decide how a level is indented, this module only what
it is called.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = 7  # 1.  가.  1)  가)  (1)  (가)  ①

# 가 나 다 … 하, then 거 너 더 … 허 (행정업무운영 편람), then 고 노 도 …: the consonants in
# dictionary order, the vowel changing once the fourteen are used up.
_INITIALS = (0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18)  # ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅅ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_VOWELS = (0, 4, 8, 13, 18, 20)  # ㅏ ㅓ ㅗ ㅜ ㅡ ㅣ
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def hangul_label(number: int) -> str:
    """The ``number``-th Hangul item letter, from 1: 가, 나 … 하, 거, 너 …"""
    if number < 1:
        raise ValueError(number)
    cycle, index = divmod(number - 1, len(_INITIALS))
    vowel = _VOWELS[min(cycle, len(_VOWELS) - 1)]
    return chr(0xAC00 + (_INITIALS[index] * 21 + vowel) * 28)


_HANGUL_LABELS = frozenset(hangul_label(n) for n in range(1, len(_INITIALS) * 2 + 1))


def item_label(level: int, number: int) -> str:
    """The label of the ``number``-th item (from 1) at ``level`` (0 is '1.', 6 is '①')."""
    level = max(0, min(level, LEVELS - 1))
    if level == 0:
        return f"{number}."
    if level == 1:
        return f"{hangul_label(number)}."
    if level == 2:
        return f"{number})"
    if level == 3:
        return f"{hangul_label(number)})"
    if level == 4:
        return f"({number})"
    if level == 5:
        return f"({hangul_label(number)})"
    return _CIRCLED[number - 1] if number <= len(_CIRCLED) else f"({number})"


# A typed label at the start of a line. Numbers have at most two digits and are not
# followed by another number, so '2026. 11. 24. 회의에서' and '1.5배' stay text. A Hangul
# label must be one of the item letters and be followed by a space, so '가.' in running
# text is rare enough, and '나)' '(다)' are unambiguous.
_TYPED = re.compile(
    r"^(?:"
    r"(?P<n0>\d{1,2})\.(?!\s*\d)"
    r"|(?P<h1>[가-힣])\.(?=\s)"
    r"|(?P<n2>\d{1,2})\)"
    r"|(?P<h3>[가-힣])\)"
    r"|\((?P<n4>\d{1,2})\)"
    r"|\((?P<h5>[가-힣])\)"
    r"|(?P<c6>[①-⑳])"
    r")\s*"
)
_GROUP_LEVEL = {"n0": 0, "h1": 1, "n2": 2, "h3": 3, "n4": 4, "h5": 5, "c6": 6}


def typed_level(line: str) -> tuple[int | None, str]:
    """The level of the number a person typed at the start of ``line`` and the text after it;
    ``(None, line)`` when the line starts with no item number."""
    stripped = line.strip()
    match = _TYPED.match(stripped)
    if match is None or not stripped[match.end():].strip():
        return None, stripped
    group = next(name for name, value in match.groupdict().items() if value is not None)
    if group in ("h1", "h3", "h5") and match.group(group) not in _HANGUL_LABELS:
        return None, stripped
    return _GROUP_LEVEL[group], stripped[match.end():].strip()


@dataclass(frozen=True)
class NumberedLine:
    """One line of typed text as it is printed: at ``level``, with ``label`` ('' for a
    line that continues the item above it, or for running text before any item)."""

    level: int
    label: str
    text: str
    continues: bool  # True: text under the item above, set at that item's text indent

    @property
    def display(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text


def renumber(text: str, base_level: int) -> list[NumberedLine]:
    """The lines of ``text`` with every typed item number replaced by the number of the
    level the item sits at.

    The outermost numbering a person used becomes ``base_level``, the next one inside it
    the level after, and so on: '1. 2. 3.' typed under a '1.' heading prints '가. 나. 다.',
    and '1)' typed under a '가.' item that was typed as '1.' prints '가)'. Items are counted
    afresh at each level, so typed numbers that skip or repeat come out in sequence.
    """
    parsed = [typed_level(raw) for raw in (text or "").splitlines() if raw.strip()]
    typed_levels = sorted({level for level, _ in parsed if level is not None})
    rank = {level: index for index, level in enumerate(typed_levels)}
    counters: list[int] = [0] * LEVELS
    lines: list[NumberedLine] = []
    current: int | None = None  # the level of the item the following plain lines belong to
    for level, body in parsed:
        if level is None:
            if current is None:
                lines.append(NumberedLine(base_level, "", body, False))
            else:
                lines.append(NumberedLine(current, "", body, True))
            continue
        at = min(base_level + rank[level], LEVELS - 1)
        counters[at] += 1
        for deeper in range(at + 1, LEVELS):
            counters[deeper] = 0
        lines.append(NumberedLine(at, item_label(at, counters[at]), body, False))
        current = at
    return lines


__all__ = ["LEVELS", "NumberedLine", "hangul_label", "item_label", "renumber", "typed_level"]
