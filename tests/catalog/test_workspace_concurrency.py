"""Issue 11, failures 1-2: processes that meet at one workspace wait for each other.

Two `sovplan` processes creating one new workspace at once both succeed and load the catalog
once; two imports at once both land; a writer waits for another's lock rather than failing.
"""

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalog.errors import WorkspaceBusyError
from catalog.pricebooks import list_price_books
from catalog.recognise import APPLICATION_ID
from catalog.scenario_store import list_scenarios, save_scenario
from catalog.user_tables import CatalogRevision
from catalog.workspace import open_workspace
from tests.catalog.reliability import ROOT, application_id, user_rows

ROUNDS = 3
"""The race lost 3 times in 6 before; a few rounds make a lucky pass unlikely."""


def _sovplan(workspace: Path, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "planner.cli", "--workspace", str(workspace), *argv],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_processes_creating_one_workspace_both_succeed(round_: int, tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    both = [_sovplan(path, "catalog", "stats") for _ in range(2)]
    for code, err in map(_finish, both):
        assert (code, err) == (0, "")
    ws = open_workspace(path)
    with ws.sessions() as s:
        loads = s.scalar(select(func.count()).select_from(CatalogRevision))
    ws.close()
    assert loads == 1, "the shipped catalog is loaded once, not once per process"
    assert application_id(path) == APPLICATION_ID


def _book(folder: Path, name: str, provider_id: str) -> Path:
    path = folder / f"{name}.csv"
    path.write_text(f"target_kind,target_id,discount_fraction\nprovider,{provider_id},0.1\n")
    return path


@pytest.mark.slow
def test_two_imports_at_once_both_land(workspace_path: Path, tmp_path: Path) -> None:
    books = [_book(tmp_path, "framework-a", "ovhcloud"), _book(tmp_path, "framework-b", "scaleway")]
    both = [_sovplan(workspace_path, "catalog", "pricebook", "import", str(b)) for b in books]
    for code, err in map(_finish, both):
        assert (code, err) == (0, "")
    ws = open_workspace(workspace_path)
    with ws.sessions() as s:
        assert sorted(b.id for b in list_price_books(s)) == ["framework-a", "framework-b"]
    ws.close()


def test_a_writer_that_reads_first_waits_for_another_writer_instead_of_failing(
    workspace_path: Path,
) -> None:
    """In WAL mode a deferred transaction that has read cannot wait for the lock (its snapshot
    is stale once the other commits); a unit of work takes the lock at BEGIN and waits there."""
    first, second = open_workspace(workspace_path), open_workspace(workspace_path)
    holding, release = threading.Event(), threading.Event()

    def hold_then_save() -> None:
        with first.sessions.begin() as s:
            save_scenario(s, "first", "name = 'first'", 1, "optimal", None, overwrite=False)
            holding.set()
            release.wait(10)

    worker = threading.Thread(target=hold_then_save)
    worker.start()
    holding.wait(10)
    threading.Timer(0.5, release.set).start()
    with second.sessions.begin() as s:
        taken = {sc.name for sc in list_scenarios(s)}  # reads, then writes
        save_scenario(s, "second", "name = 'second'", 1, "optimal", None, overwrite=False)
    worker.join()
    assert taken == {"first"}, "the second unit of work started after the first committed"
    assert [r[1] for r in user_rows(workspace_path)["saved_scenarios"]] == ["first", "second"]
    first.close()
    second.close()


def test_a_writer_that_waits_too_long_is_told_the_workspace_is_busy(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import catalog.engine

    monkeypatch.setattr(catalog.engine, "BUSY_TIMEOUT_S", 0.2)
    first, second = open_workspace(workspace_path), open_workspace(workspace_path)
    with first.sessions.begin() as s:
        save_scenario(s, "first", "name = 'first'", 1, "optimal", None, overwrite=False)
        busy = pytest.raises(WorkspaceBusyError, match="busy with another sovplan process")
        with busy, second.sessions.begin() as other:
            save_scenario(other, "second", "name = 'second'", 1, "optimal", None, overwrite=False)
    first.close()
    second.close()


def test_a_new_file_being_switched_to_wal_by_another_process_is_waited_for(
    tmp_path: Path,
) -> None:
    """The race CI lost once in three runs, made certain: another connection holds the write
    lock of a new file while ours switches it to WAL, where SQLite calls no busy handler."""
    path = tmp_path / "new.sqlite"
    holding, release = threading.Event(), threading.Event()

    def hold_the_new_file() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE being_created (x)")
        holding.set()
        release.wait(10)
        other.execute("ROLLBACK")
        other.close()

    worker = threading.Thread(target=hold_the_new_file)
    worker.start()
    holding.wait(10)
    threading.Timer(0.3, release.set).start()
    ws = open_workspace(path)
    worker.join()
    with ws.sessions() as s:
        assert s.scalar(select(func.count()).select_from(CatalogRevision)) == 1
    ws.close()
