"""Files kept with a meeting: bytes in a synced row with SHA-256, size, name and type;
limits and unreadable files refused in Korean; removal is a tombstone."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.meetings import attachments as att
from app.meetings.meetings import get_meeting
from tests.app.meeting_support import TODAY, make_council, new_meeting
from tests.app.test_meetings_services import refused_unchanged


@pytest.fixture
def meeting(db):
    council = make_council(db, count=4)
    return db, new_meeting(council)


def test_attachment_keeps_bytes_hash_size_name_and_type(meeting, tmp_path):
    db, m = meeting
    data = b"%PDF-1.4\n" + os.urandom(4096)
    path = tmp_path / "출석부_서명본.pdf"
    path.write_bytes(data)
    view = att.add_attachment(db.uow(), m, path, TODAY, "서명한 출석부 스캔")
    assert (view.filename, view.mime_type, view.size) == ("출석부_서명본.pdf", "application/pdf", len(data))
    assert view.sha256 == hashlib.sha256(data).hexdigest() and view.added_on == TODAY
    same, back = att.read_attachment(db.uow(), view.id)
    assert back == data and same == view
    out = att.save_attachment_as(db.uow(), view.id, tmp_path / "out.pdf")
    assert out.read_bytes() == data
    assert [a.id for a in get_meeting(db.uow(), m, TODAY).attachments] == [view.id]
    with db.engine.connect() as conn:  # synced bookkeeping like every record
        row = conn.exec_driver_sql("SELECT change_seq, changed_by_device, length(data) FROM meeting_attachment").one()
    assert row[0] > 0 and row[1] and row[2] == len(data)


def test_empty_oversized_missing_and_folder_files_are_refused(meeting, tmp_path):
    db, m = meeting
    empty = tmp_path / "빈파일.jpg"
    empty.write_bytes(b"")
    error = refused_unchanged(db, "attachment_empty", att.add_attachment, db.uow(), m, empty, TODAY)
    assert "빈파일.jpg" in error.message("ko")
    big = tmp_path / "큰파일.pdf"
    with open(big, "wb") as handle:  # sparse: 20 MB + 1 byte without writing them
        handle.truncate(att.MAX_ATTACHMENT_BYTES + 1)
    error = refused_unchanged(db, "attachment_too_large", att.add_attachment, db.uow(), m, big, TODAY)
    assert "20MB" in error.message("ko")
    refused_unchanged(db, "file_missing", att.add_attachment, db.uow(), m, tmp_path / "없음.pdf", TODAY)
    refused_unchanged(db, "not_a_file", att.add_attachment, db.uow(), m, tmp_path, TODAY)
    refused_unchanged(db, "attachment_too_large", att.add_attachment_bytes, db.uow(), m, "x.bin",
                      b"0" * (att.MAX_ATTACHMENT_BYTES + 1), TODAY)
    assert att.MAX_ATTACHMENT_BYTES == 20 * 1024 * 1024
    exact = tmp_path / "딱맞음.bin"  # exactly at the limit is accepted
    with open(exact, "wb") as handle:
        handle.truncate(att.MAX_ATTACHMENT_BYTES)
    assert att.add_attachment(db.uow(), m, exact, TODAY).size == att.MAX_ATTACHMENT_BYTES


def test_unreadable_file_is_refused_whoever_runs(meeting, tmp_path, monkeypatch):
    db, m = meeting
    path = tmp_path / "깨짐.pdf"
    path.write_bytes(b"data")
    real_open = open

    def failing_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    refused_unchanged(db, "file_unreadable", att.add_attachment, db.uow(), m, path, TODAY)


def test_damaged_bytes_are_detected_and_removal_is_a_tombstone(meeting):
    db, m = meeting
    view = att.add_attachment_bytes(db.uow(), m, "자료.hwp", b"original", TODAY)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE meeting_attachment SET data = ?", (b"changed!",))
    refused_unchanged(db, "attachment_corrupt", att.read_attachment, db.uow(), view.id)
    att.delete_attachment(db.uow(), view.id)
    assert att.list_attachments(db.uow(), m) == ()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM meeting_attachment WHERE deleted_at IS NOT NULL").scalar() == 1
    refused_unchanged(db, "attachment_not_found", att.read_attachment, db.uow(), view.id)
