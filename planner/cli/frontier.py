"""`sovplan frontier SCENARIO|SAVED`: what control costs — the front of annual cost against
independence (or lock-in), each point the cheapest plan at its floor (ceiling), with the
marginal cost per point, the knee and the headline (docs/tradeoffs.md)."""

import argparse
import sys
from pathlib import Path

from catalog.domain import Catalog
from planner.analysis.executor import open_workers
from planner.analysis.frontier import DEFAULT_POINTS, MAX_POINTS, MIN_POINTS, Frontier, run_frontier
from planner.analysis.frontier_text import headline, main_suppliers, score_name, status_text
from planner.analysis.sweep import Against, compile_sweep
from planner.cli.common import number_in
from planner.cli.plan import EXIT_BY_STATUS
from planner.cli.sweep_args import (
    add_executor_arguments,
    add_sweep_arguments,
    solve_params,
    sweep_scenario,
)
from planner.cli.textfmt import format_table, json_text
from planner.exit_codes import ExitCode
from planner.exports.frontier import export_frontier, frontier_format
from planner.optimise.options import PruneMode
from planner.results.frontier_json import encode_frontier
from planner.scenario.schema import Range

POINTS = Range(MIN_POINTS, MAX_POINTS)


def register(p: argparse.ArgumentParser) -> None:
    p.description = (
        "The trade-off frontier: the cheapest plan at each floor on independence (or "
        "ceiling on lock-in), from the cheapest plan the requirements allow to the most "
        "independent (least locked-in) one; repeats merged, dominated points removed."
    )
    add_sweep_arguments(p)
    add_executor_arguments(p)
    p.add_argument(
        "--against",
        choices=[a.value for a in Against],
        default=Against.INDEPENDENCE.value,
        help="the score traded against cost (default independence)",
    )
    p.add_argument(
        "--points",
        type=number_in(POINTS, whole=True),
        default=DEFAULT_POINTS,
        metavar="N",
        help=f"floors stepped, ends included (default {DEFAULT_POINTS}; repeats are merged)",
    )
    p.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        action="append",
        default=[],
        help="write the front by extension: .json (with every point's plan) .csv; .pdf "
        ".xlsx: the cheapest plan's report with a What control costs page (repeatable)",
    )
    p.set_defaults(handler=_run)


def frontier_table(front: Frontier, catalog: Catalog) -> str:
    c = front.currency
    first = front.points[0].annual_cost
    rows = []
    for i, (p, marginal) in enumerate(zip(front.points, front.marginal_costs(), strict=True)):
        rows.append(
            [
                f"{i}{' knee' if i == front.knee else ''}",
                f"{p.independence:.1f}",
                f"{p.lock_in:.1f}",
                f"{p.annual_cost:,.0f}",
                f"{p.annual_cost - first:+,.0f}",
                "-" if marginal is None else f"{marginal:,.0f}",
                status_text(p),
                ", ".join(main_suppliers(p, catalog)),
            ]
        )
    headers = ["point", "independence", "lock-in", f"{c}/yr", "more", f"{c}/point", "status",
               "main suppliers"]  # fmt: skip
    return format_table(headers, rows, right=frozenset(range(1, 6)))


def _text(front: Frontier, catalog: Catalog) -> str:
    name = score_name(front.against)
    lines = [
        f"{front.scenario.name}: annual cost against {name}, {len(front.points)} point(s) "
        f"from {front.solves} solves in {front.seconds:.1f} s"
        + ("" if front.complete else " (cancelled: the points found so far)"),
        "",
        headline(front),
        "",
        frontier_table(front, catalog),
        "",
        f"{front.currency}/point: the annual cost of each point of {name} gained since the "
        "point before",
        f"proven over: {front.points[0].outcome.scope.value} options "
        "(--prune none proves each point over every eligible option)",
    ]
    if front.unsolved:
        lines.append(f"{front.unsolved} floor(s) found no plan within the time limit")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    for target in args.export:  # a wrong extension is refused before the work, not after
        frontier_format(target)
    scenario, catalog = sweep_scenario(args)
    against = Against(args.against)
    sweep = compile_sweep(
        scenario, catalog, against, solve_params(args), prune=PruneMode(args.prune)
    )
    with open_workers(sweep, scheduler=args.scheduler, workers=args.workers) as workers:
        front = run_frontier(sweep, workers, points=int(args.points))
    if args.json:
        print(json_text(encode_frontier(front, catalog)))
    elif front.infeasible is not None:
        print(f"{scenario.name}: {headline(front)} ({front.infeasible.status.value}: "
              f"`sovplan plan` names the conflicts)")  # fmt: skip
    else:
        print(_text(front, catalog))
    for target in args.export:
        export_frontier(front, catalog, target)
        print(f"exported {target}", file=sys.stderr if args.json else sys.stdout)
    if front.infeasible is not None:
        return int(EXIT_BY_STATUS[front.infeasible.status])
    return int(ExitCode.OK)
