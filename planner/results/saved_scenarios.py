"""Saved scenarios as the planner sees them: requirements, the revision solved against, plan.

The records live in the workspace (catalog/scenario_store.py); this module stores a plan
document as JSON (planner/results/plan_json.py, the schema of `sovplan plan --json`), reads
records back as `SavedScenario` with the typed document, and re-solves a saved scenario
against the current catalog. Every function works inside the caller's session and
transaction, so one CLI command is one transaction.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from catalog.domain import Catalog
from catalog.scenario_store import (
    check_name,
    check_name_free,
    get_scenario,
    keep_roadmap,
    list_scenarios,
    save_scenario,
)
from catalog.scenario_tables import ScenarioRecord
from catalog.snapshot import load_catalog
from planner.errors import PlannerError
from planner.optimise.planning import plan_scenario
from planner.results.json_reader import JsonFormatError
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument
from planner.results.plan_json import plan_from_text, plan_to_text
from planner.results.roadmap_builder import solve_roadmap
from planner.results.roadmap_document import RoadmapDocument
from planner.results.roadmap_json import roadmap_from_text, roadmap_to_text
from planner.results.saved import SavedScenario
from planner.scenario.model import Scenario
from planner.scenario.reader import parse_scenario, read_scenario_toml, toml_data
from solver.problem import SolveParams, SolveStatus

ANSWERED = frozenset({SolveStatus.OPTIMAL, SolveStatus.FEASIBLE, SolveStatus.INFEASIBLE})
"""Statuses that answer the question; a re-solve with any other keeps the saved plan."""


def _to_saved(record: ScenarioRecord) -> SavedScenario:
    plan: PlanDocument | None = None
    if record.plan_json is not None:
        try:
            plan = plan_from_text(record.plan_json)
        except JsonFormatError as exc:
            raise PlannerError(
                f"saved scenario {record.name!r}: its stored plan cannot be read ({exc}); "
                f"re-solve it with `sovplan scenario resolve {record.name}`"
            ) from None
    roadmap: RoadmapDocument | None = None
    if record.roadmap_json is not None:
        try:
            roadmap = roadmap_from_text(record.roadmap_json)
        except JsonFormatError as exc:
            raise PlannerError(
                f"saved scenario {record.name!r}: its kept roadmap cannot be read ({exc}); "
                f"solve it again with `sovplan roadmap {record.name} --resolve`"
            ) from None
    try:
        status = SolveStatus(record.status)
    except ValueError:
        raise PlannerError(
            f"saved scenario {record.name!r}: unknown solve status {record.status!r}; "
            f"re-solve it with `sovplan scenario resolve {record.name}`"
        ) from None
    return SavedScenario(
        name=record.name,
        scenario_toml=record.scenario_toml,
        catalog_revision=record.catalog_revision,
        status=status,
        plan=plan,
        created_at=record.created_at,
        updated_at=record.updated_at,
        roadmap=roadmap,
    )


def check_can_save(session: Session, name: str, *, overwrite: bool) -> None:
    """Refuse a bad or taken name before a long solve, rather than after it."""
    name = check_name(name)
    if not overwrite:
        check_name_free(session, name, overwritable=True)


def save_plan(
    session: Session,
    name: str,
    scenario_toml: str,
    plan: PlanDocument,
    *,
    overwrite: bool = False,
    roadmap: RoadmapDocument | None = None,
) -> SavedScenario:
    """Save the requirements and their plan (and their roadmap, if solved) under `name`;
    an overwrite without a roadmap drops the one kept for the requirements it replaces."""
    save_scenario(
        session,
        name,
        scenario_toml,
        plan.header.catalog_revision,
        plan.header.status.value,
        plan_to_text(plan),
        overwrite=overwrite,
        roadmap_json=None if roadmap is None else roadmap_to_text(roadmap),
    )
    return load_saved(session, name)


def save_roadmap(session: Session, name: str, roadmap: RoadmapDocument) -> SavedScenario:
    """Keep a roadmap solved for the saved scenario `name`'s requirements with it."""
    keep_roadmap(session, name, roadmap_to_text(roadmap))
    return load_saved(session, name)


def load_saved(session: Session, name: str) -> SavedScenario:
    return _to_saved(get_scenario(session, name))


def list_saved(session: Session) -> list[SavedScenario]:
    """Every saved scenario, by name."""
    return [_to_saved(r) for r in list_scenarios(session)]


def scenario_of(saved: SavedScenario, catalog: Catalog) -> Scenario:
    """The saved requirements, validated against `catalog` exactly as a scenario file is."""
    label = f"saved scenario {saved.name!r}"
    return parse_scenario(toml_data(saved.scenario_toml, label), catalog, label)


def read_scenario_file(path: Path, catalog: Catalog) -> tuple[str, Scenario]:
    """A scenario file's text and the scenario it holds: what is saved is what was planned."""
    text, data = read_scenario_toml(path)
    return text, parse_scenario(data, catalog, str(path))


@dataclass(frozen=True)
class Resolution:
    """A saved scenario re-solved against the current catalog."""

    before: SavedScenario
    after: SavedScenario
    """The record now: the new plan, or `before` unchanged when `updated` is false."""
    plan: PlanDocument
    """What the re-solve found, stored or not."""
    updated: bool
    """False when the solve gave no answer (timed out, cancelled, failed): the plan is kept."""
    roadmap: RoadmapDocument | None = None
    """The kept roadmap solved again, stored or not; None when none was kept."""


def resolve_saved(
    session: Session,
    name: str,
    params: SolveParams | None = None,
    roadmap_params: SolveParams | None = None,
) -> Resolution:
    """Re-plan the saved requirements against the current catalog and store the new outcome;
    a kept roadmap is solved again too (over as many years), so plan and roadmap answer the
    same catalog. A roadmap solve without an answer keeps the roadmap kept before."""
    before = load_saved(session, name)
    catalog = load_catalog(session)
    scenario = scenario_of(before, catalog)
    plan = plan_document(plan_scenario(scenario, catalog, params), scenario, catalog)
    if plan.header.status not in ANSWERED:
        return Resolution(before, before, plan, updated=False)
    roadmap = kept = before.roadmap
    if kept is not None:
        roadmap = solve_roadmap(scenario, catalog, kept.horizon, roadmap_params)
        kept = roadmap if roadmap.status in ANSWERED else kept
    after = save_plan(
        session, before.name, before.scenario_toml, plan, overwrite=True, roadmap=kept
    )
    return Resolution(before, after, plan, updated=True, roadmap=roadmap)
