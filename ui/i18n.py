"""Korean-first translation: ``tr("한국어 원문")`` returns English when the language is en.

The Korean text is the key, so the source reads like the screen. English lives in
``resources/translations/en.json``; a test checks that every ``tr("...")`` literal in
``ui/`` has an entry. Changing the language emits ``language_changed`` so every widget
re-runs its ``retranslate_ui()``.
"""
from __future__ import annotations

import json
from functools import lru_cache

from app.paths import resources_dir
from ui.signals import app_signals

LANGUAGES = ("ko", "en")
_language = "ko"


@lru_cache(maxsize=1)
def english() -> dict[str, str]:
    path = resources_dir() / "translations" / "en.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)}


def language() -> str:
    return _language


def set_language(lang: str) -> None:
    """Switch the language for the whole window, live."""
    global _language
    lang = lang if lang in LANGUAGES else "ko"
    install_qt_translations(lang)
    if lang == _language:
        return
    _language = lang
    app_signals().language_changed.emit(lang)


_qt_translator = None


def install_qt_translations(lang: str) -> bool:
    """Qt's own qtbase_ko.qm, so standard dialogs (file picker, colour, print) speak Korean."""
    global _qt_translator
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return False
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang != "ko":
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_ko", folder):
        return False
    app.installTranslator(translator)
    _qt_translator = translator
    return True


def tr(text: str) -> str:
    if _language == "ko":
        return text
    return english().get(text, text)


def N_(text: str) -> str:
    """Mark Korean text for translation where it is stored and translated later by ``tr``."""
    return text
