"""Resources: ``search resources QUERY [--limit N]`` (the Korean search of the directory) and
the print kinds ``resources`` (지역자원 현황), ``resource-card --service ID`` (자원 안내 카드)
and ``donations --kind ledger|report [--from DATE] [--to DATE]`` (후원금품 관리대장, 수입·사용
결과 보고).

Only the directory's services are imported, and only when the command runs.
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import (EXIT_OK, EXIT_USAGE, Output, Subparsers, add_command, close_db, open_db,
                            print_kinds, resolve_id)
from app.errors import MESSAGES
from app.i18n import N_

MESSAGES.update({
    "print_period_reversed": N_("기간의 시작({start})이 끝({end})보다 뒤입니다. --from과 --to를 확인하세요."),
})


def cmd_search(args: argparse.Namespace, out: Output) -> int:
    from app.resources.services import search_resources

    db = open_db(args)
    try:
        page = search_resources(db.uow(), args.query, limit=args.limit)
    finally:
        close_db(db)
    results = [{"id": v.id, "name": v.name, "organization": v.organization_name, "kind": v.resource_kind,
                "service_areas": list(v.service_areas), "target_groups": list(v.target_groups),
                "status": v.status, "capacity": v.capacity, "current_use": v.current_use,
                "last_verified_on": v.last_verified_on} for v in page.results]
    lines_ko = [f"'{args.query}' 검색 결과: {page.count}건" + (f" (앞의 {len(results)}건)" if page.count > len(results) else "")]
    lines_en = [f"'{args.query}': {page.count} found" + (f" (first {len(results)})" if page.count > len(results) else "")]
    for v in page.results:
        lines_ko.append(f"{v.id[:8]}  {v.name} — {v.organization_name} [{v.status_label('ko')}]")
        lines_en.append(f"{v.id[:8]}  {v.name} — {v.organization_name} [{v.status_label('en')}]")
    out.result("\n".join(lines_ko), "\n".join(lines_en), {"count": page.count, "results": results})
    return EXIT_OK


# ---------------------------------------------------------------- print

def print_resources(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                    council: str) -> int | None:
    from app.reports.resources_pdf import write_resources_pdf

    write_resources_pdf(db.uow(), target, on_date, council)
    return None


def print_resource_card(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                        council: str) -> int | None:
    if not getattr(args, "service", None):
        out.error("안내 카드를 인쇄하려면 --service 서비스ID를 주세요 (search resources로 찾을 수 있습니다)."
                  if out.lang == "ko" else "Give --service ID to print a resource card (find it with search resources).")
        return EXIT_USAGE
    from app.reports.resources_pdf import write_resource_card_pdf
    from db.resource_models import Service

    service_id = resolve_id(db, Service, args.service, "service_not_found")
    write_resource_card_pdf(db.uow(), service_id, target, on_date, council)
    return None


def print_donations(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                    council: str) -> int | None:
    from app.errors import InputRefused
    from app.reports.donations_pdf import write_donation_ledger_pdf, write_donation_report_pdf

    start, end = getattr(args, "period_from", None), getattr(args, "period_to", None)
    if start is not None and end is not None and start > end:
        raise InputRefused("print_period_reversed", start=start.isoformat(), end=end.isoformat())
    if getattr(args, "donations_kind", "ledger") == "report":
        # A report is for a period: by default the year so far.
        write_donation_report_pdf(db.uow(), target, start or date(on_date.year, 1, 1), end or on_date, council,
                                  on_date)
    else:
        write_donation_ledger_pdf(db.uow(), target, start, end, council, on_date)
    return None


def _add_once(parser: argparse.ArgumentParser, option: str, **kwargs: Any) -> None:
    """Another area may already have given ``print`` the same option (``--from``, ``--to``)."""
    if option not in parser._option_string_actions:
        parser.add_argument(option, **kwargs)


def register(subparsers: Subparsers) -> None:
    command = add_command(subparsers, "search", cmd_search, "지역자원 검색 (두 글자 이상, 여러 낱말, 초성)")
    command.add_argument("area", choices=("resources",))
    command.add_argument("query", metavar="QUERY")
    command.add_argument("--limit", type=int, default=50, metavar="N", help="보여 줄 결과 수 (기본 50)")
    prn = print_kinds(subparsers, {"resources": print_resources, "resource-card": print_resource_card,
                                   "donations": print_donations})
    _add_once(prn, "--service", metavar="ID", help="서비스 ID (resource-card)")
    # dest differs from the option: ``kind`` is already the document kind of ``print``.
    _add_once(prn, "--kind", dest="donations_kind", choices=("ledger", "report"), default="ledger",
              help="donations: ledger(관리대장, 기본) 또는 report(수입·사용 결과 보고)")
