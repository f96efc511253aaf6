"""Table models over a plan's line items and allocations, as planner/ computed them.

Display rules live in `data()` by role: numbers are right-aligned with thousands separators
(the CLI's formats), every row has a one-sentence tooltip, and `SORT_ROLE` returns the raw
value so a `QSortFilterProxyModel` sorts numbers as numbers.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView

from planner.results.plan_document import PlanAllocation

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""Raw value of a cell (float for numbers, str for text), for sorting."""

NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TEXT_ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


def money(amount: float) -> str:
    """An amount without currency: whole units from 100 up, else three decimals."""
    return f"{amount:,.0f}" if abs(amount) >= 100 else f"{amount:,.3f}"


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    header: str
    value: Callable[[Row], float | str]
    """The raw value: what SORT_ROLE returns."""
    text: Callable[[Row], str]
    """What DisplayRole shows."""
    numeric: bool = False


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table over a plain list of rows, one `Column` per column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._built: Sequence[Column[Row]] | None = None

    def _columns(self) -> Sequence[Column[Row]]:
        raise NotImplementedError

    def _cols(self) -> Sequence[Column[Row]]:
        """The columns, built once per set of rows: Qt asks for them on every cell, and
        building them each time made a new plan's tables take 200 ms to size on the bank."""
        if self._built is None:
            self._built = self._columns()
        return self._built

    def _tooltip(self, row: Row) -> str:
        raise NotImplementedError

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._cols())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        columns = self._cols()
        if not 0 <= index.column() < len(columns):
            return None
        column, row = columns[index.column()], self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            raw = column.value(row)
            return float(raw) if column.numeric else raw
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGNMENT if column.numeric else TEXT_ALIGNMENT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        columns = self._cols()
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return NUMBER_ALIGNMENT if columns[section].numeric else TEXT_ALIGNMENT
        return None

    def _reset(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows, self._built = list(rows), None
        self.endResetModel()


class AllocationsModel(RowsModel[PlanAllocation]):
    """Which workload runs which model where, and what its tokens cost."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._currency = ""
        self._cost_per_mtok: dict[str, float] = {}
        self._venue_name: Callable[[PlanAllocation], str] = _venue_key

    def set_rows(
        self,
        allocations: Sequence[PlanAllocation],
        cost_per_mtok: Mapping[str, float],
        currency: str,
        venue_name: Callable[[PlanAllocation], str] | None = None,
    ) -> None:
        """`cost_per_mtok` by workload id, from the plan's workload figures; `venue_name`
        names an allocation's venue (`PlanResult.venue_name`; by default its key)."""
        self._currency = currency
        self._cost_per_mtok = dict(cost_per_mtok)
        self._venue_name = venue_name or _venue_key
        self._reset(allocations)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def clear(self) -> None:
        self._cost_per_mtok = {}
        self._venue_name = _venue_key
        self._reset([])

    def venue(self, a: PlanAllocation) -> str:
        """The allocation's venue by name, spot capacity marked interruptible."""
        return self._venue_name(a)

    def _per_mtok(self, a: PlanAllocation) -> float:
        return self._cost_per_mtok.get(a.workload_id, 0.0)

    def _per_mtok_text(self, a: PlanAllocation) -> str:
        return f"{self._per_mtok(a):,.3f}" if a.workload_id in self._cost_per_mtok else ""

    def _columns(self) -> Sequence[Column[PlanAllocation]]:
        return (
            Column("workload", lambda a: a.workload_id, lambda a: a.workload_id),
            Column("class", lambda a: a.request_class, lambda a: a.request_class),
            Column("model", lambda a: a.model_id, lambda a: a.model_id),
            Column("venue", self.venue, self.venue),
            Column(
                "share",
                lambda a: a.share,
                lambda a: "standby" if a.standby else f"{a.share:.0%}",
                True,
            ),
            Column(
                "peak output tokens/s",
                lambda a: a.tokens_per_second,
                lambda a: f"{a.tokens_per_second:,.0f}",
                True,
            ),
            Column("peak input tokens/s", _input_tokens, _input_tokens_text, True),
            Column(f"{self._currency}/Mtok", self._per_mtok, self._per_mtok_text, True),
            Column("precision", lambda a: a.precision or "", lambda a: a.precision or ""),
            Column(
                "TP",
                lambda a: _trail(a, "tensor_parallel"),
                lambda a: _whole(a, "tensor_parallel"),
                True,
            ),
            Column("batch", lambda a: _trail(a, "batch"), lambda a: _whole(a, "batch"), True),
            Column("TTFT ms / target", lambda a: _trail(a, "ttft_ms"), _ttft_text, True),
            Column("TPOT ms / target", lambda a: _trail(a, "tpot_ms"), _tpot_text, True),
            Column("limited by", _limit_text, _limit_text),
            Column("basis", _basis_text, _basis_text),
        )

    def _tooltip(self, row: PlanAllocation) -> str:
        where = f"{row.model_id} on {self.venue(row)}"
        if row.request_class:
            where += f" ({row.request_class} requests)"
        replica = _replica_text(row)
        if row.standby:
            return (
                f"{row.workload_id}: {where} is a standby, ready to take over but serving "
                f"none of the demand while the other venues run.{replica}"
            )
        cost = (
            f"; the workload as a whole costs {self._currency} {self._per_mtok_text(row)} "
            "per million tokens"
            if row.workload_id in self._cost_per_mtok
            else ""
        )
        return (
            f"{row.workload_id}: {row.share:.0%} of its demand runs on {where}, "
            f"{row.tokens_per_second:,.0f} output tokens/s at peak{_inputs(row)}{cost}."
            f"{replica}"
        )


def _venue_key(a: PlanAllocation) -> str:
    return a.venue_text


def _input_tokens(a: PlanAllocation) -> float:
    return a.input_tokens_per_second or 0.0


def _input_tokens_text(a: PlanAllocation) -> str:
    """Blank in a plan stored before input tokens were recorded."""
    found = a.input_tokens_per_second
    return "" if found is None else f"{found:,.0f}"


def _inputs(a: PlanAllocation) -> str:
    found = a.input_tokens_per_second
    return "" if found is None else f" ({found:,.0f} input tokens/s)"


def _replica_text(row: PlanAllocation) -> str:
    trail = row.serving
    if trail is None:
        return ""
    return (
        f" One replica: {trail.tensor_parallel} accelerator(s) of one machine at "
        f"{row.precision}, batch {trail.batch}, TTFT {_ttft_text(row)} ms, TPOT "
        f"{_tpot_text(row)} ms, limited by {_limit_text(row)} ({_basis_text(row)})."
    )


def _trail(a: PlanAllocation, name: str) -> float:
    """A figure of the allocation's serving trail; 0 (sorts first) where it has none."""
    return float(getattr(a.serving, name)) if a.serving is not None else 0.0


def _whole(a: PlanAllocation, name: str) -> str:
    return f"{getattr(a.serving, name):,}" if a.serving is not None else ""


def _against(value: float, target: float | None) -> str:
    return f"{value:,.0f}" + (f" / {target:,.0f}" if target is not None else "")


def _ttft_text(a: PlanAllocation) -> str:
    t = a.serving
    return "" if t is None else _against(t.ttft_ms, t.ttft_target_ms)


def _tpot_text(a: PlanAllocation) -> str:
    t = a.serving
    return "" if t is None else _against(t.tpot_ms, t.tpot_target_ms)


def _limit_text(a: PlanAllocation) -> str:
    return a.serving.limited_by.replace("_", " ") if a.serving is not None else ""


def _basis_text(a: PlanAllocation) -> str:
    """The basis column: "estimate", or "measured" with the measurements' source and date."""
    t = a.serving
    if t is None:
        return ""
    return f"{t.basis} ({t.basis_source})" if t.basis_source else t.basis


def sortable_table(
    name: str, model: QAbstractItemModel, proxy: QSortFilterProxyModel | None = None
) -> QTableView:
    """A sortable, read-only view over `model`; sorting goes through a proxy on SORT_ROLE
    (`proxy`, or a plain one)."""
    proxy = proxy if proxy is not None else QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the planner's order until clicked
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    return view
