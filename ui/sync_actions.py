"""USB sync in the window (the 파일 and 관리 menus): export, import with a preview,
conflicts, device enrollment and the city's lists.

Each function asks where (a folder or file dialog, by default the USB stick), runs one
``app.sync`` service and says what happened in plain words. Refusals (``SyncRefused``)
arrive as their Korean message through ``ui.errors.show_error``; nothing is changed then.
The questions a person answers (folder, files, recipient) are small module functions so
tests can answer them.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from app import sync
from app.areas import Change
from app.errors import AppError
from app.sync import SiteView
from app.sync.package import EXTENSION as PACKAGE_SUFFIX
from ui import file_actions, messages, ops
from ui.backup_actions import removable_folder
from ui.errors import show_error
from ui.i18n import tr
from ui.progress import run_with_progress
from ui.state import AppState

PACKAGE_FILTER = f"CouncilDesk (*{PACKAGE_SUFFIX});;* (*)"
ENROLL_FILTER = "CouncilDesk (*.cdenroll);;* (*)"
EXCEL_FILTER = file_actions.EXCEL_FILTER

def is_city(state: AppState) -> bool:
    return getattr(state.info, "site_role", "council") == "city"


# ---------------------------------------------------------------- questions (tests answer these)

def _start() -> str:
    return str(removable_folder() or file_actions.documents_dir())


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, _start())
    return Path(chosen) if chosen else None


def packages_on_stick() -> tuple[Path, int] | None:
    """A plugged-in USB stick that holds packages at its top, and how many."""
    stick = removable_folder()
    if stick is None:
        return None
    try:
        count = sum(1 for p in stick.iterdir() if p.suffix == PACKAGE_SUFFIX and not p.name.startswith("."))
    except OSError:
        return None
    return (stick, count) if count else None


def ask_package_paths(parent: QWidget | None) -> list[Path]:
    """The packages to import: everything on the stick in one answer when a stick with
    packages is plugged in (the usual case), otherwise files chosen by hand."""
    found = packages_on_stick()
    if found is not None:
        stick, count = found
        if messages.confirm(parent, tr("가져오기(USB)"),
                            tr("USB({folder})에 꾸러미가 {n}개 있습니다. 모두 가져올까요?\n먼저 무엇이 바뀌는지 보여 드립니다.").format(
                                folder=stick, n=count),
                            tr("모두 가져오기"), tr("파일 고르기…"), destructive=False):
            return [stick]
    chosen, _ = QFileDialog.getOpenFileNames(parent, tr("가져올 꾸러미 파일 고르기 (USB)"), _start(), PACKAGE_FILTER)
    if chosen:
        return [Path(c) for c in chosen]
    return []


def ask_enroll_file(parent: QWidget | None) -> Path | None:
    return file_actions.ask_open_path(parent, tr("등록 파일 고르기 (USB)"), ENROLL_FILTER,
                                      removable_folder() or None)


def ask_recipient(parent: QWidget | None, sites: list[SiteView]) -> str | None:
    """City: which council (all its devices) or which single device gets the package."""
    councils: dict[str, str] = {}
    for site in sites:
        if site.role == "council" and site.status != "revoked":
            councils.setdefault(site.council_code, site.council_name)
    if not councils:
        messages.inform(parent, tr("등록된 협의체가 없습니다. 먼저 [기기 등록…]으로 협의체 기기를 등록하세요."))
        return None
    labels = [f"{name} ({code})" for code, name in councils.items()]
    label, ok = QInputDialog.getItem(parent, tr("받을 협의체 고르기"), tr("어느 협의체에 보낼까요?"), labels, 0, False)
    if not ok:
        return None
    return list(councils)[labels.index(label)]


# ---------------------------------------------------------------- export and import

def export_usb(parent: QWidget | None, state: AppState) -> Path | None:
    recipient: str | None = None
    # Whether this PC can write a package at all is checked before asking for a folder.
    sites = ops.run(parent, sync.list_sites, state.db)
    if sites is None:
        return None
    if is_city(state):
        recipient = ask_recipient(parent, sites)
        if recipient is None:
            return None
    elif not any(site.role == "city" for site in sites):
        show_error(parent, sync.SyncRefused("sync_not_enrolled"))
        return None
    folder = ask_folder(parent, tr("꾸러미를 저장할 폴더 고르기 (USB)"))
    if folder is None:
        return None
    # The error is shown after the progress dialog is gone, never under it (issue 8).
    try:
        path = run_with_progress(parent, tr("내보내기(USB)"), tr("꾸러미를 만드는 중입니다…"),
                                 sync.export_package, state.db, folder, recipient)
    except AppError as error:
        show_error(parent, error)
        return None
    except OSError as error:
        messages.warn(parent, tr("파일을 쓸 수 없습니다. USB가 꽂혀 있는지, 남은 공간이 있는지 확인하세요.") + f"\n{error}")
        return None
    messages.inform(parent, tr("꾸러미 파일을 만들었습니다: {name}\n폴더: {folder}\n\nUSB를 뽑기 전에 꼭 [안전하게 제거]를 하세요.").format(
        name=path.name, folder=path.parent), tr("내보내기(USB)"))
    return path


def import_usb(parent: QWidget | None, state: AppState, paths: list[Path] | None = None) -> sync.ImportResult | None:
    from ui.dialogs.sync_preview_dialog import SyncPreviewDialog

    paths = paths if paths is not None else ask_package_paths(parent)
    if not paths:
        return None
    preview = ops.run(parent, sync.preview_package, state.db, paths)
    if preview is None:
        return None
    dialog = SyncPreviewDialog(parent, preview)
    if not dialog.exec():
        return None
    result = ops.run_long(parent, tr("가져오기(USB)"), tr("꾸러미를 가져오는 중입니다…"),
                          sync.import_packages, state.db, paths)
    if result is None:
        return None
    ops.notify({Change.ALL})
    messages.inform(parent, result_text(result), tr("가져오기(USB)"))
    if result.conflicts:
        show_conflicts(parent, state)
    return result


def result_text(result: sync.ImportResult) -> str:
    if result.nothing_to_do:
        return tr("새로 가져올 것이 없습니다. 이미 가져온 꾸러미입니다.")
    text = tr("가져왔습니다. 새로 {new}건, 바뀜 {updated}건, 삭제 {deleted}건.").format(
        new=result.new, updated=result.updated, deleted=result.deleted)
    if result.conflicts:
        text += "\n" + tr("양쪽에서 고친 기록 {n}건은 충돌로 남겼습니다. 이어서 여는 화면에서 하나씩 정하세요.").format(n=result.conflicts)
    if result.backup is not None:
        text += "\n\n" + tr("가져오기 전에 백업했습니다: {name}").format(name=Path(result.backup).name)
    return text


def show_conflicts(parent: QWidget | None, state: AppState) -> None:
    from ui.dialogs.conflicts_dialog import ConflictsDialog

    dialog = ConflictsDialog(parent, state)
    if dialog.load():
        dialog.exec()


# ---------------------------------------------------------------- enrollment

def enroll_device(parent: QWidget | None, state: AppState) -> tuple[Path, str] | None:
    """City admin: make an enrollment file for a council device and show its one-time code."""
    from ui.dialogs.enroll_dialog import EnrollCodeDialog, EnrollCreateDialog

    if not is_city(state):
        messages.inform(parent, tr("기기 등록은 시군구 모드에서 합니다. 이 기기에서는 [등록 파일 받기…]를 쓰세요."))
        return None
    form = EnrollCreateDialog(parent)
    if not form.exec():
        return None
    folder = ask_folder(parent, tr("등록 파일을 저장할 폴더 고르기 (USB)"))
    if folder is None:
        return None
    stem = f"enroll-{form.code}"
    made = ops.run(parent, sync.enroll_create, state.db, form.code, form.name, folder / stem)
    if made is None:
        return None
    path, code = made
    EnrollCodeDialog(parent, form.name, path, code).exec()
    return path, code


def accept_enrollment(parent: QWidget | None, state: AppState, path: Path | None = None) -> SiteView | None:
    """Council admin: take the city's enrollment file, typing the code read out by the city."""
    from ui.dialogs.enroll_dialog import EnrollAcceptDialog

    path = path or ask_enroll_file(parent)
    if path is None:
        return None
    dialog = EnrollAcceptDialog(parent, state, path)
    if not dialog.exec():
        return None
    site = dialog.site
    if site is not None:
        messages.inform(parent, tr("등록했습니다. 이제 [내보내기(USB)…]로 {name}에 자료를 보낼 수 있습니다.").format(
            name=site.council_name), tr("등록 파일 받기"))
    return site


# ---------------------------------------------------------------- city

def show_sites(parent: QWidget | None, state: AppState) -> None:
    from ui.dialogs.sites_dialog import SitesDialog

    dialog = SitesDialog(parent, state)
    if dialog.load():
        dialog.exec()


def city_summary(parent: QWidget | None, state: AppState) -> Path | None:
    from ui import clock

    name = f"협의체별요약_{clock.today().isoformat().replace('-', '')}.xlsx"
    path = file_actions.ask_save_path(parent, tr("협의체별 요약(엑셀)"), name, EXCEL_FILTER)
    if path is None:
        return None
    try:
        written = ops.call(sync.city_summary_excel, state.db, path, today=clock.today())
    except AppError as error:
        show_error(parent, error)
        return None
    except OSError as error:
        messages.warn(parent, tr("파일을 쓸 수 없습니다. 파일이 다른 프로그램(엑셀, PDF 보기)에서 열려 있으면 닫고 다시 하세요.")
                      + f"\n{error}")
        return None
    messages.file_saved(parent, Path(written))
    return Path(written)
