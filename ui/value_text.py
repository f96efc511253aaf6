"""How a field's value is shown as text in the editor, and how typed text becomes a value.

Text that does not parse is kept as text, so the scenario reader names the field and the
reason ("expected float, got 'abc'") exactly as it would for a file.
"""

from typing import Any

from planner.scenario.schema import ValueType

GROUPING_FROM = 10_000
"""Whole numbers from here on show thousands separators (380,000,000 reads better)."""


def value_to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and float(value).is_integer() and abs(value) >= GROUPING_FROM:
        return f"{int(value):,}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def parse_cell(text: str, kind: ValueType) -> Any:
    """None (remove the key) for an empty cell; a number for a number; a list for a list."""
    text = text.strip()
    if not text:
        return None
    if kind in (ValueType.NUMBER, ValueType.WHOLE):
        cleaned = text.replace("_", "").replace(",", "")
        try:
            return int(cleaned)
        except ValueError:
            pass
        try:
            return float(cleaned)
        except ValueError:
            return text
    if kind is ValueType.TEXT_LIST:
        return [part.strip() for part in text.split(",") if part.strip()]
    return text
