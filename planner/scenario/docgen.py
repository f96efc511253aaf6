"""Write the field tables of docs/scenario-format.md from the field table, so they cannot drift.

The document is prose written by hand (concepts, examples, how demand becomes capacity) with
one generated table per section between markers:

    <!-- BEGIN GENERATED: fields policy -->  …  <!-- END GENERATED: fields policy -->

Run `python -m planner.scenario.docgen --write` after changing `field_table.py`; a test fails
while the file is stale.
"""

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.scenario.field_table import SECTIONS, fields_of
from planner.scenario.schema import Field, Section, Subtable, number_text

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"
HEADER = "| key | label in the GUI | type | unit | default | allowed | meaning |"
RULE = "|---|---|---|---|---|---|---|"


def begin_marker(section: Section) -> str:
    return f"<!-- BEGIN GENERATED: fields {section.key or 'top level'} -->"


def end_marker(section: Section) -> str:
    return f"<!-- END GENERATED: fields {section.key or 'top level'} -->"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return number_text(value)


def _default(field: Field) -> str:
    if field.required:
        return "**required**"
    if field.default_text:
        return field.default_text
    return "none" if field.default is None else f"`{_toml(field.default)}`"


def _meaning(field: Field) -> str:
    if not field.kinds:
        return field.help
    kinds = ", ".join(f"`{k}`" for k in sorted(field.kinds))
    return f"{field.help} Used by {kinds} {field.section.entry.lower()}s."


def _key(field: Field) -> str:
    return f'`"{field.key}"`' if "-" in field.key else f"`{field.key}`"


def _rows(fields: list[Field]) -> list[str]:
    return [HEADER, RULE] + [
        f"{row_start(f)} {f.value_type.value} | {f.unit.value} | {_default(f)} "
        f"| {f.rule()} | {_meaning(f)} |"
        for f in fields
    ]


def _subtable_heading(section: Section, sub: Subtable) -> str:
    rule = f" The values, defaults included, must add up to {sub.sums_to:g}." if sub.sums_to else ""
    return f"**`[{section.key}.{sub.key}]`** ({sub.title}): {sub.help}{rule}"


def render_section(section: Section) -> str:
    """The generated tables of one section: its own keys, then each of its subtables."""
    fields = fields_of(section)
    lines: list[str] = []
    plain = [f for f in fields if f.subtable is None]
    if plain:
        lines += _rows(plain)
    subtables = list(dict.fromkeys(f.subtable for f in fields if f.subtable is not None))
    for sub in subtables:
        lines += ["", _subtable_heading(section, sub), ""]
        lines += _rows([f for f in fields if f.subtable == sub])
    return "\n".join(lines).strip("\n")


def update(document: str) -> str:
    """The document with every section's generated block replaced by the current tables."""
    for section in SECTIONS:
        begin, end = begin_marker(section), end_marker(section)
        head, found, rest = document.partition(begin)
        if not found:
            raise ValueError(f"the document has no marker {begin!r}")
        _, found, tail = rest.partition(end)
        if not found:
            raise ValueError(f"the document has no marker {end!r}")
        document = f"{head}{begin}\n{render_section(section)}\n{end}{tail}"
    return document


def generated_block(document: str, section: Section) -> str:
    """What stands between a section's markers."""
    return document.partition(begin_marker(section))[2].partition(end_marker(section))[0]


def row_start(field: Field) -> str:
    """How the field's row in the docs begins: its key and its label."""
    return f"| {_key(field)} | {field.label} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {DOC} in place")
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    fresh = update(current)
    if args.write:
        DOC.write_text(fresh, encoding="utf-8")
    else:
        sys.stdout.write(fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
