"""Write files all-or-nothing: a crash or a full disk never leaves half a file behind.

A target is checked before the work that produces it (`check_target`: `plan --export`
checks before it solves), and any file-system error while writing is a `FileWriteError`
naming the path and the reason: a user error (exit 2), never an internal one. The
temporary file is removed whatever goes wrong, so a failed write leaves nothing beside the
target.
"""

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from catalog.errors import CatalogError

DEFAULT_FILE_MODE = 0o644
"""Owner read-write, everyone else read: what a user expects of a file they export."""
TEMP_STEM_CHARS = 40
"""The temporary file is `.<at most this much of the name>.<random>.tmp`, so its name fits
the file system whenever the target's own name does."""
DEFAULT_NAME_MAX = 255
"""The longest file name (bytes) where the file system does not say: ext4, XFS, APFS, NTFS."""


class FileWriteError(CatalogError):
    """A file cannot be written where the user asked; the message names it and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot write the file ({reason})")


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return DEFAULT_NAME_MAX


def _missing_folder(path: Path) -> str:
    """Why the folder of `path` is not there: a file stands in the way, or it does not exist."""
    for ancestor in path.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                return f"{ancestor} is a file, not a folder"
            break
    return f"the folder {path.parent} does not exist"


def _problem(path: Path) -> str | None:
    """Why no file can be written at `path`, as far as looking tells (the folder may still
    refuse a new file: `check_target` tries), or None."""
    name_bytes, longest = len(os.fsencode(path.name)), _name_max(path.parent)
    try:  # the name first: stat() of a name too long fails itself
        if name_bytes > longest:
            return f"the name is {name_bytes} bytes long; the file system allows {longest}"
        if path.is_dir():
            return "it is a folder; give a file name inside it"
        if not path.parent.is_dir():
            return _missing_folder(path)
        if path.exists() and not os.access(path, os.W_OK):
            return "the file is read-only"
    except OSError as exc:  # a path too long as a whole, a loop of links, …
        return _reason(exc, "the file or its folder")
    return None


def check_target(path: Path) -> None:
    """Raise FileWriteError unless a file can be written at `path` now: its folder exists
    and takes new files, the name fits the file system, and the path is not a folder nor
    a read-only file. Called before the work that produces the file, so a wrong path is
    told at once; the write itself can still fail (a full disk), with the same error."""
    path = Path(path)
    problem = _problem(path)
    if problem is not None:
        raise FileWriteError(path, problem)
    try:  # a real file, removed at once: the one test that holds for root, ACLs and mounts
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as exc:
        raise FileWriteError(path, _reason(exc, f"the folder {path.parent}")) from None


def _reason(exc: OSError, what: str) -> str:
    """What went wrong, in words a user can act on; `what` is the file or folder at fault."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{what} is read-only"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long for the file system"
    return exc.strerror or str(exc)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over `path`.

    Raises FileWriteError for any file-system error; the temporary file never stays."""
    path = Path(path)
    problem = _problem(path)
    if problem is not None:
        raise FileWriteError(path, problem)
    try:
        # mkstemp makes the file private (0600); a report is meant to be shared: keep the
        # mode of the file it replaces, else the usual rw-r--r--.
        mode = path.stat().st_mode & 0o777 if path.exists() else DEFAULT_FILE_MODE
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name[:TEMP_STEM_CHARS]}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise FileWriteError(path, _reason(exc, f"the folder {path.parent}")) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the folder may have gone read-only meanwhile
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise FileWriteError(path, _reason(exc, "the file or its folder")) from None
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
