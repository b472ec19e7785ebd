"""app.atomic_file: all or nothing, durable (file and folder fsynced), modes, no temp left."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from app import atomic_file
from app.atomic_file import OWNER_ONLY, atomic_output, fsync_folder, replace_durably, write_atomic

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX mode bits and folder fsync")


class Boom(Exception):
    pass


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what each os.fsync call synced: 'dir' or the file's name."""
    calls: list[str] = []
    real = os.fsync

    def recording(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            calls.append("dir")
        else:
            calls.append(f"file:{info.st_size}")
        real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    return calls


def test_write_creates_the_file_and_returns_its_path(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    assert write_atomic(target, b"%PDF-1.4 new") == target
    assert target.read_bytes() == b"%PDF-1.4 new"
    assert list(tmp_path.iterdir()) == [target]


def test_write_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]


@posix_only
def test_file_then_folder_are_fsynced_in_that_order(tmp_path: Path, fsyncs: list[str]) -> None:
    write_atomic(tmp_path / "k.keys", b"12345")
    assert fsyncs == ["file:5", "dir"]


@posix_only
def test_streaming_output_fsyncs_the_folder_after_the_rename(tmp_path: Path, fsyncs: list[str]) -> None:
    target = tmp_path / "out.xlsx"
    with atomic_output(target) as handle:
        handle.write(b"abc")
        handle.write(b"def")
        assert not target.exists()  # nothing under the real name until the end
    assert target.read_bytes() == b"abcdef"
    assert fsyncs == ["file:6", "dir"]


def test_error_inside_the_block_keeps_the_old_file_and_removes_the_temp(tmp_path: Path,
                                                                        fsyncs: list[str]) -> None:
    target = tmp_path / "roster.pdf"
    target.write_bytes(b"old complete file")
    with pytest.raises(Boom):
        with atomic_output(target) as handle:
            handle.write(b"half of a new fi")
            raise Boom
    assert target.read_bytes() == b"old complete file"
    assert list(tmp_path.iterdir()) == [target]
    assert "dir" not in fsyncs  # nothing was renamed


def test_error_without_an_old_file_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.xlsx"
    with pytest.raises(Boom):
        with atomic_output(target) as handle:
            handle.write(b"x")
            raise Boom
    assert list(tmp_path.iterdir()) == []


def test_failed_fsync_is_a_failed_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk often shows only at fsync: the old file must survive that too."""
    target = tmp_path / "prefs.json"
    target.write_bytes(b"old")

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_failed_rename_removes_the_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def refused(_src: object, _dst: object) -> None:
        raise PermissionError(13, "file is open in another program")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(PermissionError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_missing_folder_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "a.pdf", b"x")
    assert list(tmp_path.iterdir()) == []


def test_temp_file_is_hidden_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "councildesk-20260101-120000-manual.db.keys"
    with atomic_output(target) as handle:
        names = [p.name for p in tmp_path.iterdir()]
        handle.write(b"x")
    assert len(names) == 1
    assert names[0].startswith(f".{target.name}.") and names[0].endswith(".tmp")


@posix_only
def test_owner_only_mode_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "a.keys", b"x", mode=OWNER_ONLY)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@posix_only
def test_owner_only_mode_replaces_a_wider_one(tmp_path: Path) -> None:
    target = tmp_path / "prefs.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomic(target, b"new", mode=OWNER_ONLY)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@posix_only
def test_without_a_mode_the_umask_decides_like_any_new_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "a.pdf", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@posix_only
def test_replace_durably_fsyncs_the_folder(tmp_path: Path, fsyncs: list[str]) -> None:
    source = tmp_path / "staged"
    source.write_bytes(b"x")
    replace_durably(source, tmp_path / "live.db")
    assert (tmp_path / "live.db").read_bytes() == b"x" and not source.exists()
    assert fsyncs == ["dir"]


def test_folder_fsync_refused_by_the_file_system_is_not_an_error(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_fd: int) -> None:
        raise OSError(22, "Invalid argument")  # FAT on some kernels

    monkeypatch.setattr(os, "fsync", refused)
    fsync_folder(tmp_path)  # no error


def test_no_folder_fsync_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fsyncs: list[str]) -> None:
    monkeypatch.setattr(atomic_file.os, "name", "nt")
    fsync_folder(tmp_path)
    assert fsyncs == []


@pytest.mark.skipif(sys.platform == "win32", reason="fd inheritance differs")
def test_temp_handle_is_not_inherited(tmp_path: Path) -> None:
    with atomic_output(tmp_path / "a.pdf") as handle:
        assert not os.get_inheritable(handle.fileno())
        handle.write(b"x")
