"""The ``councildesk`` command line (contract: shared/cli.md), the window's twin.

Every command calls the same ``app`` functions the window uses. Errors are one Korean
line on stderr (English with ``--lang en``) and an exit status: 0 done, 2 usage,
3 refused input with nothing changed, 4 waiting for a person, 1 anything else.
"""
from __future__ import annotations

import argparse
import base64
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from app import __version__
from app.errors import MESSAGES, AppError, InputRefused

MESSAGES.update({
    "user_needed": ("계정이 필요합니다: --user 아이디를 주고, 비밀번호는 COUNCILDESK_PASSWORD 환경 변수로 주세요.",
                    "An account is needed: give --user NAME and the password in COUNCILDESK_PASSWORD."),
    "password_needed": ("비밀번호가 필요합니다: COUNCILDESK_PASSWORD 환경 변수로 주거나 터미널에서 입력하세요.",
                        "A password is needed: set COUNCILDESK_PASSWORD or type it at the terminal."),
    "password_mismatch": ("두 번 입력한 비밀번호가 다릅니다.", "The two passwords differ."),
    "enroll_code_needed": ("등록 코드가 필요합니다: COUNCILDESK_ENROLL_CODE 환경 변수로 주거나 터미널에서 입력하세요.",
                           "The enrollment code is needed: set COUNCILDESK_ENROLL_CODE or type it at the terminal."),
})


class UsageError(AppError):
    exit_code = 2

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REFUSED, EXIT_PENDING = 0, 1, 2, 3, 4

log = logging.getLogger("councildesk")


class Output:
    """Prints results for people (Korean) or one JSON object for scripts."""

    def __init__(self, as_json: bool, lang: str) -> None:
        self.as_json = as_json
        self.lang = lang

    def result(self, text_ko: str, text_en: str, data: dict[str, Any]) -> None:
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, default=str))
        else:
            print(text_ko if self.lang == "ko" else text_en)

    def error(self, text: str) -> None:
        print(text, file=sys.stderr)


def _today() -> date:
    return date.today()


def _db_path(args: argparse.Namespace) -> Path:
    from app.paths import default_db_path

    value = getattr(args, "db", None)
    return Path(value).expanduser() if value else default_db_path()


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _password(confirm: bool = False) -> str:
    """From COUNCILDESK_PASSWORD (scripts), else asked at the terminal, never an argument."""
    password = os.environ.get("COUNCILDESK_PASSWORD")
    if password is not None:
        return password
    if not _interactive():
        raise UsageError("password_needed")
    password = getpass.getpass("비밀번호: ")
    if confirm and getpass.getpass("비밀번호 확인: ") != password:
        raise InputRefused("password_mismatch")
    return password


def _user(args: argparse.Namespace) -> str:
    user = getattr(args, "user", None)
    if user:
        return user
    if not _interactive():
        raise UsageError("user_needed")
    return input("아이디: ").strip()


def _open(args: argparse.Namespace):
    """Log in with --user and the password; every command acts as that account."""
    from app.database import open_database

    path = _db_path(args)
    return open_database(path, _user(args), _password())


def _close(db: Any) -> None:
    from app.database import close_database

    close_database(db)


def _date_arg(text: str) -> date:
    from app.dates import parse_date

    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(f"날짜가 아닙니다: {text} (예: 2026-11-24)")
    return value


# ---------------------------------------------------------------- commands

GuiRunner = Callable[..., int]
GUI_ENTRY_POINT_GROUP = "councildesk.gui"
_registered_gui: GuiRunner | None = None


def register_gui(runner: GuiRunner) -> None:
    """Let a launcher (e.g. the PyInstaller bundle) hand the window to the CLI directly."""
    global _registered_gui
    _registered_gui = runner


def _gui_runner() -> GuiRunner | None:
    # The window plugs into the core through an entry point, so app/ never imports ui/:
    # every other command runs (and is tested) without Qt.
    if _registered_gui is not None:
        return _registered_gui
    for entry in entry_points(group=GUI_ENTRY_POINT_GROUP):
        return entry.load()
    return None


def cmd_gui(args: argparse.Namespace, out: Output) -> int:
    runner = _gui_runner()
    if runner is None:
        out.error("창 프로그램(ui)이 설치되어 있지 않습니다. 'pip install -e .'로 다시 설치하세요."
                  if out.lang == "ko" else "The window (ui) is not installed. Reinstall with 'pip install -e .'.")
        return EXIT_ERROR
    db_arg = getattr(args, "db", None)
    lang = args.lang if args.lang_given else None
    return runner(Path(db_arg).expanduser() if db_arg else None, lang=lang, smoke=args.smoke)


RECOVERY_NOTE_KO = ("복구 코드(지금 한 번만 표시됩니다. 인쇄하거나 종이에 적어 잠글 수 있는 곳에 보관하세요. "
                    "모든 비밀번호를 잊었을 때 이 코드로만 데이터를 열 수 있습니다)")
RECOVERY_NOTE_EN = ("Recovery code (shown only now: print it or write it down and lock it away; "
                    "it is the only way in if every password is lost)")


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    from app.database import close_database, init_database, installation_info
    from app.security.accounts import NewAccount

    path = _db_path(args)
    admin = NewAccount(args.admin, _password(confirm=True), args.admin_name, "admin")
    created = init_database(path, args.council_code, args.council_name, admin, args.role)
    info = installation_info(created.db)
    close_database(created.db)
    out.result(
        f"새 데이터 파일을 만들었습니다: {path}\n협의체: {info.council_name} ({info.council_code})\n"
        f"관리자 아이디: {admin.username}\n{RECOVERY_NOTE_KO}:\n\n    {created.recovery_code}\n",
        f"Created a new data file: {path}\nCouncil: {info.council_name} ({info.council_code})\n"
        f"Administrator: {admin.username}\n{RECOVERY_NOTE_EN}:\n\n    {created.recovery_code}\n",
        {"db": str(path), "council_code": info.council_code, "council_name": info.council_name,
         "device_id": info.device_id, "role": info.site_role, "admin": admin.username,
         "recovery_code": created.recovery_code},
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: Output) -> int:
    from app.database import close_database, init_database
    from app.demo import (DEMO_ACCOUNTS, DEMO_COUNCIL_CODE, DEMO_COUNCIL_NAME, DEMO_PASSWORD, add_demo_accounts,
                          build_demo)
    from app.demo_meetings import build_demo_meetings
    from app.members import list_members
    from app.security.accounts import NewAccount

    path = _db_path(args)
    password = os.environ.get("COUNCILDESK_PASSWORD") or DEMO_PASSWORD
    admin = NewAccount(args.admin, password, "관리자", "admin")
    created = init_database(path, args.council_code or DEMO_COUNCIL_CODE, args.council_name or DEMO_COUNCIL_NAME,
                            admin)
    db = created.db
    try:
        build_demo(db, _today())
        build_demo_meetings(db, _today())
        add_demo_accounts(db)
        count = len(list_members(db.uow(), _today(), status="active"))
    except BaseException:
        db.dispose()
        for suffix in ("", "-wal", "-shm", ".keys"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    close_database(db)
    from_environment = bool(os.environ.get("COUNCILDESK_PASSWORD"))
    shown = "COUNCILDESK_PASSWORD의 비밀번호" if from_environment else DEMO_PASSWORD
    from app.security.permissions import ROLES

    others = ", ".join(f"{u}({ROLES[r][0]} {n})" for u, n, r in DEMO_ACCOUNTS)
    out.result(
        f"데모 데이터 파일을 만들었습니다: {path}\n재임 위원 {count}명.\n"
        f"로그인: 아이디 {admin.username}, 비밀번호 {shown}\n"
        f"역할별 데모 계정(비밀번호 {DEMO_PASSWORD}): {others}\n"
        f"창을 열려면: councildesk --db {path}\n복구 코드: {created.recovery_code}",
        f"Created a demo data file: {path}\n{count} members in office.\n"
        f"Log in as {admin.username} with {'the password in COUNCILDESK_PASSWORD' if from_environment else DEMO_PASSWORD}\n"
        f"Demo accounts per role (password {DEMO_PASSWORD}): {others}\n"
        f"Open the window: councildesk --db {path}\nRecovery code: {created.recovery_code}",
        {"db": str(path), "members_in_office": count, "admin": admin.username,
         "accounts": [u for u, _n, _r in DEMO_ACCOUNTS], "recovery_code": created.recovery_code},
    )
    return EXIT_OK


def _record_to_json(table: str, row: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"table": table}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")  # attachments: JSON carries no bytes
        record[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return record


# Fields only accounts with the matching permission may see, by table.
_PERSONAL_FIELDS = {"member": ("birth_date",)}


def cmd_dump(args: argparse.Namespace, out: Output) -> int:
    from sqlalchemy import select

    from app.security.audit import record
    from app.security.permissions import Permission, require
    from db.registry import ALL_SYNCED_MODELS

    tables = {model.__tablename__: model for model in ALL_SYNCED_MODELS}
    if args.table and args.table not in tables:
        raise InputRefused("invalid_choice", field="table", value=args.table)
    db = _open(args)
    try:
        actor = require(db.actor, Permission.MEMBERS_READ)
        hidden = {} if actor.can(Permission.MEMBERS_PERSONAL) else _PERSONAL_FIELDS
        count = 0
        with db.session_factory() as session:
            for name in sorted(tables):
                if args.table and name != args.table:
                    continue
                model = tables[name]
                rows = session.scalars(select(model).where(model.deleted_at.is_(None)).order_by(model.id))
                for row in rows:
                    record_json = _record_to_json(name, row)
                    for field_name in hidden.get(name, ()):
                        record_json.pop(field_name, None)
                    print(json.dumps(record_json, ensure_ascii=False, sort_keys=False))
                    count += 1
        record(db.uow(), "export", args.table or "", "", {"command": "dump", "rows": count})
    finally:
        _close(db)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: Output) -> int:
    from app.maintenance import check_database

    report = check_database(_db_path(args), _user(args), _password())
    out.result(report.text("ko"), report.text("en"), report.as_dict())
    return EXIT_OK if report.ok else EXIT_REFUSED


def _council_name(db: Any) -> str:
    from app.database import installation_info

    return installation_info(db).council_name


def _resolve_id(db: Any, model: Any, ref: str, not_found: str) -> str:
    """Accept a full record id or a unique prefix of it (as printed by ``dump``)."""
    from sqlalchemy import select

    with db.session_factory() as session:
        ids = list(session.scalars(select(model.id).where(model.id.startswith(ref), model.deleted_at.is_(None))))
    if len(ids) != 1 or len(ref) < 4:
        raise InputRefused(not_found, id=ref)
    return ids[0]


def _resolve_member(db: Any, member_ref: str) -> str:
    from db.models import Member

    return _resolve_id(db, Member, member_ref, "member_not_found")


MEETING_DOCUMENTS = ("notice", "agenda", "attendance", "minutes")


def cmd_print(args: argparse.Namespace, out: Output) -> int:
    db = _open(args)
    try:
        council = _council_name(db)
        on_date = args.date or _today()
        target = Path(args.out).expanduser()
        if args.kind == "roster":
            from app.reports.roster_pdf import write_roster_pdf

            write_roster_pdf(db.uow(), target, on_date, council)
        elif args.kind == "appointment":
            if not args.member:
                out.error("위촉장을 인쇄하려면 --member 위원ID를 주세요." if out.lang == "ko"
                          else "Give --member ID to print an appointment certificate.")
                return EXIT_USAGE
            from app.reports.appointment_pdf import write_appointment_pdf
            from app.settings import load_appointing_authority

            member_id = _resolve_member(db, args.member)
            with db.session_factory() as session:
                issuer = args.issuer or load_appointing_authority(session)
            write_appointment_pdf(db.uow(), member_id, target, council, issuer, on_date, args.number or "")
        else:
            if not args.meeting:
                out.error("회의 문서를 인쇄하려면 --meeting 회의ID를 주세요." if out.lang == "ko"
                          else "Give --meeting ID to print a meeting document.")
                return EXIT_USAGE
            from app.reports import meeting_pdfs
            from db.meeting_models import Meeting

            meeting_id = _resolve_id(db, Meeting, args.meeting, "meeting_not_found")
            writer = getattr(meeting_pdfs, f"write_{args.kind}_pdf")
            writer(db.uow(), meeting_id, target, council)
    finally:
        _close(db)
    out.result(f"인쇄 파일을 만들었습니다: {target}", f"Wrote {target}", {"out": str(target), "kind": args.kind})
    return EXIT_OK


def cmd_excel(args: argparse.Namespace, out: Output) -> int:
    from app.reports import excel_members

    if args.area != "members":
        raise InputRefused("invalid_choice", field="area", value=args.area)
    if args.action == "template":
        # A blank form holds no data, so it needs no login.
        target = Path(args.out).expanduser()
        excel_members.write_members_template(target)
        out.result(f"엑셀 양식을 만들었습니다: {target}", f"Wrote {target}", {"out": str(target)})
        return EXIT_OK
    db = _open(args)
    try:
        if args.action == "export":
            target = Path(args.out).expanduser()
            excel_members.export_members(db.uow(), target, _today())
            out.result(f"엑셀 파일을 만들었습니다: {target}", f"Wrote {target}", {"out": str(target)})
            return EXIT_OK
        plan = excel_members.read_members_workbook(db.uow(), Path(args.file).expanduser(), _today())
        errors = [e.message(out.lang) for e in plan.errors]
        for line in errors:
            out.error(line)
        summary = {"rows": len(plan.rows), "valid": len(plan.valid_rows), "invalid": len(plan.invalid_rows),
                   "errors": errors, "dry_run": args.dry_run}
        if args.dry_run:
            counts = plan.counts
            summary.update(counts)
            out.result(
                f"검사만 했습니다(바꾼 것 없음): 전체 {len(plan.rows)}행, 올바른 행 {len(plan.valid_rows)}, 잘못된 행 {len(plan.invalid_rows)}",
                f"Dry run (nothing changed): {len(plan.rows)} rows, {len(plan.valid_rows)} valid, {len(plan.invalid_rows)} invalid",
                summary,
            )
            return EXIT_REFUSED if plan.invalid_rows else EXIT_OK
        if plan.invalid_rows and not args.only_valid:
            raise InputRefused("excel_invalid_rows", count=len(plan.invalid_rows))
        from app.backup import backup_before

        backup_before(db, "before-import")
        result = excel_members.apply_members_import(db.uow(), plan, _today(), only_valid=args.only_valid)
        summary.update({"added": result.added, "updated": result.updated, "unchanged": result.unchanged,
                        "skipped": result.skipped})
        out.result(
            f"가져왔습니다: 추가 {result.added}명, 수정 {result.updated}명, 변동 없음 {result.unchanged}명, 건너뜀 {result.skipped}행",
            f"Imported: {result.added} added, {result.updated} updated, {result.unchanged} unchanged, {result.skipped} skipped",
            summary,
        )
        return EXIT_OK
    finally:
        _close(db)


def cmd_backup(args: argparse.Namespace, out: Output) -> int:
    from app.backup import backup_now

    db = _open(args)
    try:
        target = backup_now(db, Path(args.to).expanduser() if args.to else None, reason="manual")
    finally:
        _close(db)
    out.result(f"백업했습니다: {target}\n(같은 이름의 .keys 파일도 함께 보관하세요)",
               f"Backed up to {target}\n(keep the .keys file of the same name with it)", {"backup": str(target)})
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, out: Output) -> int:
    from app.backup import restore_backup

    db = _open(args)
    try:
        saved = restore_backup(db, Path(args.backup).expanduser())
    finally:
        db.dispose()
    out.result(f"백업에서 복원했습니다: {args.backup}\n복원 전 상태는 여기에 백업해 두었습니다: {saved}",
               f"Restored {args.backup}\nThe state before the restore was saved to {saved}",
               {"restored": str(args.backup), "before_restore_backup": str(saved)})
    return EXIT_OK


def _enroll_code() -> str:
    """The one-time code read out by the city: from COUNCILDESK_ENROLL_CODE or typed."""
    code = os.environ.get("COUNCILDESK_ENROLL_CODE")
    if code:
        return code
    if not _interactive():
        raise UsageError("enroll_code_needed")
    return input("등록 코드: ").strip()


def _site_json(site: Any) -> dict[str, Any]:
    return {"device_id": site.device_id, "council_code": site.council_code, "council_name": site.council_name,
            "role": site.role, "status": site.status,
            "last_package_at": site.last_package_at.isoformat() if site.last_package_at else None}


def cmd_enroll(args: argparse.Namespace, out: Output) -> int:
    from app import sync

    db = _open(args)
    try:
        if args.action == "create":
            path, code = sync.enroll_create(db, args.council_code, args.council_name, Path(args.out).expanduser())
            out.result(
                f"기기 등록 파일을 만들었습니다: {path}\n협의체 PC에서 이 파일을 가져올 때 입력할 등록 코드(한 번만 표시):\n\n    {code}\n",
                f"Wrote the enrollment file {path}\nOne-time code to type on the council PC (shown once):\n\n    {code}\n",
                {"file": str(path), "code": code})
        elif args.action == "accept":
            site = sync.enroll_accept(db, Path(args.file).expanduser(), _enroll_code())
            out.result(f"등록을 마쳤습니다. 이제 시군구({site.council_name})와 USB로 자료를 주고받을 수 있습니다.",
                       f"Enrolled. This PC now exchanges packages with {site.council_name}.", _site_json(site))
        elif args.action == "revoke":
            site = sync.enroll_revoke(db, args.device)
            out.result(f"기기 등록을 취소했습니다: {site.device_id} ({site.council_name}). 이 기기의 꾸러미는 이제 받지 않습니다.",
                       f"Revoked {site.device_id} ({site.council_name}); its packages are refused from now on.",
                       _site_json(site))
        else:
            sites = sync.list_sites(db)
            lines = [f"{s.council_code} {s.council_name} {s.device_id} {s.status} "
                     f"{s.last_package_at:%Y-%m-%d %H:%M}" if s.last_package_at else
                     f"{s.council_code} {s.council_name} {s.device_id} {s.status} -" for s in sites]
            text = "\n".join(lines) or "등록된 기기가 없습니다."
            out.result(text, "\n".join(lines) or "No enrolled devices.", {"sites": [_site_json(s) for s in sites]})
    finally:
        _close(db)
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    from app.sync import export_package

    db = _open(args)
    try:
        path = export_package(db, Path(args.to).expanduser(), getattr(args, "for_", None))
    finally:
        _close(db)
    out.result(f"{path}\n(USB를 뺄 때는 '안전하게 제거'를 먼저 하세요)", str(path), {"package": str(path)})
    return EXIT_OK


def _counts(preview: Any) -> dict[str, int]:
    return {"new": preview.new, "updated": preview.updated, "deleted": preview.deleted,
            "conflicts": preview.conflicts, "unchanged": preview.unchanged}


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    from app.sync import import_packages, preview_package

    paths = [Path(p).expanduser() for p in args.packages]
    db = _open(args)
    try:
        result = preview_package(db, paths) if args.dry_run else import_packages(db, paths)
    finally:
        _close(db)
    counts = _counts(result)
    summary_ko = (f"새 기록 {counts['new']}, 바뀐 기록 {counts['updated']}, 삭제 {counts['deleted']}, "
                  f"충돌 {counts['conflicts']}, 변동 없음 {counts['unchanged']}")
    summary_en = (f"new {counts['new']}, updated {counts['updated']}, deleted {counts['deleted']}, "
                  f"conflicts {counts['conflicts']}, unchanged {counts['unchanged']}")
    data = {**counts, "dry_run": args.dry_run, "nothing_to_do": result.nothing_to_do,
            "packages": [{"path": str(p.path), "package_id": p.package_id, "status": p.status} for p in result.packages]}
    if args.dry_run:
        out.result("검사만 했습니다(바꾼 것 없음): " + summary_ko, "Dry run (nothing changed): " + summary_en, data)
        return EXIT_OK
    if result.nothing_to_do:
        out.result("이미 가져온 꾸러미입니다. 바꿀 것이 없습니다.", "Already imported: nothing to do.", data)
        return EXIT_OK
    out.result("가져왔습니다: " + summary_ko, "Imported: " + summary_en, data)
    if result.conflicts:
        out.error(f"충돌 {result.conflicts}건이 해결을 기다립니다. 창에서 파일 → 충돌 해결…을 여세요."
                  if out.lang == "ko" else f"{result.conflicts} conflicts wait for a person: open File → Resolve conflicts.")
        return EXIT_PENDING
    return EXIT_OK


# ---------------------------------------------------------------- parser

class KoreanArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit 2 and a Korean hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"명령을 잘못 썼습니다: {message}\n'councildesk --help'로 사용법을 보세요.\n")


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help="데이터 파일 경로")
    parser.add_argument("--user", metavar="NAME", default=default,
                        help="로그인할 계정 아이디 (비밀번호는 COUNCILDESK_PASSWORD 환경 변수 또는 터미널 입력)")
    parser.add_argument("--lang", choices=("ko", "en"), default=default, help="메시지 언어")
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="결과를 JSON 한 개로 출력")
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="오류의 자세한 내용(traceback)도 출력")


def build_parser() -> argparse.ArgumentParser:
    parser = KoreanArgumentParser(prog="councildesk", description="협의체 데스크 — 읍면동 지역사회보장협의체 업무 프로그램")
    parser.add_argument("--version", action="version", version=f"councildesk {__version__}")
    parser.add_argument("--smoke", action="store_true", help="창을 열었다가 바로 닫기(설치 확인용)")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=KoreanArgumentParser)

    def add(name: str, handler: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        _common(command, top=False)
        command.set_defaults(handler=handler)
        return command

    gui = add("gui", cmd_gui, "창 열기")
    gui.add_argument("--smoke", action="store_true", default=argparse.SUPPRESS)

    init = add("init", cmd_init, "새 데이터 파일 만들기")
    init.add_argument("--council-code", required=True)
    init.add_argument("--council-name", required=True)
    init.add_argument("--role", choices=("council", "city"), default="council")
    init.add_argument("--admin", default="admin", help="첫 관리자 아이디 (비밀번호는 COUNCILDESK_PASSWORD 또는 입력)")
    init.add_argument("--admin-name", default="관리자", help="첫 관리자 이름")

    demo = add("demo", cmd_demo, "데모 데이터 파일 만들기")
    demo.add_argument("--council-code")
    demo.add_argument("--council-name")
    demo.add_argument("--admin", default="admin", help="관리자 아이디 (비밀번호: COUNCILDESK_PASSWORD 또는 데모 비밀번호)")

    dump = add("dump", cmd_dump, "모든 기록을 JSON Lines로 출력")
    dump.add_argument("--table")

    add("check", cmd_check, "데이터 파일 무결성과 접속기록 검사")

    backup = add("backup", cmd_backup, "지금 백업하기")
    backup.add_argument("--to", metavar="DIR", help="백업을 둘 폴더 (예: USB). 없으면 자동 백업 폴더")

    restore = add("restore", cmd_restore, "백업에서 복원하기 (지금 상태를 먼저 백업)")
    restore.add_argument("backup", metavar="BACKUP")

    export = add("export", cmd_export, "USB로 보낼 동기화 꾸러미 쓰기")
    export.add_argument("--to", required=True, metavar="DIR", help="꾸러미를 쓸 폴더 (예: USB)")
    export.add_argument("--for", dest="for_", metavar="CODE_OR_DEVICE",
                        help="시군구에서: 받을 협의체 코드 또는 기기 ID")

    imp_sync = add("import", cmd_import, "동기화 꾸러미 검증 후 가져오기")
    imp_sync.add_argument("packages", nargs="+", metavar="PACKAGE", help="꾸러미 파일 또는 폴더")
    imp_sync.add_argument("--dry-run", action="store_true", help="무엇이 바뀔지 보기만 하기")

    enroll = add("enroll", cmd_enroll, "기기 등록 (시군구 ↔ 협의체)")
    enroll_sub = enroll.add_subparsers(dest="action", required=True, parser_class=KoreanArgumentParser)
    create = enroll_sub.add_parser("create", help="시군구: 협의체 기기 하나를 등록하는 파일 만들기")
    create.add_argument("--council-code", required=True)
    create.add_argument("--council-name", required=True)
    create.add_argument("--out", required=True, metavar="FILE")
    accept = enroll_sub.add_parser("accept", help="협의체: 등록 파일 받기 (등록 코드는 COUNCILDESK_ENROLL_CODE 또는 입력)")
    accept.add_argument("file", metavar="FILE")
    revoke = enroll_sub.add_parser("revoke", help="시군구: 잃어버린 기기의 등록 취소")
    revoke.add_argument("--device", required=True, metavar="DEVICE_ID")
    enroll_sub.add_parser("list", help="알려진 기관과 기기, 마지막 꾸러미 시각")
    for sub_parser in (create, accept, revoke, enroll_sub.choices["list"]):
        _common(sub_parser, top=False)

    prn = add("print", cmd_print, "문서 인쇄(PDF)")
    prn.add_argument("kind", choices=("roster", "appointment") + MEETING_DOCUMENTS)
    prn.add_argument("--meeting", metavar="ID", help="회의 ID (notice, agenda, attendance, minutes)")
    prn.add_argument("--out", required=True, metavar="FILE.pdf")
    prn.add_argument("--member", metavar="ID")
    prn.add_argument("--date", type=_date_arg, help="기준일 또는 발급일 (기본: 오늘)")
    prn.add_argument("--issuer", help="위촉권자 (예: 햇살군수)")
    prn.add_argument("--number", help="위촉장 번호 (예: 2026-7)")

    excel = add("excel", cmd_excel, "엑셀 내보내기/가져오기")
    excel_sub = excel.add_subparsers(dest="action", required=True, parser_class=KoreanArgumentParser)
    export = excel_sub.add_parser("export", help="엑셀로 내보내기")
    export.add_argument("area", choices=("members",))
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    _common(export, top=False)
    template = excel_sub.add_parser("template", help="빈 엑셀 양식 만들기")
    template.add_argument("area", choices=("members",))
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    _common(template, top=False)
    imp = excel_sub.add_parser("import", help="엑셀에서 가져오기")
    imp.add_argument("area", choices=("members",))
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true", help="검사만 하고 바꾸지 않기")
    imp.add_argument("--only-valid", action="store_true", help="올바른 행만 가져오기")
    _common(imp, top=False)
    return parser


def _setup_logging(debug: bool) -> None:
    from app.paths import log_dir

    handlers: list[logging.Handler] = []
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_dir() / "councildesk.log", encoding="utf-8"))
    except OSError:
        pass
    if debug:
        handlers.append(logging.StreamHandler(sys.stderr))
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, handlers=handlers, force=True,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(raw)
    args.lang_given = getattr(args, "lang", None) is not None
    args.lang = getattr(args, "lang", None) or "ko"
    debug = bool(getattr(args, "debug", False))
    out = Output(bool(getattr(args, "json", False)), args.lang)
    _setup_logging(debug)
    handler: Callable[[argparse.Namespace, Output], int] = getattr(args, "handler", cmd_gui)
    if not hasattr(args, "smoke"):
        args.smoke = False
    try:
        return handler(args, out)
    except AppError as error:
        log.info("refused: %s %s", error.code, error.params)
        out.error(error.message(args.lang))
        if debug:
            raise
        return error.exit_code
    except KeyboardInterrupt:
        out.error("중단했습니다." if args.lang == "ko" else "Interrupted.")
        return EXIT_ERROR
    except Exception:
        log.exception("unexpected error in %s", raw)
        if debug:
            raise
        out.error("예기치 않은 오류가 났습니다. 자세한 내용은 기록 파일(로그)에 남겼습니다. --debug로 다시 실행하면 볼 수 있습니다."
                  if args.lang == "ko" else "Unexpected error; details are in the log file. Run again with --debug.")
        return EXIT_ERROR
