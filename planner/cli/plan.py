"""`sovplan plan SCENARIO.toml`: the optimal mix, or the conflicts that prevent one."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from catalog.snapshot import load_catalog
from planner.cli.common import add_scenario_arguments, open_from_args, scenario_file
from planner.cli.textfmt import format_table
from planner.errors import PlannerError
from planner.exit_codes import ExitCode
from planner.exports import export_format, export_plan
from planner.money import money_text
from planner.optimise.planning import PruneMode, plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.plan_document import LineItem, PlanDocument
from planner.results.plan_json import plan_to_text
from planner.results.saved_scenarios import check_can_save, read_scenario_file, save_plan
from planner.scenario.reader import load_scenario
from solver.problem import Backend, SolveParams, SolveStatus

DEFAULT_TIME_LIMIT_S = 30.0

EXIT_BY_STATUS = {
    SolveStatus.OPTIMAL: ExitCode.OK,
    SolveStatus.FEASIBLE: ExitCode.OK,
    SolveStatus.INFEASIBLE: ExitCode.INFEASIBLE,
    SolveStatus.TIMED_OUT: ExitCode.TIMED_OUT,
    SolveStatus.CANCELLED: ExitCode.TIMED_OUT,
    SolveStatus.ERROR: ExitCode.INTERNAL_ERROR,
}


def time_limit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


def add_solve_arguments(parser: argparse.ArgumentParser) -> None:
    """--time-limit and --backend, for every command that solves."""
    parser.add_argument(
        "--time-limit",
        type=time_limit,
        default=DEFAULT_TIME_LIMIT_S,
        metavar="S",
        help=f"seconds (default {DEFAULT_TIME_LIMIT_S:g})",
    )
    parser.add_argument(
        "--backend",
        choices=[b.value for b in (Backend.SCIP, Backend.HIGHS)],
        default=Backend.SCIP.value,
        help="MathOpt solver (default scip)",
    )


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "plan", help="optimise a scenario file (or a shipped example) into a plan"
    )
    add_scenario_arguments(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_solve_arguments(p)
    p.add_argument(
        "--prune",
        choices=[m.value for m in PruneMode],
        default=PruneMode.AUTO.value,
        help="auto (default): drop only options that cannot matter, or prove the plan over "
        "every option; none: give the solver every eligible option (for checks and small "
        "scenarios: a national one has hundreds of thousands)",
    )
    p.add_argument(
        "--save",
        metavar="NAME",
        help="keep the scenario and its plan in the workspace (see `sovplan scenario`)",
    )
    p.add_argument(
        "--overwrite", action="store_true", help="with --save: replace a scenario of that name"
    )
    p.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        action="append",
        default=[],
        help="write the plan by extension: .xlsx .pdf .csv (FOCUS) .json .md .dora.xlsx "
        ".dora.csv (repeatable)",
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.overwrite and args.save is None:
        raise PlannerError("--overwrite only applies with --save NAME")
    scenario_path = scenario_file(args)
    for target in args.export:  # a wrong extension is refused before the solve, not after
        export_format(target)
    with open_from_args(args) as ws:
        with ws.sessions() as session:
            catalog = load_catalog(session)
            if args.save is not None:  # a taken name is refused before the solve, not after
                check_can_save(session, args.save, overwrite=args.overwrite)
        if args.save is not None:
            scenario_toml, scenario = read_scenario_file(scenario_path, catalog)
        else:
            scenario = load_scenario(scenario_path, catalog)
        params = SolveParams(time_limit_s=args.time_limit, backend=Backend(args.backend))
        outcome = plan_scenario(scenario, catalog, params, prune=PruneMode(args.prune))
        plan = plan_document(outcome, scenario, catalog)
        if args.json:
            print(plan_to_text(plan, indent=2))
        else:
            print_summary(plan)
        for target in args.export:
            export_plan(plan, target)
            print(f"exported {target}", file=sys.stderr if args.json else sys.stdout)
        if args.save is not None:
            with ws.sessions.begin() as session:
                saved = save_plan(session, args.save, scenario_toml, plan, overwrite=args.overwrite)
            print(f"saved as {saved.name}", file=sys.stderr if args.json else sys.stdout)
    return int(EXIT_BY_STATUS[plan.header.status])


def line_items_text(items: Sequence[LineItem], currency: str) -> str:
    """What is bought, as `sovplan plan` and `sovplan scenario show` list it."""
    return format_table(
        ["kind", "provider", "law", "item", "term", "quantity", "unit", f"annual {currency}"],
        [
            [i.kind.value, i.provider_name, i.jurisdiction, i.item, i.term,
             f"{i.quantity:,.2f}", i.unit, f"{i.annual_cost:,.0f}"]
            for i in items
        ],
        right=frozenset({5, 7}),
    )  # fmt: skip


def print_summary(plan: PlanDocument) -> None:
    """A solve's outcome: status, then the conflicts, or the figures, line items and
    allocations."""
    h = plan.header
    currency = h.currency
    gap = f", gap {h.relative_gap:.2%}" if h.relative_gap else ""
    print(f"{h.scenario_name}: {h.status_text}{gap} in {h.solve_seconds:.2f} s ({h.scope_text})")
    result = plan.result
    if result is None:
        if len(plan.conflicts) > 1:
            print("No plan meets every requirement; relaxing any one of these would allow one:")
        for conflict in plan.conflicts:
            print(f"  conflict [{conflict.family}]: {conflict.message}")
        return
    scores = result.scores
    providers = (
        f"{scores.effective_providers:.1f} effective third-party providers"
        if scores.effective_providers
        else "no third-party provider"
    )
    print(
        f"annual cost {money_text(result.annual_cost, currency)}; independence "
        f"{scores.independence.total:.1f}/100; lock-in {scores.lock_in.total:.1f}/100 "
        f"({providers})"
    )
    print()
    print(line_items_text(result.line_items, currency))
    print()
    per_mtok = result.cost_per_mtok_by_workload()
    print(
        format_table(
            ["workload", "model", "venue", "share", "tokens/s", f"{currency}/Mtok"],
            [
                [
                    a.workload_id,
                    a.model_id,
                    a.venue_key,
                    "standby" if a.standby else f"{a.share:.0%}",
                    f"{a.tokens_per_second:,.0f}",
                    f"{per_mtok[a.workload_id]:,.3f}" if a.workload_id in per_mtok else "",
                ]
                for a in result.allocations
            ],
            right=frozenset({3, 4, 5}),
        )
    )
