"""`sovplan stress SCENARIO|SAVED`: what each lease change does to the plan, and the recovery.

SCENARIO is a scenario file (or `--example NAME`), planned now; SAVED is the name of a saved
scenario, whose stored plan is stressed as it was saved (as `sovplan dependencies` resolves
its argument). The shocks are the shipped library, the scenario's own `[[shocks]]` and those
of `--shocks FILE`; `--shock NAME` picks some (a template's name picks every shock it
expands to), else all run. They run on a local process pool, or on a Dask cluster with
`--scheduler ADDRESS` (`pip install 'sovplan[cluster]'`). `--roadmap` stresses the build-out
roadmap instead (planner/cli/stress_roadmap.py).
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from planner.analysis.executor import open_workers
from planner.analysis.report import StressReport
from planner.analysis.stress import StressContext, run_stress, shocks_for
from planner.analysis.stress_json import encode_stress
from planner.cli.common import add_scenario_arguments, open_from_args
from planner.cli.dependencies import source_of
from planner.cli.plan import EXIT_BY_STATUS, add_solve_arguments
from planner.cli.stress_roadmap import run_roadmap_stress
from planner.cli.stress_text import stress_text
from planner.cli.textfmt import json_text
from planner.errors import PlannerError
from planner.exit_codes import ExitCode
from planner.exports import export_format, export_plan
from planner.optimise.planning import plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.results.plan_lines import plan_of
from planner.results.saved_scenarios import load_saved, scenario_of
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario
from planner.scenario.shock_reader import load_shock_file
from planner.scenario.shocks import Shock, select
from solver.problem import Backend, SolveParams


def register(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Stress a plan with lease changes: a scenario file (planned now), a shipped example "
        "(--example) or a saved scenario (its stored plan). For each shock: the capacity "
        "lost, the cheapest recovery that keeps what was bought, its cost and time, and "
        "whether the critical workloads and the floors survive; most harmful first."
    )
    add_scenario_arguments(p, "SCENARIO.toml|SAVED")
    p.add_argument(
        "--shock",
        metavar="NAME",
        action="append",
        default=[],
        help="run this shock (repeatable; a template's name runs all it expands to)",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="run every shock: the library, the scenario's and --shocks (the default)",
    )
    p.add_argument(
        "--shocks",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="a file of [[shocks]] to add (docs/stress.md)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster at ADDRESS (pip install 'sovplan[cluster]')",
    )
    p.add_argument(
        "--workers",
        metavar="N",
        type=_workers,
        help="local worker processes (default: the cores available)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--export",
        metavar="FILE",
        action="append",
        default=[],
        help="write the plan with its stress tests by extension: .xlsx .pdf "
        "(a stress section) .dora.xlsx .dora.csv (exit strategies) (repeatable)",
    )
    p.add_argument(
        "--roadmap",
        action="store_true",
        help="stress the build-out roadmap instead: year 1's commitments as a plan, and the "
        "whole path solved again under each shock that changes the catalog (docs/roadmap.md)",
    )
    add_solve_arguments(p)
    p.set_defaults(handler=_run)


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1 (got {text!r})")
    return count


@dataclass(frozen=True)
class _Base:
    scenario: Scenario
    catalog: Catalog
    context: StressContext | None
    """None when there is no plan to stress."""
    document: PlanDocument


def _base(args: argparse.Namespace, params: SolveParams) -> _Base:
    source = source_of(args)
    with open_from_args(args) as ws, ws.sessions() as session:
        catalog = load_catalog(session)
        saved = load_saved(session, source) if isinstance(source, str) else None
    if saved is not None:
        scenario = scenario_of(saved, catalog)
        if saved.plan is None or saved.plan.result is None:
            raise PlannerError(
                f"saved scenario {source!r} holds no plan to stress; re-solve "
                f"it with `sovplan scenario resolve {source}`"
            )
        plan = plan_of(saved.plan, scenario)
        context = StressContext(scenario, catalog, plan, params)
        return _Base(scenario, catalog, context, saved.plan)
    assert isinstance(source, Path)
    scenario = load_scenario(source, catalog)
    outcome = plan_scenario(scenario, catalog, params)
    document = plan_document(outcome, scenario, catalog)
    if outcome.plan is None:
        return _Base(scenario, catalog, None, document)
    return _Base(
        scenario, catalog, StressContext(scenario, catalog, outcome.plan, params), document
    )


def chosen_shocks(
    args: argparse.Namespace, catalog: Catalog, context: StressContext
) -> list[Shock]:
    extra = [s for path in args.shocks for s in load_shock_file(path, catalog)]
    shocks = shocks_for(context, extra)
    if not args.shock or args.all:
        return list(shocks)
    try:
        return list(select(shocks, args.shock))
    except KeyError as exc:
        names = ", ".join(s.name for s in shocks)
        raise PlannerError(
            f"--shock: no shock named {exc.args[0]!r} for this plan; there are {names}"
        ) from None


def _run(args: argparse.Namespace) -> int:
    for target in args.export:  # a wrong extension is refused before the work, not after
        export_format(target)
    params = SolveParams(time_limit_s=args.time_limit, backend=Backend(args.backend))
    if args.roadmap:
        return run_roadmap_stress(args, params, chosen_shocks)
    base = _base(args, params)
    context = base.context
    status = base.document.header.status
    if context is None:
        if args.json:
            empty = {"scenario": base.scenario.name, "status": status.value, "results": None}
            print(json_text(empty))
        else:
            print(f"{base.scenario.name}: no plan to stress ({status.value})")
        return int(EXIT_BY_STATUS[status])
    shocks = chosen_shocks(args, base.catalog, context)
    with open_workers(
        context, scheduler=args.scheduler, workers=args.workers, tasks=len(shocks)
    ) as workers:
        report: StressReport = run_stress(context, shocks, workers)
    if args.json:
        print(json_text(encode_stress(report)))
    else:
        print(stress_text(report))
    for target in args.export:
        export_plan(base.document, target, stress=report)
        print(f"exported {target}", file=sys.stderr if args.json else sys.stdout)
    return int(ExitCode.OK)
