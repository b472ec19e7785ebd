"""Network: ``print network`` (the map, A4 landscape PDF), ``report activity`` and
``excel export report`` (the council's activity report for a period).

reportlab and openpyxl are imported inside the handlers, only for the file asked for.
"""
from __future__ import annotations

from app.cli.common import Subparsers


def register(subparsers: Subparsers) -> None:
    return None
