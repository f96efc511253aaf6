"""Who can switch you off: the dependency map on hand-made plans, and the bank example's figures
read back from the CLI (text and JSON), the workbook, the PDF and the DORA register."""

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from catalog.domain import ModelId
from catalog.scenario_store import save_scenario
from catalog.workspace import open_workspace
from planner.cli.main import main
from planner.evaluation.dependencies import ActorKind, DependencyMap, dependency_map
from planner.evaluation.organisation import Organisation
from planner.evaluation.plan import (
    Allocation,
    ApiLine,
    CloudLine,
    OwnedLine,
    Plan,
    Venue,
    VenueKind,
)
from planner.exit_codes import ExitCode
from planner.exports import export_plan
from planner.exports.dora import CONCENTRATION_SHEET
from planner.results.plan_document import PlanDocument
from tests import factories
from tests.solved import SolvedBank

GERMAN = Organisation("Bank", "DE", ("EU",))
CATALOG = factories.catalog()
CLOUD, API = Venue(VenueKind.CLOUD, "c1"), Venue(VenueKind.API, "a1")
OWNED = Venue(VenueKind.OWNED, "srv", "home")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
Bank = tuple[PlanDocument, DependencyMap]


def _on(venue: Venue, share: float, workload: str = "w", model: str = "m10b") -> Allocation:
    return Allocation(workload, model, venue, None, share, 1.0, 1e9 * share, accelerators=8.0)


def _map(*allocations: Allocation, critical: frozenset[str] = frozenset({"w"})) -> DependencyMap:
    plan = Plan(owned=(OwnedLine("srv", "home", 1),), cloud=(CloudLine("c1", 1),),
                api=(ApiLine("a1", 1.0, 1.0),), allocations=allocations)  # fmt: skip
    tokens = {a.workload_id: 1e9 for a in allocations}
    return dependency_map(plan, CATALOG, GERMAN, tokens, critical)


def _names(m: DependencyMap, workload: str = "w") -> dict[str, float]:
    return {a.name: m.share(a.id, workload) for a in m.actors if m.exposure(a.id, workload)}


# --- hand-made plans ------------------------------------------------------------------------


def test_an_open_model_on_a_us_cloud_is_stoppable_by_the_cloud_and_by_us_law() -> None:
    m = _map(_on(CLOUD, 1.0))
    [chain] = m.chains
    assert chain.open_weight and chain.runs_without_developer
    assert _names(m) == {"cloudco group": 1.0, "US government": 1.0, "Acme": 1.0}
    us = m.actor("government:US")
    hows = next(k.how for k in chain.links if k.actor_id == us.id)
    assert "operator's parent" in hows and "where it runs" in hows and "export controls" in hows


def test_a_closed_model_adds_its_developer_and_its_developers_state() -> None:
    m = _map(_on(API, 1.0, model="closed"))
    [chain] = m.chains
    assert not chain.runs_without_developer and chain.accelerator == "undisclosed"
    lab = m.actor("company:ClosedLab")
    assert lab.kind is ActorKind.COMPANY and m.share(lab.id, "w") == 1.0
    assert m.share("government:FR", "w") == 1.0  # the developer's state (factories: FR)


def test_owned_servers_at_home_depend_only_on_the_hardware_supply() -> None:
    m = _map(_on(OWNED, 1.0))
    assert _names(m) == {"Acme": 1.0, "US government": 1.0}
    assert all(a.kind is not ActorKind.COMPANY for a in m.actors)
    assert "government:DE" not in {a.id for a in m.actors}, "its own state is not listed"


def test_shares_follow_the_demand_each_venue_serves_and_critical_capacity_is_weighted() -> None:
    m = _map(_on(CLOUD, 0.6), _on(OWNED, 0.4), _on(API, 1.0, workload="x", model="closed"))
    cloudco = "company:cloudco group"
    assert m.share(cloudco, "w") == pytest.approx(0.6)
    assert m.share("hardware:Acme", "w") == pytest.approx(1.0)
    assert m.total(cloudco).plan_share == pytest.approx(0.3)  # w and x weigh the same
    assert m.total(cloudco).critical_share == pytest.approx(0.6)  # only w is critical
    assert m.total("company:apico group").critical_share == pytest.approx(0.0)


def test_a_standby_outside_an_actors_reach_is_a_fallback() -> None:
    m = _map(_on(CLOUD, 1.0), _on(OWNED, 0.0))
    cloud_owner = next(e for e in m.exposures if e.actor_id == "company:cloudco group")
    assert cloud_owner.share == 1.0 and cloud_owner.fallback
    acme = next(e for e in m.exposures if e.actor_id == "hardware:Acme")
    assert not acme.fallback, "the owned standby runs on the same vendor's accelerators"


def test_a_model_by_the_apis_own_operator_is_one_company() -> None:
    catalog = factories.catalog(ai_models={**CATALOG.ai_models, ModelId("closed"): factories.model(
        id=ModelId("closed"), open_weight=False, developer="APICO")})  # fmt: skip
    plan = Plan(api=(ApiLine("a1", 1.0, 1.0),), allocations=(_on(API, 1.0, model="closed"),))
    m = dependency_map(plan, catalog, GERMAN, {"w": 1.0}, frozenset())
    assert [a.name for a in m.actors if a.kind is ActorKind.COMPANY] == ["apico group"]


# --- the bank example in every output -------------------------------------------------------


@pytest.fixture(scope="module")
def bank(solved_bank: SolvedBank) -> Bank:
    assert solved_bank.plan.result is not None
    m = solved_bank.plan.result.dependencies
    assert m is not None and m.actors and m.chains
    return solved_bank.plan, m


@pytest.mark.solver
def test_sovplan_dependencies_json_names_every_actor_and_share_of_the_bank(
    workspace_path: Path,
    capsys: pytest.CaptureFixture[str],
    bank: tuple[PlanDocument, DependencyMap],
) -> None:
    code = main(["--workspace", str(workspace_path), "dependencies", "--example", "eu-bank",
                 "--json"])  # fmt: skip
    printed = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK
    plan, m = bank
    found = {(e["actor"], e["workload"]): e["share"] for e in printed["dependencies"]["exposures"]}
    assert found == pytest.approx({(e.actor_id, e.workload_id): e.share for e in m.exposures})
    assert set(printed["critical_workloads"]) == {"staff-assistant", "policy-retrieval"}
    workloads = {w.workload_id for w in plan.result.workloads}  # type: ignore[union-attr]
    assert {w for _, w in found} == workloads, "every workload has the actors that could stop it"


@pytest.mark.solver
def test_sovplan_dependencies_prints_the_matrix_the_planner_computed(
    workspace_path: Path,
    capsys: pytest.CaptureFixture[str],
    bank: tuple[PlanDocument, DependencyMap],
) -> None:
    assert main(["--workspace", str(workspace_path), "dependencies", "--example", "eu-bank"]) == 0
    lines = capsys.readouterr().out.split("Chains:")[0].splitlines()
    header = next(line for line in lines if line.startswith("actor"))
    _, m = bank
    starts = {w: header.index(w) for w in m.workload_ids()}
    for actor in m.actors:
        row = next(line for line in lines if line.startswith(actor.name + "  "))
        for w, start in starts.items():
            cell = row[start : start + len(w) + 1].strip()
            expected = m.exposure(actor.id, w)
            assert cell == ("" if expected is None else _percent(expected.share)), (actor.name, w)


def _percent(share: float) -> str:
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


@pytest.mark.solver
def test_a_saved_scenario_is_read_as_it_was_saved(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(workspace_path)]
    assert main([*ws, "plan", "--example", "small-nation", "--save", "nation", "--json"]) == 0
    saved = json.loads(capsys.readouterr().out)["dependencies"]
    assert main([*ws, "dependencies", "nation", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dependencies"] == saved
    names = {a["name"] for a in saved["actors"]}
    # owned servers: only the hardware supply; the standby that makes the critical assistant
    # survive the loss of its one server (N+1): its operator and the law over it
    assert names == {"AMD", "US government", "Seeweb S.r.l.", "IT government"}


def test_a_plan_saved_before_dependency_maps_asks_for_a_re_solve(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = open_workspace(workspace_path)
    with workspace.sessions.begin() as s:
        text = (FIXTURES / "v1-eu-bank.json").read_text(encoding="utf-8")
        save_scenario(s, "old bank", 'name = "x"\n', 1, "optimal", text, overwrite=False)
    workspace.close()
    code = main(["--workspace", str(workspace_path), "dependencies", "old bank"])
    assert code == ExitCode.INVALID_INPUT
    assert "sovplan scenario resolve old bank" in capsys.readouterr().err


def test_an_unknown_name_is_refused_naming_it(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--workspace", str(workspace_path), "dependencies", "no such plan"]) == int(
        ExitCode.INVALID_INPUT
    )
    assert "no such plan" in capsys.readouterr().err


def test_the_workbook_sheet_holds_the_planners_shares(
    bank: tuple[PlanDocument, DependencyMap], tmp_path: Path
) -> None:
    plan, m = bank
    rows = [tuple(r) for r in openpyxl.load_workbook(export_plan(plan, tmp_path / "p.xlsx"))[
        "Who can switch you off"].iter_rows(values_only=True)]  # fmt: skip
    header = next(r for r in rows if r[0] == "Actor")
    body = {r[0]: r for r in rows[rows.index(header) + 1 :] if r[0] in {a.name for a in m.actors}}
    assert len(body) == len(m.actors)
    for actor in m.actors:
        row = body[actor.name]
        assert row[header.index("Share of plan")] == pytest.approx(m.total(actor.id).plan_share)
        for w in m.workload_ids():
            column = next(i for i, h in enumerate(header) if h and str(h).startswith(w))
            found = m.exposure(actor.id, w)
            assert row[column] == (pytest.approx(found.share) if found else None)


def test_the_pdf_section_lists_every_actor_with_its_shares(
    bank: tuple[PlanDocument, DependencyMap], tmp_path: Path
) -> None:
    plan, m = bank
    text = "\n".join(
        p.extract_text() for p in PdfReader(export_plan(plan, tmp_path / "p.pdf")).pages
    )
    section = text.split("Who can switch you off")[1]
    for actor in m.actors:
        assert actor.name.split(" (")[0] in section
        assert f"{m.total(actor.id).plan_share:.1%}" in section


def test_the_dora_register_fills_its_concentration_fields_from_the_map(
    bank: tuple[PlanDocument, DependencyMap], tmp_path: Path
) -> None:
    plan, m = bank
    with export_plan(plan, tmp_path / "r.dora.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        parent = next(a for a in m.actors if a.name == row["Ultimate parent"])
        assert parent.kind is ActorKind.COMPANY
        total = m.total(parent.id)
        assert float(row["Share of capacity it alone could stop"]) == pytest.approx(
            total.plan_share
        )
        assert float(row["Share of critical capacity it alone could stop"]) == pytest.approx(
            total.critical_share
        )
        assert row["Laws that reach its service"].startswith(parent.country)
    sheet = openpyxl.load_workbook(export_plan(plan, tmp_path / "r.dora.xlsx"))[CONCENTRATION_SHEET]
    found = {r[0]: r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert found == pytest.approx({a.name: m.total(a.id).plan_share for a in m.actors})
