"""Read the fields of one TOML table by the field table, collecting every problem with its path.

Type, range and allowed values are checked here for every field alike; rules that tie fields
together are `reader.py`'s.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from catalog.domain import Catalog
from catalog.input_files import quoted
from planner.scenario.problems import FieldPath, Problem
from planner.scenario.schema import (
    Catalogued,
    Field,
    Section,
    Subtable,
    ValueType,
    catalogued_choices,
    catalogued_problem,
)

EXPECTED: dict[ValueType, str] = {
    ValueType.TEXT: "text",
    ValueType.WHOLE: "a whole number",
    ValueType.NUMBER: "a number",
    ValueType.FLAG: "true or false",
    ValueType.TEXT_LIST: "a list of text",
}
"""What a message says was expected, per type."""


Table = Mapping[str, Any]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class TableReader:
    """Converts TOML values to the types of the Scenario; problems go to `problems`."""

    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    _allowed: dict[Catalogued, tuple[str, ...]] = field(default_factory=dict)

    def fail(self, path: FieldPath, reason: str) -> None:
        self.problems.append(Problem(path, reason))

    def failed_under(self, path: FieldPath) -> bool:
        return any(p.path.startswith(path) for p in self.problems)

    def table(self, data: Mapping[str, Any], section: Section) -> Mapping[str, Any]:
        """A section's table ({} when absent or not a table, the latter reported)."""
        value = data.get(section.key, {})
        if isinstance(value, dict):
            return value
        self.fail(section.path(), f"expected a table, got {quoted(value)}")
        return {}

    def entries(self, data: Mapping[str, Any], section: Section) -> list[tuple[int, Table]]:
        """The tables of an array of tables, with their indexes; other items are reported."""
        items = data.get(section.key, [])
        if not isinstance(items, list):
            self.fail(section.path(), f"expected a list of tables, got {quoted(items)}")
            return []
        found: list[tuple[int, Table]] = []
        for index, item in enumerate(items):
            if isinstance(item, dict):
                found.append((index, item))
            else:
                self.fail(section.path(index), "expected a table")
        return found

    def unknown_keys(self, table: Mapping[str, Any], at: FieldPath, known: Sequence[str],
                     noun: str = "") -> None:  # fmt: skip
        for key in table:
            if key not in known:
                reason = f"unknown {noun}; use {', '.join(known)}" if noun else "unknown field"
                self.fail(at / key, reason)

    def read(self, table: Mapping[str, Any], at: FieldPath, fields: Sequence[Field],
             *, other_keys: Sequence[str] = ()) -> dict[str, Any]:  # fmt: skip
        """The value of each field (its default when absent), keyed by key; the fields of a
        subtable are gathered in a dict under the subtable's key, leaving out those absent
        without a default. A value with a problem reads as None. A key that is neither a
        field's nor one of `other_keys` is reported as unknown."""
        known = [*dict.fromkeys(f.key_path[0] for f in fields), *other_keys]
        self.unknown_keys(table, at, known)
        values: dict[str, Any] = {}
        subtables: dict[str, Subtable] = {f.subtable.key: f.subtable for f in fields if f.subtable}
        inner = {key: self._subtable(table, at, sub, fields) for key, sub in subtables.items()}
        for f in fields:
            if f.subtable is None:
                values[f.key] = self._value(f, table, at / f.key)
                continue
            value = self._value(f, inner[f.subtable.key], at / f.subtable.key / f.key)
            gathered = values.setdefault(f.subtable.key, {})
            if value is not None:
                gathered[f.key] = value
        return values

    def _subtable(self, table: Mapping[str, Any], at: FieldPath, sub: Subtable,
                  fields: Sequence[Field]) -> Mapping[str, Any]:  # fmt: skip
        value = table.get(sub.key, {})
        if not isinstance(value, dict):
            self.fail(at / sub.key, f"expected a table, got {quoted(value)}")
            return {}
        known = [f.key for f in fields if f.subtable == sub]
        self.unknown_keys(value, at / sub.key, known, sub.noun)
        return value

    def _value(self, f: Field, table: Mapping[str, Any], path: FieldPath) -> Any:
        if f.key not in table:
            if f.required:
                self.fail(path, "is required")
                return None
            return f.default
        return self._convert(f, table[f.key], path)

    def _convert(self, f: Field, raw: Any, path: FieldPath) -> Any:
        if f.value_type is ValueType.TEXT_LIST:
            if not isinstance(raw, list):
                self.fail(path, f"expected a list of text, got {quoted(raw)}")
                return None
            items = [self._choice(f, item, path / i) for i, item in enumerate(raw)]
            return None if None in items else tuple(items)
        if f.value_type is ValueType.NUMBER and _is_number(raw):
            try:
                raw = float(raw)
            except OverflowError:  # a whole number past 1e308: out of every range
                self.fail(path, f"must be {f.range.text() if f.range else 'finite'} "
                                f"(got {quoted(raw)})")  # fmt: skip
                return None
        valid = {
            ValueType.TEXT: isinstance(raw, str),
            ValueType.WHOLE: isinstance(raw, int) and not isinstance(raw, bool),
            ValueType.NUMBER: isinstance(raw, float),
            ValueType.FLAG: isinstance(raw, bool),
        }[f.value_type]
        if not valid:
            self.fail(path, f"expected {EXPECTED[f.value_type]}, got {quoted(raw)}")
            return None
        if f.range is not None and (reason := f.range.check(raw)):
            self.fail(path, reason)
            return None
        return self._choice(f, raw, path) if f.value_type is ValueType.TEXT else raw

    def _choice(self, f: Field, raw: Any, path: FieldPath) -> Any:
        """A text value checked against the field's allowed values (an enum member for an enum)."""
        if not isinstance(raw, str):
            self.fail(path, f"expected text, got {quoted(raw)}")
            return None
        if isinstance(f.choices, Catalogued):
            allowed = self._catalogued(f.choices)
            if raw not in allowed:
                self.fail(path, catalogued_problem(f.choices, raw, allowed))
                return None
            return raw
        if f.choices is not None:
            return self._member(f.choices, raw, path)
        return raw

    def _member(self, choices: type[StrEnum], raw: str, path: FieldPath) -> StrEnum | None:
        names = [c.value for c in choices]
        if raw not in names:
            self.fail(path, f"{quoted(raw)} is not one of {', '.join(names)}")
            return None
        return choices(raw)

    def _catalogued(self, kind: Catalogued) -> tuple[str, ...]:
        if kind not in self._allowed:
            self._allowed[kind] = tuple(c.value for c in catalogued_choices(kind, self.catalog))
        return self._allowed[kind]
