"""Resources: ``search resources QUERY [--limit N]`` (the Korean search of the directory).

Only the directory's services are imported, and only when the command runs.
"""
from __future__ import annotations

import argparse

from app.cli.common import EXIT_OK, Output, Subparsers, add_command, close_db, open_db


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


def register(subparsers: Subparsers) -> None:
    command = add_command(subparsers, "search", cmd_search, "지역자원 검색 (두 글자 이상, 여러 낱말, 초성)")
    command.add_argument("area", choices=("resources",))
    command.add_argument("query", metavar="QUERY")
    command.add_argument("--limit", type=int, default=50, metavar="N", help="보여 줄 결과 수 (기본 50)")
