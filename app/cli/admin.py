"""Commands that look after the data file: ``init``, ``demo``, ``dump``, ``check``,
``backup``, ``restore`` and ``passwd``.

Each handler imports the services it calls, so building the parser loads none of them.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from app.cli.common import (EXIT_OK, EXIT_REFUSED, Output, Subparsers, add_command, close_db, db_path, new_password,
                            open_db, password, today, user)

RECOVERY_NOTE_KO = ("복구 코드(지금 한 번만 표시됩니다. 인쇄하거나 종이에 적어 잠글 수 있는 곳에 보관하세요. "
                    "모든 비밀번호를 잊었을 때 이 코드로만 데이터를 열 수 있습니다)")
RECOVERY_NOTE_EN = ("Recovery code (shown only now: print it or write it down and lock it away; "
                    "it is the only way in if every password is lost)")


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    from app.database import close_database, init_database, installation_info
    from app.security.accounts import NewAccount

    path = db_path(args)
    admin = NewAccount(args.admin, password(confirm=True), args.admin_name, "admin")
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
                          build_demo_areas)
    from app.members import list_members
    from app.security.accounts import NewAccount
    from app.security.permissions import ROLES

    path = db_path(args)
    demo_password = os.environ.get("COUNCILDESK_PASSWORD") or DEMO_PASSWORD
    admin = NewAccount(args.admin, demo_password, "관리자", "admin")
    created = init_database(path, args.council_code or DEMO_COUNCIL_CODE, args.council_name or DEMO_COUNCIL_NAME,
                            admin)
    db = created.db
    try:
        build_demo_areas(db, today())
        add_demo_accounts(db)
        count = len(list_members(db.uow(), today(), status="active"))
    except BaseException:
        db.dispose()
        for suffix in ("", "-wal", "-shm", ".keys"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    close_database(db)
    from_environment = bool(os.environ.get("COUNCILDESK_PASSWORD"))
    shown = "COUNCILDESK_PASSWORD의 비밀번호" if from_environment else DEMO_PASSWORD
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


def cmd_dump(args: argparse.Namespace, out: Output) -> int:
    """Every live record the account may read; tables and fields per role from the registry."""
    from app.area_records import dump_records
    from app.security.audit import record

    db = open_db(args)
    try:
        count = 0
        for record_json in dump_records(db.uow(), args.table or None):
            print(json.dumps(record_json, ensure_ascii=False, sort_keys=False))
            count += 1
        record(db.uow(), "export", args.table or "", "", {"command": "dump", "rows": count})
    finally:
        close_db(db)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: Output) -> int:
    from app.errors import InputRefused
    from app.maintenance import check_database
    from app.security.permissions import PasswordChangeRequired

    try:
        report = check_database(db_path(args), user(args), password())
    except PasswordChangeRequired as error:
        raise InputRefused("temporary_password", path=str(db_path(args)), **error.params) from None
    out.result(report.text("ko"), report.text("en"), report.as_dict())
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_backup(args: argparse.Namespace, out: Output) -> int:
    from app.backup import backup_now

    db = open_db(args)
    try:
        target = backup_now(db, Path(args.to).expanduser() if args.to else None, reason="manual")
    finally:
        close_db(db)
    out.result(f"백업했습니다: {target}\n(같은 이름의 .keys 파일도 함께 보관하세요)",
               f"Backed up to {target}\n(keep the .keys file of the same name with it)", {"backup": str(target)})
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, out: Output) -> int:
    from app.backup import restore_backup

    db = open_db(args)
    try:
        saved = restore_backup(db, Path(args.backup).expanduser())
    finally:
        db.dispose()
    out.result(f"백업에서 복원했습니다: {args.backup}\n복원 전 상태는 여기에 백업해 두었습니다: {saved}",
               f"Restored {args.backup}\nThe state before the restore was saved to {saved}",
               {"restored": str(args.backup), "before_restore_backup": str(saved)})
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace, out: Output) -> int:
    """One's own new password: the only way past a temporary one outside the window."""
    from app.database import close_database, open_database
    from app.security.accounts import change_own_password

    path = db_path(args)
    current = password()
    db = open_database(path, user(args), current)
    try:
        change_own_password(db, current, new_password())
        username = db.actor.username
    finally:
        close_database(db)
    out.result(f"비밀번호를 바꿨습니다: {username}", f"Password changed: {username}", {"user": username, "db": str(path)})
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    init = add_command(subparsers, "init", cmd_init, "새 데이터 파일 만들기")
    init.add_argument("--council-code", required=True)
    init.add_argument("--council-name", required=True)
    init.add_argument("--role", choices=("council", "city"), default="council")
    init.add_argument("--admin", default="admin", help="첫 관리자 아이디 (비밀번호는 COUNCILDESK_PASSWORD 또는 입력)")
    init.add_argument("--admin-name", default="관리자", help="첫 관리자 이름")

    demo = add_command(subparsers, "demo", cmd_demo, "데모 데이터 파일 만들기")
    demo.add_argument("--council-code")
    demo.add_argument("--council-name")
    demo.add_argument("--admin", default="admin", help="관리자 아이디 (비밀번호: COUNCILDESK_PASSWORD 또는 데모 비밀번호)")

    dump = add_command(subparsers, "dump", cmd_dump, "모든 기록을 JSON Lines로 출력")
    dump.add_argument("--table")

    add_command(subparsers, "check", cmd_check, "데이터 파일 무결성과 접속기록 검사")

    backup = add_command(subparsers, "backup", cmd_backup, "지금 백업하기")
    backup.add_argument("--to", metavar="DIR", help="백업을 둘 폴더 (예: USB). 없으면 자동 백업 폴더")

    restore = add_command(subparsers, "restore", cmd_restore, "백업에서 복원하기 (지금 상태를 먼저 백업)")
    restore.add_argument("backup", metavar="BACKUP")

    add_command(subparsers, "passwd", cmd_passwd,
                "내 비밀번호 바꾸기 (지금 비밀번호는 COUNCILDESK_PASSWORD, 새 비밀번호는 COUNCILDESK_NEW_PASSWORD 또는 입력)")
