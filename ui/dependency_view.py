"""Who can switch you off: actors × workloads, each cell the share of the workload's capacity
the actor alone could stop, coloured by that share, with the chain behind it on hover.

The figures are the plan document's dependency map (planner/evaluation/dependencies.py), the
same `sovplan dependencies` prints and the exports write; this view only lays them out.
"""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from planner.results.plan_document import DependencyMap, PlanResult, VenueChain, VenueKind
from ui.plan_table_models import NUMBER_ALIGNMENT, SORT_ROLE, TEXT_ALIGNMENT, sortable_table

Index = QModelIndex | QPersistentModelIndex
FIXED_HEADERS = ("actor", "kind", "plan", "critical")
"""The columns before one column per workload."""
FIRST_WORKLOAD_COLUMN = len(FIXED_HEADERS)
SHARE_HUE = 0.0
"""Red: the larger the share an actor alone could stop, the stronger the cell."""
LIGHTEST, STRONGEST = 0.08, 0.75
"""Saturation of the smallest and of a whole share, so every reached cell shows colour."""
SMALLEST_SHOWN = 0.005
CRITICAL_MARK = " *"
EMPTY_TEXT = "This plan was stored before plans carried a dependency map: solve it again."


def share_colour(share: float) -> QColor:
    """A cell's background: pale for a small share, strong red for all of a workload."""
    return QColor.fromHsvF(SHARE_HUE, LIGHTEST + (STRONGEST - LIGHTEST) * share, 1.0)


def percent(share: float | None) -> str:
    if share is None:
        return "—"
    return "<1%" if 0 < share < SMALLEST_SHOWN else f"{share:.0%}"


def chain_text(m: DependencyMap, chain: VenueChain) -> str:
    """One venue's chain, layer by layer, as the tooltip shows it."""
    share = "standby" if chain.standby else percent(chain.share)
    keeps = "keeps running" if chain.runs_without_developer else "stops"
    compute = (
        "the organisation itself"
        if chain.venue_kind is VenueKind.OWNED
        else f"{chain.operator}, parent {chain.ultimate_parent} ({chain.parent_country})"
    )
    hardware = (
        f"{chain.accelerator} by {chain.accelerator_vendor} ({chain.export_control})"
        if chain.vendor_country
        else "not disclosed"
    )
    lines = [
        f"{share} on {chain.venue_name}",
        f"  model: {chain.model_id} by {chain.developer} ({chain.developer_country}), "
        f"{chain.licence}; {keeps} if the developer disappears",
        f"  compute: {compute}, runs in {chain.location}",
        f"  hardware: {hardware}",
    ]
    lines += [f"  - {m.actor(k.actor_id).name}: {k.how}" for k in chain.links]
    return "\n".join(lines)


class ExposureModel(QAbstractTableModel):
    """Rows are actors, columns their shares of the plan, of critical capacity and of each
    workload; a cell an actor does not reach stays blank."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._map: DependencyMap | None = None
        self._workloads: tuple[str, ...] = ()
        self._critical: frozenset[str] = frozenset()

    def set_map(self, m: DependencyMap | None, critical: frozenset[str]) -> None:
        self.beginResetModel()
        self._map, self._critical = m, critical
        self._workloads = m.workload_ids() if m is not None else ()
        self.endResetModel()

    def clear(self) -> None:
        self.set_map(None, frozenset())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() or self._map is None else len(self._map.actors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else FIRST_WORKLOAD_COLUMN + len(self._workloads)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < FIRST_WORKLOAD_COLUMN:
                return FIXED_HEADERS[section]
            workload = self._workloads[section - FIRST_WORKLOAD_COLUMN]
            return workload + (CRITICAL_MARK if workload in self._critical else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return TEXT_ALIGNMENT if section < 2 else NUMBER_ALIGNMENT
        return None

    def _share(self, row: int, column: int) -> float | None:
        m = self._map
        assert m is not None
        actor = m.actors[row]
        if column == 2:
            return m.total(actor.id).plan_share
        if column == 3:
            return m.total(actor.id).critical_share
        found = m.exposure(actor.id, self._workloads[column - FIRST_WORKLOAD_COLUMN])
        return found.share if found else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self._map
        if m is None or not index.isValid() or not 0 <= index.row() < len(m.actors):
            return None
        row, column = index.row(), index.column()
        if not 0 <= column < self.columnCount():
            return None
        actor = m.actors[row]
        if column < 2:
            text = actor.name if column == 0 else actor.kind.value
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return text
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._actor_tip(row)
            return TEXT_ALIGNMENT if role == Qt.ItemDataRole.TextAlignmentRole else None
        share = self._share(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return percent(share) if share is not None or column < FIRST_WORKLOAD_COLUMN else ""
        if role == SORT_ROLE:
            return -1.0 if share is None else share
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGNMENT
        if role == Qt.ItemDataRole.BackgroundRole and share is not None and share > 0:
            return share_colour(share)
        if role == Qt.ItemDataRole.ForegroundRole and share is not None:
            return QColor(Qt.GlobalColor.black)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(row, column, share)
        return None

    def _actor_tip(self, row: int) -> str:
        m = self._map
        assert m is not None
        actor = m.actors[row]
        hows = sorted({k.how for c in m.chains for k in c.links if k.actor_id == actor.id})
        return f"{actor.name} ({actor.kind.value}, {actor.country}) can stop:\n" + "\n".join(
            f"- {how}" for how in hows
        )

    def _cell_tip(self, row: int, column: int, share: float | None) -> str:
        m = self._map
        assert m is not None
        actor = m.actors[row]
        if column < FIRST_WORKLOAD_COLUMN:
            scope = "the plan's capacity" if column == 2 else "its critical capacity"
            return (
                f"{actor.name} alone could stop {percent(share)} of {scope} (each workload "
                "weighted by its tokens a year)."
            )
        workload = self._workloads[column - FIRST_WORKLOAD_COLUMN]
        if share is None:
            return f"{actor.name} is on none of {workload}'s chains."
        chains = m.chains_of(actor.id, workload)
        head = f"{actor.name} alone could stop {percent(share)} of {workload}'s capacity:"
        return "\n\n".join([head, *(chain_text(m, c) for c in chains)])


class DependencyView(QWidget):
    """The results view's "Who can switch you off" tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dependency-page")
        self.model = ExposureModel(self)
        self.table = sortable_table("dependency-table", self.model)
        self.table.setMouseTracking(True)
        self.caption = QLabel("")
        self.caption.setObjectName("dependency-caption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)

    def show_result(self, result: PlanResult) -> None:
        critical = frozenset(w.workload_id for w in result.workloads if w.critical)
        self.model.set_map(result.dependencies, critical)
        self.caption.setText(
            EMPTY_TEXT
            if result.dependencies is None
            else "Each cell: the share of the workload's capacity this actor alone could stop "
            "(a company directly, a government through its law, a hardware vendor through "
            "supply); darker red is more. Hover a cell for the chain behind it. "
            f"{CRITICAL_MARK.strip()} marks a critical workload."
        )
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def clear(self) -> None:
        self.model.clear()
        self.caption.setText("")
