"""The access log (접속기록): who did what to whose data, when and from which machine.

Changes to synced records are logged automatically at flush time with field-level old and
new values, in the same transaction as the change, so no write path can skip the log.
Views, prints, exports, logins and permission changes are logged by explicit calls.
Entries are chained with HMAC-SHA256 under a secret kept inside the encrypted file
(``app.security.chain``); ``verify_access_log`` finds an edited, inserted or removed row,
a recomputed chain and a moved checkpoint. Removing the *newest* rows leaves a shorter but
whole chain: that is found against the anchors kept outside the file
(``app.security.log_anchor``).

Every text an entry stores is made safe for Excel and XML first (``safe_text``): a user
name typed with a control character at a failed login must not break the export.

Retention (고시 제8조: 2 years, permission changes 3) runs at most once a day, from the
automatic backup (``run_retention``); a purge removes only a leading run of the chain and
leaves a MACed checkpoint where verification restarts.
"""
from __future__ import annotations

import getpass
import json
import re
import secrets
import socket
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any

from sqlalchemy import delete, event, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.security.chain import PURGE, ChainBreak, Checkpoint, chain_start, checkpoint_mac, entry_mac, verify_chain
from app.security.permissions import Actor, NotAllowed, Permission, require
from db.base import SyncedMixin, new_uuid, utc_now
from db.models import ChangeCounter
from db.security_models import AccessLogCheckpoint, AccessLogEntry, AccessLogKey

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
    "purge": ("보존기간경과삭제", "Retention purge"),
}
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
_HEAD_KEY = "audit_head"
_SECRET_KEY = "audit_secret"
# What XML 1.0 (and so openpyxl) refuses: C0 controls but tab, LF, CR; U+FFFE/U+FFFF; and
# lone surrogates, which cannot even be encoded to UTF-8 for the database.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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


def safe_text(value: str) -> str:
    """``value`` with every character Excel or XML refuses replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", value)


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
            head = chain_start(load_checkpoints(session)).entry_hash
    return head


def log_secret(session: Session) -> bytes | None:
    row = session.get(AccessLogKey, 1)
    return row.secret if row is not None else None


def _append_secret(session: Session) -> bytes:
    secret = session.info.get(_SECRET_KEY)
    if secret is None:
        secret = log_secret(session)
        if secret is None:
            # Someone deleted it (every file gets one from its migration). Logging must not
            # stop the work; a new secret cannot vouch for the old checkpoints, so the next
            # check reports the log as tampered with.
            secret = secrets.token_bytes(32)
            session.add(AccessLogKey(id=1, secret=secret))
        session.info[_SECRET_KEY] = secret
    return secret


def load_checkpoints(session: Session) -> list[Checkpoint]:
    return [Checkpoint(c.kind, c.entry_id, c.entry_hash, c.at, c.mac)
            for c in session.scalars(select(AccessLogCheckpoint).order_by(AccessLogCheckpoint.id))]


def _add_checkpoint(session: Session, secret: bytes, kind: str, entry_id: int, entry_hash: str) -> None:
    at = utc_now().replace(microsecond=0).isoformat(timespec="seconds")
    session.add(AccessLogCheckpoint(kind=kind, entry_id=entry_id, entry_hash=entry_hash, at=at,
                                    mac=checkpoint_mac(secret, kind, entry_id, entry_hash, at)))


def append_entry(session: Session, actor: Actor | None, action: str, target_table: str = "",
                 target_id: str = "", details: dict[str, Any] | None = None) -> AccessLogEntry:
    """Add one chained entry inside the caller's transaction."""
    assert action in ACTIONS, action
    entry = AccessLogEntry(
        at=utc_now().replace(microsecond=0), account=safe_text(actor.username if actor else "-"),
        machine=safe_text(machine_name()), action=action, target_table=safe_text(target_table),
        target_id=safe_text(target_id or ""), details=safe_text(_details_text(details)),
    )
    secret = _append_secret(session)
    entry.prev_hash = _chain_head(session)
    entry.entry_hash = entry_mac(secret, entry.prev_hash, _content(entry))
    session.info[_HEAD_KEY] = entry.entry_hash
    session.add(entry)
    return entry


# A list shown again with the same conditions within this time is the same view.
LIST_VIEW_QUIET = timedelta(minutes=10)


def log_list_view(session: Session, actor: Actor | None, target_table: str, details: dict[str, Any]) -> None:
    """A list view, logged once per meaningful view (issue 8: every refresh added a row, 351
    in a few minutes): again only when the conditions differ from the account's previous
    entry, or after ``LIST_VIEW_QUIET``. The number of rows alone does not make it new."""
    account = safe_text(actor.username if actor else "-")
    last = session.execute(
        select(AccessLogEntry.action, AccessLogEntry.target_table, AccessLogEntry.target_id,
               AccessLogEntry.details, AccessLogEntry.at)
        .where(AccessLogEntry.account == account).order_by(AccessLogEntry.id.desc()).limit(1)).first()
    if last is not None and last.action == "view" and last.target_table == target_table and not last.target_id:
        try:
            previous = json.loads(last.details or "{}")
        except ValueError:
            previous = {}
        same = isinstance(previous, dict) and {k: v for k, v in previous.items() if k != "rows"} == \
            {k: v for k, v in details.items() if k != "rows"}
        if same and utc_now() - last.at < LIST_VIEW_QUIET:
            return
    append_entry(session, actor, "view", target_table, "", details)


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


# What the log writes for a value it does not keep.
UNLOGGED_VALUE = "***"


def _unlogged(table_name: str) -> frozenset[str]:
    """Fields whose values the log never copies, only that they changed: a person's case
    data (``cases.read``). The chained log cannot be purged record by record, and case
    records must leave no byte behind when their retention period ends (법 제34조)."""
    from app.areas import table

    spec = table(table_name)
    if spec is None:
        return frozenset()
    return frozenset(name for name, rule in spec.fields.items() if rule.read is Permission.CASES_READ)


def _masked(table_name: str, values: dict[str, Any]) -> dict[str, Any]:
    hidden = _unlogged(table_name)
    if not hidden:
        return values
    return {k: (([UNLOGGED_VALUE, UNLOGGED_VALUE] if isinstance(v, list) else UNLOGGED_VALUE) if k in hidden else v)
            for k, v in values.items()}


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
                append_entry(session, actor, "create", obj.__tablename__, obj.id or "",
                             _masked(obj.__tablename__, values))
        for obj in list(session.dirty):
            if not isinstance(obj, SyncedMixin) or not session.is_modified(obj, include_collections=False):
                continue
            changes = _field_changes(obj)
            if not changes:
                continue
            action = "update"
            if "deleted_at" in changes:
                action = "delete" if changes["deleted_at"][1] else "restore"
            append_entry(session, actor, action, obj.__tablename__, obj.id, _masked(obj.__tablename__, changes))

    @event.listens_for(factory, "after_commit")
    @event.listens_for(factory, "after_rollback")
    def forget_head(session: Session) -> None:
        session.info.pop(_HEAD_KEY, None)
        session.info.pop(_SECRET_KEY, None)


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
    target_name: str = ""  # whose record, resolved when the log is read ("홍길동")

    def target_text(self, lang: str = "ko") -> str:
        """"위원 홍길동" rather than a table name and a UUID."""
        from app.security.log_words import target_text

        return target_text(target_label(self.target_table, lang), self.target_id, self.target_name)

    def details_text(self, lang: str = "ko") -> str:
        from app.security.log_words import details_text

        return details_text(self.action, self.details, lang, self.target_name)

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
    target: str = ""  # a person's or a record's name (part of it), or an id (its start)


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
        entries = list(session.scalars(query))
        from app.area_records import record_names

        names = record_names(session, ((e.target_table, e.target_id) for e in entries))
        rows = [AccessLogRow(e.id, e.at, e.account, e.machine, e.action, e.target_table, e.target_id, e.details,
                             names.get((e.target_table, e.target_id), "")) for e in entries]
    if filters.target:
        wanted = filters.target.strip().casefold()
        rows = [r for r in rows if wanted in r.target_name.casefold() or r.target_id.casefold().startswith(wanted)
                or (r.target_table == "account" and wanted in r.target_id.casefold())]
    log_event(factory, actor, "view", "access_log", "", {"rows": len(rows)})
    return rows


def verify_access_log(session: Session) -> ChainBreak | None:
    """The first break of the chain, keyed with the file's own secret, or None."""
    rows = session.execute(select(AccessLogEntry).order_by(AccessLogEntry.id)).scalars()
    return verify_chain(((e.id, e.prev_hash, e.entry_hash, _content(e)) for e in rows), log_secret(session),
                        load_checkpoints(session))


def _years_before(moment: datetime, years: int) -> datetime:
    """The same day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def purge_expired_entries(session: Session, now: datetime) -> int:
    """Drop entries past their retention (2 years; 3 for permission changes).

    Only a leading run of the chain can go, and never the newest entry (SQLite would then
    hand out its id again, and an anchor naming that id would no longer mean one entry).
    Verification restarts from a MACed checkpoint: the seal the first kept entry links to.
    """
    limit_all = _years_before(now, RETENTION_YEARS)
    limit_permissions = _years_before(now, PERMISSION_RETENTION_YEARS)
    newest = session.scalar(select(AccessLogEntry.id).order_by(AccessLogEntry.id.desc()).limit(1))
    removable: list[AccessLogEntry] = []
    for entry in session.scalars(select(AccessLogEntry).where(AccessLogEntry.id != newest)
                                 .order_by(AccessLogEntry.id)):
        cutoff = limit_permissions if entry.action in _PERMISSION_ACTIONS else limit_all
        if entry.at >= cutoff:
            break
        removable.append(entry)
    if not removable:
        return 0
    last = removable[-1]
    _add_checkpoint(session, _append_secret(session), PURGE, last.id, last.entry_hash)
    session.execute(delete(AccessLogEntry).where(AccessLogEntry.id <= last.id))
    return len(removable)


def run_retention(factory: sessionmaker[Session], actor: Actor | None, now: datetime) -> int | None:
    """The scheduled purge: at most once per calendar day (``now``, naive UTC); the number of
    entries removed, or None when it already ran today. A purge that removed something is
    itself logged."""
    with factory.begin() as session:
        key = session.get(AccessLogKey, 1)
        if key is None or key.retention_run_on == now.date():
            return None
        key.retention_run_on = now.date()
        removed = purge_expired_entries(session, now)
        if removed:
            append_entry(session, actor, "purge", "access_log", "", {"removed": removed})
    return removed


def record(uow: Any, action: str, target_table: str = "", target_id: str = "",
           details: dict[str, Any] | None = None) -> None:
    """Log a print, export or import through a unit of work, in its own transaction."""
    if uow.actor is None:
        raise NotAllowed(Permission.MEMBERS_READ, None)  # only a logged-in account prints or exports
    with uow:
        append_entry(uow.session, uow.actor, action, target_table, target_id, details)
        uow.commit()
