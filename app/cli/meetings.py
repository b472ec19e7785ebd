"""Meetings: ``print notice|agenda|attendance|minutes --meeting ID --out FILE.pdf|FILE.hwpx``.

Only the module of the format asked for (reportlab, or python-hwpx for ``.hwpx``) is
imported, and only when printing. The 출석부 is a PDF only (it is filled in by hand).
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_USAGE, HWPX_SUFFIX, Output, Subparsers, print_kinds, resolve_id

MEETING_DOCUMENTS = ("notice", "agenda", "attendance", "minutes")
HWPX_DOCUMENTS = ("notice", "agenda", "minutes")


def print_meeting_document(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                           council: str) -> int | None:
    if not args.meeting:
        out.error("회의 문서를 인쇄하려면 --meeting 회의ID를 주세요." if out.lang == "ko"
                  else "Give --meeting ID to print a meeting document.")
        return EXIT_USAGE
    from db.meeting_models import Meeting

    meeting_id = resolve_id(db, Meeting, args.meeting, "meeting_not_found")
    if target.suffix.lower() == HWPX_SUFFIX:
        from app.reports.hwpx import writers

        writers()[args.kind](db.uow(), meeting_id, target, council)
        return None
    from app.reports import meeting_pdfs

    writer = getattr(meeting_pdfs, f"write_{args.kind}_pdf")
    writer(db.uow(), meeting_id, target, council)
    return None


def register(subparsers: Subparsers) -> None:
    prn = print_kinds(subparsers, {kind: print_meeting_document for kind in MEETING_DOCUMENTS}, hwpx=HWPX_DOCUMENTS)
    prn.add_argument("--meeting", metavar="ID", help="회의 ID (notice, agenda, attendance, minutes)")
