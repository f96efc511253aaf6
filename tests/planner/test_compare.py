"""Saved scenarios side by side: exactly the edited inputs, each plan's own figures, line items
classified against the first scenario, and no sums across currencies."""

import json
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from catalog.domain import Catalog
from catalog.errors import CatalogError
from planner.cli import compare as cli_compare
from planner.cli.compare import comparison_to_json
from planner.cli.main import build_parser
from planner.errors import PlannerError
from planner.optimise.planning import plan_scenario
from planner.results.compare import Change, compare, requirement_label
from planner.results.plan_builder import plan_document
from planner.results.plan_document import PlanDocument, PlanResult, SolveStatus
from planner.results.plan_json import plan_from_text, plan_to_text
from planner.results.saved import SavedScenario
from planner.scenario.examples import examples_dir
from planner.scenario.paths import flatten_scenario
from planner.scenario.reader import parse_scenario

EXAMPLES = examples_dir()
BANK = (EXAMPLES / "eu-bank.toml").read_text(encoding="utf-8")
NOW = datetime(2026, 1, 1, tzinfo=UTC)
OPTIMAL = SolveStatus.OPTIMAL
pytestmark = pytest.mark.solver

VARIANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "bank": (),
    "hedged": (
        ('objective = "cost"', 'objective = "lexicographic"'),
        ("max_provider_share = 0.6", "max_provider_share = 0.4"),
    ),
    "no-ovhcloud": (
        ('excluded_providers = ["deepseek"]', 'excluded_providers = ["deepseek", "ovhcloud"]'),
    ),
    "poor": (("annual_budget = 6_000_000", "annual_budget = 1_000"),),
}
EDITED_PATHS = {
    "hedged": ["policy.max_provider_share", "policy.objective"],
    "no-ovhcloud": ["policy.excluded_providers"],
    "poor": ["organisation.annual_budget"],
}


def _edited(edits: tuple[tuple[str, str], ...]) -> str:
    text = BANK
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return text


def _saved(name: str, text: str, catalog: Catalog) -> SavedScenario:
    scenario = parse_scenario(tomllib.loads(text), catalog, f"{name}.toml")
    # through JSON, as a store keeps it (and as `sovplan plan --json` prints it)
    plan = plan_from_text(
        plan_to_text(plan_document(plan_scenario(scenario, catalog), scenario, catalog))
    )
    return SavedScenario(name, text, catalog.revision, plan.header.status, plan, NOW, NOW)


def _result(saved: SavedScenario) -> PlanResult:
    assert saved.plan is not None and saved.plan.result is not None
    return saved.plan.result


def _with_result(
    saved: SavedScenario, name: str, result: PlanResult, **header: Any
) -> SavedScenario:
    """`saved` under another name with another plan result (and header fields)."""
    assert saved.plan is not None
    plan: PlanDocument = replace(
        saved.plan, header=replace(saved.plan.header, **header), result=result
    )
    return replace(saved, name=name, plan=plan)


@pytest.fixture(scope="module")
def saved(shipped_catalog: Catalog) -> dict[str, SavedScenario]:
    return {name: _saved(name, _edited(edits), shipped_catalog) for name, edits in VARIANTS.items()}


def _pick(saved: dict[str, SavedScenario], *names: str) -> list[SavedScenario]:
    return [saved[n] for n in names]


# --- inputs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", sorted(EDITED_PATHS))
def test_the_input_differences_are_exactly_the_edited_paths(
    saved: dict[str, SavedScenario], variant: str
) -> None:
    c = compare(_pick(saved, "bank", variant))
    assert sorted(d.path for d in c.inputs) == EDITED_PATHS[variant]


def test_each_input_difference_carries_every_scenarios_value(
    saved: dict[str, SavedScenario],
) -> None:
    c = compare(_pick(saved, "bank", "hedged", "no-ovhcloud"))
    values = {d.path: d.values for d in c.inputs}
    assert values == {
        "policy.max_provider_share": (0.6, 0.4, 0.6),
        "policy.objective": ("cost", "lexicographic", "cost"),
        "policy.excluded_providers": (["deepseek"], ["deepseek"], ["deepseek", "ovhcloud"]),
    }


def test_workloads_and_sites_are_keyed_by_id_not_position() -> None:
    text = BANK.replace("tpot_ms = 60", "tpot_ms = 30").replace(
        "power_limit_kw = 120", "power_limit_kw = 80"
    )
    # moving the last workload to the front changes nothing by itself
    head, lora = text.split('[[workloads]]\nid = "quarterly-lora"')
    first = head.index("[[workloads]]")
    reordered = head[:first] + '[[workloads]]\nid = "quarterly-lora"' + lora + "\n" + head[first:]
    base = SavedScenario("a", BANK, 1, OPTIMAL, None, NOW, NOW)
    other = SavedScenario("b", reordered, 1, OPTIMAL, None, NOW, NOW)
    c = compare([base, other])
    assert [(d.path, d.values) for d in c.inputs] == [
        ("sites[site=de-frankfurt-colo].power_limit_kw", (120, 80)),
        ("workloads[id=staff-assistant].tpot_ms", (60, 30)),
    ]


def test_a_value_only_one_scenario_sets_shows_none_for_the_others() -> None:
    extra = BANK.replace("[policy]\n", "[policy]\nrequire_open_weights = true\n")
    c = compare(
        [
            SavedScenario("a", BANK, 1, OPTIMAL, None, NOW, NOW),
            SavedScenario("b", extra, 1, OPTIMAL, None, NOW, NOW),
        ]
    )
    assert [(d.path, d.values) for d in c.inputs] == [("policy.require_open_weights", (None, True))]


def test_flattening_keeps_plain_lists_whole_and_tells_true_from_one() -> None:
    flat = flatten_scenario(tomllib.loads(BANK))
    assert flat["organisation.trusted_jurisdictions"] == ["EU"]
    assert flat["workloads[id=quarterly-lora].runs_per_year"] == 4
    one = SavedScenario("a", "[x]\nflag = 1\nn = 6_000_000\n", 1, OPTIMAL, None, NOW, NOW)
    true = SavedScenario("b", "[x]\nflag = true\nn = 6000000.0\n", 1, OPTIMAL, None, NOW, NOW)
    assert [d.path for d in compare([one, true]).inputs] == ["x.flag"]


# --- headline -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bank", "hedged", "no-ovhcloud"])
def test_the_headline_figures_are_each_plans_own(
    saved: dict[str, SavedScenario], name: str
) -> None:
    others = [n for n in ("bank", "hedged", "no-ovhcloud") if n != name]
    c = compare(_pick(saved, name, *others))
    plan = saved[name].plan
    assert plan is not None and plan.result is not None
    h = c.headline[0]
    scores = plan.result.scores
    tokens = sum(w.tokens_per_year for w in plan.result.workloads)
    assert (h.name, h.status, h.currency) == (name, plan.header.status, "EUR")
    assert h.annual_cost == plan.result.annual_cost
    assert h.cost_per_mtok == pytest.approx(plan.result.annual_cost / tokens * 1e6)
    assert h.independence == scores.independence.total
    assert h.lock_in == scores.lock_in.total
    assert h.provider_hhi == scores.provider_hhi
    assert h.effective_providers == scores.effective_providers
    assert h.catalog_revision == plan.header.catalog_revision
    by_objective = {c.key: c.points for c in scores.independence.components}
    assert list(by_objective) == [f"SOV-{i}" for i in range(1, 9)]
    assert {k: v[0] for k, v in c.independence_by_objective.items()} == by_objective
    by_component = {c.key: c.points for c in scores.lock_in.components}
    assert {k: v[0] for k, v in c.lock_in_by_component.items()} == by_component
    assert "provider_hhi" in by_component


def test_an_infeasible_scenario_compares_with_none_figures(
    saved: dict[str, SavedScenario],
) -> None:
    c = compare(_pick(saved, "bank", "poor"))
    poor = c.headline[1]
    assert poor.status is SolveStatus.INFEASIBLE
    assert poor.catalog_revision == saved["poor"].catalog_revision
    assert (poor.annual_cost, poor.cost_per_mtok, poor.independence, poor.lock_in) == (None,) * 4
    assert (poor.provider_hhi, poor.effective_providers) == (None, None)
    assert c.independence_by_objective
    assert all(v[1] is None for v in c.independence_by_objective.values())
    assert c.lock_in_by_component
    assert all(v[1] is None for v in c.lock_in_by_component.values())
    # everything the bank buys, the poor bank does not
    assert c.line_items and all(li.change[1] is Change.REMOVED for li in c.line_items)
    assert all(li.per_scenario[1] is None for li in c.line_items)
    assert c.currency == "EUR" and not c.warnings


def test_an_infeasible_baseline_makes_every_item_added(saved: dict[str, SavedScenario]) -> None:
    c = compare(_pick(saved, "poor", "bank"))
    assert [li.change for li in c.line_items] == [(Change.BASELINE, Change.ADDED)] * len(
        c.line_items
    )


# --- line items -----------------------------------------------------------------------------


def test_line_items_are_classified_against_the_first_scenario(
    saved: dict[str, SavedScenario],
) -> None:
    c = compare(_pick(saved, "bank", "hedged", "no-ovhcloud"))
    results = [_result(saved[n]) for n in ("bank", "hedged", "no-ovhcloud")]
    keys = [{i.venue_key: i for i in r.line_items} for r in results]
    assert {li.venue_key for li in c.line_items} == set().union(*keys)
    for li in c.line_items:
        assert li.change[0] is Change.BASELINE
        for i, mine in enumerate(keys):
            figures = li.per_scenario[i]
            if li.venue_key in mine:
                assert figures is not None
                assert figures.quantity == mine[li.venue_key].quantity
                assert figures.annual_cost == mine[li.venue_key].annual_cost
            else:
                assert figures is None
        for i in (1, 2):
            in_base, in_this = li.venue_key in keys[0], li.venue_key in keys[i]
            if in_this and not in_base:
                assert li.change[i] is Change.ADDED
            elif in_base and not in_this:
                assert li.change[i] is Change.REMOVED
    by_key = {li.venue_key: li for li in c.line_items}
    # without OVHcloud, whatever the bank bought from it goes and another provider's comes in
    from_ovh = [key for key, item in keys[0].items() if item.provider == "ovhcloud"]
    assert from_ovh, "the bank's plan buys nothing from OVHcloud: exclude another provider"
    assert all(by_key[key].change[2] is Change.REMOVED for key in from_ovh)
    assert any(li.change[2] is Change.ADDED for li in c.line_items)
    # a 40 % cap on any one provider (and independence second) changes what is bought
    assert any(li.change[1] is not Change.SAME for li in c.line_items)


def test_a_scenario_compared_with_itself_under_another_name_is_the_same(
    saved: dict[str, SavedScenario],
) -> None:
    bank = saved["bank"]
    twin = SavedScenario(
        "twin", bank.scenario_toml, bank.catalog_revision, bank.status, bank.plan, NOW, NOW
    )
    c = compare([bank, twin])
    assert c.inputs == ()
    assert c.line_items
    assert all(li.change == (Change.BASELINE, Change.SAME) for li in c.line_items)


def test_a_tiny_float_difference_is_no_change(saved: dict[str, SavedScenario]) -> None:
    bank = saved["bank"]
    result = _result(bank)
    items = tuple(
        replace(i, quantity=i.quantity * (1 + 1e-9), annual_cost=i.annual_cost * (1 - 1e-9))
        for i in result.line_items
    )
    nudged = _with_result(bank, "nudged", replace(result, line_items=items))
    line_items = compare([bank, nudged]).line_items
    assert line_items and all(li.change[1] is Change.SAME for li in line_items)


# --- limits and currencies ------------------------------------------------------------------


def test_fewer_than_two_or_more_than_four_or_a_repeat_is_refused(
    saved: dict[str, SavedScenario],
) -> None:
    bank = saved["bank"]
    copies = [
        SavedScenario(
            f"s{i}", bank.scenario_toml, bank.catalog_revision, bank.status, bank.plan, NOW, NOW
        )
        for i in range(5)
    ]
    with pytest.raises(PlannerError, match="2 to 4"):
        compare(copies[:1])
    with pytest.raises(PlannerError, match="2 to 4"):
        compare([])
    with pytest.raises(PlannerError, match="2 to 4"):
        compare(copies)
    with pytest.raises(PlannerError, match="more than once: bank"):
        compare([bank, saved["hedged"], bank])
    assert len(compare(copies[:4]).scenarios) == 4


def test_unreadable_toml_names_the_scenario(saved: dict[str, SavedScenario]) -> None:
    broken = SavedScenario("broken", "name = ", 1, OPTIMAL, None, NOW, NOW)
    with pytest.raises(PlannerError, match="'broken'"):
        compare([saved["bank"], broken])


def _in_dollars(s: SavedScenario, name: str) -> SavedScenario:
    result = _result(s)
    items = tuple(replace(i, annual_cost=i.annual_cost * 1.1) for i in result.line_items)
    dollars = _with_result(s, name, replace(result, line_items=items), currency="USD")
    text = s.scenario_toml.replace('currency = "EUR"', 'currency = "USD"')
    return replace(dollars, scenario_toml=text)


def test_mismatched_currencies_warn_and_are_not_added_up(saved: dict[str, SavedScenario]) -> None:
    dollars = _in_dollars(saved["bank"], "bank-usd")
    c = compare([saved["bank"], dollars])
    assert c.currency is None
    [warning] = c.warnings
    assert "different currencies" in warning and "EUR" in warning and "USD" in warning
    assert [h.currency for h in c.headline] == ["EUR", "USD"]
    # the same purchases in another currency: quantities compared, costs not
    assert c.line_items
    assert all(li.change[1] is Change.SAME for li in c.line_items)
    data = comparison_to_json(c)
    assert data["currency"] is None and data["warnings"] == [warning]


def test_plans_from_different_catalog_revisions_warn(saved: dict[str, SavedScenario]) -> None:
    bank = saved["bank"]
    older = SavedScenario("older", bank.scenario_toml, 0, bank.status, bank.plan, NOW, NOW)
    c = compare([bank, older])
    [warning] = c.warnings
    assert "different catalog revisions" in warning and "older: 0" in warning
    assert [h.catalog_revision for h in c.headline] == [bank.catalog_revision, 0]


# --- JSON -----------------------------------------------------------------------------------


def test_the_json_has_the_documented_schema(saved: dict[str, SavedScenario]) -> None:
    c = compare(_pick(saved, "bank", "hedged", "no-ovhcloud", "poor"))
    data = json.loads(json.dumps(comparison_to_json(c)))
    assert set(data) == {
        "scenarios", "currency", "warnings", "inputs", "headline",
        "independence_by_objective", "lock_in_by_component", "line_items", "roadmap",
    }  # fmt: skip
    assert data["roadmap"] is None, "none of them keeps a roadmap"
    assert data["scenarios"] == ["bank", "hedged", "no-ovhcloud", "poor"]
    assert data["currency"] == "EUR" and data["warnings"] == []
    assert {"path": "policy.objective", "values": ["cost", "lexicographic", "cost", "cost"]} in (
        data["inputs"]
    )
    for row, h in zip(data["headline"], c.headline, strict=True):
        assert set(row) == {
            "name", "status", "status_text", "annual_cost", "cost_per_mtok", "independence",
            "lock_in", "provider_hhi", "effective_providers", "catalog_revision", "resilience",
        }  # fmt: skip
        assert row["resilience"] is None, "a plain plan survives no listed shock"
        assert row["annual_cost"] == h.annual_cost
        assert row["status_text"] == h.status_text
    assert data["headline"][3]["annual_cost"] is None
    assert list(data["independence_by_objective"]) == [f"SOV-{i}" for i in range(1, 9)]
    assert all(len(v) == 4 and v[3] is None for v in data["independence_by_objective"].values())
    assert "provider_hhi" in data["lock_in_by_component"]
    for li in data["line_items"]:
        assert set(li) == {"venue_key", "item", "provider_name", "per_scenario", "change"}
        assert li["change"][0] == "baseline"
        assert set(li["change"][1:]) <= {"added", "removed", "changed", "same"}
        base = li["per_scenario"][0]
        assert base is None or set(base) == {"quantity", "annual_cost"}
        # the poor bank buys nothing: what the baseline buys is removed, the rest unchanged
        assert li["per_scenario"][3] is None
        assert li["change"][3] == ("same" if base is None else "removed")


# --- text and command line ------------------------------------------------------------------


def test_the_text_names_headline_inputs_scores_and_changes(
    saved: dict[str, SavedScenario],
) -> None:
    text = cli_compare.format_comparison(compare(_pick(saved, "bank", "no-ovhcloud", "poor")))
    assert "annual cost EUR" in text and "independence /100" in text
    assert "policy.excluded_providers" in text and "[deepseek, ovhcloud]" in text
    assert "SOV-5 supply chain" in text and "concentration on provider groups" in text
    assert "Line items relative to bank" in text
    assert "removed" in text and "added" in text
    assert "infeasible" in text


def _cli(workspace_path: Path, *argv: str) -> Callable[[], int]:
    args = build_parser("compare").parse_args(
        ["--workspace", str(workspace_path), "compare", *argv]
    )
    return lambda: int(args.handler(args))


@pytest.fixture
def stored(
    saved: dict[str, SavedScenario], monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, SavedScenario]]:
    """The store answers with this module's plans and, for any other name, as itself (how
    plans get saved is the store's concern, not this test's)."""
    store = pytest.importorskip("planner.results.saved_scenarios")
    real = store.load_saved

    def load_saved(session: Any, name: str) -> SavedScenario:
        return saved[name] if name in saved else real(session, name)  # type: ignore[no-any-return]

    monkeypatch.setattr(cli_compare, "load_saved", load_saved)
    yield saved


def test_the_command_prints_json_and_text_and_refuses_unknown_names(
    stored: dict[str, SavedScenario], workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(workspace_path, "bank", "hedged", "--json")() == 0
    data = json.loads(capsys.readouterr().out)
    assert data == comparison_to_json(compare(_pick(stored, "bank", "hedged")))
    assert _cli(workspace_path, "bank", "poor")() == 0
    assert "Line items relative to bank" in capsys.readouterr().out
    with pytest.raises(CatalogError):
        _cli(workspace_path, "bank", "no-such-scenario")()
    with pytest.raises(PlannerError, match="2 to 4"):
        _cli(workspace_path, "bank")()


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("organisation.annual_budget", "Organisation, Annual budget"),
        ("workloads[id=kyc].tpot_ms", "Workload kyc, Time per output token"),
        ("sites[site=de-fra].power_limit_kw", "Site de-fra, Power limit"),
        ("workloads[2].peak_factor", "Workload 3, Peak factor"),  # keyed by position: from 1
        ("no.such.field", "no.such.field"),  # not declared: the path as written
    ],
)
def test_a_differing_requirement_is_named_by_its_form_label(path: str, label: str) -> None:
    assert requirement_label(path) == label
