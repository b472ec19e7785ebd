"""What free text may hold, on the way in and on the way out: one guard for every area.

In: every service that takes free text (members, subcommittees, meetings, settings,
accounts' names) and the Excel import call ``text_problems``/``refuse_bad_texts``, so a
spreadsheet gets the answer the window gets; records arriving in sync packages pass
``check_record_texts`` (each area's ``validate_incoming``). Refused are text that looks like a
주민등록번호 (PIPA: the program never stores one) and control characters (invisible,
they break Excel and XML files later; single-line fields refuse tab and line breaks too).

Out: ``clean_for_file`` strips control characters already stored by older versions, and
``is_formula_like``/``csv_text`` keep text that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, also after a tab or CR) as plain text. The Excel side of the
latter (a string cell with Excel's quote prefix) is ``app.reports.excel.workbook.put_value``.
No Qt, no database.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping

from app.errors import MESSAGES, FieldError, ValidationFailed
from app.i18n import N_

# Six digits of a birth date, an optional hyphen (spaces allowed around it), then the
# sex/century digit and six more. 5-8 are 외국인등록번호, protected the same way
# (고유식별정보). Digit boundaries keep longer numbers (account, barcode) out.
_RRN = re.compile(r"(?<![0-9])([0-9]{2})([0-9]{2})([0-9]{2})[ \t]*[-‐‑‒–—―−－]?[ \t]*[1-8][0-9]{6}(?![0-9])")

# C0 controls but tab, LF and CR; DEL; C1; lone surrogates; the two XML non-characters;
# and the bidirectional overrides that make "abc\u202Efdp.exe" read as another name.
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                                "\u202a-\u202e\u2066-\u2069]")
_CONTROL_SINGLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
# What may not reach an .xlsx (XML 1.0) or a CSV cell: controls but tab, LF, CR.
_UNWRITABLE = _CONTROL_MULTILINE

# A spreadsheet runs a cell that starts with one of these (LibreOffice and Excel also
# after leading tabs/CRs/spaces when a CSV is opened); full-width forms are converted by
# some IMEs' paste into Excel, so they are treated alike.
_FORMULA_START = re.compile(r"^[\s]*[=+\-@＝＋－＠]")

MESSAGES.update({
    "rrn_in_text": N_("{field}에 주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호법에 따라 이 프로그램은 "
                      "주민등록번호를 저장하지 않습니다. 그 숫자를 지우고, 필요하면 생년월일만 입력하세요."),
    "control_character": N_("{field}에 보이지 않는 제어 문자({char})가 들어 있습니다. 다른 곳에서 복사한 글이면 "
                            "그 부분을 지우고 다시 입력하세요."),
    "single_line": N_("{field}은(는) 한 줄로 입력하세요. 줄바꿈과 탭은 쓸 수 없습니다."),
})


def looks_like_rrn(text: str | None) -> bool:
    """Whether ``text`` holds something shaped like a 주민등록번호 with a plausible birth date."""
    if not text:
        return False
    # NFKC turns full-width digits and dashes (pasted from HWP or a web form) into ASCII.
    folded = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    for match in _RRN.finditer(folded):
        month, day = int(match.group(2)), int(match.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return True
    return False


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_problem(field: str, value: str | None, *, multiline: bool = False) -> FieldError | None:
    """The first thing wrong with one free-text value, or None. Never quotes the value: the
    message may be logged or shown to someone else, and the value may be a 주민등록번호."""
    if not value:
        return None
    if not multiline and re.search("[\t\n\r]", value):
        return FieldError(field, "single_line")
    found = (_CONTROL_MULTILINE if multiline else _CONTROL_SINGLE).search(value)
    if found:
        return FieldError(field, "control_character", {"char": _char_name(found.group())})
    if looks_like_rrn(value):
        return FieldError(field, "rrn_in_text")
    return None


def check_texts(values: Mapping[str, str | None], multiline: Collection[str] = ()) -> list[FieldError]:
    """One problem per field at most, in the order given; ``multiline`` names the fields
    that may hold line breaks and tabs (notes, minutes, descriptions)."""
    errors: list[FieldError] = []
    for field, value in values.items():
        problem = text_problem(field, value, multiline=field in multiline)
        if problem is not None:
            errors.append(problem)
    return errors


def refuse_bad_texts(values: Mapping[str, str | None], multiline: Collection[str] = ()) -> None:
    """``check_texts``, raised as ``ValidationFailed`` when anything is wrong."""
    errors = check_texts(values, multiline)
    if errors:
        raise ValidationFailed(errors)


def check_record_texts(data: Mapping[str, object], single: Collection[str] = (),
                       multiline: Collection[str] = ()) -> list[FieldError]:
    """``check_texts`` on the named fields of a stored record (one arriving in a sync
    package) that are present and text; the services check the same fields as typed."""
    values = {name: data[name] for name in (*single, *multiline) if isinstance(data.get(name), str)}
    return check_texts(values, multiline)  # type: ignore[arg-type]


def choice_error(field: str, value: object, choices: Collection[object], *,
                 optional: bool = False) -> FieldError | None:
    """A stored code (sex, category, role, status...) that is not one of ``choices``."""
    if value is None and optional:
        return None
    if value in choices and not isinstance(value, bool):
        return None
    return FieldError(field, "invalid_choice", {"value": str(value)[:20]})


def length_errors(data: Mapping[str, object], limits: Mapping[str, int]) -> list[FieldError]:
    """Text of a stored record longer than the services let anyone type."""
    return [FieldError(name, "too_long", {"max": limit}) for name, limit in limits.items()
            if isinstance(data.get(name), str) and len(data[name]) > limit]  # type: ignore[arg-type]


# ---------------------------------------------------------------- out

def clean_for_file(text: str) -> str:
    """``text`` without the characters no .xlsx/XML or CSV can hold (stored before the guard
    existed); line breaks and tabs stay."""
    return _UNWRITABLE.sub("", text) if _UNWRITABLE.search(text) else text


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula (CSV/DDE injection)."""
    return bool(_FORMULA_START.match(text))


def csv_text(value: object) -> str:
    """A value for a CSV cell: cleaned, and formula-like text behind an apostrophe, which
    Excel and LibreOffice show as text and do not run (OWASP's advice for CSV)."""
    text = "" if value is None else clean_for_file(str(value))
    return "'" + text if is_formula_like(text) else text
