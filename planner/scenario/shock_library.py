"""The shipped library of shocks, package data like the examples (`planner/shocks/`).

`sovplan stress --all` runs it on a plan, with the scenario's own `[[shocks]]` and any file
given with `--shocks`; docs/stress.md describes each of its shocks.
"""

from importlib import resources
from pathlib import Path

from catalog.domain import Catalog
from planner.errors import PlannerError
from planner.scenario.shock_reader import load_shock_file
from planner.scenario.shocks import Shock

LIBRARY_PACKAGE = "planner"
LIBRARY_FILE = ("shocks", "library.toml")
"""Where the library sits inside `LIBRARY_PACKAGE` (see pyproject's package-data)."""


def library_path() -> Path:
    """The installed library file, a real file (pip unpacks wheels)."""
    found = resources.files(LIBRARY_PACKAGE).joinpath(*LIBRARY_FILE)
    if not isinstance(found, Path):  # a zipped package: pip never installs one
        raise PlannerError(f"the shipped shock library is not a file on disk: {found}")
    return found


def shock_library(catalog: Catalog) -> tuple[Shock, ...]:
    """Every shock of the shipped library (templates not yet expanded)."""
    return load_shock_file(library_path(), catalog)
