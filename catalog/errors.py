"""Errors a user can act on, each naming what is wrong and where."""

from dataclasses import dataclass
from pathlib import Path


class CatalogError(Exception):
    """Base of every catalog error shown to a user as a one-line message."""


class WorkspaceError(CatalogError):
    """The workspace file cannot be opened, created or upgraded."""


class NotAWorkspaceError(WorkspaceError):
    """The file belongs to something else; it was refused before anything was written to it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path}: not a sovplan workspace ({reason}); it was left untouched. "
            "To fix: pass --workspace with a new file name, or the path of a sovplan workspace"
        )


class WorkspaceBusyError(WorkspaceError):
    """Another process held the write lock for longer than the busy timeout."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: the workspace is busy with another sovplan process; try again")


class WorkspaceDamagedError(WorkspaceError):
    """SQLite found the file damaged (garbage in its pages, a missing piece, a bad schema)."""

    def __init__(self, path: Path, reason: str, backups: tuple[Path, ...] = ()) -> None:
        copy = (
            f"restore the copy sovplan made before its last upgrade ({backups[-1].name})"
            if backups
            else "restore it from your own backup"
        )
        super().__init__(
            f"{path}: the workspace is damaged ({reason}). To fix: move it aside and {copy}; "
            f"or let sovplan create a new one there and re-import your price books. "
            f"`sqlite3 {path.name} .recover` may rescue rows from the damaged file"
        )


class WorkspaceReadOnlyError(WorkspaceError):
    """The file or its folder cannot be written; SQLite in WAL mode needs both."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            f"{path}: the workspace cannot be written ({what} is read-only); sovplan writes "
            "to the file and keeps its -wal and -shm files beside it. To fix: make both "
            "writable, or copy the file to a writable folder and pass --workspace"
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a row cannot be imported: the file, row, column and why."""

    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: row {self.row}" if self.row else self.file
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.reason}"


class ImportRejectedError(CatalogError):
    """An import found problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s), nothing imported: {shown}{more}")
