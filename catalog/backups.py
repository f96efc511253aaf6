"""The copy of a workspace taken before its schema is upgraded, and the way back to it.

`workspace.sqlite.bak-<revision>` is written through SQLite's online backup (a consistent
snapshot even while another process reads) before the first migration statement runs, and is
kept until the next successful upgrade writes a newer one. An upgrade that finds the file
half-upgraded (its tables do not match the revision it records) restores the tables from that
copy inside the upgrade's own transaction, so the restore is as atomic as the upgrade.
"""

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Connection

BACKUP_MARK = ".bak-"


def backup_path(path: Path, revision: str) -> Path:
    return path.with_name(f"{path.name}{BACKUP_MARK}{revision}")


def existing_backups(path: Path) -> tuple[Path, ...]:
    """The copies beside the workspace, oldest first."""
    found = path.parent.glob(f"{path.name}{BACKUP_MARK}*") if path.parent.is_dir() else ()
    return tuple(sorted(found, key=lambda p: p.stat().st_mtime))


def _fsync_folder(folder: Path) -> None:
    if os.name == "posix":  # a rename is durable once its folder is synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_backup(path: Path, revision: str, timeout_s: float) -> Path:
    """Copy the workspace's committed state; the copy appears under its name only when whole.

    Called with the caller's write lock held, so no other process of ours writes a copy at
    the same time and a partial file left by a kill is simply overwritten next time.
    """
    target = backup_path(path, revision)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(path, timeout=timeout_s)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(target)
    _fsync_folder(path.parent)
    return target


def remove_backups_except(path: Path, keep: Path) -> None:
    """After a successful upgrade only its own copy is kept (and no partial one)."""
    for old in existing_backups(path):
        if old != keep:
            old.unlink(missing_ok=True)
    for partial in path.parent.glob(f".{path.name}{BACKUP_MARK}*.partial"):
        partial.unlink(missing_ok=True)


def restore_tables(connection: Connection, backup: Path) -> None:
    """Replace every table of the workspace by the backup's, in the caller's transaction."""
    connection.exec_driver_sql("ATTACH DATABASE ? AS backup", (str(backup),))
    for (name,) in connection.exec_driver_sql(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).all():
        connection.exec_driver_sql(f'DROP TABLE main."{name}"')
    objects = connection.exec_driver_sql(
        "SELECT type, name, sql FROM backup.sqlite_master "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type != 'table', rowid"
    ).all()
    for _kind, _name, sql in objects:
        connection.exec_driver_sql(sql)  # unqualified names are created in main
    for kind, name, _sql in objects:
        if kind == "table":
            connection.exec_driver_sql(f'INSERT INTO main."{name}" SELECT * FROM backup."{name}"')
    application_id = connection.exec_driver_sql("PRAGMA backup.application_id").scalar_one()
    connection.exec_driver_sql(f"PRAGMA main.application_id = {int(application_id)}")
