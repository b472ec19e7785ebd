"""Sync by USB: ``export``, ``import`` and ``enroll create|accept|revoke|list``.

``app.sync`` (crypto, the package format, the importer) is imported inside the handlers.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from app.cli.common import (EXIT_OK, EXIT_PENDING, KoreanArgumentParser, Output, Subparsers, UsageError, add_action,
                            add_command, close_db, interactive, open_db)


def _enroll_code() -> str:
    """The one-time code read out by the city: from COUNCILDESK_ENROLL_CODE or typed."""
    code = os.environ.get("COUNCILDESK_ENROLL_CODE")
    if code:
        return code
    if not interactive():
        raise UsageError("enroll_code_needed")
    return input("등록 코드: ").strip()


def _site_json(site: Any) -> dict[str, Any]:
    return {"device_id": site.device_id, "council_code": site.council_code, "council_name": site.council_name,
            "role": site.role, "status": site.status,
            "last_package_at": site.last_package_at.isoformat() if site.last_package_at else None}


def cmd_enroll(args: argparse.Namespace, out: Output) -> int:
    from app import sync

    db = open_db(args)
    try:
        if args.action == "create":
            path, code = sync.enroll_create(db, args.council_code, args.council_name, Path(args.out).expanduser())
            out.result(
                f"기기 등록 파일을 만들었습니다: {path}\n협의체 PC에서 이 파일을 가져올 때 입력할 등록 코드(한 번만 표시):\n\n    {code}\n",
                f"Wrote the enrollment file {path}\nOne-time code to type on the council PC (shown once):\n\n    {code}\n",
                {"file": str(path), "code": code})
        elif args.action == "accept":
            site = sync.enroll_accept(db, Path(args.file).expanduser(), _enroll_code())
            out.result(f"등록을 마쳤습니다. 이제 시군구({site.council_name})와 USB로 자료를 주고받을 수 있습니다.",
                       f"Enrolled. This PC now exchanges packages with {site.council_name}.", _site_json(site))
        elif args.action == "revoke":
            site = sync.enroll_revoke(db, args.device)
            out.result(f"기기 등록을 취소했습니다: {site.device_id} ({site.council_name}). 이 기기의 꾸러미는 이제 받지 않습니다.",
                       f"Revoked {site.device_id} ({site.council_name}); its packages are refused from now on.",
                       _site_json(site))
        else:
            sites = sync.list_sites(db)
            lines = [f"{s.council_code} {s.council_name} {s.device_id} {s.status} "
                     f"{s.last_package_at:%Y-%m-%d %H:%M}" if s.last_package_at else
                     f"{s.council_code} {s.council_name} {s.device_id} {s.status} -" for s in sites]
            text = "\n".join(lines) or "등록된 기기가 없습니다."
            out.result(text, "\n".join(lines) or "No enrolled devices.", {"sites": [_site_json(s) for s in sites]})
    finally:
        close_db(db)
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    from app.sync import export_package

    db = open_db(args)
    try:
        path = export_package(db, Path(args.to).expanduser(), getattr(args, "for_", None))
    finally:
        close_db(db)
    out.result(f"{path}\n(USB를 뺄 때는 '안전하게 제거'를 먼저 하세요)", str(path), {"package": str(path)})
    return EXIT_OK


def _counts(preview: Any) -> dict[str, int]:
    return {"new": preview.new, "updated": preview.updated, "deleted": preview.deleted,
            "conflicts": preview.conflicts, "unchanged": preview.unchanged}


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    from app.sync import import_packages, preview_package

    paths = [Path(p).expanduser() for p in args.packages]
    db = open_db(args)
    try:
        result = preview_package(db, paths) if args.dry_run else import_packages(db, paths)
    finally:
        close_db(db)
    counts = _counts(result)
    summary_ko = (f"새 기록 {counts['new']}, 바뀐 기록 {counts['updated']}, 삭제 {counts['deleted']}, "
                  f"충돌 {counts['conflicts']}, 변동 없음 {counts['unchanged']}")
    summary_en = (f"new {counts['new']}, updated {counts['updated']}, deleted {counts['deleted']}, "
                  f"conflicts {counts['conflicts']}, unchanged {counts['unchanged']}")
    data = {**counts, "dry_run": args.dry_run, "nothing_to_do": result.nothing_to_do,
            "packages": [{"path": str(p.path), "package_id": p.package_id, "status": p.status} for p in result.packages]}
    if args.dry_run:
        out.result("검사만 했습니다(바꾼 것 없음): " + summary_ko, "Dry run (nothing changed): " + summary_en, data)
        return EXIT_OK
    if result.nothing_to_do:
        out.result("이미 가져온 꾸러미입니다. 바꿀 것이 없습니다.", "Already imported: nothing to do.", data)
        return EXIT_OK
    data["log_alerts"] = list(result.log_alerts)
    out.result("가져왔습니다: " + summary_ko, "Imported: " + summary_en, data)
    if result.log_alerts:
        # The data is good and applied; the log of this PC is not: say so every time.
        out.error("경고: 이 PC의 접속기록에서 최근 기록이 지워졌습니다(시군구에 남은 기록과 맞지 않습니다). "
                  "'councildesk check'로 확인하고 관리자에게 알리세요."
                  if out.lang == "ko" else "Warning: the newest entries of this PC's access log were removed "
                  "(they do not match the city's copy). Run 'councildesk check' and tell an administrator.")
    if result.conflicts:
        out.error(f"충돌 {result.conflicts}건이 해결을 기다립니다. 창에서 파일 → 충돌 해결…을 여세요."
                  if out.lang == "ko" else f"{result.conflicts} conflicts wait for a person: open File → Resolve conflicts.")
        return EXIT_PENDING
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    export = add_command(subparsers, "export", cmd_export, "USB로 보낼 동기화 꾸러미 쓰기")
    export.add_argument("--to", required=True, metavar="DIR", help="꾸러미를 쓸 폴더 (예: USB)")
    export.add_argument("--for", dest="for_", metavar="CODE_OR_DEVICE",
                        help="시군구에서: 받을 협의체 코드 또는 기기 ID")

    imp = add_command(subparsers, "import", cmd_import, "동기화 꾸러미 검증 후 가져오기")
    imp.add_argument("packages", nargs="+", metavar="PACKAGE", help="꾸러미 파일 또는 폴더")
    imp.add_argument("--dry-run", action="store_true", help="무엇이 바뀔지 보기만 하기")

    enroll = add_command(subparsers, "enroll", cmd_enroll, "기기 등록 (시군구 ↔ 협의체)")
    actions = enroll.add_subparsers(dest="action", required=True, parser_class=KoreanArgumentParser)
    create = add_action(actions, "create", "시군구: 협의체 기기 하나를 등록하는 파일 만들기")
    create.add_argument("--council-code", required=True)
    create.add_argument("--council-name", required=True)
    create.add_argument("--out", required=True, metavar="FILE")
    accept = add_action(actions, "accept", "협의체: 등록 파일 받기 (등록 코드는 COUNCILDESK_ENROLL_CODE 또는 입력)")
    accept.add_argument("file", metavar="FILE")
    revoke = add_action(actions, "revoke", "시군구: 잃어버린 기기의 등록 취소")
    revoke.add_argument("--device", required=True, metavar="DEVICE_ID")
    add_action(actions, "list", "알려진 기관과 기기, 마지막 꾸러미 시각")
