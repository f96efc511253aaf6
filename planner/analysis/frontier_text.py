"""The front in words: the headline a board reads, and who supplies each point's plan.

The headline says what the whole range of control costs, and what the cheap part of it
costs — the points up to the knee, where each further point starts to cost more than the
average — e.g. "Independence from 75.9 to 82.5 costs EUR 47.5 k a year more (+381 %); the
first 4.9 points, to 80.8, cost EUR 14.6 k." The CLI, the GUI, the PDF and the README use
this one sentence.
"""

from catalog.domain import Catalog, ProviderId
from planner.analysis.frontier import Frontier, FrontPoint
from planner.analysis.sweep import Against
from planner.evaluation.cost import owned_provider
from solver.problem import SolveStatus

MAIN_SUPPLIERS = 3
"""Suppliers named per point: the largest by annual spend."""
THOUSAND = 1_000.0
MILLION = 1_000_000.0


def short_money(amount: float, currency: str) -> str:
    """An amount as a sentence says it: `EUR 1.2 M`, `EUR 90.3 k`, `EUR 640`."""
    if abs(amount) >= MILLION:
        return f"{currency} {amount / MILLION:,.1f} M"
    if abs(amount) >= THOUSAND:
        return f"{currency} {amount / THOUSAND:,.1f} k"
    return f"{currency} {amount:,.0f}"


def score_name(against: Against) -> str:
    return "independence" if against is Against.INDEPENDENCE else "lock-in"


def headline(front: Frontier) -> str:
    """One sentence: the cost of the whole range of control, and of its cheap part."""
    c = front.currency
    name = score_name(front.against)
    if not front.points:
        return "The requirements allow no plan, so there is no front to show."
    first, last = front.points[0], front.points[-1]
    if len(front.points) == 1 and not front.complete:
        return (
            f"Cancelled with only the cheapest plan found ({name} {front.score(first):.1f}, "
            f"{short_money(first.annual_cost, c)} a year)."
        )
    if len(front.points) == 1:
        return (
            f"The cheapest plan is already the one with the most control the requirements "
            f"allow ({name} {front.score(first):.1f}): more control is not for sale here."
        )
    extra = last.annual_cost - first.annual_cost
    share = f" (+{extra / first.annual_cost:.0%})" if first.annual_cost > 0 else ""
    moved = "from" if front.against is Against.INDEPENDENCE else "down from"
    sentence = (
        f"{name.capitalize()} {moved} {front.score(first):.1f} to {front.score(last):.1f} "
        f"costs {short_money(extra, c)} a year more{share}"
    )
    knee = front.knee
    if knee is None:
        return sentence + ", at a steady price per point."
    point = front.points[knee]
    gained = abs(round(front.score(point), 1) - round(front.score(first), 1))
    return (
        f"{sentence}; the first {gained:.1f} points, to {front.score(point):.1f}, cost "
        f"{short_money(point.annual_cost - first.annual_cost, c)}."
    )


def main_suppliers(point: FrontPoint, catalog: Catalog) -> tuple[str, ...]:
    """The point's largest suppliers by annual spend, by name (own sites as "own servers")."""
    assert point.outcome.report is not None
    names = []
    for provider in list(point.outcome.report.costs.by_provider())[:MAIN_SUPPLIERS]:
        found = catalog.providers.get(ProviderId(provider))
        if found is not None:
            names.append(found.name)
        elif provider.startswith(owned_provider("")):
            names.append(f"own servers at {provider.removeprefix(owned_provider(''))}")
        else:
            names.append(provider)
    return tuple(names)


def status_text(point: FrontPoint) -> str:
    """ "optimal", or "feasible (gap 1.2%)" for a point the time limit left unproven."""
    outcome = point.outcome
    if outcome.status is SolveStatus.FEASIBLE and outcome.gap is not None:
        return f"feasible (gap {outcome.gap:.1%})"
    return outcome.status.value
