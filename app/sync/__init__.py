"""USB synchronisation between council devices and their city (hub and spoke).

Everything the window and the CLI need, with no Qt: enrollment of devices and trust
(``sites``), packages (``package``: format, atomic writing, verified reading), export
(``exporter``), preview and import (``importer``), conflicts (``conflicts``) and city mode
(``city``: Excel summary, PostgreSQL). Refusals are ``SyncRefused`` (an ``InputRefused``,
CLI exit 3) with Korean messages naming the reason; nothing is changed when one is raised.
"""
from app.sync.messages import SyncRefused
from app.sync.city import city_summary_excel, init_postgres_database, open_postgres_database
from app.sync.conflicts import BOTH, MINE, THEIRS, ConflictView, FieldDiff, list_conflicts, resolve_conflict
from app.sync.exporter import export_package
from app.sync.importer import ImportPreview, ImportResult, PackagePreview, import_packages, preview_package
from app.sync.sites import SiteView, enroll_accept, enroll_create, enroll_revoke, list_sites

__all__ = [
    "BOTH", "MINE", "THEIRS", "ConflictView", "FieldDiff", "ImportPreview", "ImportResult", "PackagePreview",
    "SiteView", "SyncRefused", "city_summary_excel", "enroll_accept", "enroll_create", "enroll_revoke",
    "export_package", "import_packages", "init_postgres_database", "list_conflicts", "list_sites",
    "open_postgres_database", "preview_package", "resolve_conflict",
]
