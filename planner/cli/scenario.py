"""`sovplan scenario …`: the scenarios saved in the workspace with `sovplan plan --save NAME`.

Each command is one transaction: it reads or changes the saved scenarios and the catalog
revision together, so a failure leaves the workspace as it was.
"""

import argparse
import shlex
from datetime import datetime
from pathlib import Path
from typing import Any

from catalog.atomic import atomic_write_text, check_target
from catalog.revisions import current_revision
from catalog.scenario_store import delete_scenario, duplicate_scenario, rename_scenario
from planner.cli.common import open_from_args
from planner.cli.independence_text import headline, print_independence
from planner.cli.plan import (
    EXIT_BY_STATUS,
    add_solve_arguments,
    line_items_text,
    print_summary,
)
from planner.cli.roadmap import DEFAULT_TIME_LIMIT_S as ROADMAP_TIME_LIMIT_S
from planner.cli.textfmt import format_table, json_text
from planner.errors import PlannerError
from planner.exports import export_format, export_plan
from planner.money import money_text
from planner.results.plan_document import PlanDocument
from planner.results.plan_json import encode_plan
from planner.results.roadmap_document import RoadmapDocument
from planner.results.roadmap_json import encode_roadmap
from planner.results.saved import SavedScenario
from planner.results.saved_scenarios import ANSWERED, list_saved, load_saved, resolve_saved
from solver.problem import Backend, SolveParams

OUTDATED_NOTE = "outdated: re-solve"
LINE_ITEM_HEADERS = ("kind", "provider", "law", "item", "term", "quantity", "unit")


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="scenario_command", required=True)

    listing = sub.add_parser("list", help="saved scenarios, their cost and catalog revision")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)

    show = sub.add_parser("show", help="a saved scenario's plan summary and requirements")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=_show)

    resolve = sub.add_parser("resolve", help="re-solve a saved scenario against the catalog now")
    resolve.add_argument("name", metavar="NAME")
    add_solve_arguments(resolve)
    resolve.set_defaults(handler=_resolve)

    rename = sub.add_parser("rename", help="give a saved scenario another name")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.set_defaults(handler=_rename)

    duplicate = sub.add_parser("duplicate", help="copy a saved scenario under a new name")
    duplicate.add_argument("name", metavar="NAME")
    duplicate.add_argument("new", metavar="NEW")
    duplicate.set_defaults(handler=_duplicate)

    delete = sub.add_parser("delete", help="delete a saved scenario")
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(handler=_delete)

    toml = sub.add_parser("toml", help="write a saved scenario's requirements to a TOML file")
    toml.add_argument("name", metavar="NAME")
    toml.add_argument("file", type=Path, metavar="FILE")
    toml.set_defaults(handler=_toml)

    export = sub.add_parser(
        "export", help="write a saved scenario's plan as .xlsx .pdf .csv .json .md or .dora.*"
    )
    export.add_argument("name", metavar="NAME")
    export.add_argument("file", type=Path, metavar="FILE")
    export.set_defaults(handler=_export)


def _when(moment: datetime) -> str:
    """Stored times are UTC without a zone."""
    return f"{moment.isoformat(sep=' ', timespec='seconds')} UTC"


def _cost(saved: SavedScenario) -> str:
    if saved.annual_cost is None:
        return "-"
    return f"{saved.currency or ''} {saved.annual_cost:,.0f}".strip()


def _resolve_hint(name: str) -> str:
    return f"`sovplan scenario resolve {shlex.quote(name)}`"


def _summary_json(saved: SavedScenario, revision: int) -> dict[str, Any]:
    """A saved scenario's record as `scenario list --json` prints it."""
    s = saved.summary(revision)
    return {
        "name": s.name,
        "status": s.status.value,
        "status_text": s.status_text,
        "annual_cost": s.annual_cost,
        "currency": s.currency,
        "catalog_revision": s.catalog_revision,
        "current_catalog_revision": s.current_catalog_revision,
        "outdated": s.outdated,
        "created_at": s.created_at.isoformat(),
        "updated_at": s.updated_at.isoformat(),
    }


def _list(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        revision = current_revision(session)
        saved = list_saved(session)
    if args.json:
        print(json_text([_summary_json(s, revision) for s in saved]))
        return 0
    if not saved:
        print("no saved scenarios: save one with `sovplan plan SCENARIO.toml --save NAME`")
        return 0
    rows = [
        [
            s.name,
            s.status_text,
            _cost(s),
            str(s.catalog_revision),
            _when(s.updated_at),
            OUTDATED_NOTE if s.is_outdated(revision) else "",
        ]
        for s in saved
    ]
    print(
        format_table(
            ["name", "status", "annual cost", "revision", "updated", "note"],
            rows,
            right=frozenset({2, 3}),
        )
    )
    outdated = sum(s.is_outdated(revision) for s in saved)
    print(f"{len(saved)} saved scenario(s); the catalog is at revision {revision}")
    if outdated:
        print(
            f"{outdated} solved against an older catalog revision: "
            "re-solve with `sovplan scenario resolve NAME`"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        revision = current_revision(session)
        saved = load_saved(session, args.name)
    if args.json:
        data = _summary_json(saved, revision)
        plan = None if saved.plan is None else encode_plan(saved.plan)
        roadmap = None if saved.roadmap is None else encode_roadmap(saved.roadmap)
        data.update({"scenario_toml": saved.scenario_toml, "plan": plan, "roadmap": roadmap})
        print(json_text(data))
        return 0
    print(
        f"{saved.name}: {saved.status_text}, solved against catalog revision "
        f"{saved.catalog_revision} on {_when(saved.updated_at)}"
    )
    if saved.is_outdated(revision):
        print(
            f"outdated: the catalog is now at revision {revision}, so prices or facts may have "
            f"changed; re-solve with {_resolve_hint(saved.name)}"
        )
    _print_stored_plan(saved.plan)
    if saved.roadmap is not None:
        r = saved.roadmap
        print(
            f"keeps a {r.horizon}-year roadmap, net present value {_npv(r)} (catalog revision "
            f"{r.catalog_revision}): `sovplan roadmap {shlex.quote(saved.name)}` shows it"
        )
    print()
    print("Requirements (TOML):")
    print(saved.scenario_toml.rstrip("\n"))
    return 0


def _print_stored_plan(plan: PlanDocument | None) -> None:
    result = None if plan is None else plan.result
    if plan is None or result is None:
        conflicts = plan.conflicts if plan is not None else ()
        print("no plan was found" + (":" if conflicts else ""))
        for conflict in conflicts:
            print(f"  conflict [{conflict.family}]: {conflict.message}")
        return
    currency = plan.header.currency
    print(headline(result, currency))
    if plan.resilience is not None:
        print(plan.resilience.text(currency))
    if result.line_items:
        print()
        print(line_items_text(result.line_items, currency))
    print_independence(result)


def _resolve(args: argparse.Namespace) -> int:
    params = SolveParams(time_limit_s=args.time_limit, backend=Backend(args.backend))
    path_params = SolveParams(
        time_limit_s=max(args.time_limit, ROADMAP_TIME_LIMIT_S), backend=Backend(args.backend)
    )
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        done = resolve_saved(session, args.name, params, path_params)
    before, after = done.before, done.after
    print_summary(done.plan)
    print()
    if not done.updated:
        print(
            f"{before.name}: {done.plan.header.status.value}; the saved plan (catalog revision "
            f"{before.catalog_revision}) is unchanged; try a longer --time-limit"
        )
    else:
        print(
            f"{after.name}: re-solved against catalog revision {after.catalog_revision} "
            f"(was {before.catalog_revision}); annual cost {_cost(after)} (was {_cost(before)})"
        )
        _print_roadmap_resolved(before, done.roadmap)
    return int(EXIT_BY_STATUS[done.plan.header.status])


def _npv(roadmap: RoadmapDocument | None) -> str:
    if roadmap is None or roadmap.npv is None:
        return "no path"
    return money_text(roadmap.npv, roadmap.currency)


def _print_roadmap_resolved(before: SavedScenario, solved: RoadmapDocument | None) -> None:
    """What became of the roadmap kept with a re-solved scenario."""
    if solved is None:
        return
    if solved.status not in ANSWERED:
        print(f"its kept roadmap is unchanged: the solve gave no answer ({solved.status.value})")
        return
    print(
        f"its {solved.horizon}-year roadmap solved again: net present value {_npv(solved)} "
        f"(was {_npv(before.roadmap)})"
    )


def _rename(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        rename_scenario(session, args.old, args.new)
    print(f"renamed saved scenario {args.old.strip()} to {args.new.strip()}")
    return 0


def _duplicate(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        duplicate_scenario(session, args.name, args.new)
    print(f"copied saved scenario {args.name.strip()} to {args.new.strip()}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        delete_scenario(session, args.name)
    print(f"deleted saved scenario {args.name.strip()}")
    return 0


def _toml(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.sessions.begin() as session:
        saved = load_saved(session, args.name)
    atomic_write_text(args.file, saved.scenario_toml)
    print(f"wrote the requirements of {saved.name} to {args.file}")
    return 0


def _export(args: argparse.Namespace) -> int:
    export_format(args.file)
    check_target(args.file)
    with open_from_args(args) as ws, ws.sessions() as session:
        saved = load_saved(session, args.name)
        revision = current_revision(session)
    if saved.plan is None:
        raise PlannerError(f"{saved.name} has no stored plan; re-solve it first")
    export_plan(saved.plan, args.file, title=saved.name)
    note = f" (solved against catalog revision {saved.catalog_revision}, now {revision})" if (
        saved.is_outdated(revision)) else ""  # fmt: skip
    print(f"exported {saved.name} to {args.file}{note}")
    return 0
