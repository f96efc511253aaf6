"""What every export shares: labels, value formatting, the `Table` the reports are made of,
and the formula-injection guard that every tabular writer (CSV, XLSX) goes through.

The input everywhere is the `PlanDocument` (planner/results/plan_document.py); the tables
of a plan are built in planner/exports/tables.py.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from planner.evaluation.line_items import TERM_LABELS
from planner.money import money_text
from planner.results.plan_document import Category, PlanDocument, VenueKind

Kind = Literal["text", "money", "number", "integer", "percent", "points", "level", "bool", "date"]
"""How a cell is shown; `level` is a SEAL level averaged over venues (0–4, two decimals); a
`date` is ISO text (YYYY-MM-DD) that the workbook stores as a date (`XLSX_DATE_FORMAT`)."""
Value = str | float | int | bool | None

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is run as a formula by spreadsheet programs
(OWASP "CSV injection"): `=HYPERLINK(...)` in a workload name must stay text."""

LEADING_BLANKS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u180e]*")
"""White space of any kind (`\\s` is Unicode-aware: line feeds, tabs, no-break and
ideographic spaces, …) and the characters with no width that it leaves out (zero-width
space, joiners, word joiner, byte-order mark, Mongolian vowel separator)."""

XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an XLSX (XML) cell cannot hold; openpyxl refuses them."""

COMMITTED_TERMS = frozenset({"commit_1y", "commit_3y"})
POINTS_SCALE = 100.0
"""A score component's maximum is its weight times this (see planner/evaluation/scoring.py)."""

KIND_LABELS: dict[VenueKind, str] = {
    VenueKind.OWNED: "Owned servers",
    VenueKind.CLOUD: "Cloud compute",
    VenueKind.API: "Model API",
}
CATEGORY_LABELS: dict[Category, str] = {
    Category.CAPEX: "Capital (annualised)",
    Category.ENERGY: "Energy",
    Category.HOSTING: "Hosting",
    Category.OPERATIONS: "Operations",
    Category.CLOUD: "Cloud compute",
    Category.API: "Model APIs",
    Category.EGRESS: "Egress",
}


# --- formula injection -------------------------------------------------------------------


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read this text as a formula (or a DDE payload), also
    after leading white space of any kind (line feeds, tabs, no-break and other Unicode
    spaces, zero-width characters), and when the first sign is a fullwidth or small form
    (＝ ＋ － ＠ ﹦ …), which Unicode's compatibility normalisation (NFKC) turns into = + - @
    and which some spreadsheet programs read as the ASCII sign."""
    if text.startswith(FORMULA_TRIGGERS):
        return True
    first = LEADING_BLANKS.sub("", text, count=1)[:1]  # the pattern matches at 0, maybe empty
    return unicodedata.normalize("NFKC", first).startswith(FORMULA_TRIGGERS)


def csv_text(value: Value) -> str:
    """A CSV field: text that looks like a formula gets a leading apostrophe, numbers stay
    plain (repr keeps every digit), None is empty and booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return "'" + value if is_formula_like(value) else value


def xml_safe(text: str) -> str:
    """`text` without the control characters XML (XLSX, PDF metadata) cannot hold."""
    return XML_ILLEGAL.sub("", text)


def set_xlsx_cell(cell: Any, value: Value) -> None:
    """Write `value` into an openpyxl cell; text is always stored as a string (never a
    formula), and formula-like text also gets Excel's quote prefix so editing the cell
    keeps it text. Control characters XML cannot hold are dropped."""
    if isinstance(value, str):
        value = xml_safe(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True


# --- formatting -------------------------------------------------------------------------


money = money_text
"""The headline form used in every report: `EUR 23,676`."""


SIGNIFICANT_DIGITS = 3
"""Money and measures are shown with at least this many significant digits for the smallest
figure of their column, every figure of the column with the same decimals, so a column
reads aligned and no figure shows more precision than its neighbours."""
MOST_DECIMALS: dict[Kind, int] = {"money": 4, "number": 3}
"""The decimals a column of money or measures never goes beyond (a price per token)."""
FIXED_DECIMALS: dict[Kind, int] = {"integer": 0, "points": 1, "level": 2}
PERCENT_DECIMALS = 1
MONEY_CENTS = 2
"""Money below whole units (of the currency) shows at least its cents."""


def decimals_for(kind: Kind, values: list[Value]) -> int:
    """The decimals a column of `kind` shows `values` with (see SIGNIFICANT_DIGITS)."""
    if kind in FIXED_DECIMALS:
        return FIXED_DECIMALS[kind]
    if kind == "percent":
        return PERCENT_DECIMALS
    numbers = [abs(float(v)) for v in values if isinstance(v, int | float) and v]
    if kind not in MOST_DECIMALS or all(n.is_integer() for n in numbers):
        return 0
    needed = SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(min(numbers)))
    if needed <= 0:
        return 0
    if kind == "money":
        needed = max(needed, MONEY_CENTS)
    return min(needed, MOST_DECIMALS[kind])


def format_value(value: Value, kind: Kind, currency: str = "", decimals: int | None = None) -> str:
    """A value as text for the PDF and Markdown reports, with `decimals` (by default those
    `decimals_for` gives the value alone)."""
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if isinstance(value, str):
        return value
    if kind == "bool" or isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "text":
        return str(value)
    places = decimals_for(kind, [value]) if decimals is None else decimals
    if kind == "percent":
        return f"{float(value):.{places}%}"
    return f"{float(value):,.{places}f}"


XLSX_DATE_FORMAT = "yyyy-mm-dd"


def xlsx_number_format(kind: Kind, decimals: int) -> str:
    """The spreadsheet format that shows a number as `format_value` does."""
    if kind == "date":
        return XLSX_DATE_FORMAT
    if kind == "bool":
        return "General"
    if kind == "text":
        return "@"
    places = "." + "0" * decimals if decimals else ""
    return f"0{places}%" if kind == "percent" else f"#,##0{places}"


@dataclass
class Table:
    """Rows of typed values: the XLSX writer keeps the numbers, the text writers format them."""

    title: str
    headers: list[str]
    kinds: list[Kind]
    rows: list[list[Value]] = field(default_factory=list)
    cell_kinds: dict[tuple[int, int], Kind] = field(default_factory=dict)
    """Overrides of `kinds` for single cells (row index, column index), for label/value tables."""
    total: list[Value] | None = None
    """A closing row (totals), kept apart so readers can count data rows."""

    def kind(self, row: int, column: int) -> Kind:
        return self.cell_kinds.get((row, column), self.kinds[column])

    def column_decimals(self) -> list[int]:
        """Per column, the decimals of its figures (`decimals_for` over the column, total
        included); cells of another kind (`cell_kinds`) are shown on their own."""
        rows = [*self.rows, *([self.total] if self.total is not None else [])]
        return [
            decimals_for(kind, [row[c] for r, row in enumerate(rows)
                                if (r, c) not in self.cell_kinds])
            for c, kind in enumerate(self.kinds)
        ]  # fmt: skip

    def decimals(self, row: int, column: int, column_decimals: list[int]) -> int:
        """The decimals of one cell: its column's, or its own for a cell of another kind."""
        if (row, column) in self.cell_kinds:
            return decimals_for(self.cell_kinds[(row, column)], [self.rows[row][column]])
        return column_decimals[column]

    def text_rows(self, currency: str) -> list[list[str]]:
        """Every row (and the total) formatted as text."""
        places = self.column_decimals()
        out = [
            [format_value(v, self.kind(r, c), currency, self.decimals(r, c, places))
             for c, v in enumerate(row)]
            for r, row in enumerate(self.rows)
        ]  # fmt: skip
        if self.total is not None:
            out.append(
                ["" if v is None else format_value(v, self.kinds[c], currency, places[c])
                 for c, v in enumerate(self.total)]
            )  # fmt: skip
        return out


# --- the plan's header -----------------------------------------------------------------


def currency_of(plan: PlanDocument) -> str:
    return plan.header.currency


def horizon_of(plan: PlanDocument, horizon_years: float | None) -> float:
    """The override, else the scenario's horizon, else one year."""
    if horizon_years is not None:
        return float(horizon_years)
    if plan.result is None:
        return 1.0
    return float(plan.result.sources.cost_assumptions.horizon_years)


def status_line(plan: PlanDocument) -> str:
    """The status with the options it holds for ("optimal" alone only over every option)."""
    status = f"{plan.header.status_text} ({plan.header.scope_text})"
    if plan.result is not None:
        return status
    if plan.conflicts:
        return f"{status}: no plan meets every requirement (see the conflicts)"
    return f"{status}: no plan was found"


def conflicts_text(plan: PlanDocument) -> str:
    """Every conflict as `family: message`, joined for one cell."""
    return "; ".join(f"{c.family}: {c.message}" for c in plan.conflicts)


def term_label(term: str) -> str:
    return TERM_LABELS.get(term, term)
