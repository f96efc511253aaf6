"""The field table drives the reader: each declared field reads into the Scenario, takes its
declared default when absent, and is refused outside its range with a message naming it."""

import copy
import dataclasses
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from catalog.domain import Catalog
from planner.evaluation.cost import CostAssumptions
from planner.scenario.docgen import DOC, generated_block, row_start, update
from planner.scenario.document import ScenarioDocument
from planner.scenario.field_table import FIELDS, fields_of
from planner.scenario.labels import describe, label_of
from planner.scenario.model import Policy, Scenario, Workload
from planner.scenario.problems import FieldPath, Problem
from planner.scenario.reader import ScenarioError, parse_scenario
from planner.scenario.schema import Field, ValueType
from tests.field_cases import (
    SPARSE,
    catalog_snapshot,
    field_id,
    toml_value,
    with_class_for,
    with_shock_for,
)

NUMBERS = [f for f in FIELDS if f.value_type in (ValueType.NUMBER, ValueType.WHOLE)]


@pytest.fixture(scope="module")
def catalog(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return catalog_snapshot(seeded_template, tmp_path_factory.mktemp("field-table"))


def with_value(field: Field, value: Any, folder: Path) -> dict[str, Any]:
    """The sparse scenario with `value` at the field, and what the rules that tie fields
    together then need (one demand key; weights and request shares that still add up to 1);
    a file the field names is written to `folder`."""
    data = with_class_for(with_shock_for(SPARSE, field), field, folder)
    doc = ScenarioDocument(copy.deepcopy(data))
    doc.set(field.path(0), toml_value(value))
    if field.key == "share" and field.section.within is not None and value < 1:
        classes = doc.data["workloads"][0]["request_classes"]
        classes.append({"input_tokens": 4000, "output_tokens": 400, "share": 1 - value})
    if field.key == "requests_per_second_peak":
        doc.set("workloads[0].tokens_per_day", None)
    if field.subtable is not None and field.subtable.sums_to is not None:
        others = [f for f in fields_of(field.section) if f.subtable == field.subtable]
        rest = (field.subtable.sums_to - value) / (len(others) - 1)
        for other in others:
            if other != field:
                doc.set(other.path(), rest)
    return doc.data


def value_in(scenario: Scenario, field: Field) -> Any:
    """The value at the field's target attribute of the Scenario."""
    node: Any = scenario
    if field.section.within is not None:  # a request class of the first workload
        return getattr(scenario.workloads[0].request_classes[0], field.key)
    if field.section.repeated:
        node = getattr(scenario, field.section.key)[0]
    for part in field.target.split("."):
        node = node[part] if isinstance(node, Mapping) else getattr(node, part)
    return node


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9)
    return bool(a == b)


def test_the_sparse_scenario_is_valid(catalog: Catalog) -> None:
    assert parse_scenario(SPARSE, catalog, "sparse.toml").workloads


@pytest.mark.parametrize("field", FIELDS, ids=field_id)
def test_every_field_reads_into_the_scenario(
    catalog: Catalog, field: Field, tmp_path: Path
) -> None:
    before = ScenarioDocument(copy.deepcopy(with_class_for(SPARSE, field, tmp_path)))
    assert field.example is not None and toml_value(field.example) != before.get(field.path(0))
    data = with_value(field, field.example, tmp_path)
    scenario = parse_scenario(data, catalog, str(tmp_path / "x.toml"))
    assert same(value_in(scenario, field), field.example)


@pytest.mark.parametrize(
    "field",
    [f for f in FIELDS if not f.required and f.default is not None and not f.default_text],
    ids=field_id,
)
def test_an_absent_field_takes_its_declared_default(catalog: Catalog, field: Field) -> None:
    scenario = parse_scenario(with_shock_for(SPARSE, field), catalog, "sparse.toml")
    assert same(value_in(scenario, field), field.default)


@pytest.mark.parametrize("field", NUMBERS, ids=field_id)
def test_a_number_outside_its_range_is_named_with_the_range(
    catalog: Catalog, field: Field, tmp_path: Path
) -> None:
    assert field.range is not None and math.isfinite(field.range.high), "every number is bounded"
    too_big = (
        field.range.high + 1 if field.value_type is ValueType.WHOLE else field.range.high * 2 + 1
    )
    low = field.range.low
    if field.value_type is ValueType.WHOLE:
        below: float = low - 1
    else:  # just below the range, or between 0 and the range when 0 is allowed besides
        below = low / 2 if field.range.or_zero else math.nextafter(low, -math.inf)
    rule = field.range.text()
    huge: list[tuple[Any, str]] = [(too_big, rule), (below, rule), (10**310, rule),
                                   (-(10**310), rule), (1e308, rule), (-1e308, rule)]  # fmt: skip
    for bad, reason in (*huge, (math.inf, "finite"), (-math.inf, "finite"), (math.nan, "finite")):
        if field.value_type is ValueType.WHOLE and isinstance(bad, float):
            continue  # a whole number read from TOML is an int
        data = with_value(field, field.example, tmp_path)
        ScenarioDocument(data).set(field.path(0), int(bad) if isinstance(bad, int) else bad)
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(data, catalog, "x.toml")
        where = field.path(0).text()
        assert any(line.startswith(f"x.toml: {where}: ") and reason in line
                   for line in caught.value.lines()), caught.value.lines()  # fmt: skip


@pytest.mark.parametrize(
    ("model", "section_attribute"),
    [(Workload, "workloads"), (Policy, "policy"), (CostAssumptions, "assumptions")],
)
def test_every_attribute_of_the_scenario_types_has_a_field(
    model: type, section_attribute: str
) -> None:
    """A new attribute without a field in the table would be missing from the file format."""
    targets = {f.target.split(".")[0] if f.section.repeated else f.target for f in FIELDS}
    for attribute in dataclasses.fields(model):
        name = attribute.name if model is Workload else f"{section_attribute}.{attribute.name}"
        assert name in targets, f"{model.__name__}.{attribute.name} has no field in the table"


def test_every_field_has_words_for_people() -> None:
    for field in FIELDS:
        assert field.label and field.help.endswith("."), field
        assert toml_value(field.example) != toml_value(field.default), field


def test_problems_name_fields_by_path_for_the_cli_and_by_label_for_the_gui() -> None:
    data = copy.deepcopy(SPARSE)
    data["workloads"][0]["id"] = "staff-assistant"
    problem = Problem(FieldPath.parse("workloads[0].tokens_per_day"), "must be greater than 0")
    assert (
        problem.text("bank.toml")
        == "bank.toml: workloads[0].tokens_per_day: must be greater than 0"
    )
    assert describe(problem, data) == (
        "Workload 1 (staff-assistant), Tokens per day: must be greater than 0"
    )
    assert label_of(FieldPath.parse("workloads[0].min_seal.SOV-2"), data) == (
        "Workload 1 (staff-assistant), SEAL floors, SOV-2 legal & jurisdictional"
    )
    assert label_of(FieldPath.parse("policy.excluded_models[1]"), data) == (
        "Policy, Excluded models, item 2"
    )


@pytest.mark.parametrize(
    "text", ["workloads[2].min_seal.SOV-2", "policy.cost_slack", "name", "sites[0]", ""]
)
def test_a_path_reads_back_from_its_text(text: str) -> None:
    assert FieldPath.parse(text).text() == text


def test_clearing_the_last_seal_floor_leaves_no_empty_table() -> None:
    doc = ScenarioDocument(copy.deepcopy(SPARSE))
    before = copy.deepcopy(doc.data)
    old = doc.set("workloads[0].min_seal.SOV-1", 3)
    assert doc.get("workloads[0].min_seal") == {"SOV-1": 3}
    doc.set("workloads[0].min_seal.SOV-1", old)
    assert doc.data == before
    assert "min_seal" not in doc.to_toml()


def test_the_document_reports_problems_as_values(catalog: Catalog) -> None:
    doc = ScenarioDocument(copy.deepcopy(SPARSE), Path("mine.toml"))
    doc.set("workloads[0].peak_factor", 0.5)
    scenario, problems = doc.validate(catalog)
    assert scenario is None
    assert problems == (
        Problem(FieldPath(("workloads", 0, "peak_factor")), "must be from 1 to 100 (got 0.5)"),
    )


def test_the_scenario_format_doc_is_current() -> None:
    document = DOC.read_text(encoding="utf-8")
    assert document == update(document), (
        "docs/scenario-format.md is stale: run `python -m planner.scenario.docgen --write`"
    )


@pytest.mark.parametrize("field", FIELDS, ids=field_id)
def test_every_field_has_a_line_in_the_doc(field: Field) -> None:
    block = generated_block(DOC.read_text(encoding="utf-8"), field.section)
    assert any(line.startswith(row_start(field)) for line in block.splitlines())
