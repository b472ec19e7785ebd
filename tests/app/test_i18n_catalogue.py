"""The message catalogue: every marked text and every error message has English, the
committed .mo matches the .po, and the language switches at run time."""
from __future__ import annotations

import importlib
import io
import pkgutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

import app
from app import i18n
from app.errors import FIELD_LABELS, MESSAGE_SUFFIXES, MESSAGES, ROW_PREFIX, UNKNOWN_ERROR, AppError, FieldError

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "councildesk"
# As resources/locale/README.md extracts them, with Babel's default keywords that we use.
KEYWORDS = {"tr": None, "trf": None, "translate": None, "N_": None, "NP_": ((1, "c"), 2), "gettext": None,
            "pgettext": ((1, "c"), 2)}


@pytest.fixture(scope="module")
def po() -> Catalog:
    with open(CATALOGUE.with_suffix(".po"), "rb") as f:
        return read_po(f, locale="en")


@pytest.fixture(scope="module", autouse=True)
def every_app_module() -> None:
    """Import all of app/, so every module's MESSAGES.update(...) has run."""
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


def english(po: Catalog, text: str, context: str | None = None) -> str:
    message = po.get(text, context=context)
    return message.string if message is not None and not message.fuzzy else ""


def test_every_marked_text_in_app_and_ui_has_english(po: Catalog) -> None:
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    missing = []
    for filename, lineno, text, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        if isinstance(text, str) and not english(po, text, context):
            missing.append(f"{filename}:{lineno}: {text!r}")
    assert not missing, "add to resources/locale/en/LC_MESSAGES/councildesk.po:\n" + "\n".join(missing)


def test_extractor_reads_f_strings_contexts_and_pairs_still_in_code() -> None:
    source = (
        'x = f"{tr(\'가\')}.xlsx"\n'
        'LABEL = NP_("field", "나")\n'
        'tr(name)\n'
        'tr("")\n'
        'MESSAGES.update({"code": ("다", "C")})\n'
    ).encode("utf-8")
    found = list(i18n.extract_python(io.BytesIO(source), KEYWORDS, [], {}))
    assert found == [(1, "tr", ("가",), []), (2, "NP_", ("field", "나"), []), (5, "N_", ("다",), [])]


def test_every_error_message_and_field_label_has_english(po: Catalog) -> None:
    texts = [entry for entry in MESSAGES.values() if isinstance(entry, str)]
    texts += list(MESSAGE_SUFFIXES.values()) + [UNKNOWN_ERROR, ROW_PREFIX]
    assert len(texts) > 100
    assert [t for t in texts if not english(po, t)] == []
    assert [label for label in FIELD_LABELS.values() if not english(po, label, "field")] == []


def test_pairs_still_written_in_code_are_already_in_the_catalogue(po: Catalog) -> None:
    """Codes still registered as (Korean, English) move onto the catalogue by dropping the English."""
    pairs = {code: entry for code, entry in MESSAGES.items() if isinstance(entry, tuple)}
    assert [code for code, (ko, en) in pairs.items() if english(po, ko) != en] == []


def test_compiled_catalogue_matches_the_po(po: Catalog) -> None:
    """Recompile: the committed .mo must hold exactly what the .po says (run pybabel compile)."""
    def contents(catalogue: Catalog) -> dict[tuple[str | None, str], str]:
        return {(m.context, m.id): m.string for m in catalogue if m.id and m.string and not m.fuzzy}

    with open(CATALOGUE.with_suffix(".mo"), "rb") as f:
        committed = read_mo(f)
    assert contents(committed) == contents(po)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    assert contents(read_mo(compiled)) == contents(po)


def test_switching_language_at_run_time() -> None:
    assert i18n.language() == "ko"
    try:
        assert i18n.set_language("en") == "en"
        assert i18n.gettext("위원") == "Members"
        assert i18n.translate("({n}명 요구)", n=3) == "(3 members asked)"
        assert i18n.set_language("ko") == "ko"
        assert i18n.gettext("위원") == "위원"
        assert i18n.translate("({n}명 요구)", n=3) == "(3명 요구)"
        assert i18n.set_language("fr") == "ko"
    finally:
        i18n.set_language("ko")
    assert i18n.gettext("위원", "en") == "Members"
    assert i18n.gettext("이 문장은 목록에 없다", "en") == "이 문장은 목록에 없다"
    assert i18n.gettext("", "en") == ""          # not the catalogue's header
    assert i18n.pgettext("field", "", "en") == ""


def test_a_label_word_used_elsewhere_keeps_its_own_english() -> None:
    from app.errors import field_label

    assert i18n.gettext("찬성", "en") == "Yes"
    assert field_label("votes_yes", "en") == "Yes votes"
    assert field_label("votes_yes", "ko") == "찬성"
    assert field_label("no_such_field", "en") == "no_such_field"


def test_errors_render_from_the_catalogue() -> None:
    error = AppError("member_not_found", id=7)
    assert error.message("ko") == "위원을 찾을 수 없습니다(ID 7). 목록을 새로 고치세요."
    assert error.message("en") == "Member not found (ID 7). Refresh the list."
    assert str(error) == error.message("ko")
    refused = AppError("sync_city_only")
    assert refused.message("ko").endswith("(데이터는 바뀌지 않았습니다)")
    assert refused.message("en") == "Only a city installation can do this. (Nothing was changed.)"
    assert AppError("sync_conflict_both", field="x").message("en").endswith("not possible.")
    row = FieldError("phone", "invalid_phone", {"value": "12"}, row=7)
    assert row.message("en") == "Row 7, column 'Phone': Phone '12' is not valid. Use a form like 010-1234-5678."
    assert AppError("no_such_code").message("en") == "Unexpected error (no_such_code)."


def test_a_translation_that_lost_a_placeholder_falls_back_to_korean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "gettext", lambda text, lang=None: "Broken {nope}")
    assert i18n.translate("({n}명 요구)", "en", n=3) == "(3명 요구)"
