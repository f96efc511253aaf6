"""Issue 11, failure 6: file-system errors on export, as a user of `sovplan` meets them.

A target that cannot be written (read-only folder, a folder, a name too long, a file where
a folder should be, a missing folder, a read-only file) is refused before the solve, exit 2,
naming the path and the reason. What goes wrong afterwards (a full disk, a folder made
read-only while solving) is exit 2 too, after the save, and leaves no temporary file.
"""

import errno
import os
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest

from catalog.atomic import FileWriteError, atomic_write_bytes
from planner.cli import plan as cli_plan
from planner.cli.main import main
from planner.exit_codes import ExitCode
from tests.catalog.reliability import full_disk, read_only
from tests.planner.test_cli_workspace_safety import BANK, _saved_names

LONG_NAME = "x" * 300 + ".pdf"
"""Longer than the 255 bytes ext4, XFS, tmpfs and APFS allow in one name."""


def _sovplan(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    """A solve fails the test: the target must be refused before it."""

    def solved(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the scenario was solved before the export target was checked")

    monkeypatch.setattr(cli_plan, "plan_scenario", solved)


def _bad_target(tmp_path: Path, kind: str) -> tuple[Path, str, AbstractContextManager[object]]:
    """A target of the kind, the reason the message must give, and the context it needs."""
    folder = tmp_path / "reports"
    folder.mkdir()
    if kind == "read-only folder":
        return folder / "plan.pdf", f"the folder {folder} is read-only", read_only(folder)
    if kind == "a folder":
        (folder / "plan.pdf").mkdir()
        return folder / "plan.pdf", "it is a folder; give a file name inside it", nullcontext()
    if kind == "name too long":
        return (
            folder / LONG_NAME,
            "the name is 304 bytes long; the file system allows",
            nullcontext(),
        )
    if kind == "parent is a file":
        (folder / "notes.txt").write_text("a file")
        return (
            folder / "notes.txt" / "plan.pdf",
            f"{folder / 'notes.txt'} is a file, not a folder",
            nullcontext(),
        )
    if kind == "missing folder":
        return (
            folder / "2026" / "plan.pdf",
            f"the folder {folder / '2026'} does not exist",
            nullcontext(),
        )
    target = folder / "plan.pdf"
    target.write_bytes(b"last year's plan")
    return target, "the file is read-only", read_only(target)


BAD_TARGETS = ["read-only folder", "a folder", "name too long", "parent is a file",
               "missing folder", "read-only file"]  # fmt: skip


@pytest.mark.parametrize("kind", BAD_TARGETS)
def test_a_bad_export_target_is_refused_before_the_solve_naming_path_and_reason(
    kind: str, workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    no_solve: None,
) -> None:  # fmt: skip
    target, reason, context = _bad_target(tmp_path, kind)
    with context:
        code, out, err = _sovplan(capsys, "--workspace", workspace_path, "plan", BANK,
                                  "--save", "bank", "--export", target)  # fmt: skip
    assert code == ExitCode.INVALID_INPUT, err
    assert err.startswith(f"sovplan: error: {target}: cannot write the file ({reason}")
    assert "Traceback" not in err and out == ""
    assert _saved_names(workspace_path) == [], "refused before anything was done"


@pytest.mark.solver
@pytest.mark.parametrize("kind", BAD_TARGETS)
def test_a_bad_target_for_a_saved_plan_is_exit_2_naming_path_and_reason(
    kind: str, workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ("--workspace", workspace_path)
    assert _sovplan(capsys, *ws, "plan", BANK, "--save", "bank")[0] == ExitCode.OK
    target, reason, context = _bad_target(tmp_path, kind)
    with context:
        code, _, err = _sovplan(capsys, *ws, "scenario", "export", "bank", target)
    assert code == ExitCode.INVALID_INPUT
    assert err.startswith(f"sovplan: error: {target}: cannot write the file ({reason}")


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.solver
def test_a_full_disk_after_the_solve_is_exit_2_after_the_save_and_leaves_no_temporary_file(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    folder = tmp_path / "full"
    with full_disk(folder, monkeypatch):
        before = _entries(folder)
        target = folder / "plan.pdf"
        code, out, err = _sovplan(capsys, "--workspace", workspace_path, "plan", BANK,
                                  "--save", "bank", "--export", target)  # fmt: skip
        assert _entries(folder) == before, "no temporary file, no partial export"
    assert code == ExitCode.INVALID_INPUT
    assert f"{target}: cannot write the file (the disk is full)" in err
    assert "saved as bank" in out and _saved_names(workspace_path) == ["bank"]


@pytest.mark.solver
def test_a_folder_made_read_only_during_the_solve_is_exit_2_and_the_other_exports_are_written(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    folder, elsewhere = tmp_path / "shared", tmp_path / "mine"
    folder.mkdir()
    elsewhere.mkdir()
    locked: list[AbstractContextManager[None]] = []
    solve = cli_plan.plan_scenario

    def solve_then_lock(*args: object, **kwargs: object) -> object:
        done = solve(*args, **kwargs)  # type: ignore[arg-type]
        locked.append(read_only(folder))  # another user takes the folder meanwhile
        locked[0].__enter__()
        return done

    monkeypatch.setattr(cli_plan, "plan_scenario", solve_then_lock)
    try:
        code, out, err = _sovplan(capsys, "--workspace", workspace_path, "plan", BANK,
                                  "--export", folder / "plan.xlsx",
                                  "--export", elsewhere / "plan.md")  # fmt: skip
        assert _entries(folder) == set()
    finally:
        if locked:
            locked[0].__exit__(None, None, None)
    assert code == ExitCode.INVALID_INPUT
    assert (
        f"{folder / 'plan.xlsx'}: cannot write the file (the folder {folder} is read-only)" in err
    )
    assert (elsewhere / "plan.md").is_file() and f"exported {elsewhere / 'plan.md'}" in out


@pytest.mark.parametrize("step", ["fchmod", "fsync", "replace"])
def test_the_atomic_writer_leaves_nothing_behind_when_any_step_fails(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    target.write_bytes(b"the previous plan")

    def fail(*_args: object) -> None:
        raise OSError(errno.EIO, "injected")

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(FileWriteError, match=r"plan\.json: cannot write the file \(injected\)"):
        atomic_write_bytes(target, b"the new plan")
    monkeypatch.undo()
    assert _entries(tmp_path) == {"plan.json"}
    assert target.read_bytes() == b"the previous plan"
