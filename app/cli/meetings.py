"""Meetings: ``print notice|agenda|attendance|minutes --meeting ID``.

Only the meeting PDF module (and so reportlab) is imported, and only when printing.
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_USAGE, Output, Subparsers, print_kinds, resolve_id

MEETING_DOCUMENTS = ("notice", "agenda", "attendance", "minutes")


def print_meeting_document(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                           council: str) -> int | None:
    if not args.meeting:
        out.error("회의 문서를 인쇄하려면 --meeting 회의ID를 주세요." if out.lang == "ko"
                  else "Give --meeting ID to print a meeting document.")
        return EXIT_USAGE
    from app.reports import meeting_pdfs
    from db.meeting_models import Meeting

    meeting_id = resolve_id(db, Meeting, args.meeting, "meeting_not_found")
    writer = getattr(meeting_pdfs, f"write_{args.kind}_pdf")
    writer(db.uow(), meeting_id, target, council)
    return None


def register(subparsers: Subparsers) -> None:
    prn = print_kinds(subparsers, {kind: print_meeting_document for kind in MEETING_DOCUMENTS})
    prn.add_argument("--meeting", metavar="ID", help="회의 ID (notice, agenda, attendance, minutes)")
