"""An editable scenario: the TOML data itself, changed field by field and validated as a file is.

The GUI edits this document, never the frozen `Scenario`: every edit sets one value at a
field path (`workloads[2].tpot_ms`), the document is re-validated with the same reader as
a scenario file, and the problems come back as `Problem` values whose paths the form marks.
Saving writes TOML atomically. Undo keeps (path, old, new) triples, so no state is copied.
"""

import copy
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from catalog.atomic import atomic_write_text
from catalog.domain import Catalog
from planner.scenario.model import Scenario
from planner.scenario.problems import FieldPath, Problem, ScenarioError
from planner.scenario.reader import parse_scenario, read_scenario_toml

PathLike = FieldPath | str
"""A field path, or its dotted form (`workloads[2].min_seal.SOV-2`) as written by hand."""


def as_path(path: PathLike) -> FieldPath:
    return path if isinstance(path, FieldPath) else FieldPath.parse(path)


@dataclass
class ScenarioDocument:
    data: dict[str, Any]
    path: Path | None = None
    revision: int = 0
    """Moves on every edit, so a solve started earlier can tell its result is stale."""
    saved_revision: int = field(default=0)

    @classmethod
    def load(cls, path: Path) -> "ScenarioDocument":
        _, data = read_scenario_toml(Path(path))
        return cls(data, Path(path))

    @property
    def modified(self) -> bool:
        return self.revision != self.saved_revision

    def get(self, path: PathLike, default: Any = None) -> Any:
        node: Any = self.data
        for step in as_path(path).steps:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def set(self, path: PathLike, value: Any) -> Any:
        """Set one value (None removes the key, and tables it leaves empty); returns the
        previous value for undo."""
        steps = as_path(path).steps
        node: Any = self.data
        parents: list[tuple[Any, str | int]] = []
        for step, following in itertools.pairwise(steps):
            if isinstance(step, str) and step not in node:
                node[step] = [] if isinstance(following, int) else {}
            parents.append((node, step))
            node = node[step]
        last = steps[-1]
        old = node.get(last) if isinstance(node, dict) else node[last]
        if value is None and isinstance(node, dict):
            node.pop(last, None)
            self._prune(parents)
        else:
            node[last] = value
        self.revision += 1
        return old

    @staticmethod
    def _prune(parents: list[tuple[Any, str | int]]) -> None:
        """Drop tables left empty inside tables (`min_seal = {}`), innermost first; entries
        of arrays stay, so a row keeps its place."""
        for parent, step in reversed(parents):
            child = parent[step]
            if not (isinstance(parent, dict) and isinstance(child, dict) and not child):
                return
            del parent[step]

    def insert_item(self, list_path: PathLike, index: int, item: Mapping[str, Any]) -> None:
        items = self.get(list_path)
        if items is None:
            self.set(list_path, [])
            items = self.get(list_path)
        items.insert(index, copy.deepcopy(dict(item)))
        self.revision += 1

    def remove_item(self, list_path: PathLike, index: int) -> dict[str, Any]:
        removed: dict[str, Any] = self.get(list_path).pop(index)
        self.revision += 1
        return removed

    def validate(self, catalog: Catalog) -> tuple[Scenario | None, tuple[Problem, ...]]:
        """The scenario if valid, else None and every problem."""
        try:
            return parse_scenario(self.data, catalog, str(self.path or "scenario")), ()
        except ScenarioError as exc:
            return None, exc.problems

    def to_toml(self) -> str:
        return tomli_w.dumps(self.data)

    def save(self, path: Path | None = None) -> Path:
        target = Path(path or self.path or "scenario.toml")
        atomic_write_text(target, self.to_toml())
        self.path, self.saved_revision = target, self.revision
        return target
