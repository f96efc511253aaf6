"""Reading parsed JSON as typed values, each failure naming the field and what was wrong.

The plan decoder (planner/results/plan_json.py) reads a stored plan through `JsonValue`, so a
plan edited by hand or cut short says `plan.line_items[2].quantity: expected a number, got
'many'` instead of failing later with a KeyError far from the cause.
"""

from datetime import date
from enum import Enum
from typing import NoReturn, TypeVar

from planner.errors import PlannerError

E = TypeVar("E", bound=Enum)
SHOWN_CHARS = 40
"""A wrong value is quoted in the message up to this many characters."""


class JsonFormatError(PlannerError):
    """A JSON document does not have the shape its reader expects; the message says where."""


def _shown(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


class JsonValue:
    """A value parsed by `json.loads`, with the path that leads to it (`plan.scores`)."""

    __slots__ = ("path", "value")

    def __init__(self, value: object, path: str) -> None:
        self.value = value
        self.path = path

    def fail(self, reason: str) -> NoReturn:
        raise JsonFormatError(f"{self.path}: {reason}")

    def _expected(self, what: str) -> NoReturn:
        self.fail(f"expected {what}, got {_shown(self.value)}")

    # -- containers ----------------------------------------------------------------------

    def fields(self) -> dict[str, object]:
        if not isinstance(self.value, dict):
            self._expected("an object")
        return self.value

    def has(self, key: str) -> bool:
        return key in self.fields()

    def at(self, key: str) -> "JsonValue":
        """A field that must be present."""
        fields = self.fields()
        if key not in fields:
            self.fail(f"missing field {key!r}")
        return JsonValue(fields[key], f"{self.path}.{key}")

    def entries(self) -> list[tuple[str, "JsonValue"]]:
        """An object's fields in their order: (key, value)."""
        return [(k, JsonValue(v, f"{self.path}.{k}")) for k, v in self.fields().items()]

    def items(self) -> list["JsonValue"]:
        if not isinstance(self.value, list):
            self._expected("a list")
        return [JsonValue(v, f"{self.path}[{i}]") for i, v in enumerate(self.value)]

    # -- scalars ---------------------------------------------------------------------------

    def text(self) -> str:
        if not isinstance(self.value, str):
            self._expected("text")
        return self.value

    def iso_date(self) -> str:
        """Text that is an ISO 8601 date (2026-12-01), kept as the text."""
        text = self.text()
        try:
            date.fromisoformat(text)
        except ValueError:
            self._expected("a date as YYYY-MM-DD")
        return text

    def texts(self) -> tuple[str, ...]:
        return tuple(item.text() for item in self.items())

    def optional_text(self) -> str | None:
        return None if self.value is None else self.text()

    def number(self) -> float:
        """A JSON number; an integer stays an int, so a re-export writes it as it was."""
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            self._expected("a number")
        return self.value

    def optional_number(self) -> float | None:
        return None if self.value is None else self.number()

    def integer(self) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            self._expected("a whole number")
        return self.value

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            self._expected("true or false")
        return self.value

    def member(self, kind: type[E]) -> E:
        """The member of an enumeration whose value this is."""
        for candidate in kind:
            if candidate.value == self.value:
                return candidate
        choices = ", ".join(str(m.value) for m in kind)
        self._expected(f"one of {choices}")
