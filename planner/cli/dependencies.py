"""`sovplan dependencies SCENARIO|SAVED`: who can switch the plan off, and how much of it.

SCENARIO is a scenario file (or `--example NAME`), planned now; SAVED is the name of a saved
scenario, whose stored plan is read as it was saved. The output is the dependency map the
plan document carries (planner/evaluation/dependencies.py): per actor, the share of each
workload's capacity it alone could stop, then each workload's chain, layer by layer.
"""

import argparse
from pathlib import Path

from catalog.snapshot import load_catalog
from planner.cli.common import add_scenario_arguments, open_from_args, scenario_file
from planner.cli.plan import EXIT_BY_STATUS, add_solve_arguments
from planner.cli.textfmt import format_table, json_text
from planner.errors import PlannerError
from planner.exit_codes import ExitCode
from planner.optimise.planning import plan_scenario
from planner.results.dependency_json import encode_dependencies
from planner.results.plan_builder import plan_document
from planner.results.plan_document import DependencyMap, PlanDocument, VenueKind
from planner.results.saved_scenarios import load_saved
from planner.scenario.reader import load_scenario
from solver.problem import Backend, SolveParams

CRITICAL_MARK = "*"


def register(p: argparse.ArgumentParser) -> None:
    p.description = (
        "The dependency map of a scenario file (planned now), a shipped example "
        "(--example) or a saved scenario (its stored plan): model developers, compute "
        "operators and their parents, hardware vendors and the law over each, with the share "
        "of each workload's capacity each actor alone could stop."
    )
    add_scenario_arguments(p, "SCENARIO.toml|SAVED")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_solve_arguments(p)
    p.set_defaults(handler=_run)


def source_of(args: argparse.Namespace) -> Path | str:
    """A scenario file to plan, or the name of a saved scenario."""
    given: Path | None = args.scenario
    if args.example is not None or given is None or given.is_file() or given.suffix == ".toml":
        return scenario_file(args)
    return str(given)


def _plan(args: argparse.Namespace) -> PlanDocument:
    source = source_of(args)
    with open_from_args(args) as ws, ws.sessions() as session:
        if isinstance(source, str):
            saved = load_saved(session, source)
            if saved.plan is None:
                raise PlannerError(f"saved scenario {source!r} holds no plan; re-solve it with "
                                   f"`sovplan scenario resolve {source}`")  # fmt: skip
            plan = saved.plan
            if plan.result is not None and plan.result.dependencies is None:
                raise PlannerError(
                    f"saved scenario {source!r} was stored before plans carried a dependency "
                    f"map; re-solve it with `sovplan scenario resolve {source}`"
                )
            return plan
        catalog = load_catalog(session)
    scenario = load_scenario(source, catalog)
    params = SolveParams(time_limit_s=args.time_limit, backend=Backend(args.backend))
    return plan_document(plan_scenario(scenario, catalog, params), scenario, catalog)


def _run(args: argparse.Namespace) -> int:
    plan = _plan(args)
    result = plan.result
    m = result.dependencies if result is not None else None
    if args.json:
        print(json_text({
            "scenario": plan.header.scenario_name,
            "status": plan.header.status.value,
            "critical_workloads": [w.workload_id for w in result.workloads if w.critical]
            if result is not None else [],
            "dependencies": encode_dependencies(m) if m is not None else None,
        }))  # fmt: skip
    else:
        print(f"{plan.header.scenario_name}: who can switch it off ({plan.header.status.value})")
        if m is None:
            print("no plan: nothing to map")
            for conflict in plan.conflicts:
                print(f"  conflict [{conflict.family}]: {conflict.message}")
        else:
            critical = {w.workload_id for w in result.workloads if w.critical} if result else set()
            print(dependency_text(m, critical))
    return int(EXIT_BY_STATUS[plan.header.status]) if m is None else int(ExitCode.OK)


SMALLEST_SHOWN = 0.005
"""A share below half a percent prints as `<1%`, so a small exposure never reads as none."""


def _percent(share: float | None) -> str:
    if share is None:
        return "-"
    return "<1%" if 0 < share < SMALLEST_SHOWN else f"{share:.0%}"


def _reach(m: DependencyMap, actor_id: str, workload_id: str) -> str:
    """The actor's share of the workload; blank when it is on none of its chains."""
    found = m.exposure(actor_id, workload_id)
    return _percent(found.share) if found else ""


def exposure_table(m: DependencyMap, critical: set[str]) -> str:
    """Actors × workloads: the share of each workload's capacity each actor alone could stop."""
    workloads = m.workload_ids()
    headers = ["actor", "kind", "plan", "critical",
               *(w + (CRITICAL_MARK if w in critical else "") for w in workloads)]  # fmt: skip
    rows = [
        [a.name, a.kind.value, _percent(m.total(a.id).plan_share),
         _percent(m.total(a.id).critical_share),
         *(_reach(m, a.id, w) for w in workloads)]
        for a in m.actors
    ]  # fmt: skip
    return format_table(headers, rows, right=frozenset(range(2, len(headers))))


def chains_text(m: DependencyMap, critical: set[str]) -> str:
    """Each workload's venues, layer by layer, and who could stop each."""
    lines: list[str] = []
    for w in m.workload_ids():
        lines.append(f"{w}{' (critical)' if w in critical else ''}")
        for c in (c for c in m.chains if c.workload_id == w):
            share = "standby" if c.standby else _percent(c.share)
            keeps = "keeps running" if c.runs_without_developer else "stops"
            lines += [
                f"  {share} on {c.venue_name}",
                f"    model weights: {c.model_id} by {c.developer} ({c.developer_country}), "
                f"{c.licence}; {keeps} if the developer disappears",
                f"    serving compute: the organisation itself, runs in {c.location}"
                if c.venue_kind is VenueKind.OWNED
                else f"    serving compute: {c.operator}, parent {c.ultimate_parent} "
                f"({c.parent_country}), runs in {c.location}",
                f"    hardware: {c.accelerator} by {c.accelerator_vendor} ({c.vendor_country}; "
                f"{c.export_control})"
                if c.vendor_country
                else "    hardware: not disclosed by the API's operator",
            ]
            lines += [f"    - {m.actor(k.actor_id).name}: {k.how}" for k in c.links]
    return "\n".join(lines)


def dependency_text(m: DependencyMap, critical: set[str]) -> str:
    return "\n".join([
        "Share of each workload's capacity each actor alone could stop "
        f"({CRITICAL_MARK} critical; plan and critical shares weighted by tokens a year):",
        exposure_table(m, critical),
        "",
        "Chains:",
        chains_text(m, critical),
    ])  # fmt: skip
