"""Writing reports to files without surprises: atomic, umask-respecting, link- and pipe-aware.

- A new file gets the mode the umask gives (not the 0600 of a temporary file).
- An existing regular file is replaced only with ``force``; it keeps its mode (and, where the
  process may set it, its owner). A file with several hard links is rewritten in place, so every
  link sees the new report.
- A symbolic link is written through: the file it points to is replaced, the link stays.
- A pipe, FIFO or device (``-o >(cmd)``, ``/dev/null``) is written to directly, never replaced.
- The data reaches the disk (fsync) before the rename; the temporary file is removed when
  anything, SIGTERM included, interrupts the write.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO


class WriteRefused(Exception):
    """The file cannot or may not be written; the message says why, in one line."""


def write_file(text: str | Iterable[str], path: str, *, force: bool) -> None:
    """Write `text` to `path` as described in the module documentation.

    `text` may be an iterable of chunks, written as they come (a report streamed line by line
    is never held whole in memory); the file still appears only once the last chunk is written.
    """
    target, info = _checked(path, force=force)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(text, path)
        return
    try:
        if info is not None and info.st_nlink > 1:
            _rewrite_in_place(text, target)
        else:
            _replace(text, target, info)
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None


def check_target(path: str, *, force: bool) -> None:
    """Raise `WriteRefused` if `write_file` would refuse `path` now (checked before writing
    several files, so that one refusal leaves none of them written)."""
    target, info = _checked(path, force=force)
    if info is None and not os.access(target.parent, os.W_OK | os.X_OK):
        raise WriteRefused(f"cannot write {path}: permission denied in {target.parent}")


def _checked(path: str, *, force: bool) -> tuple[Path, os.stat_result | None]:
    """Where `path` leads (through symbolic links) and what is there now, if it may be written."""
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteRefused(f"{path} is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        return target, info  # a pipe or device: written to as it is
    if info is not None and not force:
        raise WriteRefused(f"{path} exists; use --force to replace it")
    if not target.parent.is_dir():
        raise WriteRefused(f"cannot write {path}: directory {target.parent} does not exist")
    return target, info


def _write_all(handle: TextIO, text: str | Iterable[str]) -> None:
    """Write the text, or each chunk of it in turn."""
    for chunk in [text] if isinstance(text, str) else text:
        handle.write(chunk)


def _write_through(text: str | Iterable[str], path: str) -> None:
    """Write to a pipe or device as it is."""
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            _write_all(handle, text)
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None


def _rewrite_in_place(text: str | Iterable[str], target: Path) -> None:
    """Rewrite a hard-linked file's content, so every link keeps seeing it."""
    with open(target, "r+", encoding="utf-8", newline="") as handle:
        handle.seek(0)
        _write_all(handle, text)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def _replace(text: str | Iterable[str], target: Path, info: os.stat_result | None) -> None:
    """Write a temporary file beside `target`, make it durable, then rename it over `target`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    with _removed_on_failure(tmp):
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            _write_all(handle, text)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(tmp, info)
        os.replace(tmp, target)
        _sync_directory(target.parent)


def _copy_mode(tmp: str, info: os.stat_result | None) -> None:
    """The replaced file's mode and owner, or the mode the umask gives a new file."""
    if info is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    os.chmod(tmp, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(OSError):  # only a privileged process may give a file away
        os.chown(tmp, info.st_uid, info.st_gid)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable, where the platform allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _removed_on_failure(tmp: str) -> Iterator[None]:
    """Remove `tmp` if the block fails or the process is told to terminate meanwhile."""

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.getsignal(signal.SIGTERM)
    handler_set = False
    with contextlib.suppress(ValueError):  # signals can only be handled in the main thread
        signal.signal(signal.SIGTERM, terminate)
        handler_set = True
    try:
        yield
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        if handler_set:
            signal.signal(signal.SIGTERM, previous)
