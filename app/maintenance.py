"""Health checks of a data file (``councildesk check``): structure, schema, change counter,
and the access log: its keyed chain (with the file's own secret) and the anchors kept
outside the file (the backups' manifests and the anchors file beside it), which find the
newest rows removed."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from app.backup import list_backups
from app.database import close_database, open_database
from app.security.permissions import PasswordChangeRequired
from app.security.audit import verify_access_log
from app.security.chain import ChainBreak
from app.security.log_anchor import AnchorFinding, anchor_findings
from app.errors import AppError
from db import migrate
from db.models import ChangeCounter
from db.registry import ALL_SYNCED_MODELS
from db.session import Database


@dataclass(frozen=True)
class CheckProblem:
    code: str
    ko: str
    en: str


@dataclass(frozen=True)
class CheckReport:
    path: Path
    problems: tuple[CheckProblem, ...] = field(default_factory=tuple)
    revision: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self, lang: str) -> str:
        if self.ok:
            return (f"이상 없습니다: {self.path}" if lang == "ko" else f"No problems found: {self.path}")
        lines = [f"문제가 있습니다: {self.path}" if lang == "ko" else f"Problems found: {self.path}"]
        lines += [f"- {p.ko if lang == 'ko' else p.en}" for p in self.problems]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        return {"db": str(self.path), "ok": self.ok, "revision": self.revision,
                "problems": [{"code": p.code, "message": p.ko} for p in self.problems]}


def check_database(path: Path, username: str, password: str) -> CheckReport:
    """Integrity, foreign keys, schema revision, change-counter sanity, the access-log chain
    and its anchors. Writes nothing but the login and logout entries of the access log."""
    try:
        db = open_database(path, username, password)
    except AppError as error:
        if error.code in ("wrong_login", "account_locked", "keyring_missing", "keyring_damaged"):
            raise  # not a finding about the file: the caller could not get in
        return CheckReport(Path(path), (CheckProblem(error.code, error.message("ko"), error.message("en")),))
    if db.actor is not None and db.actor.must_change_password:
        close_database(db)
        raise PasswordChangeRequired(db.actor)
    problems: list[CheckProblem] = []
    revision: str | None = None
    try:
        revision = migrate.current_revision(db.engine)
        problems += _structure_problems(db, revision)
    except DatabaseError as exc:
        # A damaged page can make any query fail before integrity_check reports it.
        problems.append(CheckProblem("damaged", "파일이 손상되어 읽을 수 없는 부분이 있습니다. 백업에서 복원하세요.",
                                     f"The file is damaged and parts cannot be read ({exc.orig}). Restore a backup."))
    finally:
        close_database(db)
    return CheckReport(Path(path), tuple(problems), revision)


def _structure_problems(db: Database, revision: str | None) -> list[CheckProblem]:
    problems: list[CheckProblem] = []
    with db.engine.connect() as conn:
        integrity = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
        if integrity != ["ok"]:
            problems.append(CheckProblem("integrity", "파일 구조가 손상되었습니다: " + "; ".join(integrity[:5]),
                                         "The file structure is damaged: " + "; ".join(integrity[:5])))
        orphans = list(conn.execute(text("PRAGMA foreign_key_check")))
        if orphans:
            problems.append(CheckProblem("foreign_keys", f"연결이 끊긴 기록이 {len(orphans)}개 있습니다.",
                                         f"{len(orphans)} records point to missing records."))
    if revision != migrate.head_revision():
        problems.append(CheckProblem("schema", "데이터 구조 버전이 맞지 않습니다.", "The schema revision does not match."))
    with db.session_factory() as session:
        broken = verify_access_log(session)
        if broken is not None:
            problems.append(_chain_problem(broken))
        if db.path is not None:
            backups = [info.path for info in list_backups(db.path)]
            problems += [_anchor_problem(f) for f in anchor_findings(session, Path(db.path), backups)]
        counter = session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == 1))
        if counter is None:
            problems.append(CheckProblem("counter", "변경 번호 기록이 없습니다.", "The change counter is missing."))
        else:
            highest = max((session.scalar(select(func.max(m.change_seq))) or 0) for m in ALL_SYNCED_MODELS)
            if highest > counter:
                problems.append(CheckProblem("counter", "변경 번호가 어긋났습니다.",
                                             "The change counter is behind the records."))
    return problems


def _chain_problem(broken: ChainBreak) -> CheckProblem:
    if broken.reason == "key":
        return CheckProblem("access_log", "접속기록의 열쇠가 없습니다. 접속기록이 변조되었습니다.",
                            "The access log's key is missing: the log was tampered with.")
    if broken.reason == "checkpoint":
        return CheckProblem("access_log", "접속기록의 기준점이 바뀌거나 지워졌습니다. 접속기록이 변조되었습니다.",
                            "A checkpoint of the access log was changed or removed: the log was tampered with.")
    return CheckProblem(
        "access_log", f"접속기록이 변조되었습니다({broken.entry_id}번 기록부터 연결이 맞지 않습니다).",
        f"The access log was tampered with (the chain breaks at entry {broken.entry_id}).")


def _anchor_problem(finding: AnchorFinding) -> CheckProblem:
    if finding.kind == "edited":
        return CheckProblem("access_log_anchor", f"접속기록 확인 파일이 바뀌었습니다: {finding.where}",
                            f"A file that anchors the access log was altered: {finding.where}")
    return CheckProblem(
        "access_log_truncated",
        f"접속기록의 최근 기록이 지워졌습니다: {finding.where}에 남은 {finding.entry_id}번 기록이 파일에 없거나 다릅니다.",
        f"The newest entries of the access log were removed: entry {finding.entry_id}, anchored in "
        f"{finding.where}, is missing or different.")
