"""Name a field as a person does: "Workload 1 (staff-assistant), Tokens per day".

The CLI prints a problem with its path (`workloads[0].tokens_per_day`), which is what a
person editing the file needs; the GUI names the same field by its label, with rows numbered
from 1 and named by their id, which is what a person looking at the form needs.
"""

from collections.abc import Mapping
from typing import Any

from planner.scenario.field_table import SECTIONS, fields_of
from planner.scenario.problems import FieldPath, Problem, Step
from planner.scenario.schema import Field, Section

WHOLE_FILE = "Scenario file"
"""How the label form names the file as a whole (a problem at the root path)."""


def _section(steps: tuple[Step, ...]) -> Section:
    top = next((s for s in SECTIONS if s.key and steps and s.key == steps[0]), None)
    return top or SECTIONS[0]


def field_at(path: FieldPath) -> Field | None:
    """The declared field a path names (the entry index does not matter), if any."""
    section = _section(path.steps)
    rest = [s for s in path.steps[1 if section.key else 0 :] if isinstance(s, str)]
    nested = next((s for s in SECTIONS if s.within == section and rest[:1] == [s.key]), None)
    if nested is not None:
        section, rest = nested, rest[1:]
    return next((f for f in fields_of(section) if tuple(rest[:len(f.key_path)]) == f.key_path),
                None)  # fmt: skip


def _entry_name(section: Section, index: int, data: Mapping[str, Any]) -> str:
    entries = data.get(section.key)
    entry = entries[index] if isinstance(entries, list) and 0 <= index < len(entries) else {}
    name = entry.get(section.naming_key) if isinstance(entry, dict) else None
    label = f"{section.entry} {index + 1}"
    return f"{label} ({name})" if isinstance(name, str) and name else label


def label_of(path: FieldPath, data: Mapping[str, Any]) -> str:
    """The label form of a path, naming entries by position (from 1) and id."""
    if not path.steps:
        return WHOLE_FILE
    section = _section(path.steps)
    steps = list(path.steps[1:] if section.key else path.steps)
    parts = [section.title] if section.key else []
    if section.repeated and steps and isinstance(index := steps[0], int):
        parts[-1] = _entry_name(section, index, data)
        steps = steps[1:]
        nested = next((s for s in SECTIONS if s.within == section and steps[:1] == [s.key]), None)
        if nested is not None:  # "Workload 1 (kyc), Request class 2, Share of requests"
            return _nested_label(nested, parts, steps[1:])
    field = field_at(path)
    if field is not None:
        if field.subtable is not None:
            parts.append(field.subtable.title)
        parts.append(field.label)
        steps = steps[len(field.key_path) :]
    elif steps and (sub := _subtable(section, steps[0])) is not None:
        parts.append(sub)
        steps = steps[1:]
    parts += [f"item {s + 1}" if isinstance(s, int) else s for s in steps]
    return ", ".join(parts)


def _nested_label(nested: Section, parts: list[str], steps: list[Step]) -> str:
    """The label of a path inside a list within an entry (a workload's request classes)."""
    if steps and isinstance(steps[0], int):
        parts.append(f"{nested.entry} {steps[0] + 1}")
        steps = steps[1:]
    else:
        parts.append(nested.title)
    field = next((f for f in fields_of(nested) if steps[:1] == [f.key]), None)
    if field is not None:
        parts.append(field.label)
        steps = steps[1:]
    parts += [f"item {s + 1}" if isinstance(s, int) else str(s) for s in steps]
    return ", ".join(parts)


def _subtable(section: Section, key: Step) -> str | None:
    return next(
        (f.subtable.title for f in fields_of(section) if f.subtable and f.subtable.key == key),
        None,
    )


def describe(problem: Problem, data: Mapping[str, Any]) -> str:
    """A problem in the label form: "Workload 1 (kyc), Tokens per day: must be …"."""
    return f"{label_of(problem.path, data)}: {problem.reason}"
