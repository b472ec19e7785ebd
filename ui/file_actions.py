"""The 파일 menu's work: new/open data file, roster and 위촉장 PDFs, Excel in and out.

Each function asks where (a file dialog), runs one report service with a progress
dialog, and says where the file went. Report modules are imported when used, so the
window works even on a build where a report is not there yet.
"""
from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QWidget

from app.dates import format_iso
from app.errors import AppError
from app.members import MemberView
from app.areas import Change
from ui import clock, messages, ops
from ui.errors import show_error
# The file dialogs live in ui.file_dialogs; they are named here too, where the actions use them.
from ui.file_dialogs import DB_FILTER, EXCEL_FILTER, PDF_FILTER, ask_open_path, ask_save_path, documents_dir  # noqa: F401
from ui.i18n import tr
from ui.progress import run_with_progress
from ui.state import AppState

def _report(parent: QWidget | None, module: str) -> ModuleType | None:
    """The report module, or ``None`` with a calm note when this build lacks it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name and module.startswith(error.name):
            messages.inform(parent, tr("이 기능은 아직 준비 중입니다. 다음 판에서 쓸 수 있습니다."))
            return None
        raise


def _write(parent: QWidget | None, title: str, work) -> object | None:  # type: ignore[no-untyped-def]
    """Run report work under a progress dialog; AppError and disk errors become messages."""
    try:
        return run_with_progress(parent, title, tr("만드는 중입니다…"),
                                 lambda progress: work(progress))
    except AppError as error:
        show_error(parent, error)
    except OSError as error:
        messages.warn(parent, tr("파일을 쓸 수 없습니다. 파일이 다른 프로그램(엑셀, PDF 보기)에서 열려 있으면 닫고 다시 하세요.")
                      + f"\n{error}")
    return None


def _stamp() -> str:
    return format_iso(clock.today()).replace("-", "")


# ---------------------------------------------------------------- PDFs

def print_roster(parent: QWidget | None, state: AppState) -> None:
    module = _report(parent, "app.reports.roster_pdf")
    if module is None:
        return
    path = ask_save_path(parent, tr("위원 명부 인쇄(PDF)"), f"{tr('위원명부')}_{_stamp()}.pdf", PDF_FILTER)
    if path is None:
        return
    done = _write(parent, tr("위원 명부 인쇄(PDF)"), lambda _p: module.write_roster_pdf(
        state.uow(), path, clock.today(), state.council_name))
    if done is not None:
        messages.file_saved(parent, Path(done))  # type: ignore[arg-type]


def print_appointment(parent: QWidget | None, state: AppState, member: MemberView) -> None:
    print_appointments(parent, state, [member])


def print_appointments(parent: QWidget | None, state: AppState, members: Sequence[MemberView]) -> None:
    """위촉장 of one or several members into one PDF, one certificate a page."""
    if not members:
        return
    module = _report(parent, "app.reports.appointment_pdf")
    if module is None:
        return
    from ui.dialogs.appointment_dialog import AppointmentDialog

    from app.settings import get_appointing_authority, set_appointing_authority

    default_issuer = ops.call(get_appointing_authority, state.uow())
    first_term = members[0].current_term
    dialog = AppointmentDialog(parent, [m.name for m in members], issuer=default_issuer,
                               start_on=first_term.start_on if first_term else None)
    if not dialog.exec():
        return
    issuer, issued_on, number = dialog.values()
    if issuer != default_issuer:
        # The 위촉권자 is the same for every letter: remember it with the council's data.
        if ops.run(parent, set_appointing_authority, state.uow(), issuer) is None:
            return
    name = members[0].name if len(members) == 1 else tr("{name} 외 {count}명").format(
        name=members[0].name, count=len(members) - 1)
    path = ask_save_path(parent, tr("위촉장 인쇄"), f"{tr('위촉장')}_{name}_{_stamp()}.pdf", PDF_FILTER)
    if path is None:
        return
    ids = [m.id for m in members]
    done = _write(parent, tr("위촉장 인쇄"), lambda _p: module.write_appointment_pdfs(
        state.uow(), ids, path, state.council_name, issuer, issued_on, number, today=clock.today()))
    if done is not None:
        messages.file_saved(parent, Path(done))  # type: ignore[arg-type]


# ---------------------------------------------------------------- Excel

def export_excel(parent: QWidget | None, state: AppState, status: str = "all") -> None:
    module = _report(parent, "app.reports.excel_members")
    if module is None:
        return
    path = ask_save_path(parent, tr("엑셀로 내보내기"), f"{tr('위원명단')}_{_stamp()}.xlsx", EXCEL_FILTER)
    if path is None:
        return
    done = _write(parent, tr("엑셀로 내보내기"), lambda _p: module.export_members(
        state.uow(), path, clock.today(), status=status))
    if done is not None:
        messages.file_saved(parent, Path(done))  # type: ignore[arg-type]


def download_template(parent: QWidget | None) -> None:
    module = _report(parent, "app.reports.excel_members")
    if module is None:
        return
    path = ask_save_path(parent, tr("엑셀 양식 받기"), f"{tr('위원명단_양식')}.xlsx", EXCEL_FILTER)
    if path is None:
        return
    done = _write(parent, tr("엑셀 양식 받기"), lambda _p: module.write_members_template(path))
    if done is not None:
        messages.file_saved(parent, Path(done))  # type: ignore[arg-type]


def describe_import_result(result: object) -> str:
    """'추가 3명, 수정 2명' from whatever counts the import result carries."""
    names = {"added": tr("추가"), "created": tr("추가"), "inserted": tr("추가"), "updated": tr("수정"),
             "unchanged": tr("변경 없음"), "skipped": tr("건너뜀")}
    parts = []
    values = ({f.name: getattr(result, f.name) for f in fields(result)} if is_dataclass(result)
              else dict(getattr(result, "__dict__", {})))
    for key, value in values.items():
        if isinstance(value, int) and not isinstance(value, bool) and key in names:
            parts.append(f"{names[key]} {value}")
    return ", ".join(parts) if parts else tr("가져오기를 마쳤습니다.")


def import_excel(parent: QWidget | None, state: AppState) -> bool:
    module = _report(parent, "app.reports.excel_members")
    if module is None:
        return False
    path = ask_open_path(parent, tr("엑셀에서 가져오기"), EXCEL_FILTER)
    if path is None:
        return False
    today = clock.today()
    plan = ops.run_long(parent, tr("엑셀에서 가져오기"), tr("파일을 읽는 중입니다…"),
                        module.read_members_workbook, state.uow(), path, today)
    if plan is None:
        return False
    from ui.dialogs.import_dialog import ImportDialog

    dialog = ImportDialog(parent, plan)
    if not dialog.exec() or dialog.choice is None:
        return False
    only_valid = dialog.choice == "valid"
    from app.backup import backup_before

    # Every import is preceded by a backup, so a wrong sheet can be undone by a restore.
    if ops.run(parent, backup_before, state.db, "before-import") is None:
        return False
    result = ops.run_long(parent, tr("엑셀에서 가져오기"), tr("위원을 저장하는 중입니다…"),
                          module.apply_members_import, state.uow(), plan, today,
                          only_valid=only_valid, changes={Change.MEMBERS, Change.SUBCOMMITTEES})
    if result is None:
        return False
    messages.inform(parent, describe_import_result(result), tr("가져오기 완료"))
    return True


# ---------------------------------------------------------------- data files

def open_data_file(parent: QWidget | None, state: AppState) -> bool:
    """Log in to another data file; the current one is closed only once that worked."""
    from ui import session

    start = state.db_path.parent if state.db_path else None
    path = ask_open_path(parent, tr("데이터 파일 열기"), DB_FILTER, start)
    if path is None:
        return False
    db = session.login(parent, path)
    if db is None:
        return False
    session.end_session(state.db)
    state.switch_database(db)
    return True


def new_data_file(parent: QWidget | None, state: AppState) -> bool:
    from ui import session
    from ui.dialogs.setup_wizard import SetupWizard

    wizard = SetupWizard(parent, documents_dir() / "councildesk.db")
    if not wizard.exec() or wizard.database is None:
        return False
    session.end_session(state.db)
    state.switch_database(wizard.database)
    return True
