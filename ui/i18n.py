"""The window's language: ``tr("한국어 원문")`` in the chosen language, and Qt's own translations.

The lookup is ``app.i18n`` (one gettext catalogue for app/ and ui/, Korean text as the
msgid); this module adds what needs Qt: switching live emits ``language_changed`` so every
widget re-runs its ``retranslate_ui()``, and Korean loads Qt's ``qtbase_ko.qm`` so standard
dialogs and buttons (file picker, 취소) speak Korean too. A test checks that every
``tr("...")``/``N_("...")`` literal in ``ui/`` has English in the catalogue.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from app.korean import fill
from app import i18n as core
from app.i18n import LANGUAGES, N_
from ui.signals import app_signals

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

__all__ = ["LANGUAGES", "N_", "install_qt_translations", "language", "set_language", "tr"]


def language() -> str:
    return core.language()


def set_language(lang: str) -> None:
    """Switch the language for the whole window, live."""
    previous = core.language()
    lang = core.set_language(lang)
    install_qt_translations(lang)
    if lang != previous:
        app_signals().language_changed.emit(lang)


_qt_translators: list[QTranslator] = []


def install_qt_translations(lang: str) -> bool:
    """Qt's own qtbase_ko.qm (shipped in PySide6's translations folder) for Korean; none for English."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return False
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    if lang != "ko":
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_ko", folder):
        return False
    # Qt asks the translator installed last first: qtbase_ko, then the mnemonic fallback.
    fallback = _mnemonic_fallback(translator)
    for each in (fallback, translator):
        app.installTranslator(each)
        _qt_translators.append(each)
    return True


def _mnemonic_fallback(base: QTranslator) -> QTranslator:
    """Texts where Qt added a mnemonic after qtbase_ko.qm was translated ('&Look in:', 'Files of &type:').

    Looks the text up without its '&' and puts the key back the way Qt's Korean does it,
    '다음에서 찾기(&L):', so the file dialog does not show English labels among Korean ones.
    """
    from PySide6.QtCore import QTranslator

    class MnemonicFallback(QTranslator):
        def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
            key, plain = _split_mnemonic(source)
            if not key:
                return ""
            text = base.translate(context, plain, disambiguation, n)
            return _with_mnemonic(text, key) if text else ""

    return MnemonicFallback(base.parent())


def _split_mnemonic(text: str) -> tuple[str, str]:
    """('L', 'Look in:') for '&Look in:'; ('', text) when it has no mnemonic ('&&' is a literal '&')."""
    at = text.replace("&&", "\0\0").find("&")
    if at < 0 or at + 1 >= len(text):
        return "", text
    return text[at + 1].upper(), text[:at] + text[at + 1:]


def _with_mnemonic(text: str, key: str) -> str:
    if "&" in text.replace("&&", ""):
        return text
    stem = text.rstrip(":：.… ")
    return f"{stem}(&{key}){text[len(stem):]}"


def tr(text: str) -> str:
    return core.gettext(text)


def trf(text: str, **values: object) -> str:
    """``tr(text).format(**values)`` with Korean particles chosen by the words put in
    ("정기회의를 삭제합니다", not "정기회의을(를)")."""
    return fill(tr(text), values)
