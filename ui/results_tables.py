"""The results view's line items table: what is bought, its price in the unit it is charged
by, the capital outlay apart from the annual cost, and a total row that ties to the cards.

The total row is the model's last row and stays last whatever column the user sorts by
(`TotalLastProxy`), so the annual total under the table always reads as the Annual cost card
and the outlay total as the Capital outlay card.
"""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView

from planner.evaluation.line_items import INSTANCE_YEAR
from planner.exports.tables import plural
from planner.money import money_text
from planner.results.plan_document import LineItem, VenueKind
from ui.plan_table_models import SORT_ROLE, Column, RowsModel, money, sortable_table

TOTAL = "Total"
NOT_RECORDED = "not recorded"
"""An owned line of a plan stored before its list price and outlay were recorded."""
Index = QModelIndex | QPersistentModelIndex


def quantity_text(item: LineItem) -> str:
    """Whole units as whole numbers ("1", not "1.00"); other quantities to two decimals."""
    return f"{item.quantity:,.0f}" if item.whole_units else f"{item.quantity:,.2f}"


def _quantity_unit(item: LineItem) -> str:
    """The unit of the quantity column, the one the unit price is per (instance-hours for an
    instance kept all year)."""
    return plural(item.price_quantity_unit, item.price_quantity)


def held_text(item: LineItem) -> str:
    """What the line holds, in its own unit: "1 instance all year", "2 servers"."""
    if item.unit == INSTANCE_YEAR:
        count = quantity_text(item)
        instances = f"{count} instance{'' if item.quantity == 1 else 's'}"
        return f"{instances} all year ({item.price_quantity_text} instance-hours)"
    return f"{quantity_text(item)} {plural(item.unit, item.quantity)}"


def _price_text(item: LineItem) -> str:
    price = item.unit_price
    return NOT_RECORDED if price is None else money(price)


def _outlay_text(item: LineItem) -> str:
    if item.kind is not VenueKind.OWNED:
        return ""
    return NOT_RECORDED if item.capital_outlay is None else money(item.capital_outlay)


class LineItemsModel(RowsModel[LineItem]):
    """What is bought or rented, from whom, under which law, at what price; a total row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._currency = ""

    @property
    def currency(self) -> str:
        return self._currency

    @property
    def items(self) -> int:
        """Line items shown (the total row not counted)."""
        return len(self._rows)

    def set_rows(self, items: Sequence[LineItem], currency: str) -> None:
        self._currency = currency
        self._reset(items)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def clear(self) -> None:
        self._reset([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        rows = len(self._rows)
        return 0 if parent.isValid() or not rows else rows + 1

    def is_total(self, row: int) -> bool:
        return bool(self._rows) and row == len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.is_total(index.row()):
            return super().data(index, role)
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._total_cell(column, role == SORT_ROLE)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return super().data(self.index(0, column), role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"All line items: {money_text(self._annual(), self._currency)} a year (the "
                f"Annual cost card); capital outlay "
                f"{money_text(self._outlay(), self._currency)}, paid once."
            )
        return None

    def _annual(self) -> float:
        return float(sum(i.annual_cost for i in self._rows))

    def _outlay(self) -> float:
        return float(sum(i.capital_outlay or 0.0 for i in self._rows))

    def _total_cell(self, column: int, raw: bool) -> str | float:
        header = self._columns()[column].header
        if column == 0:
            return TOTAL
        if header.startswith("annual"):
            return self._annual() if raw else f"{self._annual():,.0f}"
        if header.startswith("capital outlay"):
            return self._outlay() if raw else f"{self._outlay():,.0f}"  # as the card
        return 0.0 if self._columns()[column].numeric and raw else ""

    def _columns(self) -> Sequence[Column[LineItem]]:
        c = self._currency
        return (
            Column("kind", lambda i: i.kind.value, lambda i: i.kind.value),
            Column("provider", lambda i: i.provider_name, lambda i: i.provider_name),
            Column("law", lambda i: i.jurisdiction, lambda i: i.jurisdiction),
            Column("item", lambda i: i.item, lambda i: i.item),
            Column("term", lambda i: i.term_label, lambda i: i.term_label),
            Column("quantity", lambda i: i.price_quantity, lambda i: i.price_quantity_text, True),
            Column("unit", lambda i: i.price_quantity_unit, _quantity_unit),
            Column(f"unit price {c}", lambda i: i.unit_price or 0.0, _price_text, True),
            Column("price per", lambda i: i.price_unit, lambda i: i.price_unit),
            Column(f"capital outlay {c}", lambda i: i.capital_outlay or 0.0, _outlay_text, True),
            Column(f"annual {c}", lambda i: i.annual_cost, lambda i: f"{i.annual_cost:,.0f}", True),
        )

    def _tooltip(self, row: LineItem) -> str:
        c = self._currency
        what = f"{row.item} from {row.provider_name} ({row.jurisdiction} law)"
        if row.term == "standby":
            return (
                f"{what} is kept on standby: set up as a backup, ready to take over, it "
                "carries no tokens and costs nothing a year while the others run."
            )
        if row.kind is VenueKind.OWNED:
            if row.purchase_price is None or row.capital_outlay is None:
                return (
                    f"{held_text(row)} of {what}: "
                    f"{c} {row.annual_cost:,.0f} a year all in; the plan was stored before "
                    "its list price and capital outlay were recorded (solve again)."
                )
            return (
                f"{held_text(row)} of {what} at a list "
                f"price of {c} {money(row.purchase_price)} each: a capital outlay of {c} "
                f"{money(row.capital_outlay)} paid once (with the networking share), "
                f"{c} {row.annual_cost:,.0f} a year with capital recovered over its life, "
                "energy, hosting and operations."
            )
        return (
            f"{held_text(row)} of {what} "
            f"({row.term_label}) cost {c} {row.annual_cost:,.0f} a year, {c} "
            f"{_price_text(row)} per {row.price_unit}."
        )


class TotalLastProxy(QSortFilterProxyModel):
    """Sorts on SORT_ROLE and keeps the source's total row last in either order."""

    def lessThan(self, left: Index, right: Index) -> bool:
        source = self.sourceModel()
        if isinstance(source, LineItemsModel):
            left_total, right_total = source.is_total(left.row()), source.is_total(right.row())
            if left_total or right_total:
                descending = self.sortOrder() is Qt.SortOrder.DescendingOrder
                return left_total == descending and left_total != right_total
        return bool(super().lessThan(left, right))


def line_items_table(name: str, model: LineItemsModel) -> QTableView:
    """The sortable line items view, its total row kept last."""
    return sortable_table(name, model, TotalLastProxy(model))
