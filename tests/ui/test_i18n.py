"""Every Korean text the UI marks with tr("…") or N_("…") has English in the catalogue; the
window switches language live, and Qt's own dialogs and buttons speak Korean."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "councildesk.po"


def ui_literals() -> dict[str, str]:
    """Korean literal -> first place it appears."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@pytest.fixture(scope="module")
def english() -> Catalog:
    with open(PO, "rb") as f:
        return read_po(f, locale="en")


def test_every_tr_literal_has_english(english: Catalog) -> None:
    literals = ui_literals()
    assert len(literals) > 500
    missing = {text: where for text, where in literals.items()
               if english.get(text) is None or not english.get(text).string}
    assert not missing, f"add to {PO.relative_to(ROOT)}:\n" + "\n".join(
        f"{where}: {text}" for text, where in missing.items())


def test_english_keeps_placeholders(english: Catalog) -> None:
    for message in english:
        if message.id:
            names_ko = {f for _, f, _, _ in string.Formatter().parse(message.id) if f}
            names_en = {f for _, f, _, _ in string.Formatter().parse(message.string) if f}
            assert names_ko == names_en, (message.id, message.string)


def test_tr_switches_language() -> None:
    from ui import i18n

    assert i18n.tr("위원") == "위원"
    i18n.set_language("en")
    try:
        assert i18n.language() == "en"
        assert i18n.tr("위원") == "Members"
        assert i18n.tr("") == ""
    finally:
        i18n.set_language("ko")
    assert i18n.tr("위원") == "위원"


def test_language_change_is_announced_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui import i18n
    from ui.signals import app_signals

    seen: list[str] = []
    app_signals().language_changed.connect(seen.append)
    try:
        i18n.set_language("en")
        i18n.set_language("en")
        i18n.set_language("ko")
    finally:
        app_signals().language_changed.disconnect(seen.append)
        i18n.set_language("ko")
    assert seen == ["en", "ko"]


def _file_dialog_labels() -> list[str]:
    dialog = QFileDialog(None)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    try:
        return [label.text() for label in dialog.findChildren(QLabel)]
    finally:
        dialog.deleteLater()


def test_qt_standard_dialogs_speak_korean(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui import i18n

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Open)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == ["열기", "취소"]
    # qtbase_ko.qm predates the mnemonics Qt added to these two labels; the fallback fills them.
    assert _file_dialog_labels() == ["다음에서 찾기(&L):", "파일 이름(&N):", "파일 형식(&T):"]
    i18n.set_language("en")
    try:
        english_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(english_buttons)
        assert [b.text() for b in english_buttons.buttons()] == ["Cancel"]
        assert _file_dialog_labels() == ["&Look in:", "File &name:", "Files of &type:"]
    finally:
        i18n.set_language("ko")


def test_mnemonic_fallback_places_the_key_the_korean_way() -> None:
    from ui.i18n import _split_mnemonic, _with_mnemonic

    assert _split_mnemonic("Files of &type:") == ("T", "Files of type:")
    assert _split_mnemonic("Save && close") == ("", "Save && close")
    assert _split_mnemonic("Look in:") == ("", "Look in:")
    assert _with_mnemonic("파일 형식:", "T") == "파일 형식(&T):"
    assert _with_mnemonic("열기", "O") == "열기(&O)"
    assert _with_mnemonic("저장(&S)", "S") == "저장(&S)"


def test_every_form_button_speaks_english(qtbot) -> None:
    """The OK button of a form ("저장" by default) follows the language like the rest."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui import i18n
    from ui.dialogs.base import FormDialog

    i18n.set_language("en")
    try:
        dialog = FormDialog(None, "설정")
        qtbot.addWidget(dialog)
        dialog.retranslate_ui()
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Save"
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    finally:
        i18n.set_language("ko")


def test_questions_take_the_particle_of_the_name_put_in() -> None:
    from ui.i18n import trf

    assert trf("{label}을(를) 삭제합니다.", label="2026년 제1차 정기회의") == "2026년 제1차 정기회의를 삭제합니다."
    assert trf("첨부파일 '{name}'을(를) 삭제합니다.", name="출석부.pdf") == "첨부파일 '출석부.pdf'를 삭제합니다."
    assert trf("첨부파일 '{name}'을(를) 삭제합니다.", name="사진") == "첨부파일 '사진'을 삭제합니다."
