"""The stress report as `sovplan stress` prints it: the table, most harmful first, then what
each shock's recovery adds."""

from planner.analysis.report import StressReport
from planner.analysis.table import StressRow, stress_rows, weeks_text
from planner.cli.textfmt import format_table
from planner.money import change_text, money_text


def _percent(share: float) -> str:
    return "0%" if share <= 0 else ("<1%" if share < 0.005 else f"{share:.0%}")


def _signed(amount: float | None) -> str:
    return "-" if amount is None else change_text(amount)


def _row(row: StressRow) -> list[str]:
    return [
        row.shock,
        _percent(row.capacity_lost),
        _percent(row.critical_lost),
        weeks_text(row.critical_outage_weeks),
        "-" if row.recovery_annual_cost is None else f"{row.recovery_annual_cost:,.0f}",
        _signed(row.recovery_change),
        "-" if row.one_off_cost is None else f"{row.one_off_cost:,.0f}",
        "-" if row.capex is None else f"{row.capex:,.0f}",
        weeks_text(row.time_to_recover_weeks, none_text="at once"),
        "yes" if row.floors_met else "no: " + ", ".join(row.unmet),
    ]


def stress_text(report: StressReport) -> str:
    c = report.currency
    headers = [
        "shock",
        "lost",
        "critical lost",
        "critical outage",
        f"recovery {c}/yr",
        "change",
        f"one-off {c}",
        f"capex {c}",
        "recovered in",
        "floors met",
    ]
    lines = [
        f"{report.scenario_name}: {len(report.results)} shock(s) on a plan costing "
        f"{money_text(report.base_annual_cost, c)} a year, most harmful first"
        + ("" if report.complete else " (cancelled: the shocks finished so far)"),
        "",
        format_table(headers, [_row(r) for r in stress_rows(report)], right=frozenset(range(1, 9))),
        "",
        "lost: share of demand (by tokens a year) nothing the plan holds can carry",
        "critical outage: how long past the notice a critical workload goes short",
        "recovery: the cheapest re-plan that keeps every server and commitment bought",
    ]
    for r in report.results:
        if r.recovery is None or not r.recovery.added:
            continue
        lines += ["", f"{r.shock.name}: the recovery adds"]
        lines += [
            f"  {n.description} ({weeks_text(n.weeks, none_text='at once')}: {n.reason})"
            for n in r.recovery.added
        ]
    return "\n".join(lines)
