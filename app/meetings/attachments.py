"""Files kept with a meeting (the scanned signed 출석부, handouts, photos).

The bytes are stored in the database, in a synced table with their SHA-256, size, file
name and type, so that backups and sync carry them like any other record. Empty,
oversized and unreadable files are refused with a Korean message; removal is a tombstone.
"""
from __future__ import annotations

import hashlib
import mimetypes
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.security.permissions import Permission, require
from app.errors import FieldError, InputRefused, NotFound, ValidationFailed
from app.meetings.core import AttachmentView, attachment_view, attachment_views, load_meeting, nfc
from app.reports.pdf_common import write_atomically
from app.text_rules import check_texts
from db.base import utc_now
from db.meeting_models import MeetingAttachment
from db.session import UnitOfWork

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
FILENAME_MAX = 255
DESCRIPTION_MAX = 200
_MB = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".rstrip("0").rstrip(".")


def _check_size(name: str, size: int) -> None:
    if size == 0:
        raise InputRefused("attachment_empty", name=name)
    if size > MAX_ATTACHMENT_BYTES:
        raise InputRefused("attachment_too_large", name=name, max_mb=MAX_ATTACHMENT_BYTES // _MB, size_mb=_mb(size))


def read_file_for_attachment(path: Path) -> bytes:
    """The bytes of ``path``, refusing missing, unreadable, empty or oversized files before
    reading more than the limit."""
    path = Path(path)
    try:
        if not path.exists():
            raise InputRefused("file_missing", path=str(path))
        if path.is_dir():
            raise InputRefused("not_a_file", path=str(path))
        _check_size(path.name, path.stat().st_size)
        with open(path, "rb") as handle:
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError as error:
        raise InputRefused("file_unreadable", path=str(path)) from error
    _check_size(path.name, len(data))  # the file may have changed since stat
    return data


def _store(session: Session, meeting_id: str, filename: str, data: bytes, today: date, description: str,
           mime_type: str | None) -> MeetingAttachment:
    name = nfc(Path(filename).name)
    description = nfc(description)
    errors = []
    if not name:
        errors.append(FieldError("filename", "required"))
    elif len(name) > FILENAME_MAX:
        errors.append(FieldError("filename", "too_long", {"max": FILENAME_MAX}))
    if len(description) > DESCRIPTION_MAX:
        errors.append(FieldError("description", "too_long", {"max": DESCRIPTION_MAX}))
    # A file's name is shown, printed and saved again: no hidden controls (nor the
    # right-to-left override that makes "x\u202Efdp.exe" read as a PDF), no 주민등록번호.
    seen = {e.field for e in errors}
    errors += [e for e in check_texts({"filename": name, "description": description},
                                      multiline=("description",)) if e.field not in seen]
    if errors:
        raise ValidationFailed(errors)
    _check_size(name, len(data))
    meeting = load_meeting(session, meeting_id)
    mime = mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    row = MeetingAttachment(meeting_id=meeting.id, filename=name, mime_type=mime[:100], size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), description=description, added_on=today,
                            data=bytes(data))
    session.add(row)
    session.flush()
    return row


def add_attachment(uow: UnitOfWork, meeting_id: str, path: Path, today: date, description: str = "") -> AttachmentView:
    """Attach the file at ``path`` (at most 20 MB). Allowed after approval: the signed
    attendance sheet is usually scanned after the meeting."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    data = read_file_for_attachment(Path(path))
    return add_attachment_bytes(uow, meeting_id, Path(path).name, data, today, description)


def add_attachment_bytes(uow: UnitOfWork, meeting_id: str, filename: str, data: bytes, today: date,
                         description: str = "", mime_type: str | None = None) -> AttachmentView:
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        row = _store(uow.session, meeting_id, filename, data, today, description, mime_type)
        uow.commit()
        return attachment_view(row)


def list_attachments(uow: UnitOfWork, meeting_id: str) -> tuple[AttachmentView, ...]:
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        load_meeting(uow.session, meeting_id)
        return attachment_views(uow.session, meeting_id)


def _load(session: Session, attachment_id: str) -> MeetingAttachment:
    row = session.get(MeetingAttachment, attachment_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("attachment_not_found", id=attachment_id)
    return row


def read_attachment(uow: UnitOfWork, attachment_id: str) -> tuple[AttachmentView, bytes]:
    """The file's bytes, checked against the SHA-256 stored with them."""
    require(uow.actor, Permission.MEETINGS_READ)
    with uow:
        row = _load(uow.session, attachment_id)
        data = bytes(row.data or b"")
        if hashlib.sha256(data).hexdigest() != row.sha256 or len(data) != row.size:
            raise InputRefused("attachment_corrupt", name=row.filename)
        return attachment_view(row), data


def save_attachment_as(uow: UnitOfWork, attachment_id: str, out_path: Path) -> Path:
    """Write an attachment out to a file (atomically), e.g. to open or print it."""
    require(uow.actor, Permission.MEETINGS_READ)
    _view, data = read_attachment(uow, attachment_id)
    return write_atomically(Path(out_path), data)


def delete_attachment(uow: UnitOfWork, attachment_id: str) -> None:
    """Remove an attachment (a tombstone: sync carries the removal; the bytes stay until purge)."""
    require(uow.actor, Permission.MEETINGS_EDIT)
    with uow:
        row = _load(uow.session, attachment_id)
        row.deleted_at = utc_now()
        uow.commit()
