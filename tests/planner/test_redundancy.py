"""Redundancy that is real: a critical workload on owned servers survives losing one of them
(N+1) and, when the policy asks, one site; spot capacity never serves critical work, is
bought with an interruption allowance, and says "interruptible" wherever it is shown."""

import csv
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from catalog.domain import Catalog
from planner.cli.main import main
from planner.evaluation.interruption import INTERRUPTIBLE, SPOT_CAPACITY_FACTOR
from planner.evaluation.plan import Allocation, OwnedLine, Plan, VenueKind
from planner.exports import export_plan
from planner.optimise.planning import PlanOutcome, plan_scenario
from planner.results.plan_builder import plan_document
from planner.results.plan_json import plan_from_text, plan_to_text
from planner.scenario.examples import example_path
from planner.scenario.model import Scenario
from planner.scenario.reader import load_scenario
from solver.families import ConstraintFamily
from solver.problem import SolveStatus
from tests.checker import check_plan, families
from tests.solved import SolvedBank

pytestmark = pytest.mark.solver

ASSISTANT = "citizen-assistant"


def _small_nation(catalog: Catalog) -> Scenario:
    return load_scenario(example_path("small-nation"), catalog)


def _without_providers(scenario: Scenario, catalog: Catalog) -> Scenario:
    """Owned servers only: no cloud or API can hold a standby."""
    policy = replace(scenario.policy, excluded_providers=tuple(sorted(catalog.providers)))
    return replace(scenario, policy=policy)


def _plan(outcome: PlanOutcome) -> Plan:
    assert outcome.plan is not None and outcome.report is not None, outcome.conflicts
    return outcome.plan


def _one_server_fewer(plan: Plan, venue_key: str) -> Plan:
    """The plan after losing one server at a venue, with no standby elsewhere."""
    owned = tuple(
        OwnedLine(o.sku_id, o.site_id, o.servers - 1)
        if f"owned:{o.sku_id}@{o.site_id}" == venue_key
        else o
        for o in plan.owned
    )
    kept = tuple(a for a in plan.allocations if a.share > 0)
    return replace(plan, owned=owned, allocations=kept)


# --- N+1 on owned servers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_nation(shipped_catalog: Catalog) -> tuple[Scenario, PlanOutcome]:
    scenario = _small_nation(shipped_catalog)
    return scenario, plan_scenario(scenario, shipped_catalog)


def test_the_small_nations_assistant_survives_the_loss_of_any_one_server(
    shipped_catalog: Catalog, small_nation: tuple[Scenario, PlanOutcome]
) -> None:
    scenario, outcome = small_nation
    plan = _plan(outcome)
    assert outcome.report is not None
    assert check_plan(scenario, shipped_catalog, plan, outcome.report) == []
    mine = [a for a in plan.allocations if a.workload_id == ASSISTANT]
    owned = {a.venue.key for a in mine if a.venue.kind is VenueKind.OWNED}
    servers = {f"owned:{o.sku_id}@{o.site_id}": o.servers for o in plan.owned}
    # N+1 owned capacity, or a second venue holding capacity for it
    assert any(servers[key] >= 2 for key in owned) or len({a.venue for a in mine}) >= 2
    for key in owned:
        assert servers[key] >= 1


def test_without_its_spare_the_assistant_fails_the_n_plus_1_check(
    shipped_catalog: Catalog,
) -> None:
    """The checker is not vacuous: on owned servers alone, one server fewer breaks survival."""
    scenario = _without_providers(_small_nation(shipped_catalog), shipped_catalog)
    outcome = plan_scenario(scenario, shipped_catalog)
    plan = _plan(outcome)
    assert outcome.report is not None
    served_on = next(a.venue.key for a in plan.allocations if a.workload_id == ASSISTANT
                     and a.share > 0 and a.venue.kind is VenueKind.OWNED)  # fmt: skip
    problems = check_plan(
        scenario, shipped_catalog, _one_server_fewer(plan, served_on), outcome.report
    )
    assert ConstraintFamily.SURVIVE_SERVER_LOSS in families(problems)
    assert any(ASSISTANT in p.detail for p in problems)


def test_on_owned_servers_alone_the_assistant_gets_a_second_server(
    shipped_catalog: Catalog,
) -> None:
    scenario = _without_providers(_small_nation(shipped_catalog), shipped_catalog)
    outcome = plan_scenario(scenario, shipped_catalog)
    plan = _plan(outcome)
    assert outcome.report is not None
    assert check_plan(scenario, shipped_catalog, plan, outcome.report) == []
    venues = {a.venue.key for a in plan.allocations if a.workload_id == ASSISTANT}
    assert all(key.startswith("owned:") for key in venues)
    assert sum(o.servers for o in plan.owned) >= 2


def test_a_scenario_that_cannot_afford_n_plus_1_names_the_server_loss_rule(
    shipped_catalog: Catalog,
) -> None:
    scenario = _without_providers(_small_nation(shipped_catalog), shipped_catalog)
    sku = shipped_catalog.server_skus["dell-xe9680-8x-mi300x"]
    price = shipped_catalog.convert(sku.unit_price, sku.currency, scenario.assumptions.currency)
    one_server = price * (1 + scenario.assumptions.networking_capex_share)
    poor = replace(scenario, capex_budget=1.5 * one_server)
    outcome = plan_scenario(poor, shipped_catalog)
    assert outcome.status is SolveStatus.INFEASIBLE
    named = {c.family: c for c in outcome.conflicts}
    conflict = named[ConstraintFamily.SURVIVE_SERVER_LOSS]
    assert ASSISTANT in conflict.message and "N+1" in conflict.message
    assert "workloads[0].critical" in conflict.fields


def test_the_cli_names_the_server_loss_rule_when_n_plus_1_cannot_be_bought(
    shipped_catalog: Catalog,
    workspace_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One server's capital, and no provider to hold a standby."""
    providers = json.dumps(sorted(shipped_catalog.providers))
    text = example_path("small-nation").read_text(encoding="utf-8")
    text = text.replace(
        "annual_budget = 3_000_000", "annual_budget = 3_000_000\ncapex_budget = 200_000"
    )
    text = text.replace("[policy]", f"[policy]\nexcluded_providers = {providers}")
    path = tmp_path / "poor.toml"
    path.write_text(text, encoding="utf-8")
    code = main(["--workspace", str(workspace_path), "plan", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code != 0 and out["status"] == "infeasible"
    assert ConstraintFamily.SURVIVE_SERVER_LOSS.value in {c["family"] for c in out["conflicts"]}


# --- one site lost ---------------------------------------------------------------------------


def test_asked_to_survive_a_site_loss_the_assistant_keeps_capacity_off_site(
    shipped_catalog: Catalog,
) -> None:
    base = _small_nation(shipped_catalog)
    scenario = replace(base, policy=replace(base.policy, survive_site_loss=True))
    outcome = plan_scenario(scenario, shipped_catalog)
    plan = _plan(outcome)
    assert outcome.report is not None
    assert check_plan(scenario, shipped_catalog, plan, outcome.report) == []
    mine = [a for a in plan.allocations if a.workload_id == ASSISTANT]
    assert any(a.venue.kind is not VenueKind.OWNED for a in mine)
    on_site = replace(plan, allocations=tuple(
        a for a in plan.allocations if a.workload_id != ASSISTANT or a.venue.kind is VenueKind.OWNED
    ))  # fmt: skip
    problems = check_plan(scenario, shipped_catalog, on_site, outcome.report)
    assert ConstraintFamily.SURVIVE_SITE_LOSS in families(problems)


def test_one_site_and_no_other_venue_cannot_survive_a_site_loss(
    shipped_catalog: Catalog,
) -> None:
    base = _without_providers(_small_nation(shipped_catalog), shipped_catalog)
    scenario = replace(base, policy=replace(base.policy, survive_site_loss=True))
    outcome = plan_scenario(scenario, shipped_catalog)
    assert outcome.status is SolveStatus.INFEASIBLE
    conflict = next(c for c in outcome.conflicts if c.family is ConstraintFamily.SURVIVE_SITE_LOSS)
    assert "ee-tallinn-colo" in conflict.message and "policy.survive_site_loss" in conflict.fields


# --- spot: never critical, sized with the allowance, labelled interruptible -------------------


def _spot_allocations(plan: Plan, catalog: Catalog) -> list[Allocation]:
    offers = catalog.cloud_offers
    return [
        a for a in plan.allocations
        if a.venue.kind is VenueKind.CLOUD and offers[a.venue.id].pricing_term == "spot"
    ]  # fmt: skip


def test_the_banks_batch_work_on_spot_is_bought_with_the_interruption_allowance(
    solved_bank: SolvedBank,
) -> None:
    bank, catalog = solved_bank, solved_bank.catalog
    plan = _plan(bank.outcome)
    assert bank.outcome.report is not None
    spot = _spot_allocations(plan, catalog)
    assert spot, "the bank's plan uses spot capacity"
    assert check_plan(bank.scenario, catalog, plan, bank.outcome.report) == []
    # Bought for the demand alone, without the allowance, the same plan falls short.
    offers = {a.venue.id for a in spot}
    lean = replace(
        plan,
        cloud=tuple(
            replace(c, instances=c.instances, extra_instance_hours=c.extra_instance_hours
                    / SPOT_CAPACITY_FACTOR) if c.offer_id in offers else c
            for c in plan.cloud
        ),
        allocations=tuple(
            replace(a, accelerators=a.accelerators / SPOT_CAPACITY_FACTOR) if a in spot else a
            for a in plan.allocations
        ),
    )  # fmt: skip
    problems = check_plan(bank.scenario, catalog, lean, bank.outcome.report)
    assert families(problems) == {ConstraintFamily.RESOURCE_CAPACITY}


def test_a_critical_workload_is_never_on_spot(solved_bank: SolvedBank) -> None:
    catalog, bank = solved_bank.catalog, solved_bank.scenario
    spot_users = {a.workload_id for a in _spot_allocations(_plan(solved_bank.outcome), catalog)}
    scenario = replace(bank, workloads=tuple(
        replace(w, critical=True) if w.id in spot_users else w for w in bank.workloads
    ))  # fmt: skip
    outcome = plan_scenario(scenario, catalog)
    plan = _plan(outcome)
    assert outcome.report is not None
    assert _spot_allocations(plan, catalog) == []
    document = plan_document(outcome, scenario, catalog)
    assert document.result is not None
    assert not any(i.interruptible for i in document.result.line_items)
    assert check_plan(scenario, catalog, plan, outcome.report) == []
    # and the checker catches the first plan, where that workload is on spot
    assert solved_bank.outcome.report is not None
    problems = check_plan(scenario, catalog, _plan(solved_bank.outcome), solved_bank.outcome.report)
    assert any("critical workload on spot" in p.detail for p in problems)


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_spot_lines_say_interruptible_in_every_export_read_back(
    solved_bank: SolvedBank, tmp_path: Path
) -> None:
    document = solved_bank.plan
    assert document.result is not None
    spot = [i for i in document.result.line_items if i.term == "spot"]
    firm = [i for i in document.result.line_items if i.term != "spot"]
    assert spot and firm

    decoded = plan_from_text(plan_to_text(document))
    assert decoded.result is not None
    assert [i.interruptible for i in decoded.result.line_items] == [
        i.term == "spot" for i in document.result.line_items
    ]
    raw = json.loads(plan_to_text(document))
    assert all(line.get("interruptible") is (line["term"] == "spot") or
               ("interruptible" not in line and line["term"] != "spot")
               for line in raw["line_items"])  # fmt: skip
    on_spot = [a for a in raw["allocations"] if a["venue"] in {i.venue_key for i in spot}]
    assert on_spot and all(a["interruptible"] is True for a in on_spot)

    rows = _rows(export_plan(document, tmp_path / "p.xlsx"), "Line items")
    term = rows[0].index("Term")
    for item in spot:
        row = next(r for r in rows if r[1] == item.item)
        assert INTERRUPTIBLE in row[term]
    for item in firm:
        row = next(r for r in rows if r[1] == item.item)
        assert INTERRUPTIBLE not in (row[term] or "")
    allocation = _rows(tmp_path / "p.xlsx", "Allocation")
    venue = allocation[0].index("Venue")
    assert any(INTERRUPTIBLE in str(r[venue]) for r in allocation[1:])

    markdown = export_plan(document, tmp_path / "p.md").read_text(encoding="utf-8")
    pdf = "\n".join(
        p.extract_text() for p in PdfReader(export_plan(document, tmp_path / "p.pdf")).pages
    )
    for item in spot:
        assert any(item.item in line and INTERRUPTIBLE in line for line in markdown.splitlines())
    assert INTERRUPTIBLE in pdf

    with export_plan(document, tmp_path / "p.csv").open(encoding="utf-8") as handle:
        focus = list(csv.DictReader(handle))
    for row in focus:
        spot_row = row["x_VenueKey"] in {i.venue_key for i in spot}
        assert (INTERRUPTIBLE in row["ChargeDescription"]) is spot_row


def test_the_cli_plan_text_says_which_capacity_is_interruptible(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], solved_bank: SolvedBank
) -> None:
    assert main(["--workspace", str(workspace_path), "plan", "--example", "eu-bank"]) == 0
    out = capsys.readouterr().out
    document = solved_bank.plan
    assert document.result is not None
    spot = [i for i in document.result.line_items if i.term == "spot"]
    for item in spot:
        line = next(line for line in out.splitlines() if item.item in line)
        assert f"spot, {INTERRUPTIBLE}" in line
    on_spot = [a for a in document.result.allocations if a.interruptible]
    marked = [line for line in out.splitlines() if f"({INTERRUPTIBLE})" in line]
    assert on_spot and len(marked) == len(on_spot)
    for allocation in on_spot:
        assert any(line.startswith(allocation.workload_id) for line in marked)
