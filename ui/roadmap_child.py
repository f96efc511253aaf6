"""The roadmap's solve as a child process runs it: no Qt here, so the solver's fork server
starts the child without importing the GUI.

`plan_roadmap` takes no cancel token (its one MathOpt solve runs to its end or time limit),
so the Roadmap tab solves it in a child process, as solver/child.py does a plan's solve:
cancel ends the process.
"""

from multiprocessing.connection import Connection

from catalog.domain import Catalog
from planner.analysis.roadmap_plan import plan_roadmap
from planner.optimise.solving import SolveParams
from planner.scenario.model import Scenario


def solve_roadmap(
    out: Connection, scenario: Scenario, catalog: Catalog, params: SolveParams
) -> None:
    """Runs in the child: the outcome, or why there is none."""
    try:
        out.send(("done", plan_roadmap(scenario, catalog, params=params)))
    except Exception as exc:  # the parent reports it; the child has no one else to tell
        out.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        out.close()
