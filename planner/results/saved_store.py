"""Saved scenarios as one unit of work each, for a caller that holds the workspace (the GUI).

`saved_scenarios.py` and `catalog/scenario_store.py` work inside the caller's transaction,
so one CLI command is one transaction; a window has no transaction of its own, and opens
none itself (ui/ holds no transactions): each change here begins and commits its own.
"""

from catalog.scenario_store import delete_scenario, duplicate_scenario, rename_scenario
from catalog.workspace import Workspace
from planner.results.plan_document import PlanDocument
from planner.results.roadmap_document import RoadmapDocument
from planner.results.saved_scenarios import save_plan, save_roadmap


def store_plan(workspace: Workspace, name: str, scenario_toml: str, plan: PlanDocument,
               *, overwrite: bool = False,
               roadmap: RoadmapDocument | None = None) -> None:  # fmt: skip
    """Keep the requirements and their plan under `name`, with their solved roadmap when
    there is one (all or nothing: both are stored or neither)."""
    with workspace.sessions.begin() as session:
        save_plan(session, name, scenario_toml, plan, overwrite=overwrite, roadmap=roadmap)


def store_roadmap(workspace: Workspace, name: str, roadmap: RoadmapDocument) -> None:
    """Keep a roadmap solved for the saved scenario `name`'s requirements with it (the
    Roadmap tab's, when the requirements on screen are the saved ones)."""
    with workspace.sessions.begin() as session:
        save_roadmap(session, name, roadmap)


def rename_saved(workspace: Workspace, old: str, new: str) -> None:
    with workspace.sessions.begin() as session:
        rename_scenario(session, old, new)


def duplicate_saved(workspace: Workspace, name: str, new: str) -> None:
    with workspace.sessions.begin() as session:
        duplicate_scenario(session, name, new)


def delete_saved(workspace: Workspace, name: str) -> None:
    with workspace.sessions.begin() as session:
        delete_scenario(session, name)
