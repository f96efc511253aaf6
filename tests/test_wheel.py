"""The program as a user installs it: a wheel in a fresh virtual environment, run outside the
source tree, with every sub-package, the seed catalog, the migrations and the examples it ships.

CI installs the project editable, which hides a package or data file missing from the wheel;
this builds the wheel without build isolation (the build backend comes with the test extras)
and installs it with `--no-deps` into a venv that sees this interpreter's packages, so nothing
is downloaded. That venv also sees the editable install of the source tree: its own copy must
win, and `test_the_installed_copy_is_the_one_imported` proves it does.
"""

import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from catalog.workspace import WORKSPACE_ENV_VAR

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BUILD_FILES = ("pyproject.toml", "README.md")
"""Besides the packages, what `pip wheel` reads from the source tree."""
NOT_SHIPPED = shutil.ignore_patterns("__pycache__", "*.pyc")
SUBPROCESS_TIMEOUT_S = 300
"""Generous: building, installing and seeding a workspace take a few seconds each on 2 cores."""


def _package_roots() -> list[str]:
    """The top-level packages, from the include patterns of pyproject's package discovery."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    return sorted(p.rstrip("*.") for p in patterns)


def _run(argv: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=SUBPROCESS_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean copy of what the wheel is built from: no stale build/ folder, no caches."""
    copy = tmp_path_factory.mktemp("source")
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, copy / name)
    for package in _package_roots():
        shutil.copytree(ROOT / package, copy / package, ignore=NOT_SHIPPED)
    return copy


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    pip_wheel = ["-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, source]
    _run([sys.executable, *pip_wheel], cwd=dist)
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; it borrows this interpreter's dependencies."""
    folder = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", folder],
         cwd=folder)  # fmt: skip
    python = folder / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=folder).strip())  # fmt: skip
    if sys.prefix != sys.base_prefix:
        # This interpreter is itself a venv (a CI image may be): its packages are not the new
        # venv's "system" ones. Add its site folders after the new venv's own, .pth included.
        dirs = ", ".join(repr(d) for d in site.getsitepackages())
        (purelib / "zz-borrowed-site.pth").write_text(
            f"import site; [site.addsitedir(d) for d in ({dirs},)]\n", encoding="utf-8"
        )
    # --force-reinstall: the editable install of the source tree has the same version.
    install = ["-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", wheel]
    _run([python, *install], cwd=folder)
    return folder


@pytest.fixture
def user(tmp_path: Path) -> dict[str, str]:
    """A user's environment: no PYTHONPATH to the source tree, workspace and settings in tmp."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update({
        WORKSPACE_ENV_VAR: str(tmp_path / "workspace.sqlite"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    })  # fmt: skip
    return env


def test_the_wheel_holds_every_file_of_the_packages(wheel: Path, source: Path) -> None:
    expected = {
        p.relative_to(source).as_posix()
        for package in _package_roots()
        for p in (source / package).rglob("*")
        if p.is_file()
    }
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if ".dist-info/" not in n}
    assert {"catalog/migrations/versions/__init__.py", "catalog/seed/sources.csv",
            "planner/examples/eu-bank.toml"} <= expected  # fmt: skip
    assert expected - shipped == set(), "missing from the wheel"
    assert shipped - expected == set(), "in the wheel but not in the source"


def test_the_installed_copy_is_the_one_imported(
    venv: Path, tmp_path: Path, user: dict[str, str]
) -> None:
    script = "import catalog, planner, solver, ui.app; print(planner.__file__, ui.app.__file__)"
    files = [Path(f) for f in _run([venv / "bin" / "python", "-c", script], tmp_path, user).split()]
    for file in files:
        assert file.is_relative_to(venv), f"{file} is not the venv's copy"
        assert not file.is_relative_to(ROOT)


def test_sovplan_help_lists_the_commands(venv: Path, tmp_path: Path, user: dict[str, str]) -> None:
    out = _run([venv / "bin" / "sovplan", "--help"], tmp_path, user)
    assert {"plan", "examples", "catalog", "scenario"} <= set(out.replace(",", " ").split())


def test_the_readme_example_plans_from_the_installed_wheel(
    venv: Path, tmp_path: Path, user: dict[str, str]
) -> None:
    """Creates the workspace from the shipped migrations and seed, then plans the example."""
    out = _run([venv / "bin" / "sovplan", "plan", "--example", "eu-bank", "--json"], tmp_path, user)
    plan = json.loads(out)
    assert plan["status"] == "optimal"
    assert plan["annual_cost"] > 0 and plan["line_items"]
    assert Path(user[WORKSPACE_ENV_VAR]).is_file()


def test_an_unknown_example_exits_2_naming_the_shipped_ones(
    venv: Path, tmp_path: Path, user: dict[str, str]
) -> None:
    done = subprocess.run(
        [venv / "bin" / "python", "-m", "planner.cli", "plan", "--example", "no-such"],
        cwd=tmp_path, env=user, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no-such" in done.stderr and "eu-bank" in done.stderr


def test_the_gui_opens_the_shipped_example_at_a_cold_start(
    venv: Path, tmp_path: Path, user: dict[str, str]
) -> None:
    script = (
        "import sys; from PySide6.QtCore import QTimer; import ui.app as a; "
        "app = a.create_application(sys.argv); "
        "w = lambda: next(x for x in app.topLevelWidgets() if type(x).__name__ == 'MainWindow'); "
        "QTimer.singleShot(200, lambda: (print(w().status.text()), print(w().files.copy_of), "
        "app.quit())); "
        "sys.exit(a.main(sys.argv))"
    )
    output = _run([venv / "bin" / "python", "-c", script], tmp_path, user).strip()
    status, copy_of = output.splitlines()[-2:]
    assert status.startswith("Showing the example eu-bank as an untitled copy")
    assert copy_of.endswith("eu-bank.toml") and Path(copy_of).is_relative_to(venv)
