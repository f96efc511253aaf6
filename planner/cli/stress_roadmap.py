"""`sovplan stress --roadmap`: a roadmap's year-1 commitments stressed as a plan is, and the
whole path solved again under each shock that acts on the catalog
(planner/analysis/roadmap_stress.py; docs/roadmap.md says which shock applies to which).

The roadmap is the one a saved scenario keeps, when it was solved against the catalog now;
otherwise it is solved now (a scenario file, an example, a saved scenario without a current
roadmap), so the path and its shocked variants are priced in one catalog.
"""

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from planner.analysis.executor import open_workers
from planner.analysis.report import StressReport
from planner.analysis.roadmap_stress import (
    PathContext,
    PathShock,
    on_the_path,
    run_path_stress,
)
from planner.analysis.roadmap_year_one import first_year_scenario
from planner.analysis.stress import StressContext, run_stress
from planner.analysis.stress_json import encode_stress
from planner.cli.common import open_from_args
from planner.cli.dependencies import source_of
from planner.cli.plan import EXIT_BY_STATUS
from planner.cli.roadmap import DEFAULT_TIME_LIMIT_S as ROADMAP_TIME_LIMIT_S
from planner.cli.stress_text import stress_text
from planner.cli.textfmt import format_table, json_text
from planner.exit_codes import ExitCode
from planner.exports import export_plan
from planner.money import change_text, money_text
from planner.results.plan_lines import plan_of
from planner.results.roadmap_builder import solve_roadmap
from planner.results.roadmap_document import RoadmapDocument
from planner.results.saved_scenarios import load_saved, scenario_of
from planner.scenario.reader import load_scenario
from planner.scenario.shocks import Shock
from solver.problem import SolveParams

ShockChooser = Callable[[argparse.Namespace, Catalog, StressContext], list[Shock]]


@dataclass(frozen=True)
class RoadmapBase:
    catalog: Catalog
    roadmap: RoadmapDocument
    origin: str
    """Where the roadmap comes from, as the output says it."""
    year_one: StressContext | None
    """None when there is no path (nothing to stress)."""
    path: PathContext | None


def roadmap_base(args: argparse.Namespace, params: SolveParams) -> RoadmapBase:
    source = source_of(args)
    with open_from_args(args) as ws, ws.sessions() as session:
        catalog = load_catalog(session)
        saved = load_saved(session, source) if isinstance(source, str) else None
    if saved is not None:
        scenario = scenario_of(saved, catalog)
    else:
        assert isinstance(source, Path)
        scenario = load_scenario(source, catalog)
    path_params = SolveParams(
        time_limit_s=max(params.time_limit_s, ROADMAP_TIME_LIMIT_S), backend=params.backend
    )
    kept = None if saved is None else saved.roadmap
    if saved is not None and kept is not None and not kept.is_outdated(catalog.revision):
        roadmap, origin = kept, f"the roadmap kept with saved scenario {saved.name}"
    else:
        roadmap = solve_roadmap(scenario, catalog, params=path_params)
        origin = "the roadmap solved now" + (
            " (the kept one answers an older catalog revision)" if kept is not None else ""
        )
    first = roadmap.first_year
    if roadmap.npv is None or first is None or first.result is None:
        return RoadmapBase(catalog, roadmap, origin, None, None)
    year_one = first_year_scenario(scenario, catalog)
    context = StressContext(year_one, catalog, plan_of(first, year_one), params)
    path = PathContext(scenario, catalog, roadmap.horizon, roadmap.npv, path_params)
    return RoadmapBase(catalog, roadmap, origin, context, path)


def _path_rows(found: tuple[PathShock, ...], currency: str) -> list[list[str]]:
    return [
        [
            r.shock.name,
            r.shock.kind.value,
            "no path" if r.npv is None else money_text(r.npv, currency),
            "-" if r.npv_change is None else change_text(r.npv_change),
            "-" if r.npv_change_share is None else f"{r.npv_change_share:+.1%}",
        ]
        for r in found
    ]


def _text(base: RoadmapBase, report: StressReport, found: tuple[PathShock, ...],
          left_out: list[Shock]) -> str:  # fmt: skip
    doc = base.roadmap
    assert doc.npv is not None
    parts = [
        f"Year 1's commitments (what is signed now), from {base.origin}:",
        stress_text(report),
        f"The whole path: the {doc.horizon}-year roadmap solved again with each shock known "
        f"from year 1; net present value {money_text(doc.npv, doc.currency)} without a shock",
    ]
    if found:
        headers = ["shock", "kind", "net present value", "change", "change %"]
        parts.append(format_table(headers, _path_rows(found, doc.currency),
                                  right=frozenset({2, 3, 4})))  # fmt: skip
    if left_out:
        parts.append(
            "stressed on year 1 only (they act on what a plan already holds): "
            + ", ".join(s.name for s in left_out)
        )
    return "\n\n".join(parts)


def _json(base: RoadmapBase, report: StressReport, found: tuple[PathShock, ...],
          left_out: list[Shock]) -> dict[str, Any]:  # fmt: skip
    return {
        "origin": base.origin,
        "roadmap_catalog_revision": base.roadmap.catalog_revision,
        "first_year": encode_stress(report),
        "path": {
            "periods": base.roadmap.horizon,
            "base_npv": base.roadmap.npv,
            "results": [
                {"shock": r.shock.name, "kind": r.shock.kind.value, "status": r.status.value,
                 "npv": r.npv, "npv_change": r.npv_change,
                 "npv_change_share": r.npv_change_share}
                for r in found
            ],
            "first_year_only": [s.name for s in left_out],
        },
    }  # fmt: skip


def run_roadmap_stress(args: argparse.Namespace, params: SolveParams, choose: ShockChooser) -> int:
    base = roadmap_base(args, params)
    if base.year_one is None or base.path is None:
        doc = base.roadmap
        if args.json:
            print(json_text({"origin": base.origin, "status": doc.status.value, "path": None}))
        else:
            print(f"{doc.scenario_name}: no roadmap to stress ({doc.status.value})")
        return int(EXIT_BY_STATUS[doc.status])
    shocks = choose(args, base.catalog, base.year_one)
    along = on_the_path(shocks)
    left_out = [s for s in shocks if s not in along]
    place = {"scheduler": args.scheduler, "workers": args.workers}
    with open_workers(base.year_one, tasks=len(shocks), **place) as workers:
        report = run_stress(base.year_one, shocks, workers)
    with open_workers(base.path, tasks=max(1, len(along)), **place) as workers:
        found = run_path_stress(along, workers)
    if args.json:
        print(json_text(_json(base, report, found, left_out)))
    else:
        print(_text(base, report, found, left_out))
    first = base.roadmap.first_year
    assert first is not None
    for target in args.export:
        export_plan(first, target, stress=report)
        print(f"exported {target}", file=sys.stderr if args.json else sys.stdout)
    return int(ExitCode.OK)
