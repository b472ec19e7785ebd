"""Case work: ``purge [--dry-run]`` (records of cases closed more than the retention
period ago, deleted irreversibly; with ``--dry-run`` only listed).

The case services are imported only when the command runs.
"""
from __future__ import annotations

import argparse

from app.cli.common import EXIT_OK, Output, Subparsers, add_command, close_db, open_db, today


def cmd_purge(args: argparse.Namespace, out: Output) -> int:
    from app.cases.retention import purge_cases, purge_preview

    db = open_db(args)
    try:
        plan = (purge_preview if args.dry_run else purge_cases)(db.uow(), today())
    finally:
        close_db(db)
    cutoff = plan.cutoff.isoformat()
    if not plan.cases:
        head_ko = f"보존 기간({plan.years}년)이 지난 사례가 없습니다({cutoff} 이전 종결)."
        head_en = f"No case closed before {cutoff} (retention {plan.years} years)."
    elif args.dry_run:
        head_ko = f"{cutoff} 이전에 종결된 사례 {len(plan.cases)}건을 지웁니다(아직 지우지 않았습니다, 레코드 {plan.total}개):"
        head_en = f"{len(plan.cases)} cases closed before {cutoff} would be purged ({plan.total} records; nothing deleted yet):"
    else:
        head_ko = f"{cutoff} 이전에 종결된 사례 {len(plan.cases)}건을 되돌릴 수 없게 지웠습니다(레코드 {plan.total}개)."
        head_en = f"Purged {len(plan.cases)} cases closed before {cutoff} ({plan.total} records); this cannot be undone."
    lines_ko, lines_en = [head_ko], [head_en]
    for case in plan.cases:
        tail_ko = " (대상자 기록과 동의도)" if case.client_goes else ""
        tail_en = " (with the person's record and consents)" if case.client_goes else ""
        lines_ko.append(f"{case.case_id[:8]}  {case.client_name}  종결 {case.closed_on.isoformat()}{tail_ko}")
        lines_en.append(f"{case.case_id[:8]}  {case.client_name}  closed {case.closed_on.isoformat()}{tail_en}")
    data = {"dry_run": bool(args.dry_run), "cutoff": cutoff, "years": plan.years, "counts": plan.counts,
            "cases": [{"id": c.case_id, "client_id": c.client_id, "closed_on": c.closed_on.isoformat(),
                       "client_goes": c.client_goes} for c in plan.cases]}
    out.result("\n".join(lines_ko), "\n".join(lines_en), data)
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    command = add_command(subparsers, "purge", cmd_purge, "보존 기간이 지난 사례 기록 삭제(되돌릴 수 없음)")
    command.add_argument("--dry-run", action="store_true", help="지울 기록만 보여 주기")
