"""`sovplan` starts quickly: what each command imports, and a console script that exits at once.

Speed itself is measured by benchmarks/cli_startup.py; these tests pin the behaviour that
gives it: `--help` loads no database, solver or export library, a plan on a workspace
already at head loads no migration or export machinery, and ending the process with
`os._exit` loses no output and keeps the exit code.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli.main import COMMANDS, main
from planner.exit_codes import ExitCode

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "openpyxl", "reportlab", "ortools", "numpy", "PySide6")


def _imported_after(*argv: str) -> set[str]:
    """The HEAVY packages loaded once `sovplan argv…` has run, in a fresh interpreter."""
    code = (
        "import contextlib, io, json, sys\n"
        "from planner.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({list(argv)!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def test_help_imports_no_database_solver_or_export_library() -> None:
    assert _imported_after("--help") == set()


@pytest.mark.solver
def test_a_plan_on_a_workspace_at_head_loads_no_migration_or_export_library(
    workspace_path: Path,
) -> None:
    loaded = _imported_after("--workspace", str(workspace_path), "plan", "--example", "eu-bank",
                             "--json")  # fmt: skip
    assert {"sqlalchemy", "ortools"} <= loaded  # it did plan
    assert not loaded & {"alembic", "openpyxl", "reportlab", "PySide6"}


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_every_command_has_its_own_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: sovplan {command}") and "--" in out  # its own options


def test_the_command_list_names_every_command_with_its_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in out
        assert command.help.split()[0] in out


@pytest.mark.solver
def test_the_console_script_flushes_all_output_and_keeps_the_exit_code(
    workspace_path: Path,
) -> None:
    cli = [sys.executable, "-m", "planner.cli", "--workspace", str(workspace_path)]
    done = subprocess.run([*cli, "plan", "--example", "eu-bank", "--json"], cwd=ROOT,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == ExitCode.OK
    assert json.loads(done.stdout)["scenario"].startswith("EU bank")  # the whole document
    wrong = subprocess.run([*cli, "plan", "--example", "eu-bnak"], cwd=ROOT,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert wrong.returncode == ExitCode.INVALID_INPUT
    assert "no example named 'eu-bnak'" in wrong.stderr
    helped = subprocess.run([*cli, "--help"], cwd=ROOT, capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert helped.returncode == 0 and "usage: sovplan" in helped.stdout
