"""The handles of a built model: its variables, spend expressions and the rows a re-solve
sets again, shared by the model (solver/model.py), its objective (solver/objective.py) and
a model solved again (solver/rebound.py)."""

from dataclasses import dataclass, field

from ortools.math_opt.python import mathopt

from solver.families import ConstraintFamily, ConstraintRef


@dataclass
class Handles:
    """The model's variables and spend expression, by the names the docstring uses."""

    model: mathopt.Model
    units: list[mathopt.Variable]
    served: list[mathopt.Variable]
    provisioned: list[mathopt.Variable]
    spend: mathopt.LinearExpression
    deficit: mathopt.LinearExpression
    """Σ (100 − I)/100 · spend: spend on less independent venues."""
    slacks: list[tuple[mathopt.Variable, ConstraintRef, float]] = field(default_factory=list)
    """Elastic mode: (slack variable, the constraint it relaxes, scale of one unit)."""
    floor: mathopt.LinearConstraint | None = None
    ceiling: mathopt.LinearConstraint | None = None
    lock_in: mathopt.LinearExpression | None = None
    """The stand-in's lock-in spend Λ (solver/bounds.py), where the model has a ceiling."""
    budget: mathopt.LinearConstraint | None = None
    capex: mathopt.LinearConstraint | None = None
    """The rows a model solved again under other bounds updates (solver/rebound.py)."""
    block: int | None = None
    """The recourse block (shock scenario) these handles belong to; None: the plan itself
    (solver/robust.py builds one block per shock in the same model)."""

    def name(self, name: str) -> str:
        """A variable's or constraint's name, prefixed with its block's in a robust model."""
        return name if self.block is None else f"shock[{self.block}]:{name}"

    def ref(self, family: ConstraintFamily, **indices: int) -> ConstraintRef:
        """A constraint of this block, by family and indices."""
        return ConstraintRef(family=family, shock=self.block, **indices)
