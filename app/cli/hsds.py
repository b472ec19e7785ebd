"""``hsds export --out DIR`` and ``hsds import DIR [--dry-run] [--valid-rows-only]``: the
resource directory as an Open Referral HSDS 3.0 tabular package.

An import checks every file first and prints each problem (file, row, column) on standard
error; with problems nothing is applied (exit 3) unless ``--valid-rows-only`` asks for the
rows without problems. A backup is made before anything is applied.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import (EXIT_OK, EXIT_REFUSED, KoreanArgumentParser, Output, Subparsers, add_action, add_command,
                            close_db, open_db, today)

_TABLE_KO = {"organization": "기관", "service": "서비스", "location": "장소", "address": "주소",
             "service_at_location": "제공 장소", "contact": "담당자", "phone": "전화번호", "taxonomy_term": "분류",
             "service_taxonomy": "분류 지정"}


def _changes(counts: dict[str, dict[str, int]], lang: str) -> str:
    lines = []
    for table, count in counts.items():
        if not any(count.values()):
            continue
        if lang == "ko":
            lines.append(f"  {_TABLE_KO.get(table, table)}({table}): 새로 {count['new']}, 바뀜 {count['changed']}, "
                         f"그대로 {count['unchanged']}")
        else:
            lines.append(f"  {table}: {count['new']} new, {count['changed']} changed, {count['unchanged']} unchanged")
    return "\n".join(lines)


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    from app.resources.hsds.export import export_hsds

    target = Path(args.out).expanduser()
    db = open_db(args)
    try:
        result = export_hsds(db.uow(), target)
    finally:
        close_db(db)
    out.result(f"HSDS 패키지를 만들었습니다: {target} (기관 {result.counts['organization']}, "
               f"서비스 {result.counts['service']})",
               f"Wrote the HSDS package {target} ({result.counts['organization']} organizations, "
               f"{result.counts['service']} services)",
               {"out": str(target), "counts": result.counts})
    return EXIT_OK


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    from app.errors import InputRefused, render
    from app.resources.hsds.plan import apply_hsds_import, read_hsds_package

    folder = Path(args.folder).expanduser()
    db = open_db(args)
    try:
        plan = read_hsds_package(db.uow(), folder, today())
        errors = [p.message(out.lang) for p in plan.problems]
        for line in [render(code, {}, out.lang) for code in plan.notices] + errors:
            out.error(line)
        summary: dict[str, Any] = {**plan.summary(), "errors": errors, "dry_run": args.dry_run}
        if args.dry_run:
            out.result(f"검사만 했습니다(바꾼 것 없음): 잘못된 행 {plan.invalid_rows}\n{_changes(plan.counts, 'ko')}",
                       f"Dry run (nothing changed): {plan.invalid_rows} invalid rows\n{_changes(plan.counts, 'en')}",
                       summary)
            return EXIT_REFUSED if plan.problems else EXIT_OK
        if plan.problems and not args.valid_rows_only:
            raise InputRefused("hsds_invalid_rows", count=plan.invalid_rows)
        from app.backup import backup_before

        backup_before(db, "before-import")
        result = apply_hsds_import(db.uow(), plan, today(), valid_rows_only=args.valid_rows_only)
        summary.update(changes=result.counts, skipped=result.skipped_rows)
        out.result(f"가져왔습니다 (건너뛴 행 {result.skipped_rows}):\n{_changes(result.counts, 'ko')}",
                   f"Imported ({result.skipped_rows} rows skipped):\n{_changes(result.counts, 'en')}", summary)
        return EXIT_OK
    finally:
        close_db(db)


def register(subparsers: Subparsers) -> None:
    command = add_command(subparsers, "hsds", cmd_export, "지역자원을 HSDS 3.0 패키지로 내보내기/가져오기")
    actions = command.add_subparsers(dest="action", required=True, parser_class=KoreanArgumentParser)
    export = add_action(actions, "export", "HSDS 패키지(CSV + datapackage.json)로 내보내기")
    export.add_argument("--out", required=True, metavar="DIR")
    export.set_defaults(handler=cmd_export)
    imp = add_action(actions, "import", "HSDS 패키지에서 가져오기 (HSDS ID로 맞춤, 한 번에 적용)")
    imp.add_argument("folder", metavar="DIR")
    imp.add_argument("--dry-run", action="store_true", help="검사하고 바뀔 것만 보여 주기")
    imp.add_argument("--valid-rows-only", action="store_true", help="문제 없는 행만 가져오기")
    imp.set_defaults(handler=cmd_import)
