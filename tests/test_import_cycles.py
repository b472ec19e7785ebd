"""No two modules of CouncilDesk depend on each other, not even through a lazy import
inside a function: a cycle means two modules that cannot be understood, tested or moved
apart. Importing one's own parent package does not count (Python imports it first anyway)."""
from __future__ import annotations

from pathlib import Path

from tests.test_layering import ROOT, imported_modules

PACKAGES = ("app", "db", "ui")


def module_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def dependency_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for imported, _lazy in imported_modules(path):
            target = owner(imported)
            if target is None or target == name or name.startswith(target + "."):
                continue
            deps.add(target)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    found = cycles(dependency_graph(module_files()))
    assert not found, "modules that import each other:\n" + "\n".join(" <-> ".join(g) for g in found)


def test_ui_reaches_the_data_only_through_app() -> None:
    offenders = sorted(
        f"{name} imports {imported}"
        for name, path in module_files().items() if name.startswith("ui")
        for imported, _lazy in imported_modules(path)
        if imported == "db" or imported.startswith("db.") or imported.split(".")[0] == "sqlalchemy"
    )
    assert not offenders, "\n".join(offenders)
