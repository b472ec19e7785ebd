"""The member roster as an Excel workbook: the members hook of the generic pipeline in
``app.reports.excel`` (export, blank template, and checked import).

The sheet "위원명부" has one row per member. Its 위원ID column carries the member's UUID so
that a file exported, edited in Excel and imported again updates the same people instead
of adding them twice; a row without an ID is a new member.

Import is two steps so the user sees every problem before anything changes:
``read_members_workbook`` turns the file into a ``MemberImportPlan`` (every row checked,
every problem a ``FieldError`` with its Excel row, nothing written), and
``apply_members_import`` applies a plan in one transaction. Both check with the rules of
``app.member_rules`` (the ones the member services use) against the roster loaded once.

No Qt here: the UI passes ``progress(done, total)`` and ``cancelled()`` callbacks.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import codes
from app.errors import FieldError, InputRefused, ValidationFailed, field_label
from app.member_rules import Roster, RosterEntry, cap_error, member_status, overlap_error, term_in_office
from app.members import (
    MemberData,
    MemberView,
    TermData,
    TermView,
    _all_live_members,
    _member_view,
    add_member_in_session,
    clean_member_data,
    list_members,
    load_roster,
    roster_entry,
    update_member_in_session,
    validate_member_data,
    validate_term_data,
)
from app.reports.excel.columns import YES, NO, Column, SheetSpec
from app.reports.excel.importer import (
    Cancelled,
    ImportPlan,
    ImportResult,
    Progress as LabelledProgress,
    Reporter,
    apply_in_one_transaction,
    at_row,
    first_per_field,
    read_typed_rows,
)
from app.reports.excel.reader import TypedRow
from app.reports.excel.workbook import TEMPLATE_ROWS, save_atomically, write_guide, write_sheet
from app.security.audit import append_entry, record
from app.security.permissions import Permission, require
from app.settings import load_settings
from db.models import Installation, Member
from db.session import UnitOfWork

__all__ = [
    "COLUMNS", "ImportResult", "ImportRow", "MemberImportPlan", "apply_members_import",
    "export_members", "read_members_workbook", "write_members_template",
]

Progress = Callable[[int, int], None]

SHEET_TITLE = "위원명부"
GUIDE_TITLE = "안내"
PROGRESS_EVERY = 50
_save_atomically = save_atomically  # the name the access-log export imports


def _column(field: str, kind: str, width: float, hint: str, **more: object) -> Column:
    # Header texts are the field labels of app.errors, so an error's "'성별' 열" names
    # exactly the column the user sees; the English label and field code are accepted too.
    aliases = (field_label(field, "en"), *more.pop("aliases", ()))  # type: ignore[misc]
    return Column(field, field_label(field), kind, width, hint, aliases=aliases, **more)  # type: ignore[arg-type]


COLUMNS: tuple[Column, ...] = (
    _column("id", "id", 38, "프로그램이 붙인 번호입니다. 고치지 마세요. 새 위원은 비워 두세요.", aliases=("위원번호",)),
    _column("name", "text", 10, "30자 이내.", required=True, max_length=30, aliases=("이름", "위원명", "성함")),
    _column("sex", "choice", 6, "남 또는 여.", required=True, choices=codes.SEX),
    _column("birth_date", "date", 12, "주민등록번호는 적지 마세요. 생년월일만 적습니다.", aliases=("생일",)),
    _column("affiliation", "text", 24, "소속 기관·단체 또는 마을(리).", aliases=("소속기관", "기관")),
    _column("position", "text", 14, "소속에서의 직위."),
    _column("kind", "choice", 9, "당연직(공무원 등 직위로 참여) 또는 위촉직.", required=True,
            choices=codes.MEMBER_KIND, aliases=("위원구분",)),
    _column("category", "choice", 30, "시행규칙 제7조② 자격. 목록에서 고르세요.", required=True,
            choices=codes.CATEGORY, aliases=("위촉자격", "자격구분")),
    _column("role", "choice", 16, "비우면 '위원'.", choices=codes.ROLE, blank="member"),
    _column("phone", "phone", 15, "010-1234-5678처럼 적습니다.", aliases=("전화번호", "휴대전화", "휴대폰", "전화")),
    _column("honorary_official", "bool", 12, "예 또는 아니오. 비우면 아니오.", aliases=("명예사회복지공무원여부",)),
    _column("pledge_on", "date", 14, "비밀유지 서약서를 받은 날.", aliases=("서약일",)),
    _column("consent_on", "date", 14, "개인정보 수집·이용 동의를 받은 날.", aliases=("동의일",)),
    _column("recommended_on", "date", 12, "읍면동장이 추천한 날. 위촉일보다 늦을 수 없습니다."),
    _column("start_on", "date", 12, "현재(마지막) 임기의 위촉일.", required=True,
            aliases=("위촉일자", "임기시작일", "임기시작")),
    _column("end_on", "date", 12, "현재(마지막) 임기의 만료일. 위촉직은 꼭 적습니다(당연직은 비워도 됨).",
            required_note="위촉직 필수", aliases=("임기종료일", "임기만료", "임기종료")),
    Column("status", "상태", "export_only", 10, "내보낼 때만 채워집니다. 가져올 때는 무시합니다.", in_template=False),
    _column("note", "text", 30, "2,000자 이내.", wrap=True),
)

SPEC = SheetSpec(
    title=SHEET_TITLE, columns=COLUMNS, anchor="name", guide_title=GUIDE_TITLE,
    # Keep the ID and the name in view while scrolling right through 18 columns.
    freeze="C2",
    guide_heading="위원명부 엑셀 작성 안내",
    guide_lines=(
        f"• '{SHEET_TITLE}' 시트의 첫 행(열 제목)은 바꾸지 마세요. 열 순서는 바꿔도 됩니다.",
        "• 한 행에 위원 한 명을 적습니다. 빈 행은 건너뜁니다.",
        "• 위원ID가 있는 행은 그 위원의 정보를 고치고, 위원ID가 빈 행은 새 위원으로 추가합니다.",
        "• 파일에서 행을 지워도 프로그램의 위원은 삭제되지 않습니다. 해촉·삭제는 프로그램에서 하세요.",
        "• 위촉일·임기만료일은 현재(마지막) 임기의 날짜입니다. 재위촉은 프로그램에서 하세요.",
        "• 날짜는 2026-11-24처럼 입력합니다. 목록이 있는 칸은 목록에서 고르세요.",
        "• 주황색 제목은 꼭 채워야 하는 열입니다. 주민등록번호는 어디에도 적지 마세요.",
        "• 가져오기 전에 모든 행을 검사하며, 잘못된 행이 있으면 몇 행 어느 열인지 알려 줍니다.",
    ),
)
COLUMN_BY_FIELD = SPEC.by_field
REQUIRED_FIELDS = SPEC.required_fields
_MEMBER_FIELDS = ("name", "sex", "birth_date", "affiliation", "position", "kind", "category", "role",
                  "phone", "honorary_official", "pledge_on", "consent_on", "note")
_TERM_FIELDS = ("recommended_on", "start_on", "end_on")

# Errors that the member services raise as a whole-action refusal, shown in the import
# against the column that caused them.
_REFUSAL_FIELDS = {"duplicate_member": "name", "role_taken": "role", "member_cap": "start_on",
                   "term_overlap": "start_on", "dismiss_before_start": "start_on"}


@dataclass(frozen=True)
class ImportRow:
    """One sheet row as understood: what it would do and what is wrong with it."""

    row: int
    member_id: str | None
    data: MemberData
    term: TermData | None
    errors: tuple[FieldError, ...]
    action: str  # "add" | "update" | "unchanged"

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class MemberImportPlan(ImportPlan[ImportRow]):
    """Everything a roster file would change, checked; build it with ``read_members_workbook``."""


def _labelled(progress: Progress | None) -> LabelledProgress | None:
    # The member entry points keep their two-argument callback; the UI sets its own label.
    return None if progress is None else (lambda done, total, _label: progress(done, total))


# ---------------------------------------------------------------- writing

def _member_row(view: MemberView) -> list[object]:
    term = view.current_term
    values: dict[str, object] = {
        "id": view.id, "name": view.name, "sex": codes.label(codes.SEX, view.sex),
        "birth_date": view.birth_date, "affiliation": view.affiliation, "position": view.position,
        "kind": codes.label(codes.MEMBER_KIND, view.kind), "category": codes.label(codes.CATEGORY, view.category),
        "role": codes.label(codes.ROLE, view.role), "phone": view.phone,
        "honorary_official": YES if view.honorary_official else NO,
        "pledge_on": view.pledge_on, "consent_on": view.consent_on,
        "recommended_on": term.recommended_on if term else None,
        "start_on": term.start_on if term else None, "end_on": term.end_on if term else None,
        "status": codes.label(codes.MEMBER_STATUS, view.status), "note": view.note,
    }
    return [values[c.field] for c in COLUMNS]


def export_members(uow: UnitOfWork, out_path: Path, today: date, status: str = "all") -> Path:
    """Write the roster (``status`` as in ``list_members``) to ``out_path``; returns the path."""
    require(uow.actor, Permission.EXPORT)
    views = list_members(uow, today, status=status)
    with uow:
        council = uow.session.scalar(select(Installation.council_name)) or ""
    wb = Workbook()
    write_sheet(wb, SPEC, COLUMNS, (_member_row(v) for v in views), council=council)
    write_guide(wb, SPEC, COLUMNS)
    written = save_atomically(wb, out_path)
    record(uow, "export", "member", "", {"file": written.name, "rows": len(views), "format": "xlsx"})
    return written


def write_members_template(out_path: Path) -> Path:
    """Write the empty roster form that coordinators fill in for a first import."""
    columns = SPEC.template_columns
    wb = Workbook()
    write_sheet(wb, SPEC, columns, (), template_rows=TEMPLATE_ROWS)
    write_guide(wb, SPEC, columns)
    return save_atomically(wb, out_path)



# ---------------------------------------------------------------- checking a batch

@dataclass
class _Draft:
    """A row being checked; becomes an ``ImportRow``."""

    row: int
    member_id: str | None
    data: MemberData
    term: TermData | None
    errors: list[FieldError]
    action: str

    def fail(self, error: FieldError) -> None:
        self.errors.append(replace(error, row=self.row))

    def freeze(self) -> ImportRow:
        return ImportRow(self.row, self.member_id, self.data, self.term, at_row(self.errors, self.row), self.action)


def _term_key(term: TermData | TermView | None) -> tuple | None:
    return None if term is None else (term.start_on, term.end_on, term.recommended_on)


def _draft_row(typed: TypedRow, existing: dict[str, MemberView], today: date) -> _Draft:
    values = dict(typed.values)
    errors = list(typed.errors)
    member_id = str(values.pop("id", "") or "") or None
    known = existing.get(member_id) if member_id else None
    if member_id and known is None:
        errors.append(FieldError("id", "excel_unknown_id", {"value": member_id}))

    # An update keeps whatever the file has no column for; a new member starts empty.
    base = known.to_data() if known is not None else MemberData(name="", sex="", kind="", category=0)
    latest = known.current_term if known is not None else None
    data = clean_member_data(replace(base, **{k: v for k, v in values.items() if k in _MEMBER_FIELDS}))

    term_values = {k: v for k, v in values.items() if k in _TERM_FIELDS}
    term: TermData | None
    if latest is None and known is not None and not any(term_values.values()):
        term = None  # a member without terms, and the file adds none
    else:
        term = TermData(start_on=term_values.get("start_on", latest.start_on if latest else None),  # type: ignore[arg-type]
                        end_on=term_values.get("end_on", latest.end_on if latest else None),
                        recommended_on=term_values.get("recommended_on", latest.recommended_on if latest else None))

    if known is None:
        action = "add"
    elif errors:
        action = "update"  # a value that could not be read is a change the user meant
    elif data == known.to_data() and _term_key(term) == _term_key(latest):
        action = "unchanged"
    else:
        action = "update"

    # An untouched row changes nothing, so rules tightened since it was entered do not
    # block the rest of the file.
    if action != "unchanged":
        checks = validate_member_data(data, today)
        if term is not None:
            checks += validate_term_data(term, data.kind)
            if known is not None and latest is not None and term.start_on is not None:
                overlaps = (overlap_error(earlier, term) for earlier in known.terms[:-1])
                checks += [e for e in overlaps if e is not None][:1]
        errors = first_per_field(errors, checks)
    return _Draft(typed.row, member_id, data, term, errors, action)


def _check_in_file(drafts: list[_Draft]) -> None:
    """The same person twice in the file: same ID, or same name with birth date or phone."""
    first_seen: dict[tuple, int] = {}
    for draft in drafts:
        keys: list[tuple[str, tuple]] = []
        if draft.member_id:
            keys.append(("id", ("id", draft.member_id)))
        if draft.data.name and draft.data.birth_date:
            keys.append(("name", ("birth", draft.data.name, draft.data.birth_date)))
        if draft.data.name and draft.data.phone:
            keys.append(("name", ("phone", draft.data.name, draft.data.phone)))
        for field_name, key in keys:
            if key in first_seen:
                draft.fail(FieldError(field_name, "excel_duplicate_in_file", {"other_row": first_seen[key]}))
                break
        for _field, key in keys:
            first_seen.setdefault(key, draft.row)


def _entry(view: MemberView) -> RosterEntry:
    return RosterEntry(view.id, view.name, view.birth_date, view.phone, view.role, view.status)


def _status_after(draft: _Draft, known: MemberView | None, today: date) -> str:
    terms: tuple[TermView, ...] = known.terms if known is not None else ()
    if draft.term is not None:
        previous = terms[-1] if terms else None
        new = TermView(
            id="", number=len(terms) or 1, recommended_on=draft.term.recommended_on,
            start_on=draft.term.start_on, end_on=draft.term.end_on,
            ended_on=previous.ended_on if previous else None,
            end_reason=previous.end_reason if previous else None, end_note="",
        )
        terms = terms[:-1] + (new,) if previous else (new,)
    return member_status(terms, today)


def _check_against_others(drafts: list[_Draft], existing: dict[str, MemberView], today: date, cap: int) -> None:
    """The member services' rules against others, on the roster as the file leaves it."""
    in_file = {d.member_id for d in drafts if d.member_id}
    outside = Roster((_entry(v) for v in existing.values() if v.id not in in_file), cap)
    for draft in drafts:
        if draft.action != "unchanged" and not draft.errors:
            error = outside.duplicate_error(draft.data, None)
            if error is not None:
                draft.fail(error)

    # Everyone once the file is applied (valid rows only); a new row is keyed by its number.
    final = Roster(outside, cap)
    for draft in drafts:
        known = existing.get(draft.member_id or "")
        if draft.errors:
            if known is not None:
                final.put(_entry(known))
            continue
        final.put(RosterEntry(draft.member_id or draft.row, draft.data.name, draft.data.birth_date,
                              draft.data.phone, draft.data.role, _status_after(draft, known, today)))
    for draft in drafts:
        if not draft.errors and draft.action != "unchanged":
            error = final.role_error(draft.data.role, draft.member_id or draft.row)
            if error is not None:
                draft.fail(error)

    # New members in office today count against the cap (updates are applied first).
    active = sum(1 for e in final if e.status == "active" and not isinstance(e.id, int))
    for draft in drafts:
        if draft.errors or draft.action != "add" or draft.term is None or not term_in_office(draft.term, today):
            continue
        error = cap_error(active, cap)
        if error is not None:
            draft.fail(error)
        else:
            active += 1


def check_member_rows(rows: Sequence[TypedRow], existing: dict[str, MemberView], today: date, cap: int,
                      report: Callable[[int], None] = lambda _done: None) -> tuple[ImportRow, ...]:
    """Every row checked with the member rules, against ``existing`` (loaded once)."""
    drafts: list[_Draft] = []
    for done, typed in enumerate(rows, start=1):
        drafts.append(_draft_row(typed, existing, today))
        report(done)
    _check_in_file(drafts)
    _check_against_others(drafts, existing, today, cap)
    return tuple(d.freeze() for d in drafts)


def read_members_workbook(uow: UnitOfWork, path: Path, today: date, progress: Progress | None = None,
                          cancelled: Cancelled | None = None) -> MemberImportPlan:
    """Read and check a roster file. Writes nothing; refuses files it cannot use."""
    actor = require(uow.actor, Permission.MEMBERS_EDIT)
    path = Path(path)
    read = read_typed_rows(path, SPEC)
    if "end_on" not in read.table.columns and any(r.values.get("kind") == "appointed" for r in read.rows):
        # The column may only be left out when no row is 위촉직 (officials have no fixed end).
        appointed = codes.label(codes.MEMBER_KIND, "appointed")
        raise InputRefused("excel_missing_columns", columns=f"{field_label('end_on')} ({appointed})")

    with uow:
        # Everything the rules need, once for the whole file: no query per row.
        existing = {m.id: _member_view(m, today) for m in _all_live_members(uow.session)}
        cap = load_settings(uow.session).max_members
        # Checking the file against the roster reads personal data: logged like a list view.
        append_entry(uow.session, actor, "view", "member", "", {"import_check": path.name, "rows": len(existing)})
        uow.commit()

    report = Reporter(_labelled(progress), cancelled, len(read.rows), "", every=PROGRESS_EVERY)
    rows = check_member_rows(read.rows, existing, today, cap, report)
    return MemberImportPlan(path=path, sheet=read.table.title, rows=rows, ignored_columns=read.table.ignored)


# ---------------------------------------------------------------- applying

def _correct_latest_term(member: Member, term: TermData) -> None:
    """Fix the dates of the latest term in place (a correction, not a new appointment)."""
    live = sorted((t for t in member.terms if t.deleted_at is None), key=lambda t: t.start_on)
    if not live:
        return
    latest = live[-1]
    if (latest.start_on, latest.end_on, latest.recommended_on) == (term.start_on, term.end_on, term.recommended_on):
        return
    errors = validate_term_data(term, member.kind)
    if errors:
        raise ValidationFailed(errors)
    latest.start_on, latest.end_on, latest.recommended_on = term.start_on, term.end_on, term.recommended_on


class _MemberWriter:
    """Applies member rows against the roster loaded once at the start of the transaction."""

    refusal_fields = _REFUSAL_FIELDS

    def __init__(self, session: Session, today: date, finish: Callable[[Session], None]) -> None:
        self.session, self.today, self._finish = session, today, finish
        # Loads every live member into the session too, so updates find theirs without a query.
        self.roster = load_roster(session, today)
        self.added_ids: list[str] = []
        self.updated = 0

    def order(self, rows: Sequence[ImportRow]) -> list[ImportRow]:
        """Updates that give up a co-chair role first, then other updates, then additions,
        so handing a role from one member to another in the same file works."""
        def rank(row: ImportRow) -> int:
            if row.action == "add":
                return 2
            current = self.roster.get(row.member_id)
            releases = (current is not None and current.role in codes.SINGLE_HOLDER_ROLES
                        and current.role != row.data.role)
            return 0 if releases else 1

        return sorted(rows, key=rank)

    def write(self, row: ImportRow) -> None:
        if row.action == "add":
            assert row.term is not None
            member = add_member_in_session(self.session, row.data, row.term, self.today, roster=self.roster)
            self.added_ids.append(member.id)
            return
        assert row.member_id is not None
        member = update_member_in_session(self.session, row.member_id, row.data, self.today, roster=self.roster)
        if row.term is not None:
            _correct_latest_term(member, row.term)
            self.roster.put(roster_entry(member, self.today))  # the corrected term may change the status
        self.updated += 1

    def finish(self) -> None:
        self._finish(self.session)


def apply_members_import(uow: UnitOfWork, plan: MemberImportPlan, today: date, only_valid: bool = False,
                         progress: Progress | None = None, cancelled: Cancelled | None = None) -> ImportResult:
    """Apply a checked plan in one transaction: all of it or, on any error or a cancel, none.

    With ``only_valid`` the rows with problems are skipped; otherwise any problem refuses
    the whole file. The rules are checked again against the roster as it is now (someone may
    have added a member since the file was read), loaded once for the whole file.
    """
    actor = require(uow.actor, Permission.MEMBERS_EDIT)
    invalid = plan.invalid_rows
    if invalid and not only_valid:
        raise InputRefused("excel_invalid_rows", count=len(invalid))
    rows = plan.valid_rows
    changes = [r for r in rows if r.action in ("add", "update")]
    writer: _MemberWriter | None = None

    def start(session: Session) -> _MemberWriter:
        nonlocal writer

        def log(s: Session) -> None:
            assert writer is not None
            append_entry(s, actor, "import", "member", "", {"file": plan.path.name, "added": len(writer.added_ids),
                                                             "updated": writer.updated, "skipped": len(invalid)})

        writer = _MemberWriter(session, today, log)
        return writer

    apply_in_one_transaction(uow, changes, start, progress=_labelled(progress), cancelled=cancelled)
    assert writer is not None
    return ImportResult(added=len(writer.added_ids), updated=writer.updated, unchanged=len(rows) - len(changes),
                        skipped=len(invalid), added_ids=tuple(writer.added_ids))
