"""A scenario problem as the form words it: the field by its label, the reason in the
notation the user typed in (their locale's numbers, percentages for shares).

The reader checks the stored value (a share of 1.5, the text "1,5"); a person who typed
150 % or "1,5" should read about what they typed, not about the file's share or a float.
"""

from collections.abc import Mapping
from typing import Any

from planner.scenario.labels import field_at, label_of
from planner.scenario.problems import Problem
from ui.number_text import (
    NumberProblem,
    format_field_number,
    is_percent,
    parse_number,
    percent_range_text,
)
from ui.value_text import NUMBER_TYPES


def _value_at(problem: Problem, data: Mapping[str, Any]) -> Any:
    node: Any = data
    for step in problem.path.steps:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def reason_text(problem: Problem, data: Mapping[str, Any]) -> str:
    """The problem's reason, reworded where the user typed a number or a percentage."""
    field = field_at(problem.path)
    value = _value_at(problem, data)
    if field is None or field.value_type not in NUMBER_TYPES or field.subtable is not None:
        return problem.reason
    if isinstance(value, str):
        typed = value.removesuffix("%").strip() if is_percent(field) else value
        parsed = parse_number(typed)
        return parsed.reason if isinstance(parsed, NumberProblem) else problem.reason
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and is_percent(field) and field.range and problem.reason.startswith("must be"):
        shown = format_field_number(value, field)
        return f"must be {percent_range_text(field.range)} (got {shown} %)"
    return problem.reason


def problem_text(problem: Problem, data: Mapping[str, Any]) -> str:
    """ "Workload 1 (staff-assistant), Tokens per day: must be …", as the form names it."""
    return f"{label_of(problem.path, data)}: {reason_text(problem, data)}"
