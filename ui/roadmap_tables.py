"""The Roadmap tab's tables: one row per year (the CLI's table), and the timeline of what
arrives, is rented or committed, and retires, year by year, venues by name."""

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from planner.analysis.roadmap_plan import Delivery, RoadmapOutcome, RoadmapYear
from ui.number_text import format_amount, format_money
from ui.plan_table_models import NUMBER_ALIGNMENT, Column, RowsModel

TIMELINE_COLUMNS = (
    "year / event",
    "units",
    "venue",
    "in service",
    "order",
    "capital",
    "first-year cost",
)
NUMBER_COLUMNS = (1, 5, 6)


def _score(value: float | None) -> str:
    return "—" if value is None else format_amount(value, 1)


class YearsModel(RowsModel[RoadmapYear]):
    """One row per year: its cost, capital, independence and lock-in (the CLI's table)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._currency = ""

    def set_rows(self, years: Sequence[RoadmapYear], currency: str) -> None:
        self._currency = currency
        self._reset(years)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def _columns(self) -> Sequence[Column[RoadmapYear]]:
        c = self._currency
        return (
            Column("year", lambda y: y.year, lambda y: str(y.year), True),
            Column(
                f"cost {c}", lambda y: y.annual_cost, lambda y: format_amount(y.annual_cost), True
            ),
            Column(f"capex {c}", lambda y: y.capex, lambda y: format_amount(y.capex), True),
            Column(
                "independence",
                lambda y: y.independence or 0.0,
                lambda y: _score(y.independence),
                True,
            ),
            Column("lock-in", lambda y: y.lock_in or 0.0, lambda y: _score(y.lock_in), True),
        )

    def _tooltip(self, row: RoadmapYear) -> str:
        c = self._currency
        return (
            f"Year {row.year} costs {format_money(row.annual_cost, c)} at its prices (servers' "
            f"capital as an annuity); {format_money(row.capex, c)} is paid for the servers "
            "delivered for it."
        )


def _span(d: Delivery) -> str:
    if d.last_year == d.first_year:
        return f"year {d.first_year}"
    return f"years {d.first_year}–{d.last_year}"


def _delivery_row(d: Delivery, named: Callable[[str], str]) -> list[str]:
    order = f"{format_amount(d.order_weeks_before)} weeks ahead"
    return [
        _event(d),
        str(d.units),
        named(d.venue),
        _span(d),
        order if d.order_weeks_before else "—",
        format_amount(d.capex) if d.capex else "—",
        format_amount(d.annual_cost),
    ]


def _event(d: Delivery) -> str:
    """How the CLI words a delivery: capacity rented by the year, bought servers (they have
    a purchase price), or a commitment over its term."""
    if d.last_year == d.first_year:
        return "rents for the year"
    return "arrives" if d.capex else "commitment starts"


def fill_timeline(
    tree: QTreeWidget, found: RoadmapOutcome, currency: str, named: Callable[[str], str]
) -> None:
    """Per year what arrives, is rented or committed, and retires after it."""
    for y in found.years:
        paid = f"; capital {format_money(y.capex, currency)} paid on delivery" if y.capex else ""
        year = QTreeWidgetItem(
            [f"Year {y.year}: cost {format_money(y.annual_cost, currency)}{paid}"]
        )
        rows = [_delivery_row(d, named) for d in y.delivered]
        rows += [["retires after the year", str(n), named(v)] for v, n in y.retiring.items()]
        for cells in rows or [["nothing arrives or retires"]]:
            item = QTreeWidgetItem(cells)
            for column in NUMBER_COLUMNS:
                item.setTextAlignment(column, NUMBER_ALIGNMENT)
            year.addChild(item)
        tree.addTopLevelItem(year)
        year.setFirstColumnSpanned(True)
    tree.expandAll()
    for column in range(len(TIMELINE_COLUMNS)):
        tree.resizeColumnToContents(column)
