"""Issue 11, failures 2-4, as a user of `sovplan` meets them.

A locked workspace makes `plan --save` wait, or say "busy" with exit 2 and keep the plan; no
message ever shows SQL or its parameters; another program's SQLite file is refused and left
byte-identical; a damaged, read-only or read-only-folder workspace is exit 2 with the reason.
"""

import random
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import catalog.engine
from catalog.recognise import peek
from catalog.workspace import open_workspace
from planner.cli import plan as cli_plan
from planner.cli.main import DEBUG_ENV_VAR, main
from planner.exit_codes import ExitCode
from planner.results.saved_scenarios import list_saved
from tests.catalog.reliability import add_price_book, full_disk, read_only, write_lock
from tests.planner.test_cli_plan import EXAMPLES

BANK = EXAMPLES / "eu-bank.toml"
SQL_WORDS = ("INSERT", "SELECT", "UPDATE", "[SQL", "parameters", "[[workloads]]", "Traceback")
"""What stderr must never hold: SQL, its parameters (here, the scenario file), a traceback."""


def _sovplan(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _saved_names(path: Path) -> list[str]:
    ws = open_workspace(path)
    with ws.sessions() as s:
        names = [saved.name for saved in list_saved(s)]
    ws.close()
    return names


@pytest.mark.solver
def test_plan_save_under_a_held_write_lock_says_busy_keeps_the_plan_and_prints_no_sql(
    workspace_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_price_book(workspace_path, tmp_path)  # negotiated prices that must not leak
    monkeypatch.setattr(catalog.engine, "BUSY_TIMEOUT_S", 0.5)
    export = tmp_path / "plan.json"
    args = ("--workspace", workspace_path, "plan", BANK, "--save", "bank", "--export", export)
    with write_lock(workspace_path):
        code, out, err = _sovplan(capsys, *args)
    assert code == ExitCode.INVALID_INPUT
    assert "the workspace is busy with another sovplan process; try again" in err
    assert "run the same command again to save it as 'bank'" in err
    assert not any(word in err for word in SQL_WORDS), err
    assert export.is_file() and "annual cost" in out, "the plan is kept: printed and exported"
    assert _saved_names(workspace_path) == []
    code, out, _ = _sovplan(capsys, *args)  # the lock is gone: the same command saves
    assert code == ExitCode.OK and "saved as bank" in out
    assert _saved_names(workspace_path) == ["bank"]


@pytest.mark.solver
def test_plan_save_waits_for_a_write_lock_released_in_time(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with write_lock(workspace_path) as other:
        threading.Timer(1.0, lambda: other.execute("ROLLBACK")).start()
        started = time.monotonic()
        code, out, err = _sovplan(capsys, "--workspace", workspace_path, "plan", BANK,
                                  "--save", "bank")  # fmt: skip
    assert code == ExitCode.OK, err
    assert "saved as bank" in out and time.monotonic() - started >= 1.0
    assert _saved_names(workspace_path) == ["bank"]


@pytest.mark.solver
def test_plan_save_happens_before_the_exports_so_a_failing_export_cannot_cost_it(
    workspace_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    export = tmp_path / "full" / "plan.json"
    with full_disk(export.parent, monkeypatch):  # the export fails after the solve
        code, out, _ = _sovplan(capsys, "--workspace", workspace_path, "plan", BANK,
                                "--save", "bank", "--export", export)  # fmt: skip
    assert code == ExitCode.INVALID_INPUT
    assert "saved as bank" in out
    assert _saved_names(workspace_path) == ["bank"]


@pytest.mark.solver
def test_a_database_error_shows_sqlite_words_never_the_sql_or_its_parameters(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy_save(
        session: object, name: str, scenario_toml: str, *_: object, **__: object
    ) -> None:
        session.execute(  # type: ignore[attr-defined]
            text("INSERT INTO saved_scenarios (name, scenario_toml) VALUES (:name, :toml)"),
            {"name": name, "toml": scenario_toml},
        )  # a bug: NOT NULL columns left out

    monkeypatch.setattr(cli_plan, "save_plan", buggy_save)
    args = ("--workspace", workspace_path, "plan", BANK, "--save", "bank")
    code, _, err = _sovplan(capsys, *args)
    assert code == ExitCode.INTERNAL_ERROR
    assert "NOT NULL constraint failed: saved_scenarios" in err
    assert not any(word in err for word in SQL_WORDS), err
    monkeypatch.setenv(DEBUG_ENV_VAR, "1")  # the traceback a developer asks for
    with pytest.raises(IntegrityError) as raised:
        main([str(a) for a in args])
    assert "[[workloads]]" not in str(raised.value)


def _foreign_file(path: Path, kind: str) -> None:
    with sqlite3.connect(path) as db:
        if kind == "bookmarks":
            db.execute("create table bookmarks (id integer primary key, url text, title text)")
            rows = [(f"https://example.org/{i}", f"page {i}") for i in range(50)]
            db.executemany("insert into bookmarks (url, title) values (?, ?)", rows)
        elif kind == "an unrelated sources table":
            db.execute("create table sources (id integer primary key, feed text)")
            db.execute("insert into sources (feed) values ('https://example.org/rss')")
        elif kind == "another application id":
            db.execute("pragma application_id = 1196444487")  # GeoPackage's 'GPKG'
            db.execute("create table gpkg_contents (table_name text primary key)")
    db.close()


@pytest.mark.parametrize("kind", ["bookmarks", "an unrelated sources table",
                                  "another application id"])  # fmt: skip
def test_another_programs_sqlite_file_is_refused_and_left_byte_identical(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bookmarks.sqlite"
    _foreign_file(path, kind)
    before = path.read_bytes()
    code, _, err = _sovplan(capsys, "--workspace", path, "catalog", "stats")
    assert code == ExitCode.INVALID_INPUT
    assert "not a sovplan workspace" in err and "left untouched" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.sqlite"], "no -wal, -shm"


PAGE_SIZE = 4096
"""SQLite's default page size, which every workspace has."""


def _garbage_in_pages(path: Path, first_page: int, pages: int) -> None:
    with path.open("r+b") as handle:
        handle.seek((first_page - 1) * PAGE_SIZE)  # SQLite numbers pages from 1
        handle.write(random.Random(first_page).randbytes(pages * PAGE_SIZE))


def _last_leaf_of_cloud_offers(path: Path) -> int:
    """A page only a full read of one table reaches, not opening the workspace."""
    with sqlite3.connect(path) as db:
        (page,) = db.execute(
            "select pageno from dbstat where name = 'cloud_offers' and pagetype = 'leaf' "
            "order by path desc limit 1"
        ).fetchone()
    db.close()
    return int(page)


@pytest.mark.solver
@pytest.mark.parametrize("where", ["table roots", "rows"])
def test_garbage_in_the_pages_of_a_workspace_is_damage_with_what_to_do(
    where: str, workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if where == "table roots":
        _garbage_in_pages(workspace_path, 2, 8)
    else:
        _garbage_in_pages(workspace_path, _last_leaf_of_cloud_offers(workspace_path), 1)
        peek(workspace_path)  # opening finds nothing wrong: the damage shows only later
    code, _, err = _sovplan(capsys, "--workspace", workspace_path, "plan", BANK)
    assert code == ExitCode.INVALID_INPUT
    assert "the workspace is damaged" in err and "To fix: move it aside" in err
    assert not any(word in err for word in SQL_WORDS), err


@pytest.mark.parametrize("what", ["the file", "its folder"])
@pytest.mark.parametrize("command", [("catalog", "stats"), ("plan", BANK, "--save", "bank")])
def test_a_read_only_workspace_or_folder_is_exit_2_with_the_reason(
    what: str, command: tuple[object, ...], workspace_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    path = tmp_path / "shared" / "workspace.sqlite"
    path.parent.mkdir()
    shutil.copyfile(workspace_path, path)
    with read_only(path if what == "the file" else path.parent):
        code, _, err = _sovplan(capsys, "--workspace", path, *command)
    assert code == ExitCode.INVALID_INPUT
    assert f"the workspace cannot be written ({what} is read-only)" in err
    assert "not a sovplan workspace" not in err


def test_a_new_workspace_in_a_read_only_folder_is_exit_2_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only(folder):
        code, _, err = _sovplan(capsys, "--workspace", folder / "new.sqlite", "catalog", "stats")
    assert code == ExitCode.INVALID_INPUT
    assert "its folder is read-only" in err
