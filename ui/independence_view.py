"""Independence in the results: the spend-weighted SEAL beside the weakest link, per
objective, and each workload's own score and weakest link (issue: "the weakest link beside
the average"). Every figure comes from the plan document; this only lays it out."""

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from planner.results.plan_document import PlanResult, WeakestLink, WorkloadFigures
from ui.plan_table_models import Column, RowsModel, sortable_table

SEAL_TEXT = "SEAL {}"


@dataclass(frozen=True, slots=True)
class ObjectiveRow:
    objective: str
    label: str
    weight: float
    average: float
    """The spend-weighted SEAL level (0–4) of the plan on this objective."""
    weakest: WeakestLink | None


def objective_rows(result: PlanResult) -> list[ObjectiveRow]:
    links = {k.objective: k for k in result.scores.weakest_link}
    return [
        ObjectiveRow(c.key, c.label, c.weight, c.value, links.get(c.key))
        for c in result.scores.independence.components
    ]


def _level(link: WeakestLink | None) -> float:
    return float(link.level) if link else -1.0


class ObjectivesModel(RowsModel[ObjectiveRow]):
    """One row per objective: weight, average SEAL, weakest SEAL and the venue setting it."""

    def set_rows(self, rows: Sequence[ObjectiveRow]) -> None:
        self._reset(rows)

    def clear(self) -> None:
        self._reset([])

    def _columns(self) -> Sequence[Column[ObjectiveRow]]:
        return (
            Column("objective", lambda r: r.objective, lambda r: f"{r.objective} {r.label}"),
            Column("weight", lambda r: r.weight, lambda r: f"{r.weight:.0%}", True),
            Column("average SEAL", lambda r: r.average, lambda r: f"{r.average:.2f}", True),
            Column(
                "weakest link",
                lambda r: _level(r.weakest),
                lambda r: SEAL_TEXT.format(r.weakest.level) if r.weakest else "—",
                True,
            ),
            Column(
                "set by",
                lambda r: r.weakest.venue_name if r.weakest else "",
                lambda r: r.weakest.venue_name if r.weakest else "",
            ),
            Column(
                "rule",
                lambda r: r.weakest.rule if r.weakest else "",
                lambda r: r.weakest.rule if r.weakest else "",
            ),
        )

    def _tooltip(self, row: ObjectiveRow) -> str:
        head = (
            f"{row.objective} {row.label}: the plan's venues average SEAL {row.average:.2f} "
            f"weighted by spend ({row.weight:.0%} of the score)."
        )
        if row.weakest is None:
            return head
        return (
            f"{head} The weakest venue, {row.weakest.venue_name}, is at SEAL "
            f"{row.weakest.level} by rule {row.weakest.rule}: {row.weakest.reason}."
        )


def _weakest(w: WorkloadFigures) -> WeakestLink | None:
    return min(w.weakest_link, key=lambda k: k.level) if w.weakest_link else None


class WorkloadIndependenceModel(RowsModel[WorkloadFigures]):
    """One row per workload: its own score by share of demand and its weakest link."""

    def set_rows(self, rows: Sequence[WorkloadFigures]) -> None:
        self._reset(rows)

    def clear(self) -> None:
        self._reset([])

    def _columns(self) -> Sequence[Column[WorkloadFigures]]:
        return (
            Column("workload", lambda w: w.workload_id, lambda w: w.workload_id),
            Column("critical", lambda w: str(w.critical), lambda w: "yes" if w.critical else ""),
            Column(
                "independence",
                lambda w: w.independence if w.independence is not None else -1.0,
                lambda w: f"{w.independence:.1f}" if w.independence is not None else "—",
                True,
            ),
            Column(
                "weakest link",
                lambda w: float(w.weakest_seal) if w.weakest_seal is not None else -1.0,
                lambda w: SEAL_TEXT.format(w.weakest_seal) if w.weakest_seal is not None else "—",
                True,
            ),
            Column("on", lambda w: self._on(w), lambda w: self._on(w)),
            Column(
                "set by",
                lambda w: (_weakest(w) or _NONE).venue_name,
                lambda w: (_weakest(w) or _NONE).venue_name,
            ),
        )

    @staticmethod
    def _on(w: WorkloadFigures) -> str:
        lowest = w.weakest_seal
        return ", ".join(k.objective for k in w.weakest_link if k.level == lowest)

    def _tooltip(self, row: WorkloadFigures) -> str:
        if row.independence is None or not row.weakest_link:
            return f"{row.workload_id}: no venue serves it in this plan."
        lines = [
            f"{row.workload_id}: independence {row.independence:.1f} of 100 (its venues, "
            "weighted by the share of its demand each serves). Lowest SEAL per objective:"
        ]
        lines += [f"{k.objective}: SEAL {k.level} at {k.venue_name}" for k in row.weakest_link]
        return "\n".join(lines)


_NONE = WeakestLink(objective="", level=0, venue_key="", venue_name="", rule="", reason="")
"""Stands in for a missing weakest link in the text columns."""


class IndependenceView(QWidget):
    """The two tables, for the results view's Independence tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("independence-page")
        self.objectives_model = ObjectivesModel(self)
        self.workloads_model = WorkloadIndependenceModel(self)
        self.objectives_table = sortable_table(
            "independence-objectives-table", self.objectives_model
        )
        self.workloads_table = sortable_table("independence-workloads-table", self.workloads_model)
        self.summary = QLabel("")
        self.summary.setObjectName("independence-summary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.objectives_table, 3)
        layout.addWidget(QLabel("Each workload: its own score and weakest link"))
        layout.addWidget(self.workloads_table, 2)

    def show_result(self, result: PlanResult) -> None:
        self.objectives_model.set_rows(objective_rows(result))
        self.workloads_model.set_rows(result.workloads)
        weakest = result.scores.weakest_seal
        self.summary.setText(
            f"Independence {result.scores.independence.total:.1f} of 100 averages the venues "
            "by spend; the framework holds a service to its weakest link: "
            + (f"SEAL {weakest}." if weakest is not None else "not reported for this plan.")
        )
        for table, stretched in ((self.objectives_table, 4), (self.workloads_table, 5)):
            table.resizeColumnsToContents()
            table.horizontalHeader().setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)

    def clear(self) -> None:
        self.objectives_model.clear()
        self.workloads_model.clear()
        self.summary.setText("")
