"""Read a scenario from TOML, checking every field against the rules and the catalog.

Every problem names the file, the field (as a path such as `workloads[2].tokens_per_day`)
and the reason; all problems are reported together, before anything is solved.
Format: docs/scenario-format.md.
"""

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from catalog.domain import Catalog
from planner.errors import PlannerError
from planner.evaluation.cost import CostAssumptions
from planner.evaluation.independence import FRAMEWORK_WEIGHTS
from planner.evaluation.lockin import LockInWeights
from planner.evaluation.organisation import Organisation
from planner.evaluation.scoring import ScoreWeights
from planner.scenario.fields import (
    FieldReader,
    country_code,
    fraction,
    jurisdiction_code,
    non_negative,
    one_of,
    positive,
    score_0_100,
    seal_floors,
    string_list,
)
from planner.scenario.model import (
    SECONDS_PER_DAY,
    DataClass,
    Objective,
    OrganisationKind,
    Policy,
    Scenario,
    SiteRequirement,
    Workload,
    WorkloadKind,
)


class ScenarioError(PlannerError):
    """The scenario file has problems; each names the field and the reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the scenario: "
            + "; ".join(problems[:3])
            + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
        )


def _known(catalog: Catalog, what: str) -> Callable[[str], str | None]:
    ids: Mapping[str, Any] = getattr(catalog, what)
    return lambda v: None if v in ids else f"{v!r} is not in the catalog's {what}"


WORKLOAD_FIELDS = {
    "id",
    "kind",
    "tokens_per_day",
    "requests_per_second_peak",
    "peak_factor",
    "input_tokens",
    "output_tokens",
    "tpot_ms",
    "ttft_ms",
    "min_quality",
    "data_class",
    "min_seal",
    "critical",
    "tokens_per_run",
    "runs_per_year",
    "method",
    "data_gb",
}


def _workload(r: FieldReader, table: Mapping[str, Any], path: str) -> Workload | None:
    r.unknown_keys(table, path, WORKLOAD_FIELDS)
    kind = r.get(table, path, "kind", str, check=one_of(WorkloadKind))
    wid = r.get(table, path, "id", str)
    inp = r.get(table, path, "input_tokens", int, default=1000, check=positive)
    embedding = kind == WorkloadKind.EMBEDDING.value
    out = r.get(
        table, path, "output_tokens", int, default=1 if embedding else 200,
        check=(lambda v: None if v == 1 else "an embedding returns one vector: use 1")
        if embedding else positive,
    )  # fmt: skip
    peak = r.get(
        table,
        path,
        "peak_factor",
        float,
        default=1.0,
        check=lambda v: None if v >= 1 else f"must be at least 1 (got {v})",
    )
    per_day = r.get(table, path, "tokens_per_day", float, default=None, check=positive)
    rps = r.get(table, path, "requests_per_second_peak", float, default=None, check=positive)
    fine_tuning = kind == WorkloadKind.FINE_TUNING.value
    if not fine_tuning and kind is not None:
        if ("tokens_per_day" in table) == ("requests_per_second_peak" in table):
            r.fail(
                f"{path}.tokens_per_day", "give either tokens_per_day or requests_per_second_peak"
            )
        if rps is not None and inp and out and peak:
            per_day = rps / peak * SECONDS_PER_DAY * (inp + out)
    tokens_per_run = r.get(table, path, "tokens_per_run", float, default=0.0, check=non_negative)
    runs = r.get(table, path, "runs_per_year", float, default=0.0, check=non_negative)
    if fine_tuning and not (tokens_per_run and runs):
        r.fail(
            f"{path}.tokens_per_run",
            "a fine-tuning workload needs tokens_per_run and runs_per_year greater than 0",
        )
    values = {
        "tpot_ms": r.get(table, path, "tpot_ms", float, default=None, check=positive),
        "ttft_ms": r.get(table, path, "ttft_ms", float, default=None, check=positive),
        "min_quality": r.get(table, path, "min_quality", float, default=None, check=score_0_100),
        "data_class": r.get(
            table, path, "data_class", str, default="internal", check=one_of(DataClass)
        ),
        "min_seal": seal_floors(r, table, path),
        "critical": r.get(table, path, "critical", bool, default=False),
        "method": r.get(
            table,
            path,
            "method",
            str,
            default="lora",
            check=lambda v: None if v in ("lora", "full") else "must be lora or full",
        ),
        "data_gb": r.get(table, path, "data_gb", float, default=0.0, check=non_negative),
    }
    if None in (kind, wid, inp, out, peak) or values["data_class"] is None:
        return None
    return Workload(
        id=wid,
        kind=WorkloadKind(kind),
        input_tokens=inp,
        output_tokens=out,
        tokens_per_day=per_day or 0.0,
        peak_factor=peak,
        tpot_ms=values["tpot_ms"],
        ttft_ms=values["ttft_ms"],
        min_quality=values["min_quality"],
        data_class=DataClass(values["data_class"]),
        min_seal=values["min_seal"],
        critical=values["critical"],
        tokens_per_run=tokens_per_run or 0.0,
        runs_per_year=runs or 0.0,
        method=values["method"] or "lora",
        data_gb=values["data_gb"],
    )


def _policy(r: FieldReader, table: Mapping[str, Any], catalog: Catalog) -> Policy:
    path = "policy"
    r.unknown_keys(
        table,
        path,
        {
            "max_provider_share",
            "survive_provider_loss",
            "allowed_providers",
            "excluded_providers",
            "excluded_models",
            "excluded_accelerator_vendors",
            "min_independence",
            "max_lock_in",
            "objective",
            "cost_slack",
            "independence_surcharge",
            "lock_in_surcharge",
        },
    )
    vendors = {a.vendor for a in catalog.accelerators.values()}
    return Policy(
        max_provider_share=r.get(
            table,
            path,
            "max_provider_share",
            float,
            default=1.0,
            check=lambda v: None if 0 < v <= 1 else f"must be above 0 and at most 1 (got {v})",
        ),
        survive_provider_loss=r.get(table, path, "survive_provider_loss", bool, default=False),
        allowed_providers=string_list(
            r, table, path, "allowed_providers", _known(catalog, "providers")
        ),
        excluded_providers=string_list(
            r, table, path, "excluded_providers", _known(catalog, "providers")
        ),
        excluded_models=string_list(
            r, table, path, "excluded_models", _known(catalog, "ai_models")
        ),
        excluded_accelerator_vendors=string_list(
            r,
            table,
            path,
            "excluded_accelerator_vendors",
            lambda v: (
                None
                if v in vendors
                else f"{v!r} is not an accelerator vendor in the "
                f"catalog ({', '.join(sorted(vendors))})"
            ),
        ),
        min_independence=r.get(
            table, path, "min_independence", float, default=None, check=score_0_100
        ),
        max_lock_in=r.get(table, path, "max_lock_in", float, default=None, check=score_0_100),
        objective=Objective(
            r.get(table, path, "objective", str, default="cost", check=one_of(Objective)) or "cost"
        ),
        cost_slack=r.get(table, path, "cost_slack", float, default=0.05, check=fraction),
        independence_surcharge=r.get(
            table, path, "independence_surcharge", float, default=0.0, check=non_negative
        ),
        lock_in_surcharge=r.get(
            table, path, "lock_in_surcharge", float, default=0.0, check=non_negative
        ),
    )


def _weights(r: FieldReader, table: Mapping[str, Any]) -> ScoreWeights:
    independence = dict(FRAMEWORK_WEIGHTS)
    lock_in = LockInWeights().as_dict()
    for name, target in (("independence", independence), ("lock_in", lock_in)):
        given = r.get(table, "weights", name, dict, default={}) or {}
        for key, value in given.items():
            where = f"weights.{name}.{key}"
            if key not in target:
                r.fail(where, f"unknown weight; use {', '.join(target)}")
            elif not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                r.fail(where, f"must be a non-negative number (got {value!r})")
            else:
                target[key] = float(value)
    try:
        return ScoreWeights(independence, LockInWeights(**lock_in))
    except PlannerError as exc:
        r.fail("weights", str(exc))
        return ScoreWeights()


def parse_scenario(data: Mapping[str, Any], catalog: Catalog, file: str) -> Scenario:
    """A scenario from parsed TOML; raises ScenarioError listing every problem."""
    r = FieldReader(file)
    r.unknown_keys(
        data, "", {"name", "organisation", "sites", "policy", "workloads", "weights", "assumptions"}
    )
    org = r.get(data, "", "organisation", dict) or {}
    p = "organisation"
    r.unknown_keys(
        org,
        p,
        {
            "name",
            "kind",
            "home_jurisdiction",
            "trusted_jurisdictions",
            "currency",
            "horizon_years",
            "discount_rate",
            "annual_budget",
            "capex_budget",
        },
    )
    currencies = set(catalog.usd_per_unit)
    organisation = Organisation(
        r.get(org, p, "name", str, default="Organisation"),
        r.get(org, p, "home_jurisdiction", str, check=country_code) or "",
        string_list(r, org, p, "trusted_jurisdictions", jurisdiction_code),
    )
    kind = r.get(org, p, "kind", str, default="other", check=one_of(OrganisationKind))
    assumptions_table = r.get(data, "", "assumptions", dict, default={}) or {}
    r.unknown_keys(
        assumptions_table,
        "assumptions",
        {"networking_capex_share", "operations_share_of_capex_per_year", "average_power_fraction"},
    )
    defaults = CostAssumptions()
    assumptions = CostAssumptions(
        currency=r.get(
            org,
            p,
            "currency",
            str,
            default="EUR",
            check=lambda v: (
                None
                if v in currencies
                else f"{v!r} has no exchange rate in the catalog ({', '.join(sorted(currencies))})"
            ),
        ),
        discount_rate=r.get(
            org,
            p,
            "discount_rate",
            float,
            default=defaults.discount_rate,
            check=lambda v: None if 0 <= v < 1 else f"must be in [0, 1) (got {v})",
        ),
        horizon_years=r.get(
            org, p, "horizon_years", float, default=defaults.horizon_years, check=positive
        ),
        networking_capex_share=r.get(
            assumptions_table,
            "assumptions",
            "networking_capex_share",
            float,
            default=defaults.networking_capex_share,
            check=fraction,
        ),
        operations_share_of_capex_per_year=r.get(
            assumptions_table,
            "assumptions",
            "operations_share_of_capex_per_year",
            float,
            default=defaults.operations_share_of_capex_per_year,
            check=fraction,
        ),
        average_power_fraction=r.get(
            assumptions_table,
            "assumptions",
            "average_power_fraction",
            float,
            default=defaults.average_power_fraction,
            check=fraction,
        ),
    )
    sites = []
    for i, site in enumerate(r.get(data, "", "sites", list, default=[]) or []):
        path = f"sites[{i}]"
        if not isinstance(site, dict):
            r.fail(path, "expected a table")
            continue
        r.unknown_keys(site, path, {"site", "power_limit_kw"})
        site_id = r.get(site, path, "site", str, check=_known(catalog, "sites"))
        limit = r.get(site, path, "power_limit_kw", float, default=None, check=non_negative)
        if site_id:
            sites.append(SiteRequirement(site_id, limit))
    workloads = []
    raw_workloads = r.get(data, "", "workloads", list) or []
    if not raw_workloads and not any("workloads" in x for x in r.problems):
        r.fail("workloads", "at least one workload is required")
    seen: set[str] = set()
    for i, item in enumerate(raw_workloads):
        path = f"workloads[{i}]"
        if not isinstance(item, dict):
            r.fail(path, "expected a table")
            continue
        workload = _workload(r, item, path)
        if workload and workload.id in seen:
            r.fail(f"{path}.id", f"duplicate workload id {workload.id!r}")
        elif workload:
            seen.add(workload.id)
            workloads.append(workload)
    policy = _policy(r, r.get(data, "", "policy", dict, default={}) or {}, catalog)
    weights = _weights(r, r.get(data, "", "weights", dict, default={}) or {})
    annual_budget = r.get(org, p, "annual_budget", float, default=None, check=positive)
    capex_budget = r.get(org, p, "capex_budget", float, default=None, check=positive)
    name = r.get(data, "", "name", str, default=organisation.name)
    if r.problems:
        raise ScenarioError(r.problems)
    return Scenario(
        name=name,
        organisation=organisation,
        kind=OrganisationKind(kind),
        assumptions=assumptions,
        annual_budget=annual_budget,
        capex_budget=capex_budget,
        sites=tuple(sites),
        workloads=tuple(workloads),
        policy=policy,
        weights=weights,
    )


def load_scenario(path: Path, catalog: Catalog) -> Scenario:
    """Read and validate a scenario file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"{path}: cannot read the file ({exc})"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError([f"{path}: not valid TOML ({exc})"]) from None
    return parse_scenario(data, catalog, str(path))
