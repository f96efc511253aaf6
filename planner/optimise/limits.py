"""The scenario's limits, checked on the plan as reported, and conflicts found before a solve.

The solver bounds linear stand-ins (solver/model.py); the plan's figures are recomputed from
the plan itself (planner/evaluation/). The stand-ins are exact or bound the reported figure
from above, so a returned plan meets every limit — and `reported_breaches` makes sure: a plan
that broke one would not be returned as feasible.
"""

from collections import defaultdict

from catalog.domain import Catalog
from planner.evaluation.plan import Plan
from planner.evaluation.scoring import PlanReport
from planner.optimise.diagnosis import Conflict
from planner.optimise.options import Compiled
from planner.scenario.model import Scenario
from solver.families import ConstraintFamily

RELATIVE_TOLERANCE = 1e-6
"""A reported figure may pass its limit by this share of the limit (at least 1e-6 absolute):
the solver's own feasibility tolerance, not a rounding of the rule."""


def _above(value: float, limit: float) -> bool:
    return value > limit + RELATIVE_TOLERANCE * max(abs(limit), 1.0)


def reported_breaches(
    scenario: Scenario, catalog: Catalog, plan: Plan, report: PlanReport
) -> tuple[Conflict, ...]:
    """Every limit of the scenario the plan's reported figures break; () when none."""
    policy = scenario.policy
    found: list[Conflict] = []

    def breach(family: ConstraintFamily, field: str, message: str, amount: float) -> None:
        found.append(
            Conflict(
                family=family,
                message=f"the plan found breaks {message}; it is not returned (a fault of "
                "the optimiser's stand-in for this limit, to be reported)",
                fields=(field,),
                amount=amount,
            )
        )

    total = report.costs.total
    if scenario.annual_budget is not None and _above(total, scenario.annual_budget):
        breach(ConstraintFamily.BUDGET_ANNUAL, "organisation.annual_budget",
               f"the annual budget ({total:,.2f} > {scenario.annual_budget:,.2f})",
               total - scenario.annual_budget)  # fmt: skip
    capex = 0.0
    power: dict[str, float] = defaultdict(float)
    for line in plan.owned:
        sku = catalog.server_skus[line.sku_id]
        price = catalog.convert(sku.unit_price, sku.currency, scenario.assumptions.currency)
        capex += price * line.servers * (1 + scenario.assumptions.networking_capex_share)
        power[line.site_id] += sku.power_kw * line.servers
    if scenario.capex_budget is not None and _above(capex, scenario.capex_budget):
        breach(ConstraintFamily.BUDGET_CAPEX, "organisation.capex_budget",
               f"the capital budget ({capex:,.2f} > {scenario.capex_budget:,.2f})",
               capex - scenario.capex_budget)  # fmt: skip
    for i, site in enumerate(scenario.sites):
        if site.power_limit_kw is not None and _above(power[site.site_id], site.power_limit_kw):
            drawn = power[site.site_id]
            breach(ConstraintFamily.SITE_POWER, f"sites[{i}].power_limit_kw",
                   f"the power limit of site {site.site_id} ({drawn:g} kW > "
                   f"{site.power_limit_kw:g} kW)", drawn - site.power_limit_kw)  # fmt: skip
    for group, spend in sorted(report.lock_in_facts.spend_by_provider_group.items()):
        if total > 0 and _above(spend / total, policy.max_provider_share):
            breach(ConstraintFamily.PROVIDER_SHARE, "policy.max_provider_share",
                   f"the largest share per provider group ({group}: {spend / total:.4%})",
                   spend / total - policy.max_provider_share)  # fmt: skip
    independence = report.independence.total
    if policy.min_independence is not None and _above(policy.min_independence, independence):
        breach(ConstraintFamily.MIN_INDEPENDENCE, "policy.min_independence",
               f"the minimum independence ({independence:.4f} < {policy.min_independence:g})",
               policy.min_independence - independence)  # fmt: skip
    lock_in = report.lock_in.total
    if policy.max_lock_in is not None and _above(lock_in, policy.max_lock_in):
        breach(ConstraintFamily.MAX_LOCK_IN, "policy.max_lock_in",
               f"the maximum lock-in ({lock_in:.4f} > {policy.max_lock_in:g})",
               lock_in - policy.max_lock_in)  # fmt: skip
    return tuple(found)


def single_group_conflicts(scenario: Scenario, compiled: Compiled) -> tuple[Conflict, ...]:
    """Critical workloads that must survive the loss of any provider group but whose every
    eligible option is with one group: no plan can keep a backup outside it."""
    if not scenario.policy.survive_provider_loss:
        return ()
    groups: dict[str, set[str | None]] = defaultdict(set)
    for option in compiled.options:
        groups[option.workload_id].add(option.group)
    found = []
    for i, workload in enumerate(scenario.workloads):
        only = groups[workload.id]
        if workload.critical and len(only) == 1 and None not in only:
            group = next(iter(only))
            found.append(
                Conflict(
                    family=ConstraintFamily.SURVIVE_PROVIDER_LOSS,
                    message=f"workload {workload.id} is critical and must survive the loss of "
                    f"any one provider group, but every option it may use is with {group}: "
                    "no backup outside it exists. To fix: add a site for own servers, allow "
                    "another provider, relax its quality or SEAL floors, or turn off "
                    "survive_provider_loss",
                    fields=("policy.survive_provider_loss", f"workloads[{i}]"),
                    amount=1.0,
                )
            )
    return tuple(found)
