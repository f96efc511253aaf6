"""The stress test in the exports: the table of shocks (PDF section, XLSX sheet) and each
third-party provider's exit strategy (the DORA register draft).

An exit strategy here is the recovery from that provider group's sudden exit (the library's
`provider-exit` template: no notice, commitments lost): what the organisation would add, what
it would cost a year more and once, how long it would take and how long a critical workload
would go short. It is the planner's answer, a starting point for the entity's own plan
(DORA art. 28(8)), not a tested one.
"""

from planner.analysis.report import ExitStrategy, StressReport
from planner.analysis.table import stress_rows, weeks_text
from planner.exports.common import Kind, Table, Value

STRESS_TITLE = "Stress tests: what each lease change does to the plan"
STRESS_NOTE = (
    "Most harmful first. Lost: share of demand (by tokens a year) nothing the plan holds can "
    "carry. Critical outage: how long past the notice a critical workload goes short. "
    "Recovery: the cheapest re-plan that keeps every server and commitment bought, at the "
    "prices after the shock (docs/stress.md)."
)
EXIT_COLUMNS = [
    "Exit strategy (recovery from a sudden exit)",
    "Exit: annual cost change",
    "Exit: one-off cost",
    "Exit: weeks to recover",
    "Exit: critical outage (weeks)",
]
NO_STRESS = "not assessed: run `sovplan stress` (or the GUI's Stress tab) before exporting"


def stress_table(report: StressReport) -> Table:
    kinds: list[Kind] = [
        "text",
        "percent",
        "percent",
        "text",
        "money",
        "money",
        "money",
        "money",
        "text",
        "text",
    ]
    table = Table(
        STRESS_TITLE,
        [
            "Shock",
            "Lost",
            "Critical lost",
            "Critical outage",
            "Recovery a year",
            "Change",
            "One-off",
            "Capital",
            "Recovered in",
            "Floors met",
        ],
        kinds,
    )
    for row in stress_rows(report):
        table.rows.append(
            [
                row.shock,
                row.capacity_lost,
                row.critical_lost,
                weeks_text(row.critical_outage_weeks),
                row.recovery_annual_cost,
                row.recovery_change,
                row.one_off_cost,
                row.capex,
                weeks_text(row.time_to_recover_weeks, none_text="at once"),
                "yes" if row.floors_met else "no: " + ", ".join(row.unmet),
            ]
        )
    return table


def strategy_text(strategy: ExitStrategy) -> str:
    """What the organisation would do if the group left overnight, in one sentence."""
    recovery = strategy.result.recovery
    if recovery is None:
        return "no recovery found: the work it carries could not be moved"
    added = [n.description for n in recovery.added]
    move = "; ".join(added) if added else "fail over to capacity the plan already holds"
    unrecovered = strategy.result.unrecovered
    left = f"; not recovered: {', '.join(unrecovered)}" if unrecovered else ""
    return f"{move}{left}"


def exit_strategy_table(report: StressReport) -> Table:
    table = Table(
        "Exit strategies: each third-party provider group leaving overnight",
        [
            "Provider group",
            "Providers",
            "What the organisation would do",
            "Annual cost change",
            "One-off cost",
            "Weeks to recover",
            "Critical outage",
        ],
        ["text", "text", "text", "money", "money", "number", "text"],
    )
    for s in report.exit_strategies():
        recovery = s.result.recovery
        table.rows.append(
            [
                s.provider_group,
                ", ".join(s.provider_ids),
                strategy_text(s),
                s.result.recovery_cost_change,
                None if recovery is None else recovery.one_off_cost,
                s.result.time_to_recover_weeks,
                weeks_text(s.result.critical_outage_weeks),
            ]
        )
    return table


def exit_values(report: StressReport | None, provider_id: str) -> list[Value]:
    """The DORA register's exit-strategy cells for one provider."""
    strategy = (
        None
        if report is None
        else next((s for s in report.exit_strategies() if provider_id in s.provider_ids), None)
    )
    if strategy is None:
        return [NO_STRESS, None, None, None, None]
    recovery = strategy.result.recovery
    outage = strategy.result.critical_outage_weeks
    return [
        strategy_text(strategy),
        strategy.result.recovery_cost_change,
        None if recovery is None else recovery.one_off_cost,
        strategy.result.time_to_recover_weeks,
        "never" if outage is None else outage,
    ]
