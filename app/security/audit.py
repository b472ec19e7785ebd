"""The access log (접속기록): who did what to whose data, when and from which machine.

Changes to synced records are logged automatically at flush time with field-level old and
new values, in the same transaction as the change, so no write path can skip the log.
Views, prints, exports, logins and permission changes are logged by explicit calls.
Entries are hash-chained (``app.security.chain``); ``verify_access_log`` finds an edited,
inserted or removed row.
"""
from __future__ import annotations

import getpass
import json
import socket
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any

from sqlalchemy import delete, event, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.security.chain import GENESIS, ChainBreak, entry_hash, verify_chain
from app.security.permissions import Actor, NotAllowed, Permission, require
from db.base import SyncedMixin, new_uuid, utc_now
from db.models import ChangeCounter, Setting
from db.security_models import AccessLogEntry

ACTIONS: dict[str, tuple[str, str]] = {
    "login": ("로그인", "Login"),
    "logout": ("로그아웃", "Logout"),
    "login_failed": ("로그인 실패", "Failed login"),
    "view": ("조회", "View"),
    "create": ("입력", "Create"),
    "update": ("수정", "Change"),
    "delete": ("삭제", "Delete"),
    "restore": ("복구", "Undelete"),
    "print": ("출력", "Print"),
    "export": ("내보내기", "Export"),
    "import": ("가져오기", "Import"),
    "permission": ("권한변경", "Permission change"),
    "password": ("비밀번호변경", "Password change"),
    "backup": ("백업", "Backup"),
    "restore_backup": ("백업복원", "Restore backup"),
    "recovery": ("복구코드사용", "Recovery code used"),
}
# What each kind of record is called where people read the log (viewer, Excel export).
# What each kind of record is called where people read the log (viewer, Excel export):
# the areas' tables come from the registry (``app.areas``), these are the program's own.
TARGET_LABELS: dict[str, tuple[str, str]] = {
    "account": ("계정", "Account"), "keyring": ("열쇠 파일", "Key file"), "access_log": ("접속기록", "Access log"),
    "setting": ("설정", "Setting"), "installation": ("협의체 정보", "Council"), "backup": ("백업", "Backup"),
    "sync_package": ("동기화 꾸러미", "Sync package"),
    "sync_site": ("등록 기기", "Enrolled device"), "sync_conflict": ("동기화 충돌", "Sync conflict"),
    "city_summary": ("협의체별 요약", "Council summary"),
}


def target_label(table: str, lang: str = "ko") -> str:
    from app.areas import table_label

    if (label := table_label(table, lang)) is not None:
        return label
    ko, en = TARGET_LABELS.get(table, (table, table))
    return ko if lang == "ko" else en


# 고시 제8조: access records at least 2 years; permission grants and changes at least 3.
RETENTION_YEARS = 2
PERMISSION_RETENTION_YEARS = 3
_PERMISSION_ACTIONS = ("permission", "password", "recovery")
_BOOKKEEPING = {"updated_at", "change_seq", "changed_by_device", "created_at", "id"}
_ANCHOR_KEY = "access_log_anchor"
_HEAD_KEY = "audit_head"


@cache
def machine_name() -> str:
    """The PC and its OS user, e.g. ``면사무소-PC3 (hong)``; no network involved."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some service accounts
        user = "?"
    return f"{socket.gethostname()} ({user})"[:100]


_TEXT_LOGGED = 500


def _json_value(value: Any) -> Any:
    """What the log keeps of a value: dates as text, files as their size, long text cut."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes>"
    if isinstance(value, str) and len(value) > _TEXT_LOGGED:
        return value[:_TEXT_LOGGED] + f"… ({len(value)}자)"
    return value


def _details_text(details: dict[str, Any] | None) -> str:
    if not details:
        return ""
    return json.dumps({k: _json_value(v) for k, v in details.items()}, ensure_ascii=False, sort_keys=True,
                      default=str)


def _content(entry: AccessLogEntry) -> dict[str, object]:
    return {"at": entry.at.isoformat(timespec="seconds"), "account": entry.account, "machine": entry.machine,
            "action": entry.action, "target_table": entry.target_table, "target_id": entry.target_id,
            "details": entry.details}


def _chain_head(session: Session) -> str:
    head = session.info.get(_HEAD_KEY)
    if head is None:
        # A no-op write takes SQLite's write lock first, so two programs appending at
        # once (the window and the CLI) cannot both chain onto the same head.
        session.execute(update(ChangeCounter).where(ChangeCounter.id == 1).values(value=ChangeCounter.value))
        head = session.scalar(select(AccessLogEntry.entry_hash).order_by(AccessLogEntry.id.desc()).limit(1))
        if head is None:
            anchor = session.get(Setting, _ANCHOR_KEY)
            head = anchor.value if anchor else GENESIS
    return head


def append_entry(session: Session, actor: Actor | None, action: str, target_table: str = "",
                 target_id: str = "", details: dict[str, Any] | None = None) -> AccessLogEntry:
    """Add one chained entry inside the caller's transaction."""
    assert action in ACTIONS, action
    entry = AccessLogEntry(
        at=utc_now().replace(microsecond=0), account=actor.username if actor else "-", machine=machine_name(),
        action=action, target_table=target_table, target_id=target_id or "", details=_details_text(details),
    )
    entry.prev_hash = _chain_head(session)
    entry.entry_hash = entry_hash(entry.prev_hash, _content(entry))
    session.info[_HEAD_KEY] = entry.entry_hash
    session.add(entry)
    return entry


def log_event(factory: sessionmaker[Session], actor: Actor | None, action: str, target_table: str = "",
              target_id: str = "", details: dict[str, Any] | None = None) -> None:
    """Log a view, print, export or login in a transaction of its own."""
    with factory.begin() as session:
        append_entry(session, actor, action, target_table, target_id, details)


def _field_changes(obj: SyncedMixin) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in _BOOKKEEPING:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [_json_value(old), _json_value(new)]
    return changes


def install_audit(factory: sessionmaker[Session]) -> None:
    """Log every write to a synced record with the acting account, in the same flush."""

    @event.listens_for(factory, "before_flush")
    def log_changes(session: Session, _ctx: Any, _instances: Any) -> None:
        if session.info.get("skip_audit"):
            return
        actor = session.info.get("actor")
        for obj in list(session.new):
            if isinstance(obj, SyncedMixin):
                if obj.id is None:
                    # The column default would only be applied at INSERT, after this hook;
                    # set it now so the entry names the record it created.
                    obj.id = new_uuid()
                values = {a.key: _json_value(getattr(obj, a.key)) for a in inspect(obj).mapper.column_attrs
                          if a.key not in _BOOKKEEPING}
                append_entry(session, actor, "create", obj.__tablename__, obj.id or "", values)
        for obj in list(session.dirty):
            if not isinstance(obj, SyncedMixin) or not session.is_modified(obj, include_collections=False):
                continue
            changes = _field_changes(obj)
            if not changes:
                continue
            action = "update"
            if "deleted_at" in changes:
                action = "delete" if changes["deleted_at"][1] else "restore"
            append_entry(session, actor, action, obj.__tablename__, obj.id, changes)

    @event.listens_for(factory, "after_commit")
    @event.listens_for(factory, "after_rollback")
    def forget_head(session: Session) -> None:
        session.info.pop(_HEAD_KEY, None)


@dataclass(frozen=True)
class AccessLogRow:
    id: int
    at: datetime
    account: str
    machine: str
    action: str
    target_table: str
    target_id: str
    details: str

    def action_label(self, lang: str = "ko") -> str:
        ko, en = ACTIONS.get(self.action, (self.action, self.action))
        return ko if lang == "ko" else en


@dataclass(frozen=True)
class AccessLogFilter:
    since: date | None = None
    until: date | None = None
    account: str = ""
    action: str = ""
    target_id: str = ""


def _utc_midnight(local_day: date) -> datetime:
    """The stored (naive UTC) time at which ``local_day`` begins on this PC's clock: the
    person filters by their own calendar days, entries are kept in UTC."""
    local = datetime.combine(local_day, datetime.min.time()).astimezone()
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def read_access_log(factory: sessionmaker[Session], actor: Actor | None, filters: AccessLogFilter = AccessLogFilter(),
                    limit: int = 5000) -> list[AccessLogRow]:
    """Newest first, for the administrator's viewer. Reading the log is itself logged."""
    require(actor, Permission.ACCESS_LOG_READ)
    query = select(AccessLogEntry).order_by(AccessLogEntry.id.desc()).limit(limit)
    if filters.since:
        query = query.where(AccessLogEntry.at >= _utc_midnight(filters.since))
    if filters.until:
        query = query.where(AccessLogEntry.at < _utc_midnight(filters.until + timedelta(days=1)))
    if filters.account:
        query = query.where(AccessLogEntry.account == filters.account)
    if filters.action:
        query = query.where(AccessLogEntry.action == filters.action)
    if filters.target_id:
        query = query.where(AccessLogEntry.target_id == filters.target_id)
    with factory() as session:
        rows = [AccessLogRow(e.id, e.at, e.account, e.machine, e.action, e.target_table, e.target_id, e.details)
                for e in session.scalars(query)]
    log_event(factory, actor, "view", "access_log", "", {"rows": len(rows)})
    return rows


def verify_access_log(session: Session) -> ChainBreak | None:
    anchor = session.get(Setting, _ANCHOR_KEY)
    rows = session.execute(select(AccessLogEntry).order_by(AccessLogEntry.id)).scalars()
    return verify_chain(((e.id, e.prev_hash, e.entry_hash, _content(e)) for e in rows),
                        anchor.value if anchor else GENESIS)


def _years_before(moment: datetime, years: int) -> datetime:
    """The same day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def purge_expired_entries(session: Session, now: datetime) -> int:
    """Drop entries past their retention (2 years; 3 for permission changes).

    Only a leading run of the chain can go, so verification restarts from an anchor: the
    hash the first kept entry links to.
    """
    limit_all = _years_before(now, RETENTION_YEARS)
    limit_permissions = _years_before(now, PERMISSION_RETENTION_YEARS)
    removable: list[AccessLogEntry] = []
    for entry in session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)):
        cutoff = limit_permissions if entry.action in _PERMISSION_ACTIONS else limit_all
        if entry.at >= cutoff:
            break
        removable.append(entry)
    if not removable:
        return 0
    last = removable[-1]
    anchor = session.get(Setting, _ANCHOR_KEY)
    if anchor is None:
        session.add(Setting(key=_ANCHOR_KEY, value=last.entry_hash))
    else:
        anchor.value = last.entry_hash
    session.execute(delete(AccessLogEntry).where(AccessLogEntry.id <= last.id))
    return len(removable)



def record(uow: Any, action: str, target_table: str = "", target_id: str = "",
           details: dict[str, Any] | None = None) -> None:
    """Log a print, export or import through a unit of work, in its own transaction."""
    if uow.actor is None:
        raise NotAllowed(Permission.MEMBERS_READ, None)  # only a logged-in account prints or exports
    with uow:
        append_entry(uow.session, uow.actor, action, target_table, target_id, details)
        uow.commit()
