"""What planning a scenario gives: a plan with its report, or the conflicts that prevent one.

Shared by the plain plan (planning.py) and the plan that must survive chosen shocks
(robust_plan.py); planning.py re-exports it for the faces.
"""

from dataclasses import dataclass, field, replace

from catalog.domain import Catalog
from planner.evaluation.plan import Plan
from planner.evaluation.scoring import PlanContext, PlanReport, evaluate_plan
from planner.money import money_text
from planner.optimise.diagnosis import Conflict
from planner.optimise.options import OptionScope
from planner.scenario.model import Scenario
from solver.problem import SolveStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class Resilience:
    """What a robust plan survives, and what that costs against the plain optimum."""

    must_survive: tuple[str, ...]
    """The policy's names, as written."""
    shocks: tuple[str, ...]
    """The concrete shocks they expanded to, each of which the plan admits a recovery from."""
    annual_cost: float
    """The robust plan's annual cost (in the scenario's currency)."""
    plain_annual_cost: float
    """The plain optimum's: the cheapest plan that need survive nothing."""

    @property
    def price(self) -> float:
        """The price of resilience: what surviving the shocks costs more a year. Never below
        0: every robust plan is a plain plan, so a robust cost under the plain optimum is the
        two solves' optimality gap, not a saving (it printed as "-0.0 %")."""
        return max(self.annual_cost - self.plain_annual_cost, 0.0)

    @property
    def price_share(self) -> float:
        """The price as a share of the plain optimum (0.12 is +12 %)."""
        return self.price / self.plain_annual_cost if self.plain_annual_cost else 0.0

    def text(self, currency: str) -> str:
        """One line, as every face shows it: `robust to 7 shocks (provider-exit:*): EUR
        12,481 (+0.0 % over the plain optimum EUR 12,481)`."""
        count = len(self.shocks)
        return (
            f"robust to {count} shock{'s' if count != 1 else ''} "
            f"({', '.join(self.must_survive)}): {money_text(self.annual_cost, currency)} "
            f"({self.price_share:+.1%} over the plain optimum "
            f"{money_text(self.plain_annual_cost, currency)})"
        )


@dataclass(frozen=True, kw_only=True)
class PlanOutcome:
    status: SolveStatus
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    plan: Plan | None = None
    report: PlanReport | None = None
    conflicts: tuple[Conflict, ...] = ()
    options_considered: int = 0
    """Options the solver chose from in the solve that gave the outcome."""
    options_eligible: int = 0
    """Every eligible option, before dominance and pruning."""
    scope: OptionScope = OptionScope.PRUNED
    """The options the status and the bound hold for: all eligible options, or only the
    pruned set the solver searched."""
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per workload, every provider (or own site) with an eligible option: who could take
    over the work — the substitutes a DORA register of information asks for."""
    resilience: Resilience | None = None
    """A plan that must survive chosen shocks: which, and its price against the plain
    optimum; None for a plain plan."""


def evaluated(plan: Plan, scenario: Scenario, catalog: Catalog) -> PlanReport:
    """The plan's costs and scores, with the data it keeps at each venue."""
    ctx = replace(context_of(scenario), data_gb_by_venue=data_by_venue(scenario, plan))
    return evaluate_plan(plan, catalog, ctx)


def context_of(scenario: Scenario) -> PlanContext:
    """What costing and scoring need from a scenario."""
    return PlanContext(scenario.organisation, scenario.assumptions, scenario.weights)


def data_by_venue(scenario: Scenario, plan: Plan) -> dict[str, float]:
    workloads = {w.id: w for w in scenario.workloads}
    found: dict[str, float] = {}
    for a in plan.allocations:
        found[a.venue.key] = (
            found.get(a.venue.key, 0.0) + workloads[a.workload_id].data_gb * a.share
        )
    return found
