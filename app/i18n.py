"""The one message catalogue of app/ and ui/: Korean source text in, the chosen language out.

The Korean text is the msgid, so the source reads like the screen; English lives in the
gettext catalogue ``resources/locale/en/LC_MESSAGES/councildesk.po`` and its compiled
``.mo`` (committed, so nothing is built at run time; ``resources/locale/README.md`` says
how to extract and compile). Only the standard library's ``gettext`` runs here: no Qt.

Texts that are stored and translated later are marked ``N_("…")``; a label whose Korean
word means something else elsewhere carries a context, ``NP_("field", "찬성")``.
"""
from __future__ import annotations

import gettext as _gettext
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from app.paths import resources_dir

DOMAIN = "councildesk"
SOURCE_LANGUAGE = "ko"
LANGUAGES = ("ko", "en")

_language = SOURCE_LANGUAGE


def locale_dir() -> Path:
    return resources_dir() / "locale"


@lru_cache(maxsize=None)
def translation(lang: str) -> _gettext.NullTranslations:
    """The catalogue of one language; Korean (the source) and unknown languages pass text through."""
    if lang == SOURCE_LANGUAGE or lang not in LANGUAGES:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)


def language() -> str:
    return _language


def set_language(lang: str) -> str:
    """Make ``lang`` the language of every later lookup without one; returns the language set."""
    global _language
    _language = lang if lang in LANGUAGES else SOURCE_LANGUAGE
    return _language


def gettext(text: str, lang: str | None = None) -> str:
    """``text`` (Korean) in ``lang``, by default the current language; untranslated text stays Korean."""
    # gettext("") is the catalogue's header, never what an empty label should show.
    return translation(lang or _language).gettext(text) if text else text


def pgettext(context: str, text: str, lang: str | None = None) -> str:
    return translation(lang or _language).pgettext(context, text) if text else text


def translate(text: str, lang: str | None = None, /, **params: object) -> str:
    """Translate, then fill ``{name}`` placeholders; a translation that lost one falls back to Korean."""
    translated = gettext(text, lang)
    if not params:
        return translated
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        return text.format(**params)


def N_(text: str) -> str:
    """Mark Korean text for extraction where it is stored and translated later."""
    return text


def NP_(context: str, text: str) -> str:
    """Mark Korean text with a context (looked up with ``pgettext(context, text)``)."""
    return text


def extract_python(fileobj: BinaryIO, keywords: Mapping[str, object], comment_tags: Collection[str],
                   options: Mapping[str, str]) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """Babel extraction method named in babel.cfg (translators' tooling, never called at run time).

    Reads the syntax tree rather than tokens, so ``tr("…")`` inside an f-string is found:
    Babel's own Python extractor misses those before Python 3.12. Error codes still
    registered as ``MESSAGES.update({code: ("한국어", "English")})`` yield their Korean too,
    so updating the catalogue keeps them until their modules move onto ``N_``.
    """
    import ast

    def literal(node: ast.expr) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        literals = tuple(literal(a) for a in node.args)
        if name in keywords and any(literals):
            calls.append((node.lineno, node.col_offset, name, literals))
        elif (name == "update" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
              and func.value.id == "MESSAGES" and node.args and isinstance(node.args[0], ast.Dict)):
            for pair in node.args[0].values:
                if isinstance(pair, ast.Tuple) and len(pair.elts) == 2 and literal(pair.elts[0]):
                    calls.append((pair.lineno, pair.col_offset, "N_", (literal(pair.elts[0]),)))
    for lineno, _col, name, literals in sorted(calls):
        yield lineno, name, literals, []
