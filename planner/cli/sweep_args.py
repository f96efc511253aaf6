"""What the sweep commands (`frontier`, and those that solve one scenario many times) share:
the scenario named by a file, an example or a saved name, and where the solves run."""

import argparse
from pathlib import Path

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from planner.cli.common import add_scenario_arguments, number_in, open_from_args
from planner.cli.dependencies import source_of
from planner.cli.plan import add_solve_arguments
from planner.optimise.options import PruneMode
from planner.results.saved_scenarios import load_saved, scenario_of
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario
from planner.scenario.schema import Range
from solver.problem import Backend, SolveParams

DEFAULT_SOLVE_TIME_LIMIT_S = 10.0
"""Each solve's time limit in a sweep: the shipped examples solve one in well under a
second, the national-scale instance in a few (docs/performance.md)."""
WORKERS = Range(1, 1024)


def add_sweep_arguments(p: argparse.ArgumentParser, *, prune: bool = True) -> None:
    """The scenario (file, --example or saved name) and how each solve runs (`--prune` for
    the commands that compile once and solve many)."""
    add_scenario_arguments(p, "SCENARIO.toml|SAVED")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_solve_arguments(p, time_limit_s=DEFAULT_SOLVE_TIME_LIMIT_S, limit_of="seconds per solve")
    if not prune:
        return
    p.add_argument(
        "--prune",
        choices=[m.value for m in PruneMode],
        default=PruneMode.AUTO.value,
        help="auto (default): the cheapest listing of each class; none: every eligible "
        "option, so each point is proven over all of them (slower)",
    )


def add_executor_arguments(p: argparse.ArgumentParser, *, in_process: bool = True) -> None:
    """Where independent solves run: this process, a local pool or a Dask cluster; by
    default this process where the solves are quicker than starting workers
    (`in_process`), else as many workers as cores."""
    p.add_argument(
        "--workers",
        metavar="N",
        type=number_in(WORKERS, whole=True),
        default=1 if in_process else None,
        help="local worker processes for the solves (default "
        + ("1: this process; starting workers costs more than the solves)" if in_process
           else "the cores available)"),
    )  # fmt: skip
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the solves on the Dask cluster at ADDRESS (pip install 'sovplan[cluster]')",
    )


def solve_params(args: argparse.Namespace) -> SolveParams:
    return SolveParams(time_limit_s=args.time_limit, backend=Backend(args.backend))


def sweep_scenario(args: argparse.Namespace) -> tuple[Scenario, Catalog]:
    """The scenario the user named (a saved one with its requirements as saved), and the
    workspace's catalog."""
    source = source_of(args)
    with open_from_args(args) as ws, ws.sessions() as session:
        catalog = load_catalog(session)
        saved = load_saved(session, source) if isinstance(source, str) else None
    if saved is not None:
        return scenario_of(saved, catalog), catalog
    assert isinstance(source, Path)
    return load_scenario(source, catalog), catalog
