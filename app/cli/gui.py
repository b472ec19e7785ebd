"""``councildesk [gui]``: open the window, which plugs in through an entry point.

app/ never imports ui/: the window registers itself (entry point ``councildesk.gui``, or
``register_gui`` from a launcher such as the PyInstaller bundle), so every other command
runs, and is tested, without Qt.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.common import EXIT_ERROR, Output, Subparsers, add_command

GuiRunner = Callable[..., int]
GUI_ENTRY_POINT_GROUP = "councildesk.gui"
_registered_gui: GuiRunner | None = None


def register_gui(runner: GuiRunner) -> None:
    """Let a launcher (e.g. the PyInstaller bundle) hand the window to the CLI directly."""
    global _registered_gui
    _registered_gui = runner


def _gui_runner() -> GuiRunner | None:
    if _registered_gui is not None:
        return _registered_gui
    from importlib.metadata import entry_points  # ~30 ms: only when the window is wanted

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


def register(subparsers: Subparsers) -> None:
    gui = add_command(subparsers, "gui", cmd_gui, "창 열기")
    gui.add_argument("--smoke", action="store_true", default=argparse.SUPPRESS)
