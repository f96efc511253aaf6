"""Shared fixtures. Every test gets its own workspace file under tmp_path.

Loading the shipped catalog validates about a thousand rows, so it is done once per
session into a template file, and each test gets a fresh copy of that file. Tests that
only read the catalog or the bank example's plan share one load and one solve per session.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import WORKSPACE_ENV_VAR, Workspace, open_workspace
from planner.results.plan_document import PlanDocument
from tests.planner.stressed import Stressed, bank_library
from tests.solved import SolvedBank, solve_bank, solve_nation


@pytest.fixture(autouse=True)
def _no_user_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A test that forgets --workspace writes under tmp_path, never in the user's data dir."""
    monkeypatch.setenv(WORKSPACE_ENV_VAR, str(tmp_path / "env-workspace.sqlite"))


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workspace.sqlite"
    open_workspace(path).close()
    return path


@pytest.fixture
def workspace_path(seeded_template: Path, tmp_path: Path) -> Path:
    """A copy of a freshly seeded workspace file for this test alone."""
    path = tmp_path / "workspace.sqlite"
    shutil.copyfile(seeded_template, path)
    return path


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(workspace_path)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def shipped_catalog(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The shipped catalog as planner/ reads it, loaded once; tests must not change it."""
    path = tmp_path_factory.mktemp("shipped") / "workspace.sqlite"
    shutil.copyfile(seeded_template, path)
    ws = open_workspace(path)
    try:
        with ws.sessions() as session:
            return load_catalog(session)
    finally:
        ws.close()


@pytest.fixture(scope="session")
def solved_bank(shipped_catalog: Catalog) -> SolvedBank:
    """The bank example planned once per session, and once with an impossible budget."""
    return solve_bank(shipped_catalog)


@pytest.fixture(scope="session")
def solved_nation(shipped_catalog: Catalog) -> PlanDocument:
    """The small nation's plan (owned servers) with a capital budget, once per session."""
    return solve_nation(shipped_catalog)


@pytest.fixture(scope="session")
def stressed_bank(solved_bank: SolvedBank) -> Stressed:
    """The bank's plan stressed with the whole shipped library once per session."""
    return bank_library(solved_bank)
