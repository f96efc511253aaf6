"""`sovplan alternatives SCENARIO|SAVED`: plans as different as possible within x % of the
cheapest, each in one line, with how they differ on cost, scores and suppliers
(docs/tradeoffs.md, "Near-optimal alternatives")."""

import argparse

from planner.analysis.alternatives import (
    DEFAULT_COUNT,
    DEFAULT_WITHIN,
    MAX_COUNT,
    MAX_WITHIN,
    MIN_DIFFERENCE,
    Alternatives,
    near_optimal,
)
from planner.analysis.mix import supplier_changes
from planner.cli.common import number_in
from planner.cli.plan import EXIT_BY_STATUS
from planner.cli.sweep_args import add_sweep_arguments, solve_params, sweep_scenario
from planner.cli.textfmt import format_table, json_text
from planner.exit_codes import ExitCode
from planner.optimise.options import PruneMode
from planner.results.alternatives_json import encode_alternatives
from planner.scenario.schema import Range

COUNT = Range(1, MAX_COUNT)
WITHIN_PERCENT = Range(0, MAX_WITHIN * 100, low_open=True)


def _within(text: str) -> float:
    """`5%` or `5`: a share of the cheapest plan's cost, in per cent."""
    return number_in(WITHIN_PERCENT)(text.strip().removesuffix("%")) / 100


def register(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Near-optimal alternatives: up to COUNT plans, the cheapest first, each within "
        "WITHIN of its cost and as different as possible from the ones before it."
    )
    add_sweep_arguments(p)
    p.add_argument(
        "--within",
        type=_within,
        default=DEFAULT_WITHIN,
        metavar="PERCENT",
        help="how much dearer than the cheapest an alternative may be, e.g. 5%% "
        f"(default {DEFAULT_WITHIN * 100:.0f}%%, at most {MAX_WITHIN * 100:.0f}%%)",
    )
    p.add_argument(
        "--count",
        type=number_in(COUNT, whole=True),
        default=DEFAULT_COUNT,
        metavar="N",
        help=f"plans to show, the cheapest included (default {DEFAULT_COUNT})",
    )
    p.set_defaults(handler=_run)


def _text(found: Alternatives) -> str:
    c = found.scenario.assumptions.currency
    cheapest = found.plans[0]
    rows = []
    for i, plan in enumerate(found.plans):
        report = plan.outcome.report
        assert report is not None
        rows.append(
            [
                str(i),
                f"{plan.annual_cost:,.0f}",
                f"{found.extra_share(plan):+.1%}",
                "-" if i == 0 else f"{plan.difference:.0%}",
                f"{report.independence.total:.1f}",
                f"{report.lock_in.total:.1f}",
                "-" if i == 0 else supplier_changes(plan.mix, cheapest.mix),
            ]
        )
    headers = ["plan", f"{c}/yr", "dearer", "differs", "independence",
               "lock-in", "suppliers against plan 0"]  # fmt: skip
    lines = [
        f"{found.scenario.name}: {len(found.plans)} plan(s) within {found.within:.0%} of the "
        f"cheapest, in {found.seconds:.1f} s" + ("" if found.complete else " (cancelled)"),
        "",
        format_table(headers, rows, right=frozenset({1, 2, 3, 4, 5})),
        "",
        *(f"plan {i}: {plan.description}" for i, plan in enumerate(found.plans)),
        "",
        "differs: share of annual spend on other venues than the most similar plan before it",
    ]
    if len(found.plans) < found.count:
        lines.append(
            f"no further plan within {found.within:.0%} moves {MIN_DIFFERENCE:.0%} of its "
            "spend from the venues of the plans above"
        )
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    scenario, catalog = sweep_scenario(args)
    found = near_optimal(
        scenario,
        catalog,
        within=float(args.within),
        count=int(args.count),
        params=solve_params(args),
        prune=PruneMode(args.prune),
    )
    if args.json:
        print(json_text(encode_alternatives(found, catalog)))
    elif found.infeasible is not None:
        print(f"{scenario.name}: no plan ({found.infeasible.status.value}: `sovplan plan` "
              "names the conflicts)")  # fmt: skip
    else:
        print(_text(found))
    if found.infeasible is not None:
        return int(EXIT_BY_STATUS[found.infeasible.status])
    return int(ExitCode.OK)
