"""The roadmap document as JSON: what is encoded decodes to the same document, and a damaged
one is refused naming the field and the reason."""

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from catalog.domain import Catalog
from planner.results.json_reader import JsonFormatError
from planner.results.roadmap_builder import solve_roadmap
from planner.results.roadmap_document import RoadmapDocument
from planner.results.roadmap_json import (
    decode_roadmap,
    encode_roadmap,
    roadmap_from_text,
    roadmap_to_text,
)
from planner.scenario.examples import example_path
from planner.scenario.reader import load_scenario

pytestmark = pytest.mark.solver
FIRM_YEARS = 2


@pytest.fixture(scope="module")
def firm_roadmap(shipped_catalog: Catalog) -> RoadmapDocument:
    """The mid-size firm's two-year roadmap, solved once for this module."""
    scenario = load_scenario(example_path("midsize-firm"), shipped_catalog)
    return solve_roadmap(scenario, shipped_catalog, FIRM_YEARS)


def test_a_roadmap_comes_back_from_json_as_it_was(firm_roadmap: RoadmapDocument) -> None:
    doc = firm_roadmap
    assert doc.npv is not None and doc.horizon == FIRM_YEARS
    assert roadmap_from_text(roadmap_to_text(doc)) == doc
    assert decode_roadmap(json.loads(json.dumps(encode_roadmap(doc)))) == doc
    first = doc.first_year
    assert first is not None and first.result is not None
    # the firm owns no servers and commits to no term: year 1's plan costs what year 1 does
    assert first.result.annual_cost == pytest.approx(doc.years[0].annual_cost, rel=1e-6)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


DAMAGE: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("a word for the NPV", _set(("npv",), "lots"), "roadmap.npv: expected a number, got 'lots'"),
    ("a newer schema", _set(("schema_version",), 2), "roadmap.schema_version: version 2"),
    ("no currency", _drop("currency"), "roadmap: missing field 'currency'"),
    ("an unknown status", _set(("status",), "great"), "roadmap.status: expected one of"),
    ("years out of order", _set(("years", 1, "year"), 3), "roadmap.years[1].year: expected year 2"),
    (
        "a field this version does not know",
        _set(("years", 0, "period_label"), "2027"),
        "roadmap.years[0]: unknown field 'period_label'",
    ),
    (
        "capex that is not its deliveries'",
        _set(("years", 0, "capex"), 5.0),
        "roadmap.years[0].capex: 5 is not the sum of the deliveries' capex",
    ),
    (
        "a delivery of no units",
        _set(("years", 0, "delivered", 0, "units"), 0),
        "roadmap.years[0].delivered[0].units: must be at least 1",
    ),
    (
        "a damaged year-1 plan",
        _set(("first_year", "annual_cost"), None),
        "roadmap.first_year (year 1's plan): plan.annual_cost: expected a number",
    ),
]


@pytest.mark.parametrize(("damage", "expected"), [(d[1], d[2]) for d in DAMAGE],
                         ids=[d[0] for d in DAMAGE])  # fmt: skip
def test_a_damaged_roadmap_is_refused_naming_the_field(
    firm_roadmap: RoadmapDocument, damage: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = copy.deepcopy(encode_roadmap(firm_roadmap))
    assert data["years"][0]["delivered"], "year 1 rents capacity; pick another case if not"
    damage(data)
    with pytest.raises(JsonFormatError) as refused:
        decode_roadmap(data)
    assert str(refused.value).startswith(expected)


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(JsonFormatError, match=r"^roadmap: not valid JSON"):
        roadmap_from_text("{npv: 1}")
