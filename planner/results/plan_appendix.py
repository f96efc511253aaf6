"""The appendix of a plan: every catalog figure it rests on with its source and as-of date,
the exchange rates and cost assumptions, and which market figures had gone stale on the day
the plan was made. Part of the plan document (plan_document.py), kept apart for its size."""

from dataclasses import dataclass
from datetime import date

from planner.evaluation.cost import CostAssumptions

STALE_AFTER_DAYS = 365
"""A figure the plan relies on is flagged once it is more than a year old on the day the plan
is made. GPU list prices have moved by a third or more within a year, with no schedule
announced: AWS cut P4/P5 on-demand prices by up to 45 % in June 2025, Nebius raised its
H100/H200/B200 list by about 30 % between May and September 2026, Seeweb's A100 fell from USD
2.00 to EUR 0.99 (docs/catalog-sources.md). A year is also the budget cycle a plan is approved
for, so a board asks about anything older."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One catalog figure a plan rests on, with its source and as-of date."""

    subject: str
    figure: str
    value: str
    source_id: str
    source_title: str
    citation: str
    as_of: str
    """ISO 8601 date."""
    perishable: bool = False
    """A market figure a year can change (a price, a rate, who owns a provider), as opposed
    to a specification or a parameter count; only these are aged."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StaleFigure:
    """A perishable figure older than the plan's `stale_after_days` when the plan was made."""

    figure: Figure
    age_days: int
    """Days between the figure's as-of date and the day its age was checked."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FxRate:
    currency: str
    usd_per_unit: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanSources:
    """The appendix a procurement board defends the numbers by."""

    cost_assumptions: CostAssumptions
    fx_rates: tuple[FxRate, ...]
    """Exchange rates of the catalog, by currency code."""
    catalog_figures: tuple[Figure, ...]
    ages_checked_on: str | None = None
    """ISO 8601 date the figures' ages were measured against: the day the plan was made.
    None for a plan stored before ages were checked; such a plan names no stale figure."""
    stale_after_days: int = STALE_AFTER_DAYS

    def stale_figures(self) -> tuple[StaleFigure, ...]:
        """The perishable figures older than `stale_after_days` on `ages_checked_on`, oldest
        first; none when the ages were not checked."""
        if self.ages_checked_on is None:
            return ()
        checked_on = date.fromisoformat(self.ages_checked_on)
        aged = (
            StaleFigure(figure=f, age_days=(checked_on - date.fromisoformat(f.as_of)).days)
            for f in self.catalog_figures
            if f.perishable
        )
        stale = [s for s in aged if s.age_days > self.stale_after_days]
        return tuple(sorted(stale, key=lambda s: (-s.age_days, s.figure.subject)))
