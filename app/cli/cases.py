"""Case work: ``purge [--dry-run]`` (records of cases closed more than the retention
period ago, deleted irreversibly; with ``--dry-run`` only listed), and the 대외비 printouts
``print case-conference --conference ID``, ``print referral --referral ID`` and
``print consent-form --client ID --purpose P [--recipient ORG]``.

The case services (and reportlab) are imported only when a command runs.
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import (EXIT_OK, EXIT_USAGE, Output, Subparsers, add_command, close_db, open_db, print_kinds,
                            resolve_id, today)

CONSENT_PURPOSES = ("collection", "sensitive", "provision")


def _missing(out: Output, option: str, kind: str) -> int:
    out.error(f"{kind}을(를) 인쇄하려면 {option}을(를) 주세요." if out.lang == "ko"
              else f"Give {option} to print {kind}.")
    return EXIT_USAGE


def print_case_document(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                        council: str) -> int | None:
    from app.reports import case_pdfs
    from db.case_models import CaseConference, Client, Referral

    if args.kind == "case-conference":
        if not args.conference:
            return _missing(out, "--conference 회의ID", "사례회의록")
        conference_id = resolve_id(db, CaseConference, args.conference, "conference_not_found")
        case_pdfs.write_conference_pdf(db.uow(), conference_id, target, council)
    elif args.kind == "referral":
        if not args.referral:
            return _missing(out, "--referral 의뢰ID", "의뢰서")
        referral_id = resolve_id(db, Referral, args.referral, "referral_not_found")
        case_pdfs.write_referral_pdf(db.uow(), referral_id, target, council)
    else:
        if not args.client or not args.purpose:
            return _missing(out, "--client 대상자ID --purpose 목적", "동의서")
        client_id = resolve_id(db, Client, args.client, "client_not_found")
        case_pdfs.write_consent_form_pdf(db.uow(), client_id, args.purpose, target, council,
                                         recipient=args.recipient or "")
    return None


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
    prn = print_kinds(subparsers, {kind: print_case_document for kind in ("case-conference", "referral",
                                                                           "consent-form")})
    prn.add_argument("--conference", metavar="ID", help="사례회의 ID (case-conference)")
    prn.add_argument("--referral", metavar="ID", help="의뢰 ID (referral)")
    prn.add_argument("--client", metavar="ID", help="대상자 ID (consent-form)")
    prn.add_argument("--purpose", choices=CONSENT_PURPOSES, help="동의 목적 (consent-form)")
    prn.add_argument("--recipient", metavar="ORG", help="제공받는 자: 자원 기관 ID 또는 이름 (consent-form, provision)")
    command = add_command(subparsers, "purge", cmd_purge, "보존 기간이 지난 사례 기록 삭제(되돌릴 수 없음)")
    command.add_argument("--dry-run", action="store_true", help="지울 기록만 보여 주기")
