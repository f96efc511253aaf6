"""No import cycle among our modules: each can be read, tested and moved on its own.

import-linter's contracts say which way packages may import, but not "no cycles" inside a
package (ui.main_window and ui.workspace_scenarios once imported each other). This walks
the module graph grimp builds (the one import-linter uses) and names every loop found.
Imports under `if TYPE_CHECKING:` count: a loop that only the type checker follows still
ties two modules together.
"""

from collections import deque
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ui", "planner", "catalog", "solver")


def _shortest_loop(graph: grimp.ImportGraph, start: str) -> tuple[str, ...] | None:
    """The shortest chain of imports from `start` back to itself, if there is one."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported == start:
                chain = [module]
                while chain[-1] != start:
                    chain.append(came_from[chain[-1]])
                return tuple(reversed(chain))
            if imported not in came_from:
                came_from[imported] = module
                queue.append(imported)
    return None


def import_cycles(graph: grimp.ImportGraph) -> list[str]:
    """Every import loop once (as the shortest loop through its first module), readable."""
    seen: set[frozenset[str]] = set()
    loops = []
    for module in sorted(graph.modules):
        loop = _shortest_loop(graph, module)
        if loop is not None and frozenset(loop) not in seen:
            seen.add(frozenset(loop))
            loops.append(" → ".join((*loop, loop[0])))
    return loops


def test_the_cycle_finder_names_a_loop_and_only_the_loop() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("d", "e")]:
        graph.add_import(importer=importer, imported=imported)
    assert import_cycles(graph) == ["a → b → c → a"]
    graph.add_import(importer="e", imported="e")
    assert import_cycles(graph) == ["a → b → c → a", "e → e"]


def test_no_module_of_ours_takes_part_in_an_import_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert {m.split(".")[0] for m in graph.modules} == set(PACKAGES)
    assert "ui.main_window" in graph.modules, "the graph holds the modules, not just packages"
    assert import_cycles(graph) == []
