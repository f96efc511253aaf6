"""Read shocks (`[[shocks]]`) by the field table, from a scenario or a file of their own.

Types, ranges and choices are checked by the field table like every scenario value; the
rules below tie a shock's fields to its kind: which a kind needs, and that a field the kind
does not use is a mistake (a `provider` on an FX shock would silently do nothing). A file of
shocks (the shipped library, `sovplan stress --shocks FILE`) holds `[[shocks]]` and nothing
else; its problems name the file, the field and the reason, as a scenario's do.
"""

import tomllib
from collections.abc import Container, Mapping
from pathlib import Path
from typing import Any

from catalog.domain import Catalog
from planner.scenario.field_table import SHOCKS, fields_of
from planner.scenario.problems import ROOT, FieldPath, ScenarioError
from planner.scenario.shocks import EACH, Shock, ShockKind
from planner.scenario.table_reader import TableReader

SHOCK_FILE = "the shock file"
"""How messages name a file of shocks."""
NEEDS_ONE_OF: dict[ShockKind, tuple[str, ...]] = {
    ShockKind.PROVIDER_EXIT: ("provider",),
    ShockKind.PRICE_SHOCK: ("provider", "jurisdiction", "accelerator_vendor", "apis"),
    ShockKind.MODEL_RETIREMENT: ("model",),
    ShockKind.EMBARGO: ("accelerator_vendor", "vendor_country", "min_tpp"),
    ShockKind.LEGAL_REACH: ("jurisdiction",),
    ShockKind.FX_SHOCK: ("currency",),
    ShockKind.SPOT_DROUGHT: (),
}
"""The selectors a kind needs at least one of: what the shock strikes."""
MOVES = frozenset({ShockKind.PRICE_SHOCK, ShockKind.FX_SHOCK})
"""Kinds whose `change` must be given and not 0."""


def _catalogued(
    r: TableReader,
    values: dict[str, Any],
    at: FieldPath,
    key: str,
    known: Container[str],
    noun: str,
    kind: ShockKind,
) -> None:
    value = values.get(key)
    if value is None or value in known:
        return
    if value == EACH:
        if kind not in (ShockKind.PROVIDER_EXIT, ShockKind.MODEL_RETIREMENT):
            r.fail(
                at / key,
                f"{EACH} (each one the plan uses) is for provider exits and model retirements only",
            )
            values[key] = None
        return
    r.fail(at / key, f"{value!r} is not in the catalog's {noun}")
    values[key] = None


def _rules(r: TableReader, values: dict[str, Any], table: Mapping[str, Any], at: FieldPath) -> None:
    kind = values["kind"]
    if kind is None:
        return
    for f in fields_of(SHOCKS):
        if f.kinds and kind not in f.kinds and f.key in table:
            r.fail(at / f.key, f"is not used by {kind} shocks")
    _catalogued(r, values, at, "provider", r.catalog.providers, "providers", kind)
    _catalogued(r, values, at, "model", r.catalog.ai_models, "ai_models", kind)
    needed = NEEDS_ONE_OF[kind]
    if needed and not any(values.get(k) not in (None, False) for k in needed):
        keys = " or ".join(needed)
        r.fail(at / needed[0], f"{kind} shocks need {keys}")
    if kind in MOVES and "change" not in table:
        r.fail(at / "change", f"{kind} shocks need the change (0.3 is +30 %)")
    elif kind in MOVES and values["change"] == 0:
        r.fail(at / "change", "must not be 0: the shock would change nothing")


def read_shocks(r: TableReader, data: Mapping[str, Any]) -> list[Shock]:
    """The `[[shocks]]` of a parsed TOML file; problems go to `r`."""
    found: list[Shock] = []
    seen: set[str] = set()
    for index, table in r.entries(data, SHOCKS):
        at = SHOCKS.path(index)
        before = len(r.problems)
        values = r.read(table, at, fields_of(SHOCKS))
        _rules(r, values, table, at)
        name = values["name"]
        if name in seen:
            r.fail(at / "name", f"duplicate shock name {name!r}")
        elif name is not None:
            seen.add(name)
        if len(r.problems) == before:
            found.append(Shock(**values))
    return found


def parse_shock_file(data: Mapping[str, Any], catalog: Catalog, file: str) -> tuple[Shock, ...]:
    """The shocks of a file that holds only `[[shocks]]`; raises ScenarioError listing
    every problem."""
    r = TableReader(catalog)
    r.unknown_keys(data, ROOT, [SHOCKS.key])
    if SHOCKS.key not in data:
        r.fail(SHOCKS.path(), "is required: a shock file is a list of [[shocks]] tables")
    shocks = read_shocks(r, data)
    if not shocks and not r.problems:
        r.fail(SHOCKS.path(), "at least one shock is required")
    if r.problems:
        raise ScenarioError(file, r.problems, document=SHOCK_FILE)
    return tuple(shocks)


def load_shock_file(path: Path, catalog: Catalog) -> tuple[Shock, ...]:
    """Read and validate a file of shocks."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError.of_file(str(path), "no such file", document=SHOCK_FILE) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError.of_file(
            str(path), f"cannot read the file ({exc})", document=SHOCK_FILE
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError.of_file(
            str(path), f"not valid TOML ({exc})", document=SHOCK_FILE
        ) from None
    return parse_shock_file(data, catalog, str(path))
