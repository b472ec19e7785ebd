"""Members: ``print roster|appointment``, and ``excel export|template|import members|resources``
(the one ``excel`` command; each area's hooks are picked in ``_excel_area``).

reportlab and openpyxl are imported inside the writers, only for the document asked for.
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import (EXIT_OK, EXIT_REFUSED, EXIT_USAGE, KoreanArgumentParser, Output, Subparsers, add_action,
                            add_command, close_db, open_db, print_kinds, resolve_id, today)
from app.errors import InputRefused


# The areas whose Excel goes through the generic pipeline (shared/cli.md: excel AREA).
EXCEL_AREAS = ("members", "resources")


def resolve_member(db: Any, member_ref: str) -> str:
    from db.models import Member

    return resolve_id(db, Member, member_ref, "member_not_found")


def print_roster(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                 council: str) -> int | None:
    from app.reports.roster_pdf import write_roster_pdf

    write_roster_pdf(db.uow(), target, on_date, council)
    return None


def print_appointment(db: Any, args: argparse.Namespace, out: Output, target: Path, on_date: date,
                      council: str) -> int | None:
    if not args.member:
        out.error("위촉장을 인쇄하려면 --member 위원ID를 주세요." if out.lang == "ko"
                  else "Give --member ID to print an appointment certificate.")
        return EXIT_USAGE
    from app.reports.appointment_pdf import write_appointment_pdf
    from app.settings import load_appointing_authority

    member_id = resolve_member(db, args.member)
    with db.session_factory() as session:
        issuer = args.issuer or load_appointing_authority(session)
    # Without --date a certificate bears the day its term began (위촉일), as in the window;
    # ``on_date`` (today) would date a 2024 appointment in 2026.
    write_appointment_pdf(db.uow(), member_id, target, council, issuer, args.date, args.number or "")
    return None


def _excel_area(area: str) -> Any:
    """The area's Excel hooks: (export, template, read, apply)."""
    if area == "resources":
        from app.reports import excel_resources as r

        return (lambda uow, target: r.export_resources(uow, target, today()), r.write_resources_template,
                r.read_resources_workbook, lambda uow, plan, only: r.apply_resources_import(uow, plan, only_valid=only))
    from app.reports import excel_members as m

    return (lambda uow, target: m.export_members(uow, target, today()), m.write_members_template,
            m.read_members_workbook, lambda uow, plan, only: m.apply_members_import(uow, plan, today(), only_valid=only))


def cmd_excel(args: argparse.Namespace, out: Output) -> int:
    exporter = (getattr(args, "excel_exporters", None) or {}).get(args.area)
    if args.action == "export" and exporter is not None:
        # Another area's export (``excel export report``), added by its command module.
        db = open_db(args)
        try:
            target = Path(args.out).expanduser()
            exporter(db, args, target)
        finally:
            close_db(db)
        out.result(f"엑셀 파일을 만들었습니다: {target}", f"Wrote {target}", {"out": str(target)})
        return EXIT_OK
    if args.area not in EXCEL_AREAS:
        raise InputRefused("invalid_choice", field="area", value=args.area)
    export, template, read, apply = _excel_area(args.area)
    if args.action == "template":
        # A blank form holds no data, so it needs no login.
        target = Path(args.out).expanduser()
        template(target)
        out.result(f"엑셀 양식을 만들었습니다: {target}", f"Wrote {target}", {"out": str(target)})
        return EXIT_OK
    db = open_db(args)
    try:
        if args.action == "export":
            target = Path(args.out).expanduser()
            export(db.uow(), target)
            out.result(f"엑셀 파일을 만들었습니다: {target}", f"Wrote {target}", {"out": str(target)})
            return EXIT_OK
        plan = read(db.uow(), Path(args.file).expanduser(), today())
        errors = [e.message(out.lang) for e in plan.errors]
        for line in errors:
            out.error(line)
        summary = {"rows": len(plan.rows), "valid": len(plan.valid_rows), "invalid": len(plan.invalid_rows),
                   "errors": errors, "dry_run": args.dry_run}
        if args.dry_run:
            summary.update(plan.counts)
            out.result(
                f"검사만 했습니다(바꾼 것 없음): 전체 {len(plan.rows)}행, 올바른 행 {len(plan.valid_rows)}, 잘못된 행 {len(plan.invalid_rows)}",
                f"Dry run (nothing changed): {len(plan.rows)} rows, {len(plan.valid_rows)} valid, {len(plan.invalid_rows)} invalid",
                summary,
            )
            return EXIT_REFUSED if plan.invalid_rows else EXIT_OK
        if plan.invalid_rows and not args.only_valid:
            raise InputRefused("excel_invalid_rows", count=len(plan.invalid_rows))
        from app.backup import backup_before

        backup_before(db, "before-import")
        result = apply(db.uow(), plan, args.only_valid)
        summary.update({"added": result.added, "updated": result.updated, "unchanged": result.unchanged,
                        "skipped": result.skipped})
        unit = "명" if args.area == "members" else "건"
        out.result(
            f"가져왔습니다: 추가 {result.added}{unit}, 수정 {result.updated}{unit}, 변동 없음 {result.unchanged}{unit}, "
            f"건너뜀 {result.skipped}행",
            f"Imported: {result.added} added, {result.updated} updated, {result.unchanged} unchanged, {result.skipped} skipped",
            summary,
        )
        return EXIT_OK
    finally:
        close_db(db)


def register(subparsers: Subparsers) -> None:
    prn = print_kinds(subparsers, {"roster": print_roster, "appointment": print_appointment})
    prn.add_argument("--member", metavar="ID")
    prn.add_argument("--issuer", help="위촉권자 (예: 햇살군수)")
    prn.add_argument("--number", help="위촉장 번호 (예: 2026-7)")

    excel = add_command(subparsers, "excel", cmd_excel, "엑셀 내보내기/가져오기")
    actions = excel.add_subparsers(dest="action", required=True, parser_class=KoreanArgumentParser)
    export = add_action(actions, "export", "엑셀로 내보내기")
    export.add_argument("area", choices=EXCEL_AREAS)
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    template = add_action(actions, "template", "빈 엑셀 양식 만들기")
    template.add_argument("area", choices=EXCEL_AREAS)
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    imp = add_action(actions, "import", "엑셀에서 가져오기")
    imp.add_argument("area", choices=EXCEL_AREAS)
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true", help="검사만 하고 바꾸지 않기")
    imp.add_argument("--only-valid", action="store_true", help="올바른 행만 가져오기")
