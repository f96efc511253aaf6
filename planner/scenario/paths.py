"""Scenario requirements as flat dotted paths, to say which requirements differ.

Workloads and sites are keyed by their id rather than their position, so reordering them
is not reported as every later entry changing.
"""

from collections.abc import Mapping
from typing import Any

KEYED_ARRAYS = {"workloads": "id", "sites": "site"}
"""Top-level arrays of tables whose entries are named by a key rather than by position."""


def _entry_keys(entries: list[Any], key: str) -> list[str]:
    """`[id=…]` per entry when every entry has a distinct string key, else `[index]`."""
    names = [e.get(key) if isinstance(e, dict) else None for e in entries]
    if all(isinstance(n, str) for n in names) and len(set(names)) == len(names):
        return [f"[{key}={n}]" for n in names]
    return [f"[{i}]" for i in range(len(entries))]


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list) and value and all(isinstance(e, dict) for e in value):
        key = KEYED_ARRAYS.get(path)
        labels = _entry_keys(value, key) if key else [f"[{i}]" for i in range(len(value))]
        for label, entry in zip(labels, value, strict=True):
            _flatten(entry, f"{path}{label}", out)
    else:
        out[path] = value


def flatten_scenario(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every leaf of a parsed scenario under its dotted path, in file order; workloads and
    sites keyed by their id (`workloads[id=staff-assistant].tpot_ms`), lists of plain values
    (jurisdictions, excluded providers) kept whole as one value."""
    out: dict[str, Any] = {}
    _flatten(dict(data), "", out)
    return out


def same_value(a: Any, b: Any) -> bool:
    """Equal as TOML values: 6_000_000 equals 6000000.0, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    return bool(a == b)
