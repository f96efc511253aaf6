"""The odd values and edits `fuzz_inputs.py` makes to valid files: one module of data.

Each mutation takes a seeded `random.Random`, so a case is reproduced from its number. The
values are the ones issue 11 found trouble with (non-finite, huge, subnormal numbers, deep
nesting, byte-order marks, lone surrogates, formula and markup payloads) and the usual
suspects (type swaps, truncation, duplicate keys, invalid UTF-8).
"""

import contextlib
import copy
import datetime
import math
import random
from collections.abc import Callable
from typing import Any

ODD_NUMBERS: tuple[Any, ...] = (
    math.inf, -math.inf, math.nan, 1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324,
    1e-300, 0.0, -0.0, 0, -1, 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**310, -(10**310),
    1e16, 0.1 + 0.2, 123456789.123456789, 1e-9, 50, 100, 1e12, 1e14,
)  # fmt: skip
"""Numbers at and beyond every edge: non-finite, the largest and smallest floats, 2^63."""

ODD_TEXTS: tuple[str, ...] = (
    "", " ", "text", "1e3", "inf", "NaN", "-0", "true", "null", "\u202eevil", "e\u0301",
    "\u200b", "😀" * 8, "\x00", "\x1f", "\t=1+1", "=HYPERLINK(\"http://x\")", "\uff1dSUM(A1)",
    " @cmd", "\n+1", "<script>alert(1)</script>", "[x](javascript:alert(1))", "\ufeff",
    "a" * 20_000, "Ω≈ç√", "\u2028", "&amp; <b>", "EU", "DE", "interactive", "fine_tuning",
)  # fmt: skip
"""Text: empty, look-alike numbers, bidi and zero-width marks, formula and markup payloads."""

ODD_VALUES: tuple[Any, ...] = (
    True, False, [], [1, 2], ["EU", 3], {}, {"a": 1}, datetime.date(2026, 1, 1),
    datetime.time(12, 0), [[1]], [{}],
)  # fmt: skip
"""Values of the wrong type for almost every field."""

ODD_CELLS: tuple[str, ...] = (
    "1" + "0" * 30, str(2**63), str(2**63 - 1), str(-(2**63) - 1), "1e308", "1e309", "-1e309",
    "inf", "nan", "-0", "5e-324", "0x10", "1_000", " 12 ", "", "true", "no", "2026-02-30",
    "9999-12-31", "0001-01-01", "2026-01-01T00:00:00", "-1", "0", "0.5", "1.5", "EUR", "USD",
    *ODD_TEXTS[9:],
)  # fmt: skip
"""CSV cells: numbers past SQLite's integer range and the float range, dates out of range."""

JSON_EXTRAS: tuple[Any, ...] = (
    2**64, 10**400, -(10**400), 1e308, math.nan, math.inf, [], {}, [[1]], {"a": {"b": 1}},
    True, None, "\ud800", "a\udfffb", 3.5, -7,
)  # fmt: skip
"""JSON values a CSV cannot hold: huge integers, NaN, nested values, lone surrogates."""


SCALES = (1e6, 1e-6, 1e12, 1e-12, 1e-300, 1e300, -1)
"""Factors that keep a number looking valid while pushing it to the edge of its range."""


def pick(rng: random.Random) -> Any:
    """One odd value of any kind."""
    pool = rng.choice((ODD_NUMBERS, ODD_NUMBERS, ODD_TEXTS, ODD_VALUES))
    return copy.deepcopy(rng.choice(pool))


def deep_text(rng: random.Random) -> str:
    """A TOML line nested hundreds to thousands of levels deep (arrays, tables or keys)."""
    depth = rng.choice((40, 200, 1_000, 5_000))
    shape = rng.randrange(3)
    if shape == 0:
        return "deep = " + "[" * depth + "]" * depth
    if shape == 1:
        return "deep = " + "{a = " * depth + "1" + "}" * depth
    return ".".join(["deep"] * depth) + " = 1"


def deep_json(rng: random.Random) -> str:
    depth = rng.choice((40, 200, 1_000, 100_000))
    return rng.choice(("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a parsed document, tables and lists included."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for step in path[:-1]:
        node = node[step]
    return node


def set_somewhere(doc: dict[str, Any], rng: random.Random) -> None:
    path = rng.choice(_paths(doc))
    _parent(doc, path)[path[-1]] = pick(rng)


def delete_somewhere(doc: dict[str, Any], rng: random.Random) -> None:
    path = rng.choice(_paths(doc))
    del _parent(doc, path)[path[-1]]


def add_unknown_key(doc: dict[str, Any], rng: random.Random) -> None:
    tables = [p for p in _paths(doc) if isinstance(_parent(doc, p)[p[-1]], dict)]
    path = rng.choice(tables) if tables else None
    target = doc if path is None else _parent(doc, path)[path[-1]]
    target[rng.choice(("colour", "tokens_per_day", "id", "x" * 300, "ü"))] = pick(rng)


def copy_workloads(doc: dict[str, Any], rng: random.Random) -> None:
    """The first workload again (same id, or many copies under new ids)."""
    workloads = doc.get("workloads")
    if not isinstance(workloads, list) or not workloads:
        return
    if rng.random() < 0.5:
        workloads.append(copy.deepcopy(workloads[0]))
        return
    for i in range(rng.choice((5, 30))):
        extra = copy.deepcopy(workloads[0])
        if isinstance(extra, dict):
            extra["id"] = f"copy-{i}"
        workloads.append(extra)


def scale_a_number(doc: dict[str, Any], rng: random.Random) -> None:
    """A valid number made extreme but still plausible-looking: ×1e6, ×1e-6, at the edges."""
    numbers = [p for p in _paths(doc) if type(_parent(doc, p)[p[-1]]) in (int, float)]
    if not numbers:
        return
    path = rng.choice(numbers)
    parent = _parent(doc, path)
    with contextlib.suppress(OverflowError):  # a huge whole number set by another mutation
        parent[path[-1]] = parent[path[-1]] * rng.choice(SCALES)


DOC_MUTATIONS: tuple[Callable[[dict[str, Any], random.Random], None], ...] = (
    set_somewhere, set_somewhere, set_somewhere, delete_somewhere, add_unknown_key,
    copy_workloads, scale_a_number, scale_a_number,
)  # fmt: skip


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def add_bom(data: bytes, _rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def flip_byte(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]


def invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80")) + data[at:]


def crlf(data: bytes, _rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r\n")


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    """A line said twice: a duplicate TOML key, a duplicate CSV row or JSON member."""
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    return b"\n".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])


BYTE_MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    truncate, add_bom, add_bom, flip_byte, invalid_utf8, crlf, duplicate_line, duplicate_line,
)  # fmt: skip


def scaled(cell: Any, rng: random.Random) -> Any:
    """A numeric cell multiplied by one of SCALES (other cells unchanged)."""
    try:
        number = float(cell)
    except (TypeError, ValueError):
        return cell
    return repr(number * rng.choice(SCALES))


def odd_cell(rng: random.Random) -> str:
    return rng.choice(ODD_CELLS)


def odd_json_value(rng: random.Random) -> Any:
    return copy.deepcopy(rng.choice((*JSON_EXTRAS, *ODD_CELLS[:20])))
