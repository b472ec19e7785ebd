"""USB synchronisation between council devices and their city (hub and spoke).

Everything the window and the CLI need, with no Qt: enrollment of devices and trust
(``sites``), packages (``package``: format, atomic writing, verified reading), export
(``exporter``), preview and import (``importer``), conflicts (``conflicts``) and city mode
(``city``: Excel summary, PostgreSQL). Refusals are ``SyncRefused`` (an ``InputRefused``,
CLI exit 3) with Korean messages naming the reason; nothing is changed when one is raised.

The names below are loaded on first use (PEP 562), so importing one submodule, as a login
to a city file does, does not load the rest.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.sync.city import city_summary_excel, init_postgres_database, open_postgres_database
    from app.sync.conflicts import BOTH, MINE, THEIRS, ConflictView, FieldDiff, list_conflicts, resolve_conflict
    from app.sync.exporter import export_package
    from app.sync.importer import ImportPreview, ImportResult, PackagePreview, import_packages, preview_package
    from app.sync.messages import SyncRefused
    from app.sync.sites import SiteView, enroll_accept, enroll_create, enroll_revoke, list_sites

_EXPORTS = {
    "messages": ("SyncRefused",),
    "city": ("city_summary_excel", "init_postgres_database", "open_postgres_database"),
    "conflicts": ("BOTH", "MINE", "THEIRS", "ConflictView", "FieldDiff", "list_conflicts", "resolve_conflict"),
    "exporter": ("export_package",),
    "importer": ("ImportPreview", "ImportResult", "PackagePreview", "import_packages", "preview_package"),
    "sites": ("SiteView", "enroll_accept", "enroll_create", "enroll_revoke", "list_sites"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
