"""The ``councildesk`` command line (contract: shared/cli.md), the window's twin.

Every command calls the same ``app`` functions the window uses. Errors are one Korean
line on stderr (English with ``--lang en``) and an exit status: 0 done, 2 usage,
3 refused input with nothing changed, 4 waiting for a person, 1 anything else.

Commands live in one module per area (``COMMAND_MODULES``), each with ``register(subparsers)``;
a new area adds its module to that tuple. Command modules import their services inside
the handlers, so ``--version``, ``--help`` and usage errors load no SQLAlchemy, reportlab,
openpyxl or alembic, and a command loads only what it uses.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from app import __version__
from app.areas import AREAS
from app.cli import admin, gui, hsds, sync
from app.cli.common import (EXIT_ERROR, EXIT_OK, EXIT_PENDING, EXIT_REFUSED, EXIT_USAGE, Handler,
                            KoreanArgumentParser, Output, UsageError, add_common_options, log_refusal,
                            setup_logging)
from app.cli.gui import register_gui
from app.errors import AppError

__all__ = [
    "COMMAND_MODULES", "EXIT_ERROR", "EXIT_OK", "EXIT_PENDING", "EXIT_REFUSED", "EXIT_USAGE", "Output",
    "UsageError", "build_parser", "main", "register_gui",
]

# In the order ``--help`` lists them; ``print`` gathers the kinds of every area. The areas'
# own command modules come from the registry (``AreaSpec.cli_module``).
COMMAND_MODULES = (gui, admin, sync, hsds) + tuple(importlib.import_module(area.cli_module)
                                             for area in AREAS if area.cli_module)

log = logging.getLogger("councildesk")


def build_parser() -> argparse.ArgumentParser:
    parser = KoreanArgumentParser(prog="councildesk", description="협의체 데스크 — 읍면동 지역사회보장협의체 업무 프로그램")
    parser.add_argument("--version", action="version", version=f"councildesk {__version__}")
    parser.add_argument("--smoke", action="store_true", help="창을 열었다가 바로 닫기(설치 확인용)")
    add_common_options(parser, top=True)
    subparsers = parser.add_subparsers(dest="command", parser_class=KoreanArgumentParser)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(raw)
    args.lang_given = getattr(args, "lang", None) is not None
    args.lang = getattr(args, "lang", None) or "ko"
    debug = bool(getattr(args, "debug", False))
    out = Output(bool(getattr(args, "json", False)), args.lang)
    setup_logging(debug)
    handler: Handler = getattr(args, "handler", gui.cmd_gui)
    if not hasattr(args, "smoke"):
        args.smoke = False
    try:
        return handler(args, out)
    except AppError as error:
        log_refusal(error)
        out.error(error.message(args.lang))
        if debug:
            raise
        return error.exit_code
    except KeyboardInterrupt:
        out.error("중단했습니다." if args.lang == "ko" else "Interrupted.")
        return EXIT_ERROR
    except Exception:
        # The command's name only: its arguments may be a member's name or note.
        log.exception("unexpected error in %s", getattr(args, "command", None) or "gui")
        if debug:
            raise
        out.error("예기치 않은 오류가 났습니다. 자세한 내용은 기록 파일(로그)에 남겼습니다. --debug로 다시 실행하면 볼 수 있습니다."
                  if args.lang == "ko" else "Unexpected error; details are in the log file. Run again with --debug.")
        return EXIT_ERROR
