"""Entry point for the packaged app: the same CLI, opening the window by default.

A frozen bundle may lack package metadata, so the window is registered directly.
"""
import sys

from app.cli import main, register_gui
from ui.app import run_gui

register_gui(run_gui)
sys.exit(main())
