"""Network: ``print network`` (the map, A4 landscape PDF), ``report activity`` and
``excel export report`` (the council's activity report for a period).

Without ``--from``/``--to`` the period is the year of ``--date`` (or today) up to that day.
reportlab and openpyxl are imported inside the handlers, only for the file asked for.
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import (EXIT_OK, EXIT_USAGE, Output, Subparsers, add_command, close_db, council_name,
                            date_arg, open_db, print_kinds, today)


def _period(args: argparse.Namespace, on_date: date) -> tuple[date, date]:
    # ``print`` names its period ``period_*`` (shared by every area); ``report`` ``*_date``.
    end = getattr(args, "to_date", None) or getattr(args, "period_to", None) or on_date
    start = getattr(args, "from_date", None) or getattr(args, "period_from", None) or date(end.year, 1, 1)
    return start, end


def print_network(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                  council: str) -> int | None:
    if target.suffix.lower() != ".pdf":
        out.error("네트워크 지도는 PDF로만 인쇄합니다: --out 파일.pdf" if out.lang == "ko"
                  else "The network map prints as PDF only: --out FILE.pdf")
        return EXIT_USAGE
    from app.reports.network_pdf import write_network_pdf

    start, end = _period(args, on_date)
    write_network_pdf(db.uow(), target, start, end, council, kind=args.layout)
    return None


def _write_report(db: Any, target: Path, start: date, end: date) -> None:
    council = council_name(db)
    if target.suffix.lower() == ".pdf":
        from app.reports.activity_report_pdf import write_activity_pdf

        write_activity_pdf(db.uow(), target, start, end, council)
    else:
        from app.reports.activity_report_excel import export_activity_report

        export_activity_report(db.uow(), target, start, end, council)


def cmd_report(args: argparse.Namespace, out: Output) -> int:
    target = Path(args.out).expanduser()
    if target.suffix.lower() not in (".pdf", ".xlsx"):
        out.error("--out은 .xlsx 또는 .pdf 파일이어야 합니다." if out.lang == "ko" else "--out must be a .xlsx or .pdf file.")
        return EXIT_USAGE
    db = open_db(args)
    try:
        _write_report(db, target, args.from_date, args.to_date)
    finally:
        close_db(db)
    out.result(f"활동 실적을 만들었습니다: {target}", f"Wrote {target}",
               {"out": str(target), "from": args.from_date, "to": args.to_date})
    return EXIT_OK


def export_report(db: Any, args: argparse.Namespace, target: Path) -> None:
    """``excel export report``: the activity report as a workbook."""
    start, end = _period(args, today())
    _write_report(db, target.with_suffix(".xlsx") if target.suffix.lower() != ".xlsx" else target, start, end)


def _add_period(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--from", dest="from_date", type=date_arg, required=required, metavar="DATE",
                        help="기간 시작일 (예: 2026-01-01)")
    parser.add_argument("--to", dest="to_date", type=date_arg, required=required, metavar="DATE",
                        help="기간 끝날 (예: 2026-12-31)")


def register(subparsers: Subparsers) -> None:
    prn = print_kinds(subparsers, {"network": print_network})
    prn.add_argument("--layout", choices=("force", "rings"), default="force",
                     help="네트워크 지도 배치: force(연결 중심, 기본) 또는 rings(구분별 동심원)")
    report = add_command(subparsers, "report", cmd_report, "활동 실적 보고 (엑셀 또는 PDF)")
    report.add_argument("kind", choices=("activity",))
    _add_period(report, required=True)
    report.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf")
    excel = subparsers.choices.get("excel")
    if excel is not None:
        # ``excel export report``: the activity report joins the areas ``excel export`` knows.
        for action in excel._actions:
            if isinstance(action, argparse._SubParsersAction):
                export = action.choices["export"]
                for option in export._actions:
                    if option.dest == "area" and isinstance(option.choices, (list, tuple)):
                        option.choices = (*option.choices, "report")
                _add_period(export, required=False)
                exporters = dict(export.get_default("excel_exporters") or {})
                exporters["report"] = export_report
                export.set_defaults(excel_exporters=exporters)
