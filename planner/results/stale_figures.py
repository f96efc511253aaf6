"""The words every reader uses to warn that a plan rests on old prices.

The CLI summary, the GUI's results view and the exports all say it the same way, from the
plan document's own ages (`PlanSources.stale_figures`), so a board sees one warning whatever
it reads the plan in.
"""

from planner.results.plan_document import PlanSources, StaleFigure


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def stale_figures_note(sources: PlanSources) -> str | None:
    """One sentence on how many of the plan's perishable figures are too old; None when
    none is (or the plan's figures were never aged)."""
    stale = sources.stale_figures()
    if not stale:
        return None
    perishable = sum(1 for f in sources.catalog_figures if f.perishable)
    oldest = stale[0].figure
    one = len(stale) == 1
    return (
        f"{len(stale)} of the {perishable} market figures this plan relies on (prices, exchange "
        f"rates, provider ownership) {'is' if one else 'are'} more than "
        f"{sources.stale_after_days} days old on {sources.ages_checked_on} (oldest: "
        f"{oldest.subject}, as of {oldest.as_of}). Check {'it' if one else 'them'} against "
        f"{'its source' if one else 'their sources'} before relying on the plan."
    )


def stale_figure_line(stale: StaleFigure) -> str:
    """One stale figure: what it is, its value, its date and age, and where it comes from."""
    f = stale.figure
    return (
        f"{f.subject} — {f.figure}: {f.value}; as of {f.as_of}, "
        f"{_plural(stale.age_days, 'day', 'days')} old ({f.source_title or f.source_id})"
    )
