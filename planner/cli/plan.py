"""`sovplan plan SCENARIO.toml`: the optimal mix, or the conflicts that prevent one."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from catalog.atomic import FileWriteError, check_target
from catalog.domain import Catalog
from catalog.errors import WorkspaceError
from catalog.snapshot import load_catalog
from planner.analysis.roadmap_plan import plan_roadmap
from planner.cli.common import add_scenario_arguments, number_in, open_from_args, scenario_file
from planner.cli.independence_text import headline, print_independence
from planner.cli.textfmt import format_table
from planner.errors import PlannerError
from planner.evaluation.interruption import INTERRUPTIBLE
from planner.exit_codes import ExitCode
from planner.exports import export_format, export_plan
from planner.exports.roadmap_tables import ROADMAP_FORMATS, RoadmapReport, roadmap_report
from planner.optimise.diagnosis import headline as conflicts_headline
from planner.optimise.planning import PruneMode, plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.plan_document import LineItem, PlanDocument
from planner.results.plan_json import plan_to_text
from planner.results.saved_scenarios import check_can_save, read_scenario_file, save_plan
from planner.results.stale_figures import stale_figure_line, stale_figures_note
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario, read_scenario_toml
from planner.scenario.roadmap_fields import ROADMAP
from planner.scenario.schema import Range
from solver.problem import Backend, SolveParams, SolveStatus

DEFAULT_TIME_LIMIT_S = 30.0
MAX_TIME_LIMIT_S = 7 * 24 * 3600.0
"""A week: no plan is worth a longer wait, and a limit near 1e308 s overflows the solver's
clock."""
TIME_LIMIT = Range(0, MAX_TIME_LIMIT_S, low_open=True)

EXIT_BY_STATUS = {
    SolveStatus.OPTIMAL: ExitCode.OK,
    SolveStatus.FEASIBLE: ExitCode.OK,
    SolveStatus.INFEASIBLE: ExitCode.INFEASIBLE,
    SolveStatus.TIMED_OUT: ExitCode.TIMED_OUT,
    SolveStatus.CANCELLED: ExitCode.TIMED_OUT,
    SolveStatus.ERROR: ExitCode.INTERNAL_ERROR,
}


def add_solve_arguments(
    parser: argparse.ArgumentParser,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    limit_of: str = "seconds",
) -> None:
    """--time-limit and --backend, for every command that solves (a sweep limits each of its
    solves: `limit_of` says so)."""
    parser.add_argument(
        "--time-limit",
        type=number_in(TIME_LIMIT),
        default=time_limit_s,
        metavar="S",
        help=f"{limit_of} (default {time_limit_s:g})",
    )
    default = SolveParams().backend.value
    parser.add_argument(
        "--backend",
        choices=[b.value for b in (Backend.HIGHS, Backend.SCIP)],
        default=default,
        help=f"MathOpt solver (default {default}; docs/performance.md says why)",
    )


def register(parser: argparse.ArgumentParser) -> None:
    add_scenario_arguments(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    add_solve_arguments(parser)
    parser.add_argument(
        "--prune",
        choices=[m.value for m in PruneMode],
        default=PruneMode.AUTO.value,
        help="auto (default): drop only options that cannot matter, or prove the plan over "
        "every option; none: give the solver every eligible option (for checks and small "
        "scenarios: a national one has hundreds of thousands)",
    )
    parser.add_argument(
        "--save",
        metavar="NAME",
        help="keep the scenario and its plan in the workspace (see `sovplan scenario`)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="with --save: replace a scenario of that name"
    )
    parser.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        action="append",
        default=[],
        help="write the plan by extension: .xlsx .pdf .csv (FOCUS) .json .md .dora.xlsx "
        ".dora.csv (repeatable); when the scenario sets a [roadmap] of more than one year "
        "(roadmap.periods), it is solved too and the .xlsx, .pdf and .md include it",
    )
    parser.add_argument(
        "--no-roadmap",
        action="store_true",
        help="export the plan without the scenario's roadmap (skips its solve, which takes "
        "longer than the plan's)",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.overwrite and args.save is None:
        raise PlannerError("--overwrite only applies with --save NAME")
    scenario_path = scenario_file(args)
    for target in args.export:  # a wrong extension or place is refused before the solve
        export_format(target)
        check_target(target)
    with_roadmap = roadmap_wanted(args, scenario_path)
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
        not_saved: WorkspaceError | None = None
        if args.save is not None:  # before the exports, so a failing export cannot cost it
            try:
                with ws.sessions.begin() as session:
                    saved = save_plan(
                        session, args.save, scenario_toml, plan, overwrite=args.overwrite
                    )
                print(f"saved as {saved.name}", file=sys.stderr if args.json else sys.stdout)
            except WorkspaceError as exc:  # busy, read-only, damaged: keep the plan, say so
                not_saved = exc
    out = sys.stderr if args.json else sys.stdout
    roadmap = export_roadmap(scenario, catalog, plan, params, out) if with_roadmap else None
    failed = _write_exports(plan, args.export, out, roadmap)
    if not_saved is not None:
        kept = "printed above" + (" and exported" if len(failed) < len(args.export) else "")
        failed.append(
            f"{not_saved}. The plan was not saved (it is {kept}); "
            f"run the same command again to save it as {args.save!r}"
        )
    if failed:
        raise PlannerError("; ".join(failed))
    return int(EXIT_BY_STATUS[plan.header.status])


def roadmap_wanted(args: argparse.Namespace, scenario_path: Path) -> bool:
    """Whether the exports include the scenario's roadmap: a report or workbook is asked
    for, --no-roadmap is not given, and the file sets a `[roadmap]` (every scenario has
    the default five years; one that never asked for a roadmap is not solved for one)."""
    if args.no_roadmap or not any(export_format(t) in ROADMAP_FORMATS for t in args.export):
        return False
    return ROADMAP.key in read_scenario_toml(scenario_path)[1]


def export_roadmap(
    scenario: Scenario, catalog: Catalog, plan: PlanDocument, params: SolveParams, out: TextIO
) -> RoadmapReport | None:
    """The scenario's roadmap for the plan's exports, when it plans more than one year and
    there is a plan; what became of it is said on `out`."""
    periods = scenario.roadmap.periods
    if periods <= 1 or plan.result is None:
        return None
    print(f"solving the {periods}-year roadmap for the exports (--no-roadmap skips it)", file=out)
    found = plan_roadmap(scenario, catalog, params=params)
    if found.npv is None:
        reason = f": {found.message}" if found.message else ""
        print(f"no roadmap in the exports ({found.status.value}{reason})", file=out)
        return None
    report = roadmap_report(found, scenario, catalog)
    print(f"roadmap: {report.headline}", file=out)
    return report


def _write_exports(
    plan: PlanDocument, targets: Sequence[Path], out: TextIO, roadmap: RoadmapReport | None
) -> list[str]:
    """Write every export that can be; the reasons of those that could not (a full disk,
    a folder gone read-only since the check), each naming its file."""
    failed = []
    for target in targets:
        try:
            export_plan(plan, target, roadmap=roadmap)
        except FileWriteError as exc:
            failed.append(str(exc))
            continue
        print(f"exported {target}", file=out)
    return failed


def line_items_text(items: Sequence[LineItem], currency: str) -> str:
    """What is bought, as `sovplan plan` and `sovplan scenario show` list it."""
    return format_table(
        ["kind", "provider", "law", "item", "term", "quantity", "unit", f"annual {currency}"],
        [
            [i.kind.value, i.provider_name, i.jurisdiction, i.item, i.term_text,
             f"{i.quantity:,.2f}", i.unit, f"{i.annual_cost:,.0f}"]
            for i in items
        ],
        right=frozenset({5, 7}),
    )  # fmt: skip


def print_summary(plan: PlanDocument) -> None:
    """A solve's outcome: status, then the conflicts, or the figures, line items and
    allocations, and the figures the plan relies on that are more than a year old."""
    h = plan.header
    currency = h.currency
    gap = f", gap {h.relative_gap:.2%}" if h.relative_gap else ""
    print(f"{h.scenario_name}: {h.status_text}{gap} in {h.solve_seconds:.2f} s ({h.scope_text})")
    result = plan.result
    if result is None:
        if len(plan.conflicts) > 1:
            print(f"{conflicts_headline(plan.conflicts)}:")
        for conflict in plan.conflicts:
            print(f"  conflict [{conflict.family}]: {conflict.message}")
        return
    scores = result.scores
    providers = (
        f"{scores.effective_providers:.1f} effective third-party providers"
        if scores.effective_providers
        else "no third-party provider"
    )
    print(headline(result, currency, providers))
    if plan.resilience is not None:
        print(plan.resilience.text(currency))
    print()
    print(line_items_text(result.line_items, currency))
    print()
    per_mtok = result.cost_per_mtok_by_workload()
    print(
        format_table(
            [
                "workload",
                "class",
                "model",
                "venue",
                "share",
                "tokens/s",
                f"{currency}/Mtok",
                "precision",
                "tp",
                "limited by",
                "capacity",
            ],
            [
                [
                    a.workload_id,
                    a.request_class,
                    a.model_id,
                    a.venue_key,
                    ("standby" if a.standby else f"{a.share:.0%}")
                    + (f" ({INTERRUPTIBLE})" if a.interruptible else ""),
                    f"{a.tokens_per_second:,.0f}",
                    f"{per_mtok[a.workload_id]:,.3f}" if a.workload_id in per_mtok else "",
                    a.precision or "",
                    str(a.serving.tensor_parallel) if a.serving else "",
                    a.serving.limited_by.replace("_", " ") if a.serving else "",
                    a.serving.basis if a.serving else "",
                ]
                for a in result.allocations
            ],
            right=frozenset({4, 5, 6, 8}),
        )
    )
    note = stale_figures_note(result.sources)
    if note is not None:
        print()
        print(f"Stale figures: {note}")
        for stale in result.sources.stale_figures():
            print(f"  {stale_figure_line(stale)}")
    print_independence(result)
