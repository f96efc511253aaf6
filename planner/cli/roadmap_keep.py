"""`sovplan roadmap`'s saved scenarios: which roadmap to show, and keeping one in the workspace.

A saved scenario that keeps a roadmap shows it as it was solved (planner/results/saved.py);
`--resolve` solves it again against the catalog now and keeps the new one; `--save NAME`
keeps a scenario file's requirements with their plan and their roadmap, in one transaction.
"""

import argparse
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from planner.cli.common import open_from_args
from planner.cli.dependencies import source_of
from planner.cli.sweep_args import solve_params
from planner.errors import PlannerError
from planner.money import money_text
from planner.optimise.planning import plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.roadmap_document import RoadmapDocument
from planner.results.saved import SavedScenario
from planner.results.saved_scenarios import (
    ANSWERED,
    check_can_save,
    load_saved,
    read_scenario_file,
    save_plan,
    save_roadmap,
    scenario_of,
)
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario


@dataclass(frozen=True)
class RoadmapRequest:
    """What `sovplan roadmap` was asked for: the scenario, and the kept roadmap to show."""

    scenario: Scenario
    catalog: Catalog
    saved: SavedScenario | None = None
    """The saved scenario named, if one was."""
    scenario_toml: str | None = None
    """A scenario file's text, to keep with `--save`."""
    kept: RoadmapDocument | None = None
    """The saved scenario's kept roadmap, to show without solving."""


def add_keep_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--save",
        metavar="NAME",
        help="keep the requirements, their plan and this roadmap in the workspace as NAME",
    )
    p.add_argument(
        "--overwrite", action="store_true", help="with --save: replace a scenario of that name"
    )
    p.add_argument(
        "--resolve",
        action="store_true",
        help="SAVED: solve its roadmap again against the catalog now and keep the new one "
        "(without it, a kept roadmap is shown as it was solved)",
    )


def _hint(name: str) -> str:
    return f"`sovplan roadmap {shlex.quote(name)} --resolve`"


def _saved_request(
    args: argparse.Namespace, saved: SavedScenario, catalog: Catalog
) -> RoadmapRequest:
    if args.save is not None:
        raise PlannerError(
            f"--save keeps a scenario file's roadmap; saved scenario {saved.name!r} keeps its "
            f"own with {_hint(saved.name)}"
        )
    kept = saved.roadmap
    show = kept is not None and not args.resolve and args.periods in (None, kept.horizon)
    return RoadmapRequest(scenario_of(saved, catalog), catalog, saved, kept=kept if show else None)


def roadmap_request(args: argparse.Namespace) -> RoadmapRequest:
    """The scenario named by a file, an example or a saved name; a bad combination of
    --save, --overwrite and --resolve is refused before any solve."""
    if args.overwrite and args.save is None:
        raise PlannerError("--overwrite only applies with --save NAME")
    source = source_of(args)
    with open_from_args(args) as ws, ws.sessions() as session:
        catalog = load_catalog(session)
        saved = load_saved(session, source) if isinstance(source, str) else None
        if saved is None and args.save is not None:  # a taken name, before the solve
            check_can_save(session, args.save, overwrite=args.overwrite)
    if saved is not None:
        return _saved_request(args, saved, catalog)
    assert isinstance(source, Path)
    if args.resolve:
        raise PlannerError(
            "--resolve solves a saved scenario's roadmap again: name one, not a file"
        )
    if args.save is None:
        return RoadmapRequest(load_scenario(source, catalog), catalog)
    text, scenario = read_scenario_file(source, catalog)
    return RoadmapRequest(scenario, catalog, scenario_toml=text)


def kept_note(name: str, doc: RoadmapDocument, revision: int) -> str:
    """Where a shown roadmap comes from, and whether the catalog has moved on since."""
    note = (
        f"the roadmap kept with saved scenario {name}, solved against catalog revision "
        f"{doc.catalog_revision} (not solved again)"
    )
    if doc.is_outdated(revision):
        note += (
            f"\noutdated: the catalog is now at revision {revision}, so prices or facts may "
            f"have changed; solve it again with {_hint(name)}"
        )
    return note


def keep(args: argparse.Namespace, request: RoadmapRequest, doc: RoadmapDocument) -> None:
    """Keep the solved roadmap as `--resolve` or `--save` asked (one transaction each)."""
    out = sys.stderr if args.json else sys.stdout
    saved = request.saved
    if saved is not None and not args.resolve:
        print(f"not kept with {saved.name}: {_hint(saved.name)} keeps it", file=out)
    if not (args.resolve or args.save) or doc.status not in ANSWERED:
        if args.resolve or args.save:
            print(f"not kept: the solve gave no answer ({doc.status.value})", file=out)
        return
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        if saved is not None:
            save_roadmap(session, saved.name, doc)
            print(f"kept with saved scenario {saved.name}", file=out)
            return
        assert request.scenario_toml is not None
        scenario, catalog = request.scenario, request.catalog
        outcome = plan_scenario(scenario, catalog, solve_params(args))
        plan = plan_document(outcome, scenario, catalog)
        kept = save_plan(session, args.save, request.scenario_toml, plan,
                         overwrite=args.overwrite, roadmap=doc)  # fmt: skip
    cost = "no plan" if kept.annual_cost is None else money_text(kept.annual_cost, doc.currency)
    print(
        f"saved as {kept.name}: its plan ({cost} a year) and its {doc.horizon}-year roadmap",
        file=out,
    )
