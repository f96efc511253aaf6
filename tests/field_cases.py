"""What the tests that walk the field table share: a sparse scenario, values as TOML holds
them, and one catalog snapshot per module (hundreds of small cases read it, none writes)."""

import shutil
from enum import Enum
from pathlib import Path
from typing import Any

from catalog.domain import Catalog
from catalog.snapshot import load_catalog
from catalog.workspace import open_workspace
from planner.scenario.schema import Field

SPARSE: dict[str, Any] = {
    "organisation": {"home_jurisdiction": "FR"},
    "sites": [{"site": "fr-paris-colo"}],
    "workloads": [{"id": "assistant", "kind": "interactive", "tokens_per_day": 1_000_000}],
}
"""Only what the format requires, so every other field is absent and any example differs."""


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
