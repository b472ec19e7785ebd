"""Every Korean text the UI marks with tr("…") or N_("…") has an English entry."""
from __future__ import annotations

import ast
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ui_literals() -> dict[str, str]:
    """Korean literal -> first place it appears."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def english() -> dict[str, str]:
    return json.loads((ROOT / "resources" / "translations" / "en.json").read_text(encoding="utf-8"))


def test_every_tr_literal_has_english() -> None:
    table = english()
    missing = {text: where for text, where in ui_literals().items() if not table.get(text)}
    assert not missing, "add to resources/translations/en.json:\n" + "\n".join(
        f"{where}: {text}" for text, where in missing.items())


def test_english_keeps_placeholders() -> None:
    import string

    for ko, en in english().items():
        names_ko = {f for _, f, _, _ in string.Formatter().parse(ko) if f}
        names_en = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        assert names_ko == names_en, (ko, en)


def test_tr_switches_language() -> None:
    from ui import i18n

    assert i18n.tr("위원") == "위원"
    i18n.set_language("en")
    try:
        assert i18n.tr("위원") == "Members"
    finally:
        i18n.set_language("ko")
