"""Write docs/catalog.md from the tables themselves, so the column reference cannot drift.

Run `python -m catalog.docgen > docs/catalog.md`; a test fails when the file is stale.
"""

from sqlalchemy import Column

from catalog.codec import kind_of
from catalog.registry import IMPORTABLE, table_of
from catalog.validation import MAX_MAGNITUDE, MIN_POSITIVE

INTRO = f"""# Catalog reference

Generated from `catalog/tables.py` by `python -m catalog.docgen`; do not edit by hand.
Every fact row carries `source_id` (a row of `sources`) and `as_of` (the date the figure held).
Money columns are in the row's currency, which must exist in `fx_rates`. Imports check every
rule below and write nothing when one row breaks one.

Beyond each column's rules, every number is finite and at most {MAX_MAGNITUDE:g} (unless the
column allows less), a number that must be above 0 is at least {MIN_POSITIVE:g}, and no text
holds a lone surrogate (docs/reliability.md, "Input hardening").
"""


def _rules(column: Column[object]) -> str:
    info = column.info
    parts = []
    if column.primary_key:
        parts.append("key")
    if not column.nullable:
        parts.append("required")
    parts += [f"→ {fk.column.table.name}" for fk in column.foreign_keys]
    if "gt" in info:
        parts.append(f"> {info['gt']}")
    if "min" in info:
        parts.append(f"≥ {info['min']}")
    if "max" in info:
        parts.append(f"≤ {info['max']}")
    if "lt" in info:
        parts.append(f"< {info['lt']}")
    if "choices" in info:
        parts.append("one of " + ", ".join(f"`{c}`" for c in info["choices"]))
    if "pattern" in info:
        parts.append(f"form `{info['pattern']}`")
    if info.get("slug"):
        parts.append("lowercase id")
    if info.get("country"):
        parts.append("ISO 3166 alpha-2")
    if info.get("currency_code"):
        parts.append("ISO 4217")
    length = getattr(column.type, "length", None)
    if length is not None:
        parts.append(f"≤ {length} characters")
    return "; ".join(parts)


def render() -> str:
    lines = [INTRO]
    for name, cls in IMPORTABLE.items():
        table = table_of(name)
        lines += [f"## `{name}`", "", (cls.__doc__ or "").strip(), ""]
        lines += ["| column | kind | unit | rules | note |", "|---|---|---|---|---|"]
        for column in table.columns:
            info = column.info
            lines.append(
                f"| `{column.name}` | {kind_of(column).value} | {info.get('unit', '')} "
                f"| {_rules(column)} | {info.get('doc', '')} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
