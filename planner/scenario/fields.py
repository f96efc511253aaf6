"""Read typed fields out of parsed TOML, collecting every problem with its field path.

A problem reads `FILE: field.path: reason`, so a user can find and fix it without guessing.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from planner.evaluation.independence import OBJECTIVES, SEAL_MAX
from planner.evaluation.organisation import JURISDICTION_GROUPS
from planner.scenario.countries import ISO_3166_ALPHA2

T = TypeVar("T")

_MISSING = object()


@dataclass
class FieldReader:
    """Walks the TOML tables, converting values and collecting problems with their paths."""

    file: str
    problems: list[str] = field(default_factory=list)

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(f"{self.file}: {path}: {reason}")

    def get(
        self,
        table: Mapping[str, Any],
        path: str,
        key: str,
        kind: type[T],
        default: Any = _MISSING,
        check: Callable[[T], str | None] | None = None,
    ) -> Any:
        where = f"{path}.{key}" if path else key
        if key not in table:
            if default is _MISSING:
                self.fail(where, "is required")
            return None if default is _MISSING else default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(where, f"expected {kind.__name__}, got {value!r}")
            return None if default is _MISSING else default
        reason = check(value) if check else None
        if reason:
            self.fail(where, reason)
            return None if default is _MISSING else default
        return value

    def unknown_keys(self, table: Mapping[str, Any], path: str, known: set[str]) -> None:
        for key in table:
            if key not in known:
                self.fail(f"{path}.{key}" if path else key, "unknown field")


def positive(value: float) -> str | None:
    return None if value > 0 else f"must be greater than 0 (got {value})"


def non_negative(value: float) -> str | None:
    return None if value >= 0 else f"must not be negative (got {value})"


def fraction(value: float) -> str | None:
    return None if 0 <= value <= 1 else f"must be between 0 and 1 (got {value})"


def score_0_100(value: float) -> str | None:
    return None if 0 <= value <= 100 else f"must be between 0 and 100 (got {value})"


def one_of(options: type[Any]) -> Callable[[str], str | None]:
    names = [o.value for o in options]
    return lambda v: None if v in names else f"{v!r} is not one of {', '.join(names)}"


def country_code(value: str) -> str | None:
    return None if value in ISO_3166_ALPHA2 else f"{value!r} is not an ISO 3166 country code"


def jurisdiction_code(value: str) -> str | None:
    if value in ISO_3166_ALPHA2 or value in JURISDICTION_GROUPS:
        return None
    return f"{value!r} is not an ISO 3166 country code or one of {', '.join(JURISDICTION_GROUPS)}"


def string_list(
    r: FieldReader,
    table: Mapping[str, Any],
    path: str,
    key: str,
    check: Callable[[str], str | None] | None = None,
) -> tuple[str, ...]:
    values = r.get(table, path, key, list, default=[])
    items: list[str] = []
    for i, value in enumerate(values or []):
        where = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
        if not isinstance(value, str):
            r.fail(where, f"expected a string, got {value!r}")
        elif check and (reason := check(value)):
            r.fail(where, reason)
        else:
            items.append(value)
    return tuple(items)


def seal_floors(r: FieldReader, table: Mapping[str, Any], path: str) -> dict[str, int]:
    floors = r.get(table, path, "min_seal", dict, default={}) or {}
    result = {}
    for objective, level in floors.items():
        where = f"{path}.min_seal.{objective}"
        if objective not in OBJECTIVES:
            r.fail(where, f"unknown objective; use {', '.join(OBJECTIVES)}")
        elif not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= SEAL_MAX:
            r.fail(where, f"SEAL level must be a whole number from 0 to {SEAL_MAX} (got {level!r})")
        else:
            result[objective] = level
    return result
