"""The headline cards of a plan: annual cost, capital outlay against the capital budget, cost
per million tokens, the two scores and the solve. Each figure is the plan document's; the
Annual cost and Capital outlay cards equal the total row of the line items table."""

from collections.abc import Mapping

from planner.money import money_text
from planner.results.plan_document import PlanDocument, PlanResult
from ui.cards import Card
from ui.plan_table_models import money

CARD_TITLES: tuple[tuple[str, str], ...] = (
    ("card-annual-cost", "Annual cost"),
    ("card-capital", "Capital outlay (one-off)"),
    ("card-cost-per-mtok", "Cost per million tokens"),
    ("card-independence", "Independence (higher is better)"),
    ("card-lock-in", "Lock-in (lower is better)"),
    ("card-status", "Solve"),
)
"""(object name, title) of each card, in the row's order."""


def status_text(plan: PlanDocument) -> tuple[str, str]:
    h = plan.header
    gap = f"gap {h.relative_gap:.2%} · " if h.relative_gap is not None else ""
    return (h.status_text, f"{gap}{h.solve_seconds:.2f} s · {h.scope_text}")


def capital_card(card: Card, result: PlanResult, currency: str) -> None:
    """The servers' capital outlay and how much of the capital budget it uses."""
    capital = result.capital
    if capital is None:
        card.show_value(
            "not recorded",
            "plan stored before capital outlay was; solve again",
            "This plan was stored by an earlier sovplan that did not record list prices.",
        )
        return
    if capital.budget is None:
        used = "no capital budget set"
    elif capital.budget_share is None:
        used = f"capital budget {money_text(capital.budget, currency)}"
    else:
        used = (
            f"{capital.budget_share:.1%} of the {money_text(capital.budget, currency)} "
            "capital budget"
        )
    if not capital.outlay:
        budget = "" if capital.budget is None else money_text(capital.budget, currency)
        used = "no servers bought" + (f"; capital budget {budget}" if budget else "")
    card.show_value(
        money_text(capital.outlay, currency),
        used,
        "Servers bought, at list price, plus the networking share: paid once, what the "
        "capital budget limits. The annual cost recovers it over the servers' life.",
    )


def annual_detail(result: PlanResult, plan: PlanDocument, currency: str) -> str:
    """Under the annual cost: the share of the annual budget it uses (the walk-through's
    analyst looked for it), or what surviving the chosen shocks adds."""
    resilience = plan.resilience
    if resilience is not None:
        return f"a year; {resilience.price_share:+.1%} to survive {len(resilience.shocks)} shocks"
    share, budget = result.annual_budget_share, result.annual_budget
    if share is None or budget is None:
        return "a year, all costs annualised"
    return f"a year · {share:.1%} of the {money_text(budget, currency)} annual budget"


def show_plan_cards(
    cards: Mapping[str, Card], plan: PlanDocument, result: PlanResult, currency: str
) -> None:
    c, scores, resilience = currency, result.scores, plan.resilience
    cards["card-annual-cost"].show_value(
        money_text(result.annual_cost, c),
        annual_detail(result, plan, c),
        "Capital recovered as an annuity, energy, hosting, operations, cloud, API and "
        "egress, in the scenario currency; the total row of the Line items tab."
        + ("" if resilience is None else f" The plan is {resilience.text(c)}."),
    )
    capital_card(cards["card-capital"], result, c)
    per_mtok = result.cost_per_mtok
    cards["card-cost-per-mtok"].show_value(
        f"{c} {money(per_mtok)}" if per_mtok is not None else "—",
        "all workloads, input + output",
        "Total annual cost ÷ million tokens a year over all workloads; the Allocations "
        "tab has each workload's own cost per million tokens.",
    )
    weakest = scores.weakest_seal
    cards["card-independence"].show_value(
        f"{scores.independence.total:.1f} /100",
        f"weakest link: SEAL {weakest} of 4" if weakest is not None else "no venue scored",
        "Σ weight × spend-weighted SEAL level / 4 × 100 over the eight objectives of the "
        "EU Cloud Sovereignty Framework (docs/scoring.md). The weakest link is the lowest "
        "SEAL of any venue on any objective, the framework's gate; the Independence tab "
        "shows it per objective and per workload.",
    )
    providers = (
        f"{scores.effective_providers:.1f} effective third-party providers"
        if scores.effective_providers
        else "no third-party provider"
    )
    cards["card-lock-in"].show_value(
        f"{scores.lock_in.total:.1f} /100",
        providers,
        f"Provider HHI {scores.provider_hhi:,.0f}; the effective number of providers is "
        "10,000 / HHI.",
    )
    cards["card-status"].show_value(*status_text(plan))
