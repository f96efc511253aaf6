"""An editable scenario: the TOML data itself, changed field by field and validated as a file is.

The GUI edits this document, never the frozen `Scenario`: every edit sets one value at a
field path (`workloads[2].tpot_ms`), the document is re-validated with the same reader as
a scenario file, and problems come back keyed by field path so the form can mark them.
Saving writes TOML atomically. Undo keeps (path, old, new) triples, so no state is copied.
"""

import copy
import itertools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from catalog.atomic import atomic_write_text
from catalog.domain import Catalog
from planner.scenario.model import Scenario
from planner.scenario.reader import ScenarioError, parse_scenario

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_PROBLEM = re.compile(r"^(?P<file>.*?): (?P<path>[\w.\[\]\-]+): (?P<reason>.*)$")


def split_path(path: str) -> list[str | int]:
    """`workloads[2].min_seal.SOV-2` → ['workloads', 2, 'min_seal', 'SOV-2']."""
    return [int(index) if index else key for key, index in _STEP.findall(path)]


@dataclass
class ScenarioDocument:
    data: dict[str, Any]
    path: Path | None = None
    revision: int = 0
    """Moves on every edit, so a solve started earlier can tell its result is stale."""
    saved_revision: int = field(default=0)

    @classmethod
    def load(cls, path: Path) -> "ScenarioDocument":
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ScenarioError([f"{path}: cannot read the scenario ({exc})"]) from None
        return cls(data, Path(path))

    @property
    def modified(self) -> bool:
        return self.revision != self.saved_revision

    def get(self, path: str, default: Any = None) -> Any:
        node: Any = self.data
        for step in split_path(path):
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def set(self, path: str, value: Any) -> Any:
        """Set one value (None removes the key); returns the previous value for undo."""
        steps = split_path(path)
        node: Any = self.data
        for step, following in itertools.pairwise(steps):
            if isinstance(step, str) and step not in node:
                node[step] = [] if isinstance(following, int) else {}
            node = node[step]
        last = steps[-1]
        old = node.get(last) if isinstance(node, dict) else node[last]
        if value is None and isinstance(node, dict):
            node.pop(last, None)
        else:
            node[last] = value
        self.revision += 1
        return old

    def insert_item(self, list_path: str, index: int, item: Mapping[str, Any]) -> None:
        items = self.get(list_path)
        if items is None:
            self.set(list_path, [])
            items = self.get(list_path)
        items.insert(index, copy.deepcopy(dict(item)))
        self.revision += 1

    def remove_item(self, list_path: str, index: int) -> dict[str, Any]:
        removed: dict[str, Any] = self.get(list_path).pop(index)
        self.revision += 1
        return removed

    def validate(self, catalog: Catalog) -> tuple[Scenario | None, dict[str, list[str]]]:
        """The scenario if valid, and every problem keyed by field path."""
        label = str(self.path or "scenario")
        try:
            return parse_scenario(self.data, catalog, label), {}
        except ScenarioError as exc:
            problems: dict[str, list[str]] = {}
            for text in exc.problems:
                match = _PROBLEM.match(text)
                key = match["path"] if match else ""
                problems.setdefault(key, []).append(match["reason"] if match else text)
            return None, problems

    def to_toml(self) -> str:
        return tomli_w.dumps(self.data)

    def save(self, path: Path | None = None) -> Path:
        target = Path(path or self.path or "scenario.toml")
        atomic_write_text(target, self.to_toml())
        self.path, self.saved_revision = target, self.revision
        return target
