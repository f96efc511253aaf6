"""The build-out roadmap's side of a scenario: its horizon, when orders can first be placed,
and how prices move from year to year (docs/roadmap.md).

A price trend is a yearly change applied to every catalog price of its kind: −0.285 means
each year a unit costs 28.5 % less than the year before. The catalog's offers stay the same
offers (no new SKU or model appears), so a trend in price per unit of performance reads as
"the same capacity costs that much less": a fair reading for a fixed workload served by
whatever the market sells at that price, not a forecast of one SKU's list price.
"""

from dataclasses import dataclass
from datetime import date, timedelta

ML_GPU_PRICE_PERFORMANCE_DOUBLING_YEARS = 2.07
"""FLOP/s per dollar of GPUs used in ML doubles every 2.07 years (95 % interval 1.54–3.13):
Hobbhahn and Besiroglu, "Trends in GPU price-performance", Epoch AI, 2022-06-27
(https://epochai.org/blog/trends-in-gpu-price-performance, read 2026-12-01)."""
HARDWARE_PRICE_CHANGE_PER_YEAR = 2.0 ** (-1.0 / ML_GPU_PRICE_PERFORMANCE_DOUBLING_YEARS) - 1.0
"""−28.5 % a year: the price of a unit of ML accelerator performance at Epoch AI's trend.
Applied to servers' purchase price (and the operations priced on it) and to rented GPU
capacity, whose hourly price follows the hardware it runs on."""
SLOWEST_LLM_PRICE_FALL_PER_YEAR = 9.0
"""The slowest fall Epoch AI measured in the price of reaching a fixed benchmark score:
9× to 900× a year across six benchmarks and thresholds, March 2022–2025 (Cottier et al.,
"LLM inference prices have fallen rapidly but unequally across tasks", Epoch AI,
2025-03-12, https://epoch.ai/data-insights/llm-inference-price-trends, read 2026-12-01;
a16z's "LLMflation", 2024-11-12, found 10× a year for equal MMLU scores). We take the
slowest: the fast ends are recent and Epoch doubts they persist."""
API_PRICE_CHANGE_PER_YEAR = 1.0 / SLOWEST_LLM_PRICE_FALL_PER_YEAR - 1.0
"""−88.9 % a year: a token of equal quality from an API costs a ninth of last year's."""
ENERGY_PRICE_CHANGE_PER_YEAR = 0.0
"""Our judgement, said as such: electricity flat at the catalog's price (Eurostat 2025-S2
non-household prices per site). No source we hold forecasts European business electricity
prices, and their recent moves (up to 2023, down since) set no trend."""
AS_OF = "2026-12-01"
"""When the trend sources above were read."""
WEEKS_PER_YEAR = 52.0
"""The roadmap's periods are years: a lead time in weeks over this is a number of years."""


MAX_SCORE = 100.0
"""Independence is scored from 0 to 100."""


def parse_path(text: str) -> tuple[tuple[int, float], ...]:
    """`2:60, 4:80` as ((2, 60.0), (4, 80.0)); ValueError naming the part that is wrong."""
    pairs = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        year, sep, floor = part.partition(":")
        try:
            pair = (int(year), float(floor))
        except ValueError:
            pair = None
        if not sep or pair is None:
            raise ValueError(f"{part!r} is not year:floor (e.g. 2:60)")
        if pair[0] < 1 or not 0.0 <= pair[1] <= MAX_SCORE:
            raise ValueError(f"{part!r}: the year counts from 1, the floor is 0 to 100")
        pairs.append(pair)
    return tuple(sorted(pairs))


@dataclass(frozen=True, slots=True)
class Roadmap:
    """How the scenario's build-out is planned; every default is the sourced one above."""

    periods: int = 5
    """Years planned, the first starting when the orders placed now can first be used."""
    lead_in_weeks: float = 0.0
    """Weeks between now (when the first orders can be placed) and the start of year 1: a
    server whose lead time is longer than this arrives for year 2 at the earliest."""
    demand_growth_per_year: float = 0.0
    """Yearly growth of every workload's demand that does not set its own."""
    hardware_price_change_per_year: float = HARDWARE_PRICE_CHANGE_PER_YEAR
    cloud_price_change_per_year: float = HARDWARE_PRICE_CHANGE_PER_YEAR
    api_price_change_per_year: float = API_PRICE_CHANGE_PER_YEAR
    energy_price_change_per_year: float = ENERGY_PRICE_CHANGE_PER_YEAR
    capex_budget_per_year: float | None = None
    """Purchase price (networking included) of the servers delivered in any one year."""
    independence_path: str | None = None
    """Independence floors from given years on, written `2:60, 4:80` (at least 60 from year
    2, at least 80 from year 4); the policy's floor holds in every year in any case."""

    start_date: str | None = None
    """The day year 1 starts, `YYYY-MM-DD`: the calendar of orders and contracts (exports)
    counts from it; empty: `default_start`."""

    def targets(self) -> tuple[tuple[int, float], ...]:
        """The path as (year, floor) pairs; ValueError saying what is wrong with it."""
        return parse_path(self.independence_path or "")

    def min_independence(self, year: int, floor: float | None) -> float | None:
        """The independence floor of year `year`: the policy's `floor`, raised by the path."""
        reached = [target for from_year, target in self.targets() if from_year <= year]
        if floor is not None:
            reached.append(floor)
        return max(reached) if reached else None

    def first_year(self, lead_time_weeks: float) -> int:
        """The first year (1-based) a server of this lead time, ordered now, can serve."""
        late = max(0.0, lead_time_weeks - self.lead_in_weeks)
        return 1 + int(-(-late // WEEKS_PER_YEAR))

    def start(self, today: date) -> date:
        """The first day of year 1: `start_date`, else `default_start` from `today`."""
        if self.start_date:
            return parse_start_date(self.start_date)
        return default_start(self.lead_in_weeks, today)


ISO_DATE_LENGTH = len("2027-01-01")
"""`date.fromisoformat` also reads 20270101 and week dates: the field takes YYYY-MM-DD only."""


def parse_start_date(text: str) -> date:
    """`2027-01-01` as a date; ValueError saying how to write it."""
    reason = f"{text!r} is not a date written YYYY-MM-DD (e.g. 2027-01-01)"
    if len(text.strip()) != ISO_DATE_LENGTH:
        raise ValueError(reason)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(reason) from None


def default_start(lead_in_weeks: float, today: date) -> date:
    """Year 1's first day when the scenario sets none: the first 1 January at least the
    lead-in after `today`: every order the roadmap needs can still be placed, and its years
    are calendar years."""
    earliest = today + timedelta(weeks=lead_in_weeks)
    return earliest if (earliest.month, earliest.day) == (1, 1) else date(earliest.year + 1, 1, 1)


def year_start(first: date, year: int) -> date:
    """The first day of year `year` (1-based) of a roadmap starting on `first`; a start on
    29 February moves to the 28th in a year that has none."""
    target = first.year + year - 1
    try:
        return first.replace(year=target)
    except ValueError:
        return first.replace(year=target, day=28)
