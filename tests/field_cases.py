"""What the tests that walk the field table share: a sparse scenario, values as TOML holds
them, and one catalog snapshot per module (hundreds of small cases read it, none writes)."""

import shutil
from enum import Enum
from pathlib import Path
from typing import Any

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import open_workspace
from planner.scenario.field_table import SHOCKS
from planner.scenario.schema import Field

SPARSE: dict[str, Any] = {
    "organisation": {"home_jurisdiction": "FR"},
    "sites": [{"site": "fr-paris-colo"}],
    "workloads": [{"id": "assistant", "kind": "interactive", "tokens_per_day": 1_000_000}],
}
"""Only what the format requires, so every other field is absent and any example differs."""


SHOCK_BASES: dict[str, dict[str, Any]] = {
    "provider_exit": {"name": "exit", "kind": "provider_exit", "provider": "aws"},
    "price_shock": {"name": "dearer", "kind": "price_shock", "jurisdiction": "US", "change": 0.3},
    "model_retirement": {"name": "retired", "kind": "model_retirement", "model": "gpt-4o"},
    "embargo": {"name": "embargo", "kind": "embargo", "vendor_country": "US"},
    "legal_reach": {"name": "reach", "kind": "legal_reach", "jurisdiction": "US"},
    "fx_shock": {"name": "fx", "kind": "fx_shock", "currency": "USD", "change": 0.2},
    "spot_drought": {"name": "drought", "kind": "spot_drought"},
}
"""A valid shock of each kind with only what its kind needs."""


def with_shock_for(data: dict[str, Any], field: Field) -> dict[str, Any]:
    """`data` with one shock of a kind the field applies to (of the kind a `kind` field's
    example names), if the field is a shock's; `data` itself otherwise."""
    if field.section != SHOCKS:
        return data
    if field.key == "kind":
        kind = toml_value(field.example)
    else:
        kind = min(field.kinds) if field.kinds else "spot_drought"
    return {**data, SHOCKS.key: [dict(SHOCK_BASES[kind])]}


CLASS = {"input_tokens": 1000, "output_tokens": 200, "share": 1.0}
"""One request class holding every request: valid on its own."""
HISTOGRAM = "input_tokens,output_tokens,share\n600,200,0.7\n6000,800,0.3\n"
"""A valid request-size histogram (two classes)."""


def with_class_for(data: dict[str, Any], field: Field, folder: Path) -> dict[str, Any]:
    """`data` with what a request-size field needs: the first workload given one request
    class (instead of its own lengths) for a class's field; the histogram file its example
    names written to `folder`, where a scenario file there finds it."""
    if field.key == "request_histogram":
        (folder / str(field.example)).write_text(HISTOGRAM, encoding="utf-8")
    if field.section.within is None:
        return data
    first = {k: v for k, v in data["workloads"][0].items() if k not in CLASS}
    first["request_classes"] = [dict(CLASS)]
    return {**data, "workloads": [first, *data["workloads"][1:]]}


def field_id(field: Field) -> str:
    return field.path(0).text()


def toml_value(value: Any) -> Any:
    """A table value as a TOML document holds it (enum members as text, lists as lists)."""
    if isinstance(value, Enum):
        return value.value
    return list(value) if isinstance(value, tuple) else value


def catalog_snapshot(template: Path, folder: Path) -> Catalog:
    """The shipped catalog, read from this module's own copy of the seeded workspace."""
    path = folder / "workspace.sqlite"
    shutil.copyfile(template, path)
    workspace = open_workspace(path)
    try:
        with workspace.sessions() as s:
            return load_catalog(s)
    finally:
        workspace.close()
