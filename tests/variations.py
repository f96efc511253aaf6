"""Random variations of the shipped examples over every scenario field that constrains a plan.

A variation is a list of edits to an example's TOML — a value set at a field's path, or the
field removed — read back by the real scenario reader. The values each field may take are
declared per field of the field table (planner/scenario/field_table.py) in `FIELD_VALUES`;
the fields no plan depends on are in `NOT_VARIED` with the reason. tests/planner/
test_plan_checker.py requires the two to cover the whole table, so a field added to the
format without a variation here fails a test.

Choices are made by a `choose` function: Hypothesis's `data.draw` in the tests (so failures
shrink), a seeded numpy generator in benchmarks/soak_checker.py (so a soak run repeats).
"""

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from catalog.domain import Catalog
from planner.capacity.finetune import FineTuneMethod
from planner.evaluation.independence import OBJECTIVES
from planner.evaluation.lockin import COMPONENT_LABELS
from planner.scenario.examples import example_names, example_path
from planner.scenario.field_table import FIELDS, INDEPENDENCE_WEIGHTS, LOCK_IN_WEIGHTS, SHOCKS
from planner.scenario.model import DataClass, Objective, Scenario, WorkloadKind
from planner.scenario.problems import FieldPath
from planner.scenario.reader import parse_scenario
from planner.scenario.roadmap_fields import ROADMAP
from planner.scenario.schema import Field

Choose = Callable[[Sequence[Any]], Any]
"""Picks one of the choices given."""
REMOVE = object()
"""The edit that removes a field (its default applies)."""
EDIT_CHANCE = 4
"""Each field is edited with chance 1 in EDIT_CHANCE; else the example's value stays."""
RARE_EDIT_CHANCE = 16
"""Fields that each alone can leave a workload no option (a SEAL floor, a short list of
allowed providers) are edited with chance 1 in this, so most variations still plan; and
shocks to survive, each of which adds a world to compile and a block to solve."""
RARE: frozenset[str] = frozenset(
    {
        "policy.allowed_providers",
        "policy.must_survive",
        *(f"workloads[].min_seal.{o}" for o in OBJECTIVES),
    }
)
WEIGHT_STEPS = 4
"""Random weights are whole numbers 0–WEIGHT_STEPS, normalised to sum to 1."""

NOT_VARIED: dict[str, str] = {
    "name": "the scenario's title",
    "organisation.name": "descriptive",
    "organisation.kind": "descriptive only (its help says it does not change the plan)",
    "workloads[].id": "a name",
    "workloads[].kind": "another kind is another workload; the examples hold every kind",
    "workloads[].request_histogram": "a file of request classes; the classes themselves are "
    "varied inline (`workloads[].request_classes.*`)",
    **{
        f"shocks[].{f.key}": "a shock of `sovplan stress`, run on the plan after it is made"
        for f in FIELDS
        if f.section is SHOCKS
    },
    **{
        f"roadmap.{f.key}": "the build-out roadmap's (`sovplan roadmap`); a plan ignores it"
        for f in FIELDS
        if f.section is ROADMAP
    },
    "workloads[].growth_per_year": "the roadmap's; a plan serves the scenario's demand",
    "workloads[].start_year": "the roadmap's; a plan serves every workload",
}
"""Fields no plan depends on, by field id (`workloads[]` for every workload), and why."""


@dataclass(frozen=True)
class Context:
    """What a field's choices may depend on: the catalog, and the workload being edited."""

    catalog: Catalog
    workload: dict[str, Any]


def _ids(items: Sequence[str], sizes: Sequence[int] = (1, 2)) -> list[list[str]]:
    """Sublists of a few sizes, taken in steps through the items (deterministic)."""
    found: list[list[str]] = [[]]
    for size in sizes:
        found += [list(items[i : i + size]) for i in range(0, len(items), max(1, len(items) // 3))]
    return found


def _scaled(key: str, factors: Sequence[float]) -> Callable[[Context], list[Any]]:
    return lambda c: [c.workload[key] * f for f in factors] if key in c.workload else []


def _providers(c: Context) -> list[list[str]]:
    return _ids(sorted(c.catalog.providers))


def _many_providers(c: Context) -> list[list[str]]:
    """Half the providers or more: an allowed list that leaves most workloads an option."""
    names = sorted(c.catalog.providers)
    return [names[i::2] for i in range(2)] + [names[: len(names) * 3 // 4]]


FIELD_VALUES: dict[str, Callable[[Context], list[Any]]] = {
    "organisation.home_jurisdiction": lambda c: ["DE", "FR", "EE", "US", "CH"],
    "organisation.trusted_jurisdictions": lambda c: [[], ["EU"], ["EU", "CH"], ["US"]],
    "organisation.currency": lambda c: ["EUR", "USD", "CHF"],
    "organisation.horizon_years": lambda c: [1.0, 3.0, 5.0, 10.0],
    "organisation.discount_rate": lambda c: [0.0, 0.04, 0.1],
    "organisation.annual_budget": lambda c: [REMOVE, 2e3, 1e4, 5e4, 3e5, 6e6],
    "organisation.capex_budget": lambda c: [REMOVE, 5e4, 2e5, 1e6, 4e6],
    "assumptions.networking_capex_share": lambda c: [0.0, 0.15, 0.4],
    "assumptions.operations_share_of_capex_per_year": lambda c: [0.0, 0.08, 0.3],
    "assumptions.average_power_fraction": lambda c: [0.3, 0.7, 1.0],
    "sites[].site": lambda c: sorted(c.catalog.sites),
    "sites[].power_limit_kw": lambda c: [REMOVE, 0.0, 6.0, 12.0, 25.0, 120.0, 1000.0],
    "policy.max_provider_share": lambda c: [0.3, 0.5, 0.7, 1.0],
    "policy.survive_provider_loss": lambda c: [False, True],
    "policy.survive_site_loss": lambda c: [False, True],
    "policy.allowed_providers": _many_providers,
    "policy.excluded_providers": _providers,
    "policy.excluded_models": lambda c: _ids(sorted(c.catalog.ai_models), (1, 3)),
    "policy.excluded_accelerator_vendors": lambda c: _ids(
        sorted({a.vendor for a in c.catalog.accelerators.values()})
    ),
    "policy.allowed_precisions": lambda c: [[], ["bf16"], ["bf16", "fp8"], ["fp8", "int4"]],
    "policy.min_independence": lambda c: [REMOVE, 30.0, 60.0, 75.0, 85.0],
    "policy.max_lock_in": lambda c: [REMOVE, 10.0, 20.0, 30.0, 45.0, 60.0],
    "policy.objective": lambda c: [o.value for o in Objective],
    "policy.cost_slack": lambda c: [0.0, 0.05, 0.2],
    "policy.independence_surcharge": lambda c: [0.0, 0.5, 2.0],
    "policy.lock_in_surcharge": lambda c: [0.0, 0.5, 2.0],
    "policy.must_survive": lambda c: [["spot-drought"], ["provider-exit:*", "legal-reach:US"]],
    "workloads[].tokens_per_day": _scaled("tokens_per_day", (0.1, 0.5, 2.0, 5.0, 20.0)),
    "workloads[].requests_per_second_peak": lambda c: [0.5, 5.0, 50.0],
    "workloads[].peak_factor": lambda c: [1.0, 2.0, 5.0],
    "workloads[].input_tokens": lambda c: [100, 1500, 8000],
    "workloads[].output_tokens": lambda c: (
        [] if c.workload["kind"] == WorkloadKind.EMBEDDING.value else [50, 400, 2000]
    ),
    "workloads[].tpot_ms": lambda c: [REMOVE, 30.0, 60.0, 200.0],
    "workloads[].ttft_ms": lambda c: [REMOVE, 500.0, 3000.0, 20000.0],
    "workloads[].min_quality": lambda c: [REMOVE, 45.0, 55.0, 65.0, 75.0, 85.0],
    "workloads[].data_class": lambda c: [d.value for d in DataClass],
    **{
        f"workloads[].min_seal.{objective}": (lambda c: [REMOVE, 0, 1, 2, 3, 4])
        for objective in OBJECTIVES
    },
    "workloads[].critical": lambda c: [False, True],
    "workloads[].data_gb": lambda c: [0.0, 50.0, 5000.0, 50000.0],
    "workloads[].tokens_per_run": _scaled("tokens_per_run", (0.1, 5.0, 50.0)),
    "workloads[].runs_per_year": lambda c: [1.0, 4.0, 12.0],
    "workloads[].method": lambda c: [m.value for m in FineTuneMethod],
}
"""The values each field may take in a variation (besides keeping the example's)."""
CLASSES = "workloads[].request_classes.*"
"""Request classes are varied as a whole (their shares add up to 1), like weight vectors."""


def _class_sets(c: Context) -> list[list[dict[str, Any]]]:
    out = 1 if c.workload["kind"] == WorkloadKind.EMBEDDING.value else None
    sets = [
        [(300, 100, 0.7), (4000, 600, 0.3)],
        [(1000, 200, 0.5), (8000, 500, 0.3), (30000, 1000, 0.2)],
        [(200, 50, 0.9), (60000, 2000, 0.1)],
    ]
    return [
        [{"input_tokens": i, "output_tokens": out or o, "share": s} for i, o, s in classes]
        for classes in sets
    ]


FIELD_VALUES[CLASSES] = _class_sets
WEIGHT_VECTORS = {
    INDEPENDENCE_WEIGHTS.key: tuple(OBJECTIVES),
    LOCK_IN_WEIGHTS.key: tuple(COMPONENT_LABELS),
}
"""Subtables whose values must sum to 1: varied as a whole (`weights.<key>.*`)."""


def field_id(field: Field) -> str:
    """`workloads[].tpot_ms` for every workload's field; `weights.lock_in.*` for a weight."""
    if field.subtable is not None and field.subtable.key in WEIGHT_VECTORS:
        return f"weights.{field.subtable.key}.*"
    if field.section.within is not None:
        return CLASSES
    path = field.path(0).text()
    return path.replace("[0]", "[]", 1)


def varied_ids() -> set[str]:
    return set(FIELD_VALUES) | {f"weights.{key}.*" for key in WEIGHT_VECTORS}


@dataclass(frozen=True)
class Variation:
    """An example and the edits made to it: (path, value or REMOVE)."""

    example: str
    edits: tuple[tuple[str, Any], ...]

    def document(self) -> dict[str, Any]:
        text = example_path(self.example).read_text(encoding="utf-8")
        document = tomllib.loads(text)
        for path, value in self.edits:
            _set(document, FieldPath.parse(path).steps, value)
        return document

    def scenario(self, catalog: Catalog) -> Scenario:
        return parse_scenario(self.document(), catalog, f"{self.example} (varied)")

    def __repr__(self) -> str:
        edits = ", ".join(f"{p}={'(removed)' if v is REMOVE else v!r}" for p, v in self.edits)
        return f"Variation({self.example}: {edits})"


def _set(node: Any, steps: tuple[str | int, ...], value: Any) -> None:
    for step in steps[:-1]:
        if isinstance(step, str) and step not in node:
            node[step] = {}
        node = node[step]
    if value is REMOVE:
        node.pop(steps[-1], None)
    else:
        node[steps[-1]] = value


def _weights(choose: Choose, names: tuple[str, ...]) -> dict[str, float]:
    steps = [choose(range(WEIGHT_STEPS + 1)) for _ in names]
    if not any(steps):
        steps[0] = 1
    return {n: s / sum(steps) for n, s in zip(names, steps, strict=True)}


def random_variation(choose: Choose, catalog: Catalog) -> Variation:
    """One variation: an example, then each field edited with chance 1 in EDIT_CHANCE (in
    RARE_EDIT_CHANCE for the fields in RARE)."""
    example = choose(example_names())
    document = Variation(example, ()).document()
    edits: list[tuple[str, Any]] = []
    if choose([True] + [False] * (EDIT_CHANCE * 2 - 1)):
        edits.append(("sites", []))  # no site: no own servers at all
        document["sites"] = []
    for key, names in WEIGHT_VECTORS.items():
        if choose(range(EDIT_CHANCE)) == 0:
            for name, weight in _weights(choose, names).items():
                edits.append((f"weights.{key}.{name}", weight))
    for field in FIELDS:
        values = FIELD_VALUES.get(field_id(field))
        if values is None or field.section.within is not None:
            continue
        chance = RARE_EDIT_CHANCE if field_id(field) in RARE else EDIT_CHANCE
        if not field.section.repeated:
            _edit(choose, edits, field.path().text(), values(Context(catalog, {})), chance)
            continue
        for index, entry in enumerate(document.get(field.section.key, [])):
            if field.kinds and entry.get("kind") not in field.kinds:
                continue
            if "request_classes" in entry and field.key in ("input_tokens", "output_tokens"):
                continue  # the classes give the request sizes
            where = field.path(index).text()
            _edit(choose, edits, where, values(Context(catalog, entry)), chance)
    for index, entry in enumerate(document.get("workloads", [])):
        if entry.get("kind") != WorkloadKind.FINE_TUNING.value:
            _classes(choose, edits, index, _class_sets(Context(catalog, entry)))
    return Variation(example, tuple(_demand_once(edits)))


def _classes(choose: Choose, edits: list[tuple[str, Any]], index: int, sets: list[Any]) -> None:
    """Request classes for one workload, instead of its own request lengths."""
    if choose(range(EDIT_CHANCE)) != 0:
        return
    at = f"workloads[{index}]."
    shape = (at + "input_tokens", at + "output_tokens")
    edits[:] = [(path, value) for path, value in edits if path not in shape]
    edits += [(path, REMOVE) for path in shape]
    edits.append((at + "request_classes", choose(sets)))


def _edit(
    choose: Choose, edits: list[tuple[str, Any]], path: str, values: list[Any], chance: int
) -> None:
    if values and choose(range(chance)) == 0:
        edits.append((path, choose(values)))


def _demand_once(edits: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """A workload given requests per second at the peak loses its tokens per day."""
    out = []
    for path, value in edits:
        if path.endswith(".requests_per_second_peak"):
            out.append((path.replace("requests_per_second_peak", "tokens_per_day"), REMOVE))
        out.append((path, value))
    return out
