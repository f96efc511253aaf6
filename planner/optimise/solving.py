"""The solver's vocabulary as the planner hands it on: status, parameters, progress, cancel.

ui/ talks to planner/ only (an import-linter contract in pyproject.toml); these are the
solver types a view or a worker needs, so they are named here and imported from here.
`warm_up` starts the solver's fork server ahead of the first cancellable solve.
"""

from solver.child import warm_up
from solver.families import ConstraintFamily
from solver.problem import (
    Backend,
    CancelToken,
    Progress,
    SolveParams,
    SolveStatus,
    relative_gap,
)

__all__ = [
    "Backend",
    "CancelToken",
    "ConstraintFamily",
    "Progress",
    "SolveParams",
    "SolveStatus",
    "relative_gap",
    "warm_up",
]
