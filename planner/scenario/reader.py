"""Read a scenario from TOML, checking every field against the field table and the catalog.

Each field's type, range and allowed values come from `field_table.py`; the rules that tie
fields together are written out below. Every problem is a `Problem(path, reason)`; all of
them are reported together, before anything is solved. Format: docs/scenario-format.md.
"""

import math
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from catalog.domain import Catalog
from catalog.input_files import (
    MAX_SCENARIO_BYTES,
    TOO_MANY_DIGITS,
    InputFileError,
    parse_nested,
    quoted,
    read_text,
)
from planner.evaluation.cost import CostAssumptions
from planner.evaluation.lockin import LockInWeights
from planner.evaluation.organisation import Organisation
from planner.evaluation.scoring import WEIGHT_SUM_TOLERANCE, ScoreWeights
from planner.scenario.field_table import (
    ASSUMPTIONS,
    INDEPENDENCE_WEIGHTS,
    LOCK_IN_WEIGHTS,
    MAX_TOKENS_PER_DAY,
    ORGANISATION,
    POLICY_SECTION,
    SCENARIO,
    SECTIONS,
    SITES,
    WEIGHTS,
    WORKLOADS,
    fields_of,
)
from planner.scenario.model import (
    SECONDS_PER_DAY,
    Policy,
    Scenario,
    SiteRequirement,
    Workload,
    WorkloadKind,
)
from planner.scenario.must_survive import unknown_reason
from planner.scenario.problems import ROOT, FieldPath
from planner.scenario.problems import ScenarioError as ScenarioError
from planner.scenario.request_classes import (
    CLASSES_KEY,
    EMBEDDING_OUTPUT_TOKENS,
    read_request_classes,
)
from planner.scenario.roadmap import Roadmap, parse_path, parse_start_date
from planner.scenario.roadmap_fields import ROADMAP
from planner.scenario.shock_library import shock_library
from planner.scenario.shock_reader import read_shocks
from planner.scenario.shocks import Shock
from planner.scenario.table_reader import TableReader

Values = dict[str, Any]


def _workload_rules(r: TableReader, values: Values, table: Mapping[str, Any],
                    at: FieldPath) -> None:  # fmt: skip
    """Demand given once, the embedding's one output, a fine-tuning volume; derived demand."""
    kind = values["kind"]
    if kind is WorkloadKind.EMBEDDING:
        if "output_tokens" not in table:
            values["output_tokens"] = EMBEDDING_OUTPUT_TOKENS
        elif values["output_tokens"] not in (None, EMBEDDING_OUTPUT_TOKENS):
            r.fail(at / "output_tokens", "an embedding returns one vector: use 1")
    if kind is WorkloadKind.FINE_TUNING:
        volume = (values["tokens_per_run"], values["runs_per_year"])
        if None not in volume and not all(volume):  # None: out of range, said already
            r.fail(
                at / "tokens_per_run",
                "a fine-tuning workload needs tokens_per_run and runs_per_year greater than 0",
            )
    elif kind is not None and ("tokens_per_day" in table) == ("requests_per_second_peak" in table):
        r.fail(at / "tokens_per_day", "give either tokens_per_day or requests_per_second_peak")
    per_second, peak = values.pop("requests_per_second_peak"), values["peak_factor"]
    classes = values["request_classes"]
    shape = (values["input_tokens"], values["output_tokens"])
    if per_second is not None and peak is not None and None not in shape:
        per_request = sum(c.share * c.tokens for c in classes) if classes else sum(shape)
        values["tokens_per_day"] = per_second / peak * SECONDS_PER_DAY * per_request
        if values["tokens_per_day"] > MAX_TOKENS_PER_DAY:
            r.fail(
                at / "requests_per_second_peak",
                f"gives {values['tokens_per_day']:.3g} tokens a day, more than the "
                f"{MAX_TOKENS_PER_DAY:g} tokens_per_day allows",
            )
    values["tokens_per_day"] = values["tokens_per_day"] or 0.0


def _workloads(r: TableReader, data: Mapping[str, Any], base: Path) -> list[Values]:
    if WORKLOADS.key not in data:
        r.fail(WORKLOADS.path(), "is required")
        return []
    found = []
    seen: set[str] = set()
    for index, table in r.entries(data, WORKLOADS):
        at = WORKLOADS.path(index)
        values = r.read(table, at, fields_of(WORKLOADS), other_keys=[CLASSES_KEY])
        read_request_classes(r, table, at, values, base)
        _workload_rules(r, values, table, at)
        if values["id"] in seen:
            r.fail(at / "id", f"duplicate workload id {quoted(values['id'])}")
        elif values["id"] is not None:
            seen.add(values["id"])
        found.append(values)
    if not found and not r.failed_under(WORKLOADS.path()):
        r.fail(WORKLOADS.path(), "at least one workload is required")
    return found


def _weight_rules(r: TableReader, weights: Values) -> None:
    """Each set of weights, defaults included, adds up to 1."""
    for sub in (INDEPENDENCE_WEIGHTS, LOCK_IN_WEIGHTS):
        if sub.sums_to is None or r.failed_under(WEIGHTS.path() / sub.key):
            continue  # a weight with a problem of its own is reported already
        total = sum(weights[sub.key].values())
        if not math.isclose(total, sub.sums_to, abs_tol=WEIGHT_SUM_TOLERANCE):
            r.fail(WEIGHTS.path(), f"{sub.title.lower()} sum to {total:g}, not {sub.sums_to:g}")


def _must_survive(r: TableReader, names: tuple[str, ...] | None, shocks: list[Shock]) -> None:
    """Each name in policy.must_survive picks a shock of the library or the scenario."""
    if not names:
        return
    known = [*shock_library(r.catalog), *shocks]
    at = POLICY_SECTION.path() / "must_survive"
    for name in names:
        reason = unknown_reason(name, known, r.catalog.providers, r.catalog.ai_models)
        if reason is not None:
            r.fail(at, reason)


def _roadmap(r: TableReader, data: Mapping[str, Any]) -> dict[str, Any]:
    """The `[roadmap]` values; a start date may be written as TOML's own date or as text."""
    table = dict(r.table(data, ROADMAP))
    if isinstance(table.get("start_date"), date):  # a datetime then fails as not YYYY-MM-DD
        table["start_date"] = table["start_date"].isoformat()
    roadmap = r.read(table, ROADMAP.path(), fields_of(ROADMAP))
    checks: dict[str, Callable[[str], object]] = {
        "independence_path": parse_path,
        "start_date": parse_start_date,
    }
    for key, parse in checks.items():
        if not roadmap[key]:
            continue
        try:
            parse(roadmap[key])
        except ValueError as exc:
            r.fail(ROADMAP.path() / key, str(exc))
    return roadmap


def parse_scenario(data: Mapping[str, Any], catalog: Catalog, file: str) -> Scenario:
    """A scenario from parsed TOML; raises ScenarioError listing every problem."""
    r = TableReader(catalog)
    sections = [s.key for s in SECTIONS if s.key and s.within is None]
    top = r.read(data, ROOT, fields_of(SCENARIO), other_keys=sections)
    if ORGANISATION.key not in data:
        r.fail(ORGANISATION.path(), "is required")
    org = r.read(r.table(data, ORGANISATION), ORGANISATION.path(), fields_of(ORGANISATION))
    costs = r.read(r.table(data, ASSUMPTIONS), ASSUMPTIONS.path(), fields_of(ASSUMPTIONS))
    sites = [r.read(table, SITES.path(i), fields_of(SITES)) for i, table in r.entries(data, SITES)]
    workloads = _workloads(r, data, Path(file).parent)
    policy = r.read(r.table(data, POLICY_SECTION), POLICY_SECTION.path(), fields_of(POLICY_SECTION))
    weights = r.read(r.table(data, WEIGHTS), WEIGHTS.path(), fields_of(WEIGHTS))
    _weight_rules(r, weights)
    roadmap = _roadmap(r, data)
    shocks = read_shocks(r, data)
    _must_survive(r, policy["must_survive"], shocks)
    if r.problems:
        raise ScenarioError(file, r.problems)
    organisation = Organisation(org["name"], org["home_jurisdiction"], org["trusted_jurisdictions"])
    return Scenario(
        name=top["name"] or organisation.name,
        organisation=organisation,
        kind=org["kind"],
        assumptions=CostAssumptions(
            currency=org["currency"],
            discount_rate=org["discount_rate"],
            horizon_years=org["horizon_years"],
            **costs,
        ),
        annual_budget=org["annual_budget"],
        capex_budget=org["capex_budget"],
        sites=tuple(SiteRequirement(s["site"], s["power_limit_kw"]) for s in sites),
        workloads=tuple(Workload(**values) for values in workloads),
        policy=Policy(**policy),
        weights=ScoreWeights(
            weights[INDEPENDENCE_WEIGHTS.key], LockInWeights(**weights[LOCK_IN_WEIGHTS.key])
        ),
        shocks=tuple(shocks),
        roadmap=Roadmap(**roadmap),
    )


def toml_data(text: str, file: str) -> dict[str, Any]:
    """The TOML document `text` holds; ScenarioError naming `file` if it is not TOML or is
    nested deeper than any scenario (catalog/input_files.py)."""
    try:
        return parse_nested(tomllib.loads, text)
    except InputFileError as exc:
        raise ScenarioError.of_file(file, str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError.of_file(file, f"not valid TOML ({exc})") from None
    except ValueError:  # Python reads no whole number of more digits
        raise ScenarioError.of_file(file, TOO_MANY_DIGITS) from None


def read_scenario_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """A scenario file's text (without a byte-order mark) and the TOML document it holds;
    ScenarioError for a missing, unreadable, oversized, undecodable or non-TOML file."""
    try:
        text = read_text(path, MAX_SCENARIO_BYTES)
    except InputFileError as exc:
        raise ScenarioError.of_file(str(path), str(exc)) from None
    return text, toml_data(text, str(path))


def load_scenario(path: Path, catalog: Catalog) -> Scenario:
    """Read and validate a scenario file."""
    _, data = read_scenario_toml(path)
    return parse_scenario(data, catalog, str(path))
