"""The domain (app/, db/) never depends on Qt or the UI, and db/ never on app/: the core
must run in the CLI, in tests without a display, and later on a server."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")

# The window plugs into the CLI through the "councildesk.gui" entry point, so no module in
# app/ may import ui/, not even lazily.


def python_files(package: str) -> list[Path]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no Python files under {package}/"
    return files


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_modules(path: Path) -> set[tuple[str, bool]]:
    return modules_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).with_suffix("").parts[:-1])


def modules_in(source: str, package_parts: tuple[str, ...]) -> set[tuple[str, bool]]:
    """(absolute module name, imported lazily inside a function) for every import."""
    tree = ast.parse(source)
    found: set[tuple[str, bool]] = set()

    def visit(node: ast.AST, lazy: bool) -> None:
        if isinstance(node, ast.Import):
            found.update((alias.name, lazy) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = list(package_parts[: len(package_parts) - node.level + 1])
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add((module, lazy))
            found.update((f"{module}.{alias.name}", lazy) for alias in node.names)
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("import_module", "__import__")):
            found.add((str(node.args[0].value), lazy))
        inner = lazy or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, False)
    return found


def top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("path", python_files("app") + python_files("db"), ids=rel)
def test_core_does_not_import_qt(path):
    bad = sorted(name for name, _lazy in imported_modules(path) if top(name) in QT)
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", python_files("app") + python_files("db"), ids=rel)
def test_core_does_not_import_ui(path):
    bad = sorted(name for name, lazy in imported_modules(path)
                 if top(name) == "ui")
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", python_files("db"), ids=rel)
def test_db_does_not_import_app(path):
    bad = sorted(name for name, _lazy in imported_modules(path) if top(name) == "app")
    assert not bad, f"{rel(path)} imports {bad}"


def test_the_checker_sees_every_kind_of_import():
    source = ("import os\nfrom PySide6.QtCore import QObject\n"
              "def f():\n    import ui.ops\n    from .. import ui as shell\n    from . import codes\n"
              "importlib.import_module('shiboken6')\n")
    found = modules_in(source, ("app", "reports"))
    assert {("os", False), ("PySide6.QtCore", False), ("ui.ops", True), ("app.ui", True),
            ("app.reports.codes", True), ("shiboken6", False)} <= found
