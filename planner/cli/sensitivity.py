"""`sovplan sensitivity SCENARIO|SAVED`: how sure the recommendation is — re-planned with each
group of uncertain inputs at either end of its documented range (docs/tradeoffs.md)."""

import argparse

from planner.analysis.executor import open_workers
from planner.analysis.perturb import FLIP_CHANGE, InputGroup
from planner.analysis.sensitivity import (
    Move,
    Sensitivity,
    SensitivityContext,
    run_sensitivity,
)
from planner.analysis.sensitivity_json import encode_sensitivity
from planner.cli.plan import EXIT_BY_STATUS
from planner.cli.sweep_args import (
    add_executor_arguments,
    add_sweep_arguments,
    solve_params,
    sweep_scenario,
)
from planner.cli.textfmt import format_table, json_text
from planner.exit_codes import ExitCode
from planner.money import change_text, money_text
from solver.problem import SolveStatus

GROUP_BY_NAME = {g.name.lower().replace("_", "-"): g for g in InputGroup}
"""`--group` names: cloud-prices, api-prices, …"""


def register(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Sensitivity of the recommendation: each group of uncertain inputs (cloud, API and "
        "hardware prices, energy, demand, capacity estimates, the dollar) moved to either "
        "end of its range, the scenario re-planned: the change in annual cost and the "
        "venues that enter or leave, widest swing first."
    )
    add_sweep_arguments(p, prune=False)
    add_executor_arguments(p, in_process=False)
    p.add_argument(
        "--group",
        choices=list(GROUP_BY_NAME),
        action="append",
        default=[],
        help="move only this group of inputs (repeatable; default every group)",
    )
    p.set_defaults(handler=_run)


def _cost(s: Sensitivity, m: Move) -> str:
    base = s.base.annual_cost
    if m.annual_cost is None or base is None:
        return f"no plan ({m.status.value})"
    return change_text(m.annual_cost - base)


def _mix(s: Sensitivity, m: Move) -> str:
    if not s.changed(m):
        return "same"
    return "no plan" if m.annual_cost is None else "changes"


def _changes(s: Sensitivity) -> list[str]:
    """Per move whose mix changed, the venues entering (+) and leaving (-)."""
    lines = []
    for g in s.groups:
        for m in (g.low, g.high):
            if s.changed(m) and m.annual_cost is not None:
                words = [f"+{n}" for n in s.entering(m)] + [f"-{n}" for n in s.leaving(m)]
                lines.append(f"{g.group.value} {m.change:+.0%}: {', '.join(words)}")
    return lines


def sensitivity_text(s: Sensitivity) -> str:
    c = s.currency
    assert s.base.annual_cost is not None
    rows = [
        [
            g.group.value,
            f"±{g.range:.0%}",
            _cost(s, g.low),
            _cost(s, g.high),
            _mix(s, g.low),
            _mix(s, g.high),
            "yes" if s.flips(g) else "no",
        ]
        for g in s.groups
    ]
    headers = ["inputs", "range", f"low {c}/yr", f"high {c}/yr", "mix at low", "mix at high",
               f"flips at {FLIP_CHANGE:.0%}"]  # fmt: skip
    flipping = [g.group.value for g in s.groups if s.flips(g)]
    verdict = (
        f"the recommendation flips under a {FLIP_CHANGE:.0%} move of: {', '.join(flipping)}"
        if flipping
        else f"no {FLIP_CHANGE:.0%} move of any group changes the mix"
    )
    return "\n".join([
        f"{s.scenario.name}: the recommendation costs {money_text(s.base.annual_cost, c)} a "
        "year; each group of inputs moved to either end of its range, re-planned, widest "
        "swing first" + ("" if s.complete else " (cancelled: the groups finished so far)"),
        "",
        format_table(headers, rows, right=frozenset({1, 2, 3})),
        "",
        *_changes(s),
        verdict,
        "mix: the venues (plan lines) that enter (+) or leave (-) the re-planned mix",
    ])  # fmt: skip


def _run(args: argparse.Namespace) -> int:
    scenario, catalog = sweep_scenario(args)
    ctx = SensitivityContext(scenario, catalog, solve_params(args))
    with open_workers(ctx, scheduler=args.scheduler, workers=args.workers) as workers:
        groups = [GROUP_BY_NAME[g] for g in args.group] or list(InputGroup)
        found = run_sensitivity(ctx, workers, groups=groups)
    if args.json:
        print(json_text(encode_sensitivity(found)))
    elif found.base.annual_cost is None:
        print(f"{scenario.name}: no plan to analyse ({found.base.status.value})")
    else:
        print(sensitivity_text(found))
    if found.base.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return int(EXIT_BY_STATUS[found.base.status])
    return int(ExitCode.OK)
