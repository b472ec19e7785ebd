"""What every ``councildesk`` command shares: output, exit codes, login, arguments.

Owns ``Output`` (Korean text or one JSON object), the exit codes of shared/cli.md, how a
command gets its user and password (``--user`` and ``COUNCILDESK_PASSWORD``, else the
terminal), opening and closing the database, date arguments, the Korean argparse, the
options every command accepts, and the one ``print`` command that areas add kinds to.

Imports here stay light (standard library and ``app.errors``): building the parser for
``--version`` or a usage error must not load SQLAlchemy, reportlab or openpyxl. Anything
heavy is imported inside the function that needs it.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.errors import MESSAGES, AppError, InputRefused
from app.i18n import N_
from app.logfile import describe, open_log_handler

MESSAGES.update({
    "user_needed": ("계정이 필요합니다: --user 아이디를 주고, 비밀번호는 COUNCILDESK_PASSWORD 환경 변수로 주세요.",
                    "An account is needed: give --user NAME and the password in COUNCILDESK_PASSWORD."),
    "password_needed": ("비밀번호가 필요합니다: COUNCILDESK_PASSWORD 환경 변수로 주거나 터미널에서 입력하세요.",
                        "A password is needed: set COUNCILDESK_PASSWORD or type it at the terminal."),
    "password_mismatch": ("두 번 입력한 비밀번호가 다릅니다.", "The two passwords differ."),
    "temporary_password": ("관리자가 정한 임시 비밀번호로는 명령을 쓸 수 없습니다. 먼저 새 비밀번호를 정하세요:\n"
                           "    councildesk passwd --db {path} --user {user}",
                           "A temporary password set by an administrator runs no command. Choose a new password "
                           "first:\n    councildesk passwd --db {path} --user {user}"),
    "new_password_needed": ("새 비밀번호가 필요합니다: COUNCILDESK_NEW_PASSWORD 환경 변수로 주거나 터미널에서 두 번 입력하세요.",
                            "A new password is needed: set COUNCILDESK_NEW_PASSWORD or type it twice at the terminal."),
    "enroll_code_needed": ("등록 코드가 필요합니다: COUNCILDESK_ENROLL_CODE 환경 변수로 주거나 터미널에서 입력하세요.",
                           "The enrollment code is needed: set COUNCILDESK_ENROLL_CODE or type it at the terminal."),
})

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REFUSED, EXIT_PENDING = 0, 1, 2, 3, 4

MESSAGES.update({
    "cli_id_not_found": N_("ID '{id}'인 기록이 없습니다. 'councildesk dump --table {table}'로 ID를 확인하세요."),
    "cli_id_ambiguous": N_("ID '{id}'로 시작하는 기록이 {count}개입니다. 한 기록만 가리키도록 ID를 {min}자 이상, "
                           "더 길게 주세요('councildesk dump --table {table}'로 확인)."),
})


class UsageError(AppError):
    exit_code = EXIT_USAGE


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


Handler = Callable[[argparse.Namespace, Output], int]
# What ``add_subparsers()`` returns; argparse does not export the class under a public name.
Subparsers = Any


def setup_logging(debug: bool) -> None:
    """The log file (owner-only, no record content: ``app.logfile``); with ``--debug`` the
    terminal too, in full, since the person running it sees their own data anyway."""
    import logging

    from app.paths import log_dir

    handlers: list[logging.Handler] = []
    try:
        handlers.append(open_log_handler(log_dir() / "councildesk.log"))
    except OSError:
        pass
    if debug:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(stream)
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO, handlers=handlers, force=True)


def log_refusal(error: AppError) -> None:
    """A refusal, as the log may hold it: its code and the ids among its parameters."""
    import logging

    logging.getLogger("councildesk").info("refused: %s", describe(error))


def today() -> date:
    return date.today()


def db_path(args: argparse.Namespace) -> Path:
    from app.paths import default_db_path

    value = getattr(args, "db", None)
    return Path(value).expanduser() if value else default_db_path()


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def password(confirm: bool = False) -> str:
    """From COUNCILDESK_PASSWORD (scripts), else asked at the terminal, never an argument."""
    value = os.environ.get("COUNCILDESK_PASSWORD")
    if value is not None:
        return value
    if not interactive():
        raise UsageError("password_needed")
    value = getpass.getpass("비밀번호: ")
    if confirm and getpass.getpass("비밀번호 확인: ") != value:
        raise InputRefused("password_mismatch")
    return value


def user(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None)
    if name:
        return name
    if not interactive():
        raise UsageError("user_needed")
    return input("아이디: ").strip()


def open_db(args: argparse.Namespace) -> Any:
    """Log in with --user and the password; every command acts as that account.

    A temporary password (set by an administrator) opens nothing here: it is refused with
    the one command that replaces it, ``passwd``.
    """
    from app.database import close_database, open_database

    path = db_path(args)
    db = open_database(path, user(args), password())
    if db.actor is not None and db.actor.must_change_password:
        close_database(db)
        raise InputRefused("temporary_password", path=str(path), user=db.actor.username)
    return db


def new_password() -> str:
    """The new password of ``passwd``: COUNCILDESK_NEW_PASSWORD, else asked twice."""
    value = os.environ.get("COUNCILDESK_NEW_PASSWORD")
    if value is not None:
        return value
    if not interactive():
        raise UsageError("new_password_needed")
    value = getpass.getpass("새 비밀번호: ")
    if getpass.getpass("새 비밀번호 확인: ") != value:
        raise InputRefused("password_mismatch")
    return value


def close_db(db: Any) -> None:
    from app.database import close_database

    close_database(db)


def date_arg(text: str) -> date:
    from app.dates import parse_date

    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(f"날짜가 아닙니다: {text} (예: 2026-11-24)")
    return value


def council_name(db: Any) -> str:
    from app.database import installation_info

    return installation_info(db).council_name


# A prefix this short names a record only by luck: the next record added may share it.
MIN_ID_PREFIX = 4


def resolve_id(db: Any, model: Any, ref: str, not_found: str) -> str:
    """Accept a full record id or a unique prefix of it (as printed by ``dump``).

    ``not_found`` is the window's code for the same miss; the command line says it in its
    own words (the window's "목록을 새로 고치세요" means nothing at a terminal) and tells a
    prefix that names several records (exit 2) from one that names none (exit 3).
    """
    from sqlalchemy import select

    with db.session_factory() as session:
        ids = list(session.scalars(select(model.id).where(model.id.startswith(ref), model.deleted_at.is_(None))))
    table = model.__tablename__
    if not ids:
        raise InputRefused("cli_id_not_found", id=ref, table=table)
    if len(ids) > 1 or len(ref) < MIN_ID_PREFIX:
        raise UsageError("cli_id_ambiguous", id=ref, count=len(ids), table=table, min=MIN_ID_PREFIX)
    return ids[0]


# ---------------------------------------------------------------- the parser

class KoreanArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit 2 and a Korean hint."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"명령을 잘못 썼습니다: {message}\n'councildesk --help'로 사용법을 보세요.\n")


def add_common_options(parser: argparse.ArgumentParser, top: bool) -> None:
    """--db, --user, --lang, --json and --debug, accepted before or after the command."""
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default, help="데이터 파일 경로")
    parser.add_argument("--user", metavar="NAME", default=default,
                        help="로그인할 계정 아이디 (비밀번호는 COUNCILDESK_PASSWORD 환경 변수 또는 터미널 입력)")
    parser.add_argument("--lang", choices=("ko", "en"), default=default, help="메시지 언어")
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="결과를 JSON 한 개로 출력")
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="오류의 자세한 내용(traceback)도 출력")


def add_command(subparsers: Subparsers, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    command = subparsers.add_parser(name, help=help_text, description=help_text)
    add_common_options(command, top=False)
    command.set_defaults(handler=handler)
    return command


def add_action(actions: Subparsers, name: str, help_text: str) -> argparse.ArgumentParser:
    """A second-level action (``enroll create``, ``excel export``) with the common options."""
    action = actions.add_parser(name, help=help_text)
    add_common_options(action, top=False)
    return action


# ---------------------------------------------------------------- print

# A print writer gets the open database, the arguments, the output, the target file, the
# reference date and the council's name; it returns an exit code to stop early (usage), or
# None when the file is written. The target's extension picks the format: PDF, or 한글
# (HWPX) for the kinds registered with ``hwpx=`` (the writer looks at ``target.suffix``).
PrintWriter = Callable[[Any, argparse.Namespace, Output, Path, date, str], "int | None"]
_PRINT_KIND = "kind"


HWPX_SUFFIX = ".hwpx"


def print_kinds(subparsers: Subparsers, writers: dict[str, PrintWriter],
                hwpx: tuple[str, ...] = ()) -> argparse.ArgumentParser:
    """Add document kinds to the one ``print`` command (made by the first area that asks);
    the kinds in ``hwpx`` also write 한글 (HWPX) when ``--out`` ends in ``.hwpx``.

    Returns the ``print`` parser so an area can add the options its documents need.
    """
    parser = subparsers.choices.get("print")
    if parser is None:
        parser = add_command(subparsers, "print", cmd_print, "문서 인쇄(PDF, 한글 HWPX)")
        parser.add_argument(_PRINT_KIND, choices=[])
        parser.add_argument("--out", required=True, metavar="FILE.pdf|FILE.hwpx",
                            help="확장자가 형식을 정합니다: .pdf 또는 .hwpx (한글, 회의 문서)")
        parser.add_argument("--date", type=date_arg, help="기준일 또는 발급일 (기본: 오늘, 위촉장은 그 임기의 위촉일)")
        # A period for the documents that cover one (donations, network); one pair for every area.
        parser.add_argument("--from", dest="period_from", type=date_arg, metavar="DATE", help="기간 시작일")
        parser.add_argument("--to", dest="period_to", type=date_arg, metavar="DATE", help="기간 끝날")
        parser.set_defaults(print_writers={}, print_hwpx=set())
    parser.get_default("print_hwpx").update(hwpx)
    for action in parser._actions:  # argparse keeps choices in the action; extend them in place
        if action.dest == _PRINT_KIND:
            assert isinstance(action.choices, list)
            action.choices.extend(writers)
    parser.get_default("print_writers").update(writers)
    return parser


def _load_pdf_fonts() -> None:
    try:
        from app.reports.pdf_common import register_fonts

        register_fonts()
    except Exception:  # noqa: BLE001 - the writer meets the same error and reports it in Korean
        pass


def _start_font_loading() -> threading.Thread:
    """Parse the Korean fonts while the login derives the database key.

    The key derivation (argon2, about 0.5 s by design) runs in C without holding the GIL,
    and parsing the four Nanum fonts (about 0.3 s) is pure Python: side by side, a printout
    costs little more than the login. Only reportlab and ``pdf_common`` are imported on this
    thread; importing app modules from two threads at once risks a deadlock on a cycle.
    """
    thread = threading.Thread(target=_load_pdf_fonts, name="councildesk-fonts")
    thread.start()
    return thread


def cmd_print(args: argparse.Namespace, out: Output) -> int:
    writer: PrintWriter = args.print_writers[args.kind]
    target = Path(args.out).expanduser()
    if target.suffix.lower() == HWPX_SUFFIX and args.kind not in args.print_hwpx:
        offered = ", ".join(sorted(args.print_hwpx))
        out.error(f"'{args.kind}' 문서는 한글(HWPX)로 만들 수 없습니다. --out 파일 이름을 .pdf로 끝내세요"
                  f" (HWPX가 되는 문서: {offered})." if out.lang == "ko" else
                  f"'{args.kind}' has no 한글 (HWPX) form. End the --out file name in .pdf "
                  f"(documents with HWPX: {offered}).")
        return EXIT_USAGE
    fonts = _start_font_loading() if target.suffix.lower() == ".pdf" else None
    try:
        db = open_db(args)
        try:
            council = council_name(db)
            on_date = args.date or today()
            stopped = writer(db, args, out, target, on_date, council)
            if stopped is not None:
                return stopped
        finally:
            close_db(db)
    finally:
        if fonts is not None:
            fonts.join()
    out.result(f"인쇄 파일을 만들었습니다: {target}", f"Wrote {target}", {"out": str(target), "kind": args.kind})
    return EXIT_OK
