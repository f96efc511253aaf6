"""Plain-text tables for the terminal, and the JSON every `--json` prints; the CLI is the
only caller."""

import json
from collections.abc import Sequence
from typing import Any

MAX_CELL_CHARS = 48
"""Longer cells are cut with an ellipsis so a listing stays readable; --json has them whole."""


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: frozenset[int] = frozenset()
) -> str:
    """Columns padded to their widest cell; columns in `right` are right-aligned (numbers)."""
    cells = [[_cut(c, MAX_CELL_CHARS) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if i in right else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def json_text(value: Any) -> str:
    """`--json` output: strict JSON, so a non-finite number (which `json.dumps` would write
    as `Infinity` or `NaN`, not JSON) fails loudly instead of reaching a script."""
    return json.dumps(value, indent=2, allow_nan=False)
