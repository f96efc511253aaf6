"""Independence as `sovplan plan` and `sovplan scenario show` print it: the spend-weighted
score beside the weakest link (the framework's gate), for the plan and for each workload."""

from collections.abc import Sequence

from planner.cli.textfmt import format_table
from planner.money import money_text
from planner.results.plan_document import PlanResult, WeakestLink


def weakest_text(links: Sequence[WeakestLink]) -> str:
    """`SEAL 2 (SOV-5, SOV-8)`: the lowest level and the objectives at it; `-` when unknown."""
    if not links:
        return "-"
    lowest = min(link.level for link in links)
    return f"SEAL {lowest} ({', '.join(k.objective for k in links if k.level == lowest)})"


def headline(result: PlanResult, currency: str, providers: str = "") -> str:
    """Cost, independence with its weakest link, and lock-in, in one line."""
    scores = result.scores
    weakest = scores.weakest_seal
    gate = f", weakest link SEAL {weakest}" if weakest is not None else ""
    extra = f" ({providers})" if providers else ""
    return (
        f"annual cost {money_text(result.annual_cost, currency)}; independence "
        f"{scores.independence.total:.1f}/100{gate}; lock-in {scores.lock_in.total:.1f}/100"
        f"{extra}"
    )


def objectives_table(result: PlanResult) -> str:
    """Per objective: weight, the spend-weighted SEAL, the weakest SEAL and who sets it."""
    links = {k.objective: k for k in result.scores.weakest_link}
    rows = []
    for c in result.scores.independence.components:
        link = links.get(c.key)
        rows.append([
            f"{c.key} {c.label}", f"{c.weight:.0%}", f"{c.value:.2f}",
            str(link.level) if link else "-", link.venue_name if link else "",
            link.rule if link else "",
        ])  # fmt: skip
    return format_table(
        ["objective", "weight", "average SEAL", "weakest", "set by", "rule"],
        rows,
        right=frozenset({1, 2, 3}),
    )


def workloads_table(result: PlanResult) -> str:
    """Per workload: its own score (by share of demand) and its weakest link."""
    rows = []
    for w in result.workloads:
        setter = w.weakest_link and min(w.weakest_link, key=lambda k: k.level).venue_name
        rows.append([
            w.workload_id, "yes" if w.critical else "",
            f"{w.independence:.1f}" if w.independence is not None else "-",
            weakest_text(w.weakest_link), setter or "",
        ])  # fmt: skip
    return format_table(
        ["workload", "critical", "independence", "weakest link", "set by"],
        rows,
        right=frozenset({2}),
    )


def print_independence(result: PlanResult) -> None:
    """The two tables under their titles, when the plan reports a weakest link."""
    if not result.scores.weakest_link:
        return
    print()
    print("Independence by objective: spend-weighted average and weakest link")
    print(objectives_table(result))
    print()
    print(workloads_table(result))
