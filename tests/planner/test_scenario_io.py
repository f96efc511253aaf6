"""Scenario files: every bad field is named with its reason before anything is solved."""

import tomllib
from pathlib import Path

import pytest

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import Workspace
from planner.scenario.examples import examples_dir
from planner.scenario.model import DataClass, WorkloadKind
from planner.scenario.reader import ScenarioError, load_scenario, parse_scenario

EXAMPLES = examples_dir()


@pytest.fixture
def catalog(workspace: Workspace) -> Catalog:
    with workspace.sessions() as s:
        return load_catalog(s)


def _bank() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((EXAMPLES / "eu-bank.toml").read_text())


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.toml")))
def test_every_example_is_valid(catalog: Catalog, name: str) -> None:
    scenario = load_scenario(EXAMPLES / name, catalog)
    assert scenario.workloads


def test_demand_becomes_peak_output_tokens_per_second(catalog: Catalog) -> None:
    bank = load_scenario(EXAMPLES / "eu-bank.toml", catalog)
    staff = next(w for w in bank.workloads if w.id == "staff-assistant")
    # 380 M tokens/day ÷ 1,900 tokens per request ÷ 86,400 s × peak 3 × 400 output tokens
    assert staff.output_tokens_per_second_peak == pytest.approx(380e6 / 1900 / 86400 * 3 * 400)
    assert staff.seal_floors == {"SOV-2": 3, "SOV-3": 3}  # the confidential default
    assert staff.kind is WorkloadKind.INTERACTIVE and staff.data_class is DataClass.CONFIDENTIAL


def test_requests_per_second_is_an_alternative_to_tokens_per_day(catalog: Catalog) -> None:
    data = _bank()
    staff = data["workloads"][0]
    del staff["tokens_per_day"]
    staff["requests_per_second_peak"] = 10.0
    scenario = parse_scenario(data, catalog, "bank.toml")
    assert scenario.workloads[0].requests_per_second_peak == pytest.approx(10.0)


BREAKAGES = [
    (lambda d: d["policy"].update(excluded_models=["gpt-7"]), "policy.excluded_models[0]",
     "'gpt-7' is not in the catalog's ai_models"),
    (lambda d: d["workloads"][0].update(tokens_per_day=-5), "workloads[0].tokens_per_day",
     "must be from 1 to"),
    (lambda d: d["organisation"].update(home_jurisdiction="GER"),
     "organisation.home_jurisdiction", "not an ISO 3166 country code"),
    (lambda d: d["organisation"].update(trusted_jurisdictions=["EU", "XX"]),
     "organisation.trusted_jurisdictions[1]", "not an ISO 3166 country code or one of EU, EEA"),
    (lambda d: d["workloads"][1].update(min_seal={"SOV-2": 5}), "workloads[1].min_seal.SOV-2",
     "from 0 to 4"),
    (lambda d: d["workloads"][1].update(min_seal={"SOV-9": 2}), "workloads[1].min_seal.SOV-9",
     "unknown objective"),
    (lambda d: d["workloads"][0].update(kind="chatbot"), "workloads[0].kind",
     "'chatbot' is not one of interactive, batch, embedding, fine_tuning"),
    (lambda d: d["workloads"][0].update(tokens_per_dai=5), "workloads[0].tokens_per_dai",
     "unknown field"),
    (lambda d: d["sites"][0].update(site="mars-base"), "sites[0].site",
     "not in the catalog's sites"),
    (lambda d: d["organisation"].update(currency="JPY"), "organisation.currency",
     "no exchange rate"),
    (lambda d: d["policy"].update(max_provider_share=1.5), "policy.max_provider_share",
     "at most 1"),
    (lambda d: d["workloads"][3].update(runs_per_year=0), "workloads[3].tokens_per_run",
     "needs tokens_per_run and runs_per_year"),
    (lambda d: d["workloads"][2].update(id="staff-assistant"), "workloads[2].id",
     "duplicate workload id"),
    (lambda d: d.update(weights={"lock_in": {"exit_cost": 0.9}}), "weights", "sum to"),
]  # fmt: skip


@pytest.mark.parametrize(("breaks", "field", "reason"), BREAKAGES)
def test_a_bad_field_is_named_with_its_reason(
    catalog: Catalog,
    breaks,
    field: str,
    reason: str,  # type: ignore[no-untyped-def]
) -> None:
    data = _bank()
    breaks(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, catalog, "bank.toml")
    lines = caught.value.lines()
    assert any(p.startswith(f"bank.toml: {field}: ") and reason in p for p in lines), lines


def test_every_problem_is_reported_at_once(catalog: Catalog) -> None:
    data = _bank()
    data["workloads"][0]["tokens_per_day"] = -1
    data["organisation"]["home_jurisdiction"] = "ZZ"
    data["policy"]["min_independence"] = 120
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, catalog, "bank.toml")
    assert len(caught.value.problems) == 3


def test_a_file_that_is_not_toml_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[organisation\nname = 'x'")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(path, catalog)
