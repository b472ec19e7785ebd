"""All-or-nothing, durable file writes: the one way CouncilDesk replaces a file.

Owns ``write_atomic`` (bytes at hand), ``atomic_output`` (a binary file for writers that
stream: openpyxl's ``wb.save(fileobj)``, reportlab, ``shutil.copyfileobj``),
``replace_durably`` (rename a finished file into place) and ``fsync_folder``.

Every write goes to a hidden temporary file in the target's own folder (so the final step
is a rename on one file system), is flushed and fsynced, renamed over the target with
``os.replace`` and then the folder is fsynced so the rename itself survives a power cut.
A crash, a full disk or a pulled USB stick therefore leaves the old file or the new one,
never half of one; on any error the temporary file is removed and an existing target is
left untouched. ``OSError`` propagates: callers turn it into their own Korean refusal.

Temporary names are ``.<target name>.<random>.tmp``, which is also what the backup
folder's stale-file sweep looks for (``.councildesk-*.tmp``).
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["OWNER_ONLY", "atomic_output", "fsync_folder", "replace_durably", "temp_name_for", "write_atomic"]

# Keyrings, preferences and backup companions: readable by their owner alone.
OWNER_ONLY = 0o600
TEMP_SUFFIX = ".tmp"
_TEMP_ATTEMPTS = 100
# O_BINARY matters on Windows (no newline translation); O_CLOEXEC keeps the handle out of
# child processes (a PDF viewer started from the window must not hold the temp file).
_TEMP_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename in ``folder`` durable.

    POSIX only: Windows cannot open a folder as a file, and NTFS journals renames itself.
    Some file systems (FAT on a USB stick, some network shares) refuse to fsync a folder;
    the data is already synced then, so that refusal is not an error.
    """
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_durably(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename a finished, fsynced file over ``target`` and fsync the folder.

    For files that are complete before they are named (a ``VACUUM INTO`` snapshot, a staged
    restore) and for moving a live file aside. Both paths must be in the same folder.
    """
    os.replace(source, target)
    fsync_folder(Path(target).parent)


def temp_name_for(target: Path) -> Path:
    """A fresh hidden temporary name beside ``target``."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def _open_temp(target: Path, mode: int | None) -> tuple[BinaryIO, Path]:
    # Without a mode the file gets what any new file gets (0o666 less the umask), like the
    # file a person saves by hand; with one, exactly that mode whatever the umask.
    for _attempt in range(_TEMP_ATTEMPTS):
        temp = temp_name_for(target)
        try:
            fd = os.open(temp, _TEMP_FLAGS, 0o666 if mode is None else mode)
        except FileExistsError:
            continue
        break
    else:
        raise FileExistsError(f"no free temporary name beside {target}")
    try:
        if mode is not None and os.name != "nt":
            os.fchmod(fd, mode)
        return os.fdopen(fd, "wb"), temp
    except BaseException:
        os.close(fd)
        _unlink_quietly(temp)
        raise


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


@contextmanager
def atomic_output(path: str | os.PathLike[str], mode: int | None = None) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` when the ``with`` block ends without an error.

    If the block (or the flush, fsync or rename) raises, the temporary file is removed and
    ``path`` keeps its old content or stays absent.
    """
    target = Path(path)
    handle, temp = _open_temp(target, mode)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        _unlink_quietly(temp)
        raise
    fsync_folder(target.parent)


def write_atomic(path: str | os.PathLike[str], data: bytes, mode: int | None = None) -> Path:
    """Replace ``path`` with ``data`` all at once and durably; returns the path."""
    target = Path(path)
    with atomic_output(target, mode) as handle:
        handle.write(data)
    return target
