"""City mode: the Excel summary per council, the read-only guard on councils' records,
and the city's database on PostgreSQL.

The city holds the records of every council of its 시군구 in the same tables; each
record's owner is in ``sync_record_state.council_code``. Those records are replicas: the
city reads and relays them, and only sync (imports, conflict resolution) writes them.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app import codes
from app.atomic_file import atomic_output
from app.council import validate_council
from app.errors import MESSAGES, FieldError, InputRefused, ValidationFailed
from app.security.accounts import NewAccount, add_account_row, validate_new_account
from app.security.audit import append_entry, install_audit, log_event
from app.security.keyring import KdfParams, active_kdf
from app.security.permissions import Actor, Permission, require
from app.sync.messages import SyncRefused
from db import migrate
from db.base import SyncedMixin
from db.meeting_models import Meeting, MeetingAttendance
from db.models import Installation, Member, MemberTerm
from db.security_models import Account
from db.session import Database, DatabaseOpenError, open_postgres
from db.sync_models import SyncRecordState, SyncSite

MESSAGES.update({
    "sync_replica_read_only": ("시군구에서는 읍면동 협의체의 기록을 고칠 수 없습니다(읽기 전용 사본). 해당 협의체에서 고친 뒤 꾸러미로 보내 주세요.",
                               "The city cannot edit a council's records (read-only copies). Edit them at the council "
                               "and send a package."),
    "db_server_unreachable": ("데이터베이스 서버에 연결할 수 없습니다: {detail}", "Cannot reach the database server: {detail}"),
})

_HELD = ("held", "approved")


# Read-only replicas ------------------------------------------------------------------------

def install_replica_guard(db: Database) -> bool:
    """In city mode, refuse any write to a synced record that sync itself did not make.

    Returns whether the guard was installed (city mode). Imports write through SQL
    statements (no ORM flush); conflict resolution sets ``allow_replica_edit``.
    """
    with db.session_factory() as session:
        role = session.scalar(select(Installation.site_role))
    if role != "city" or db.info.get("replica_guard"):
        return role == "city"

    @event.listens_for(db.session_factory, "before_flush")
    def refuse_replica_edits(session: Session, _ctx: Any, _instances: Any) -> None:
        if session.info.get("allow_replica_edit"):
            return
        if any(isinstance(o, SyncedMixin) for o in list(session.new) + list(session.dirty)):
            raise SyncRefused("sync_replica_read_only")

    db.session_factory.kw["info"] = {**db.info, "replica_guard": True}
    return True


# PostgreSQL --------------------------------------------------------------------------------

def _open_server(url: str) -> Database:
    try:
        return open_postgres(url)
    except DatabaseOpenError as exc:
        raise InputRefused("db_server_unreachable", detail=exc.detail[:200]) from exc


def init_postgres_database(url: str, council_code: str, council_name: str, admin: NewAccount,
                           kdf: KdfParams | None = None) -> Database:
    """Create the city's database on an (empty) PostgreSQL database, with its first administrator."""
    validate_council(council_code, council_name)
    validate_new_account(admin)
    if admin.role != "admin":
        raise ValidationFailed([FieldError("role", "invalid_choice", {"value": admin.role})])
    db = _open_server(url)
    try:
        if migrate.current_revision(db.engine) is not None:
            raise InputRefused("db_exists", path=url.split("@")[-1])
        migrate.upgrade(db.engine)
        actor = Actor(admin.username, admin.role, admin.display_name)
        with db.session_factory.begin() as session:
            session.add(Installation(id=1, council_code=council_code, council_name=council_name.strip(),
                                     site_role="city"))
            session.flush()
            add_account_row(session, admin, kdf or active_kdf())
            append_entry(session, actor, "permission", "account", admin.username, {"grant": admin.role, "setup": True})
        db.load_device_id()
        db.actor = actor
        install_audit(db.session_factory)
        install_replica_guard(db)
    except BaseException:
        db.dispose()
        raise
    return db


def open_postgres_database(url: str, username: str, password: str) -> Database:
    """Log in to the city's PostgreSQL database: the argon2 hash is the only check there
    (no SQLCipher key to unwrap; the server's own access control protects the data)."""
    db = _open_server(url)
    try:
        revision = migrate.current_revision(db.engine)
        if revision not in migrate.known_revisions():
            raise InputRefused("db_too_new" if revision else "db_not_councildesk", path=url.split("@")[-1])
        if revision != migrate.head_revision():
            migrate.upgrade(db.engine)
        with db.session_factory.begin() as session:
            row = session.scalar(select(Account).where(Account.username == username, Account.active.is_(True)))
            try:
                ok = row is not None and PasswordHasher().verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
            if not ok:
                append_entry(session, None, "login_failed", "account", username)
            else:
                actor = Actor(row.username, row.role, row.display_name)
                append_entry(session, actor, "login", "account", username)
        if not ok:
            raise InputRefused("wrong_login")
        db.load_device_id()
        db.actor = actor
        install_audit(db.session_factory)
        install_replica_guard(db)
    except BaseException:
        db.dispose()
        raise
    return db


# Excel summary -----------------------------------------------------------------------------

def _in_office(terms: list[MemberTerm], day: date) -> bool:
    for term in terms:
        if term.deleted_at is not None or term.start_on > day:
            continue
        if term.ended_on is not None and day >= term.ended_on:
            continue
        if term.end_on is None or day <= term.end_on:
            return True
    return False


def _summaries(session: Session, today: date) -> list[dict[str, Any]]:
    own = session.scalar(select(Installation))
    assert own is not None
    names: dict[str, str] = {}
    for site in session.scalars(select(SyncSite).where(SyncSite.role == "council")):
        names.setdefault(site.council_code, site.council_name)
    if own.site_role == "council":
        names.setdefault(own.council_code, own.council_name)

    def owners(table: str) -> dict[str, str]:
        return dict(session.execute(select(SyncRecordState.record_id, SyncRecordState.council_code)
                                    .where(SyncRecordState.table_name == table)).all())

    default_owner = own.council_code if own.site_role == "council" else ""
    member_owner = owners("member")
    meeting_owner = owners("meeting")
    terms: dict[str, list[MemberTerm]] = defaultdict(list)
    for term in session.scalars(select(MemberTerm)):
        terms[term.member_id].append(term)
    stats: dict[str, dict[str, Any]] = defaultdict(lambda: {"members": 0, "sex": defaultdict(int),
                                                            "category": defaultdict(int),
                                                            "grid": defaultdict(int), "meetings": 0, "rates": []})
    for member in session.scalars(select(Member).where(Member.deleted_at.is_(None))):
        code = member_owner.get(member.id, default_owner)
        if not code or not _in_office(terms[member.id], today):
            continue
        s = stats[code]
        s["members"] += 1
        s["sex"][member.sex] += 1
        s["category"][member.category] += 1
        s["grid"][(member.category, member.sex)] += 1
    attendance: dict[str, list[str]] = defaultdict(list)
    for row in session.execute(select(MeetingAttendance.meeting_id, MeetingAttendance.status)
                               .where(MeetingAttendance.deleted_at.is_(None))):
        attendance[row.meeting_id].append(row.status)
    for meeting in session.scalars(select(Meeting).where(Meeting.deleted_at.is_(None), Meeting.status.in_(_HELD),
                                                         Meeting.held_on <= today)):
        code = meeting_owner.get(meeting.id, default_owner)
        if not code:
            continue
        stats[code]["meetings"] += 1
        statuses = attendance.get(meeting.id)
        if statuses:
            stats[code]["rates"].append(sum(s == "present" for s in statuses) / len(statuses))
    result = []
    for code in sorted(set(names) | set(stats)):
        s = stats[code]
        rates = s["rates"]
        result.append({"code": code, "name": names.get(code, ""), "members": s["members"], "sex": dict(s["sex"]),
                       "category": dict(s["category"]), "grid": dict(s["grid"]), "meetings": s["meetings"],
                       "attendance": round(100 * sum(rates) / len(rates), 1) if rates else None})
    return result


def _header(ws: Any, titles: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from app.reports.excel_print import fit_a4_landscape

    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws.append(titles)
    for index, _title in enumerate(titles, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = 12 if index > 2 else 24
    ws.freeze_panes = "C2"
    fit_a4_landscape(ws)


def city_summary_excel(db: Database, out_path: Path, today: date | None = None) -> Path:
    """One row per council: members in office by sex and category, meetings held and their
    average attendance; a second sheet crosses category and sex. Aggregates only."""
    # openpyxl is imported here, not at the top: every city login imports this module for
    # the replica guard, and only this report needs openpyxl.
    from openpyxl import Workbook

    from app.reports.excel.workbook import append_row, make_workbook_safe

    require(db.actor, Permission.EXPORT)
    today = today or date.today()
    with db.session_factory() as session:
        rows = _summaries(session, today)
    categories = sorted(codes.CATEGORY)
    wb = Workbook()
    ws = wb.active
    ws.title = "협의체별 요약"
    _header(ws, ["협의체 코드", "협의체 이름", "재임 위원", "남", "여"]
            + [f"{n}호" for n in categories] + ["회의 개최", "평균 출석률(%)"])
    for r in rows:
        # Council names came by sync from every council: cleaned and kept as text.
        append_row(ws, [r["code"], r["name"], r["members"], r["sex"].get("M", 0), r["sex"].get("F", 0)]
                   + [r["category"].get(n, 0) for n in categories] + [r["meetings"], r["attendance"]])
    grid = wb.create_sheet("범주×성별")
    _header(grid, ["협의체 코드", "협의체 이름", "자격 범주", "남", "여", "계"])
    for r in rows:
        for n in categories:
            male, female = r["grid"].get((n, "M"), 0), r["grid"].get((n, "F"), 0)
            append_row(grid, [r["code"], r["name"], f"{n}호 {codes.CATEGORY[n][0]}", male, female, male + female])
    grid.column_dimensions["C"].width = 40
    note = wb.create_sheet("기준")
    note.append(["기준일", today.isoformat()])
    note.append(["재임 위원", "기준일에 임기 중인 위원(해촉·삭제 제외)"])
    note.append(["회의 개최", "기준일까지 열린 회의(개최·회의록 승인)"])
    note.append(["평균 출석률", "회의별 출석 인원 ÷ 출석부 인원의 평균"])
    out_path = Path(out_path)
    try:
        make_workbook_safe(wb)
        with atomic_output(out_path) as handle:
            wb.save(handle)
    except OSError as exc:
        raise InputRefused("write_failed", path=str(out_path), detail=str(exc)) from exc
    log_event(db.session_factory, db.actor, "export", "city_summary", "", {"file": out_path.name,
                                                                            "councils": len(rows)})
    return out_path
