"""`sovplan roadmap SCENARIO|SAVED [--periods N] [--json] [--export FILE.xlsx|.pdf]
[--save NAME [--overwrite] | --resolve]`: the multi-year build-out — per year what is
delivered and retires, what it costs, and how independent it is (docs/roadmap.md).

A saved scenario that keeps a roadmap shows it as it was solved, without solving, marked
outdated when the catalog has changed since; `--resolve` solves it again and keeps the new
one. `--save NAME` keeps a scenario file's requirements, their plan and their roadmap in the
workspace in one transaction."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from catalog.atomic import atomic_write_bytes, check_target
from catalog.domain import Catalog
from planner.analysis.roadmap_plan import plan_roadmap
from planner.cli.common import number_in
from planner.cli.plan import EXIT_BY_STATUS
from planner.cli.roadmap_keep import (
    add_keep_arguments,
    keep,
    kept_note,
    roadmap_request,
)
from planner.cli.sweep_args import add_sweep_arguments, solve_params
from planner.cli.textfmt import format_table, json_text
from planner.evaluation.weakest_link import venue_key_name
from planner.exit_codes import ExitCode
from planner.exports import render_roadmap, roadmap_export_format
from planner.exports.roadmap_tables import roadmap_report, status_notes
from planner.money import money_text
from planner.results.roadmap_builder import roadmap_document
from planner.results.roadmap_document import RoadmapDocument
from planner.results.roadmap_json import encode_roadmap
from planner.scenario.model import Objective, Scenario
from planner.scenario.roadmap_fields import MAX_PERIODS
from planner.scenario.schema import Range
from solver.problem import SolveStatus

DEFAULT_TIME_LIMIT_S = 60.0
"""The whole path is one solve: five yearly periods of a shipped example take seconds to
tens of seconds on two cores (benchmarks/roadmap.py)."""


def register(p: argparse.ArgumentParser) -> None:
    p.description = (
        "The build-out roadmap: the cheapest path (net present value) over the scenario's "
        "years — servers ordered their lead time ahead and kept for their useful life, "
        "commitments for their term, demand growing and prices following the roadmap's "
        "trends; per year what arrives, retires and is in service, its cost, independence "
        "and lock-in."
    )
    add_sweep_arguments(p, prune=False)
    p.set_defaults(time_limit=DEFAULT_TIME_LIMIT_S)
    p.add_argument(
        "--periods",
        metavar="N",
        type=lambda text: int(number_in(Range(1, MAX_PERIODS), whole=True)(text)),
        help="years to plan (default: the scenario's roadmap.periods)",
    )
    p.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="write the roadmap and its procurement calendar (dated from roadmap.start_date): "
        ".xlsx an Excel workbook (with each year's workloads), .pdf the report's roadmap pages",
    )
    add_keep_arguments(p)
    p.set_defaults(handler=_run)


def _units(found: dict[str, int], named: Callable[[str], str]) -> str:
    return ", ".join(f"{n}× {named(key)}" for key, n in found.items()) or "—"


NO_PATH = (
    "no path meets every year's requirements: servers ordered now arrive only after their "
    "lead time (roadmap.lead_in_weeks), and each year must hold every floor and budget "
    "(roadmap.independence_path among them); `sovplan plan` names one year's conflicts"
)
"""Said when the path is infeasible: the roadmap has no elastic diagnosis of its own."""
WEIGHTED_NOTE = "the weighted objective is not offered for a roadmap: the path's NPV is minimised"


def _tokens(per_year: float) -> str:
    return f"{per_year / 1e9:,.1f} billion tokens a year"


def roadmap_text(name: str, currency: str, found: RoadmapDocument, catalog: Catalog) -> str:
    """The path per year, venues by name (planner/evaluation/weakest_link.py)."""

    def named(key: str) -> str:
        return venue_key_name(key, catalog)

    assert found.npv is not None
    rows = [
        [
            str(y.year),
            money_text(y.annual_cost, currency),
            money_text(y.capex, currency),
            "—" if y.independence is None else f"{y.independence:.1f}",
            "—" if y.lock_in is None else f"{y.lock_in:.1f}",
        ]
        for y in found.years
    ]
    lines = [
        f"{name}: build-out over {found.horizon} years, net present value "
        f"{money_text(found.npv, currency)} ({status_notes(found)})",
        "",
        format_table(["year", "cost", "capex", "independence", "lock-in"], rows,
                     right=frozenset({1, 2, 3, 4})),
    ]  # fmt: skip
    for y in found.years:
        lines += ["", f"Year {y.year}"]
        for d in y.delivered:
            order = f", order {d.order_weeks_before:g} weeks ahead" if d.order_weeks_before else ""
            if d.last_year == d.first_year:
                lines.append(f"  rents  {d.units}× {named(d.venue)} for the year")
            else:
                lines.append(
                    f"  arrives  {d.units}× {named(d.venue)} (in service to year "
                    f"{d.last_year}{order})"
                )
        lines.append(f"  in service  {_units(y.in_service, named)}")
        if y.retiring:
            lines.append(f"  retires after the year  {_units(y.retiring, named)}")
        for w in y.workloads:
            served = ", ".join(f"{share:.0%} {named(v)}" for v, share in w.served.items())
            lines.append(f"  {w.workload_id}: {_tokens(w.tokens_per_year)}: {served or '—'}")
    if found.owed_after_horizon:
        owed = money_text(found.owed_after_horizon, currency)
        lines += ["", f"commitments still owe {owed} after the last year"]
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    suffix = None  # a wrong extension or place is refused before the solve
    if args.export is not None:
        suffix = roadmap_export_format(args.export)
        check_target(args.export)
    request = roadmap_request(args)
    scenario, catalog = request.scenario, request.catalog
    if request.kept is None:
        found = plan_roadmap(scenario, catalog, args.periods, solve_params(args))
        doc = roadmap_document(found, scenario, catalog)
    else:  # as it was solved: nothing is solved again
        assert request.saved is not None
        doc = request.kept
        print(kept_note(request.saved.name, doc, catalog.revision),
              file=sys.stderr if args.json else sys.stdout)  # fmt: skip
    if suffix is not None and doc.npv is not None:
        report = roadmap_report(doc, scenario, catalog)
        atomic_write_bytes(args.export, render_roadmap(report, suffix))
        print(f"exported {args.export}", file=sys.stderr if args.json else sys.stdout)
    _print(args, doc, scenario, catalog)
    if request.kept is None:
        keep(args, request, doc)
    if doc.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return int(EXIT_BY_STATUS[doc.status])
    return int(ExitCode.OK)


def _print(args: argparse.Namespace, doc: RoadmapDocument, scenario: Scenario,
           catalog: Catalog) -> None:  # fmt: skip
    if args.json:
        print(json_text(encode_roadmap(doc)))
    elif doc.npv is None:
        reason = doc.message or (NO_PATH if doc.status is SolveStatus.INFEASIBLE else "")
        print(
            f"{scenario.name}: no roadmap ({doc.status.value})" + (f": {reason}" if reason else "")
        )
    else:
        if scenario.policy.objective is Objective.WEIGHTED:
            print(f"note: {WEIGHTED_NOTE}")
        print(roadmap_text(scenario.name, doc.currency, doc, catalog))
