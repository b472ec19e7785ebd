"""Message codes are global: two modules giving one code different words must fail loudly
(it happened: the case area's and the donations' ``recipient_required``)."""
from __future__ import annotations

import importlib
import pkgutil

import pytest

import app
from app.errors import MESSAGES, MessageTable


def test_a_code_cannot_be_given_other_words() -> None:
    table = MessageTable({"x_required": "가"})
    table.update({"x_required": "가"})  # the same words again are harmless (a module re-imported)
    with pytest.raises(ValueError, match="x_required"):
        table.update({"x_required": "나"})
    assert table["x_required"] == "가"


def test_every_app_module_imports_without_a_clashing_code() -> None:
    names = [m.name for m in pkgutil.walk_packages(app.__path__, "app.") if not m.name.endswith("__main__")]
    for name in names:
        importlib.import_module(name)
    assert isinstance(MESSAGES, MessageTable) and len(MESSAGES) > 100
