"""The fields of the build-out roadmap, part of the one field table (`field_table.FIELDS`):
the `[roadmap]` section and the two workload fields a roadmap reads."""

from planner.scenario.roadmap import AS_OF, Roadmap
from planner.scenario.schema import Field, Range, Section, Unit, ValueType

ROADMAP = Section("roadmap", "Build-out roadmap")
DEFAULTS = Roadmap()
MAX_PERIODS = 30
"""Thirty years: beyond any server's life or contract term; each year is a block of the
model, so the solve grows with them."""
MAX_LEAD_IN_WEEKS = 520.0
"""Ten years' notice before the first year starts."""
PRICE_TREND = Range(-0.99, 10.0)
"""A yearly price change: at most 99 % cheaper, at most eleven times dearer, a year."""
GROWTH = Range(-0.99, 100.0)
"""Yearly demand growth: at most 99 % less, at most a hundred and one times more, a year."""
MAX_CAPEX_PER_YEAR = 1e12
"""A trillion in the scenario's currency a year, above any national AI programme (as the
organisation's budgets)."""

_TREND_HELP = f"(sources and reading in docs/roadmap.md, as of {AS_OF})."

ROADMAP_FIELDS = (
    Field(ROADMAP, "periods", ValueType.WHOLE, "Years planned",
          "How many years the roadmap plans (`sovplan roadmap`); a plan ignores it.",
          Unit.YEARS, DEFAULTS.periods, Range(1, MAX_PERIODS), example=3),
    Field(ROADMAP, "lead_in_weeks", ValueType.NUMBER, "Lead-in",
          "Weeks between now, when the first orders can be placed, and the start of year 1: "
          "a server whose lead time is longer arrives for year 2 at the earliest.",
          Unit.WEEKS, DEFAULTS.lead_in_weeks, Range(0, MAX_LEAD_IN_WEEKS), example=26.0),
    Field(ROADMAP, "demand_growth_per_year", ValueType.NUMBER, "Demand growth",
          "Yearly growth of every workload's demand that sets none of its own.",
          Unit.CHANGE, DEFAULTS.demand_growth_per_year, GROWTH, example=0.3),
    Field(ROADMAP, "hardware_price_change_per_year", ValueType.NUMBER, "Hardware price trend",
          "Yearly change of a server's purchase price per unit of performance; a server "
          f"keeps its delivery year's price {_TREND_HELP}", Unit.CHANGE,
          DEFAULTS.hardware_price_change_per_year, PRICE_TREND, example=-0.2),
    Field(ROADMAP, "cloud_price_change_per_year", ValueType.NUMBER, "Cloud price trend",
          "Yearly change of rented GPU prices; a commitment keeps its first year's price "
          f"{_TREND_HELP}", Unit.CHANGE, DEFAULTS.cloud_price_change_per_year, PRICE_TREND,
          example=-0.1),
    Field(ROADMAP, "api_price_change_per_year", ValueType.NUMBER, "API price trend",
          f"Yearly change of API prices per token {_TREND_HELP}", Unit.CHANGE,
          DEFAULTS.api_price_change_per_year, PRICE_TREND, example=-0.5),
    Field(ROADMAP, "energy_price_change_per_year", ValueType.NUMBER, "Energy price trend",
          f"Yearly change of the sites' electricity prices {_TREND_HELP}", Unit.CHANGE,
          DEFAULTS.energy_price_change_per_year, PRICE_TREND, example=0.03),
    Field(ROADMAP, "capex_budget_per_year", ValueType.NUMBER, "Capital budget per year",
          "The purchase price of the servers delivered in any one year may not exceed it; "
          "empty: the organisation's capital budget, if any.", Unit.MONEY, None,
          Range(0, MAX_CAPEX_PER_YEAR, low_open=True), example=2_000_000.0),
    Field(ROADMAP, "independence_path", ValueType.TEXT, "Independence path",
          "Independence floors from given years on: `2:60, 4:80` is at least 60 from year 2 "
          "and 80 from year 4; the policy's floor holds every year.", default=None,
          example="2:60, 4:80", default_text="none"),
    Field(ROADMAP, "start_date", ValueType.TEXT, "Start date",
          "The day year 1 starts, YYYY-MM-DD: the exports' procurement calendar dates every "
          "order, delivery and contract from it; empty: the first 1 January at least the "
          "lead-in after the day of the export.", default=None, example="2027-01-01",
          default_text="next 1 January after the lead-in"),
)  # fmt: skip


def workload_fields(workloads: Section, default_start: int) -> tuple[Field, ...]:
    """A workload's own growth and first year (the `[[workloads]]` fields a roadmap reads)."""
    return (
        Field(workloads, "growth_per_year", ValueType.NUMBER, "Demand growth",
              "Roadmap: yearly growth of this workload's demand; empty: the roadmap's.",
              Unit.CHANGE, None, GROWTH, example=0.5, column="Growth/year",
              default_text="the roadmap's"),
        Field(workloads, "start_year", ValueType.WHOLE, "First year",
              "Roadmap: the first year (1 is the first) the workload has demand.",
              Unit.NONE, default_start, Range(1, MAX_PERIODS), example=2,
              column="From year"),
    )  # fmt: skip
