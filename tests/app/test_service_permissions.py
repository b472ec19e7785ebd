"""Every public service checks a permission before it does anything: called by nobody
(no account logged in), each one refuses with ``NotAllowed`` — whatever its other
arguments are. The services are found, not listed: any public function of ``app/`` whose
first parameter is a unit of work (``uow``) or an open database (``db``).

The few that need no permission are listed below with the reason."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import app
from app.security.permissions import NotAllowed

# Readable by anyone, even before a login, each for a reason.
NO_PERMISSION_NEEDED = {
    "app.settings.get_council_settings": "the council's rules are no secret (the idle lock needs them)",
    "app.database.installation_info": "the council's name and code, shown on the login screen",
    "app.database.close_database": "logging out",
    "app.security.accounts.must_change_password": "the logged-in account's own flag",
    "app.area_records.describe_record": "a label: returns '' when the role may not read the table",
    "app.security.accounts.change_own_password": "checks the old password of the acting account instead",
    "app.security.accounts.verify_password": "the idle lock: the acting account's own password",
    "app.reports.excel.importer.apply_in_one_transaction": "a step of the generic Excel pipeline; the area's import service checks its own permission before calling it",
    "app.backup.auto_backup": "the program's own safety copy at closing, whoever was logged in",
    "app.sync.city.install_replica_guard": "installs a guard when a city file is opened; no user action",
}
# Modules that hold no services (helpers take sessions, not units of work).
SKIP_MODULES = {"app.cli", "app.__main__", "app.demo", "app.demo_meetings"}


def services() -> Iterator[tuple[str, Callable[..., Any]]]:
    for info in pkgutil.walk_packages(app.__path__, "app."):
        if info.name in SKIP_MODULES or info.name.startswith("app.cli."):
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != info.name:
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters and parameters[0] in ("uow", "db"):
                yield f"{info.name}.{name}", function


ALL_SERVICES = sorted(services())


def test_services_are_found() -> None:
    names = {name for name, _f in ALL_SERVICES}
    assert "app.members.add_member" in names
    assert "app.sync.exporter.export_package" in names
    assert len(names) > 40


@pytest.mark.parametrize("name", [n for n, _f in ALL_SERVICES if n not in NO_PERMISSION_NEEDED])
def test_every_service_refuses_when_nobody_is_logged_in(name: str, db) -> None:  # type: ignore[no-untyped-def]
    function = dict(ALL_SERVICES)[name]
    db.actor = None
    handle = db.uow() if next(iter(inspect.signature(function).parameters)) == "uow" else db
    required = [p for p in list(inspect.signature(function).parameters.values())[1:]
                if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    with pytest.raises(NotAllowed):
        function(handle, *[None] * len(required))


def test_the_exceptions_are_still_services() -> None:
    """A name in the list above that is no longer a service is a stale exception."""
    names = {name for name, _f in ALL_SERVICES}
    assert set(NO_PERMISSION_NEEDED) <= names
