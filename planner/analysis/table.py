"""The stress table every face shows: one row per shock, most harmful first.

The CLI, the GUI tab, the PDF section and the XLSX sheet format these values, each in its
own way; none computes a figure of its own.
"""

from dataclasses import dataclass

from planner.analysis.report import ShockResult, StressReport
from solver.families import ConstraintFamily

FLOOR_NAMES: dict[str, str] = {
    "budget": "budget",
    "seal": "SEAL floors",
    "independence": "independence floor",
}
LIMIT_NAMES: dict[ConstraintFamily, str] = {
    ConstraintFamily.BUDGET_ANNUAL: "budget",
    ConstraintFamily.BUDGET_CAPEX: "budget",
    ConstraintFamily.MIN_INDEPENDENCE: "independence floor",
    ConstraintFamily.SURVIVE_PROVIDER_LOSS: "provider-loss hedge",
    ConstraintFamily.SURVIVE_SERVER_LOSS: "N+1 servers",
    ConstraintFamily.SURVIVE_SITE_LOSS: "site-loss hedge",
    ConstraintFamily.PROVIDER_SHARE: "provider share",
    ConstraintFamily.MAX_LOCK_IN: "lock-in cap",
    ConstraintFamily.SITE_POWER: "site power",
}
"""How a limit the recovery breaks is named in the table."""


def unmet(result: ShockResult) -> tuple[str, ...]:
    """The floors and limits the recovery does not meet, by name; () when it meets all."""
    floors = result.floors
    found = [name for key, name in FLOOR_NAMES.items() if getattr(floors, key) is False]
    if result.recovery is not None:
        found += [LIMIT_NAMES.get(f, str(f)) for f in result.recovery.broken]
    if result.unrecovered:
        found.append(f"{len(result.unrecovered)} workload(s) not recovered")
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True, kw_only=True)
class StressRow:
    shock: str
    kind: str
    description: str
    capacity_lost: float
    """Share of all demand (by tokens a year) nothing held can carry."""
    critical_lost: float
    critical_outage_weeks: float | None
    """None: a critical workload is never recovered."""
    nothing_done_change: float
    recovery_annual_cost: float | None
    recovery_change: float | None
    one_off_cost: float | None
    capex: float | None
    time_to_recover_weeks: float
    unmet: tuple[str, ...]

    @property
    def floors_met(self) -> bool:
        return not self.unmet


def stress_rows(report: StressReport) -> list[StressRow]:
    rows = []
    for r in report.results:
        recovery = r.recovery
        rows.append(
            StressRow(
                shock=r.shock.name,
                kind=r.shock.kind.value,
                description=r.shock.description,
                capacity_lost=r.capacity_lost,
                critical_lost=r.critical_capacity_lost,
                critical_outage_weeks=r.critical_outage_weeks,
                nothing_done_change=r.cost_change_if_nothing_done,
                recovery_annual_cost=None if recovery is None else recovery.annual_cost,
                recovery_change=r.recovery_cost_change,
                one_off_cost=None if recovery is None else recovery.one_off_cost,
                capex=None if recovery is None else recovery.capex,
                time_to_recover_weeks=r.time_to_recover_weeks,
                unmet=unmet(r),
            )
        )
    return rows


def weeks_text(weeks: float | None, *, none_text: str = "none") -> str:
    """An outage or lead time as a person reads it: none, 6 wk, never."""
    if weeks is None:
        return "never"
    return none_text if weeks <= 0 else f"{weeks:.0f} wk"
