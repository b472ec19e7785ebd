"""Reading packages into the database: verify everything first, preview, back up, apply
in one transaction.

Order of work, so that a refused or cancelled import leaves the database byte for byte
as it was:

1. ``app.sync.verify``, for every file, before any write: the archive (size, names,
   zip-bomb limits), the recipient, the sender (known, not revoked), the signature, the
   payload's checksum, decryption, the manifest (format, schema revision, council), every
   member's checksum, every record (known table, known fields of the right types).
2. ``app.sync.plan``: every reference (to a record in the database or in the batch), and
   what each package would change. Packages already applied, or older than one already
   applied from the same sender, are "nothing to do", not errors. ``preview_package``
   stops here.
3. ``import_packages`` backs up the database, then ``app.sync.apply`` writes all packages
   in one transaction, oldest first: new records, updates whose version contains ours,
   and tombstones; a record changed on both sides since they last agreed becomes a
   conflict (``sync_conflict``) and keeps our version; the rest applies. Imported records
   keep their origin device and get one new local ``change_seq`` per package, so the
   city relays them onwards exactly once. ``cancelled()`` is asked between packages and
   between tables; a cancel raises ``Cancelled`` before the commit.
4. At a council device, the city's copy of this device's access-log head is checked
   (``app.sync.anchors``): a cut log is reported (``ImportResult.log_alerts``, and
   ``check`` from then on), the package applied all the same.
"""
from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.progress import CancelledFn, check_cancelled, never_cancelled
from app.security.permissions import Permission, require
from app.sync.apply import apply_plan, record_package
from app.sync.plan import PackagePreview, check_batch, marker, package_status, plan_package, preview_of
from app.sync.anchors import anchor_is_cut, keep_alert
from app.sync.verify import Progress, VerifiedPackage, load_context, verify_all
from db.session import Database

__all__ = ["ImportPreview", "ImportResult", "PackagePreview", "import_packages", "preview_package"]


@dataclass(frozen=True)
class ImportPreview:
    packages: tuple[PackagePreview, ...]

    def _sum(self, name: str) -> int:
        return sum(getattr(p, name) for p in self.packages)

    @property
    def new(self) -> int:
        return self._sum("new")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def deleted(self) -> int:
        return self._sum("deleted")

    @property
    def conflicts(self) -> int:
        return self._sum("conflicts")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def nothing_to_do(self) -> bool:
        return not (self.new or self.updated or self.deleted or self.conflicts) and all(
            p.status != "apply" for p in self.packages)


@dataclass(frozen=True)
class ImportResult(ImportPreview):
    backup: Path | None = None
    # Packages whose copy of this device's access-log head the file no longer holds: the
    # newest log rows were removed (applied all the same; ``check`` reports it from now on).
    log_alerts: tuple[str, ...] = ()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a package's records are read and written.

    Parsing a big package creates a million small objects that all stay alive, and every
    few hundred of them the collector would walk the growing heap again: a third of a full
    import. Reference counting still frees everything as usual; cycles wait until the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def preview_package(db: Database, paths: Iterable[Path] | Path) -> ImportPreview:
    """Verify packages and say what importing them would change; writes nothing.

    Several packages of the same sender are each compared with the database as it is now.
    """
    require(db.actor, Permission.SYNC)
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    with _no_cycle_collection(), db.session_factory() as session:
        ctx, packages = verify_all(session, paths, None)
        previews, _plans = check_batch(session, ctx, packages)
        session.rollback()
    return ImportPreview(tuple(previews))


def _backup(db: Database) -> Path | None:
    if db.path is None:
        return None  # PostgreSQL (city server): its own backups apply
    from app.backup import backup_before  # lazily: the backup area is built alongside

    return backup_before(db, "before-import")


def import_packages(db: Database, paths: Iterable[Path] | Path, progress: Progress | None = None,
                    cancelled: CancelledFn | None = None) -> ImportResult:
    """Verify every package, back up, then apply them all in one transaction.

    Refused input raises ``SyncRefused`` with nothing changed; packages applied before are
    "nothing to do". Conflicts are kept for ``resolve_conflict`` (the CLI exits 4).
    ``cancelled()`` is asked between packages and tables; when it says yes, ``Cancelled``
    is raised before the commit and nothing is applied.
    """
    require(db.actor, Permission.SYNC)
    if isinstance(paths, (str, Path)):
        paths = [Path(paths)]
    with _no_cycle_collection():
        return _import(db, paths, progress, cancelled or never_cancelled)


def _import(db: Database, paths: Iterable[Path], progress: Progress | None, cancelled: CancelledFn) -> ImportResult:
    with db.session_factory() as session:
        ctx, packages = verify_all(session, paths, progress, cancelled)
        previews, plans = check_batch(session, ctx, packages, cancelled)
        checked = marker(session)
        session.rollback()
    if all(p.status != "apply" for p in previews):
        return ImportResult(tuple(previews))
    check_cancelled(cancelled)
    backup = _backup(db)
    results: list[PackagePreview] = []
    alerts: list[VerifiedPackage] = []
    with db.uow() as uow:
        session = uow.session
        session.info.update(keep_stamps=True, allow_locked_minutes=True, skip_audit=True)
        if session.connection().dialect.name == "sqlite":
            # A big import touches index pages all over the file (ids are random); a larger
            # page cache for this transaction saves re-reading and re-decrypting them.
            session.connection().exec_driver_sql("PRAGMA cache_size = -65536")
        ctx = load_context(session)
        # The plans made while checking still hold until the first package is applied,
        # unless someone wrote in between (the window and the CLI share the file).
        reuse = marker(session) == checked
        for number, pkg in enumerate(packages):
            check_cancelled(cancelled)
            if progress:
                progress(number, len(packages), pkg.path.name)
            status = package_status(session, ctx, pkg)
            if status != "apply":
                results.append(preview_of(pkg, status, None))
                continue
            plan = plans[pkg.package_id] if reuse and pkg.package_id in plans else plan_package(session, ctx, pkg)
            reuse = False
            if pkg.log_anchor is not None and ctx.role == "council" and anchor_is_cut(session, pkg.log_anchor):
                alerts.append(pkg)
            apply_plan(session, ctx, pkg, plan, cancelled)
            record_package(session, ctx, pkg, plan, uow.actor)
            session.flush()
            results.append(preview_of(pkg, status, plan))
        if session.connection().dialect.name == "sqlite":
            session.connection().exec_driver_sql("PRAGMA cache_size = -2000")  # SQLite's default again
        # The last moment to stop: after this, everything is applied.
        check_cancelled(cancelled)
        uow.commit()
    if alerts:
        with db.session_factory() as session:
            for pkg in alerts:
                keep_alert(session, db.path, pkg.log_anchor or {})
    if progress:
        progress(len(packages), len(packages), "")
    return ImportResult(tuple(results), backup=backup, log_alerts=tuple(p.package_id for p in alerts))
