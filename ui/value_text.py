"""How a field's value is shown as text in the editor, and how typed text becomes a value.

Numbers follow the user's locale and shares show as percentages (ui/number_text.py). Text
that does not parse is kept as text, so the document stays invalid and the form says why
(`ui/problem_text.py` words it for the locale).
"""

from typing import Any

from planner.scenario.schema import Field, ValueType
from ui.number_text import (
    NumberProblem,
    format_field_number,
    format_number,
    parse_field_number,
    parse_number,
)

NUMBER_TYPES = (ValueType.NUMBER, ValueType.WHOLE)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def value_to_text(value: Any, field: Field | None = None) -> str:
    """A value as an editor or a cell shows it; `field` says whether a number is a share."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if _is_number(value):
        return format_field_number(value, field) if field else format_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def parse_cell(text: str, kind: ValueType | Field) -> Any:
    """None (remove the key) for an empty cell; a number for a number (read as the field's
    unit and the locale say); a list for a list; unreadable text as itself."""
    text = text.strip()
    if not text:
        return None
    value_type = kind.value_type if isinstance(kind, Field) else kind
    if value_type in NUMBER_TYPES:
        if isinstance(kind, Field):
            return parse_field_number(text, kind)
        parsed = parse_number(text)
        return text if isinstance(parsed, NumberProblem) else parsed
    if value_type is ValueType.TEXT_LIST:
        return [part.strip() for part in text.split(",") if part.strip()]
    return text
