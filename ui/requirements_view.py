"""The requirements editor: organisation, budgets, sites, policy and the workloads table.

Every edit is an undo command on the scenario document; after each one the document is
validated by the scenario reader, and each invalid field is marked with its reason.
"""

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from catalog.domain import Catalog
from planner.scenario.document import ScenarioDocument
from planner.scenario.model import DataClass, Objective, OrganisationKind, Scenario, WorkloadKind
from ui.document_table_model import Column, DocumentTableModel
from ui.undo import InsertItem, RemoveItem, SetField
from ui.value_text import parse_cell, value_to_text

INVALID_STYLE = "border: 2px solid #c62828; background: #ffebee;"


@dataclass(frozen=True, slots=True)
class Field:
    path: str
    label: str
    kind: str
    tooltip: str
    choices: tuple[str, ...] = ()


ORGANISATION_FIELDS = (
    Field("organisation.name", "Name", "text", "The organisation planning"),
    Field("organisation.kind", "Kind", "choice", "Bank, government or other",
          tuple(k.value for k in OrganisationKind)),
    Field("organisation.home_jurisdiction", "Home jurisdiction", "text",
          "ISO 3166 country whose law the organisation lives under, e.g. DE"),
    Field("organisation.trusted_jurisdictions", "Trusted jurisdictions", "list",
          "Further countries, or EU / EEA, whose law it accepts (comma-separated)"),
    Field("organisation.currency", "Currency", "choice", "Currency of every amount"),
    Field("organisation.horizon_years", "Horizon (years)", "number",
          "Years the plan runs; capital is recovered within it"),
    Field("organisation.discount_rate", "Discount rate", "number",
          "Yearly rate for annualising capital, e.g. 0.07"),
    Field("organisation.annual_budget", "Annual budget", "number",
          "Largest annual cost allowed (empty: none)"),
    Field("organisation.capex_budget", "Capital budget", "number",
          "Largest purchase of servers allowed (empty: none)"),
)  # fmt: skip
POLICY_FIELDS = (
    Field("policy.max_provider_share", "Max share of one provider group", "number",
          "Largest share of annual spend any provider group may take (0–1), as DORA asks"),
    Field("policy.survive_provider_loss", "Critical workloads survive a provider loss", "bool",
          "Keep enough capacity outside every provider group used by a critical workload"),
    Field("policy.excluded_providers", "Excluded providers", "list",
          "Provider ids, comma-separated"),
    Field("policy.excluded_models", "Excluded models", "list", "Model ids, comma-separated"),
    Field("policy.excluded_accelerator_vendors", "Excluded accelerator vendors", "list",
          "Vendor names, e.g. Huawei"),
    Field("policy.min_independence", "Minimum independence", "number",
          "0–100, Cloud Sovereignty Framework score (docs/scoring.md)"),
    Field("policy.max_lock_in", "Maximum lock-in", "number", "0–100 (docs/scoring.md)"),
    Field("policy.objective", "Objective", "choice",
          "cost; weighted (surcharges); lexicographic (cost, then independence)",
          tuple(o.value for o in Objective)),
    Field("policy.cost_slack", "Lexicographic cost slack", "number",
          "Extra cost accepted for more independence, e.g. 0.05 = 5 %"),
    Field("policy.independence_surcharge", "Independence surcharge", "number",
          "Weighted objective: extra cost per unit of spend per 100 missing points"),
    Field("policy.lock_in_surcharge", "Lock-in surcharge", "number",
          "Weighted objective: extra cost per unit of lock-in-prone spend"),
)  # fmt: skip
WORKLOAD_COLUMNS = (
    Column("id", "Id", "text", "A short unique name"),
    Column("kind", "Kind", "choice", "interactive, batch, embedding or fine_tuning",
           tuple(k.value for k in WorkloadKind)),
    Column("tokens_per_day", "Tokens/day", "number", "Input plus output tokens on an average day"),
    Column("peak_factor", "Peak ×", "number", "Peak over average demand (≥ 1)"),
    Column("input_tokens", "In tokens", "number", "Prompt tokens per request"),
    Column("output_tokens", "Out tokens", "number", "Generated tokens per request"),
    Column("tpot_ms", "TPOT ms", "number", "Target time per output token"),
    Column("ttft_ms", "TTFT ms", "number", "Target time to first token"),
    Column("min_quality", "Min quality", "number", "MMLU-Pro % (chat) or MTEB (embedding)"),
    Column("data_class", "Data class", "choice", "public, internal, confidential or secret",
           tuple(d.value for d in DataClass)),
    Column("critical", "Critical", "bool", "Must survive the loss of any one provider"),
    Column("tokens_per_run", "Tokens/run", "number", "Fine-tuning: training tokens per run"),
    Column("runs_per_year", "Runs/year", "number", "Fine-tuning: runs per year"),
)  # fmt: skip
TOOLTIPS = {f.path: f.tooltip for f in (*ORGANISATION_FIELDS, *POLICY_FIELDS)}
SITE_COLUMNS = (
    Column("site", "Site", "text", "Catalog site id (Catalog tab, table sites)"),
    Column("power_limit_kw", "Power limit kW", "number", "Power available for servers"),
)
NEW_WORKLOAD = {"id": "new-workload", "kind": "interactive", "tokens_per_day": 10_000_000,
                "peak_factor": 2, "input_tokens": 1000, "output_tokens": 300,
                "data_class": "internal"}  # fmt: skip


class RequirementsView(QWidget):
    """Emits `validated(scenario or None, problems)` after every change of the document."""

    validated = Signal(object, dict)

    def __init__(self, catalog: Catalog, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._catalog, self._stack = catalog, undo_stack
        self._doc: ScenarioDocument | None = None
        self._editors: dict[str, QWidget] = {}
        self.problems: dict[str, list[str]] = {}
        self.scenario: Scenario | None = None

        self.summary = QLabel()
        self.summary.setObjectName("requirements-summary")
        self.summary.setWordWrap(True)
        forms = QHBoxLayout()
        forms.addWidget(self._form("Organisation and budget", ORGANISATION_FIELDS))
        forms.addWidget(self._form("Policy", POLICY_FIELDS))

        self.workloads = DocumentTableModel("workloads", WORKLOAD_COLUMNS, self._apply)
        self.sites = DocumentTableModel("sites", SITE_COLUMNS, self._apply)
        self.workloads_view = self._table(self.workloads, "workloads-table")
        self.sites_view = self._table(self.sites, "sites-table")
        self.sites_view.setMaximumHeight(110)

        buttons = QHBoxLayout()
        for text, slot in (("Add workload", self.add_workload),
                           ("Duplicate", self.duplicate_workload),
                           ("Remove", self.remove_workload),
                           ("Add site", self.add_site)):  # fmt: skip
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(forms)
        layout.addWidget(QLabel("<b>Sites</b> (where owned servers may go)"))
        layout.addWidget(self.sites_view)
        layout.addWidget(
            QLabel("<b>Workloads</b> — double-click a cell to edit; red cells say why")
        )
        layout.addWidget(self.workloads_view, stretch=1)
        layout.addLayout(buttons)
        undo_stack.indexChanged.connect(self._on_undo_index)

    def _on_undo_index(self, _index: int) -> None:
        self.refresh()

    def _form(self, title: str, fields: tuple[Field, ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for field in fields:
            editor = self._editor(field)
            editor.setObjectName(f"field:{field.path}")
            editor.setToolTip(field.tooltip)
            self._editors[field.path] = editor
            form.addRow(field.label, editor)
        return box

    def _editor(self, field: Field) -> QWidget:
        if field.kind == "bool":
            check = QCheckBox()
            check.toggled.connect(lambda on, f=field: self._apply(f.path, bool(on), f.label))
            return check
        if field.kind == "choice":
            combo = QComboBox()
            choices = field.choices or tuple(sorted(self._catalog.usd_per_unit))
            combo.addItems(list(choices))
            combo.activated.connect(
                lambda _i, f=field, c=combo: self._apply(f.path, c.currentText(), f.label)
            )
            return combo
        line = QLineEdit()
        line.textEdited.connect(
            lambda text, f=field: self._apply(f.path, parse_cell(text, f.kind), f.label)
        )
        return line

    def _table(self, model: DocumentTableModel, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)  # fmt: skip
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    # The document -------------------------------------------------------------------

    def set_document(self, doc: ScenarioDocument) -> None:
        self._doc = doc
        self.workloads.set_document(doc)
        self.sites.set_document(doc)
        self.refresh()

    def set_catalog(self, catalog: Catalog) -> None:
        """The catalog changed (an import or edit): validate against the new one."""
        self._catalog = catalog
        self.refresh()

    def _apply(self, path: str, value: Any, label: str) -> None:
        if self._doc is None or self._doc.get(path) == value:
            return
        self._stack.push(SetField(self._doc, path, value, label))

    def refresh(self) -> None:
        """Show the document's values and problems (after an edit, undo or redo)."""
        if self._doc is None:
            return
        self.scenario, self.problems = self._doc.validate(self._catalog)
        for path, editor in self._editors.items():
            self._show_value(editor, self._doc.get(path))
            reasons = self.problems.get(path, [])
            editor.setStyleSheet(INVALID_STYLE if reasons else "")
            tooltip = next(
                f.tooltip for f in (*ORGANISATION_FIELDS, *POLICY_FIELDS) if f.path == path
            )
            editor.setToolTip("; ".join(reasons) if reasons else tooltip)
        self.workloads.refresh(self.problems)
        self.sites.refresh(self.problems)
        count = sum(len(r) for r in self.problems.values())
        if count:
            first_path, first = next(iter(self.problems.items()))
            self.summary.setText(
                f"<span style='color:#c62828'><b>{count} problem(s)</b> — Solve is disabled. "
                f"First: {first_path}: {first[0]}</span>"
            )
        else:
            self.summary.setText("All requirements are valid. Solve with F5.")
        self.validated.emit(self.scenario, self.problems)

    def _show_value(self, editor: QWidget, value: Any) -> None:
        editor.blockSignals(True)
        try:
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentText(value_to_text(value))
            elif isinstance(editor, QLineEdit) and not editor.hasFocus():
                editor.setText(value_to_text(value))
        finally:
            editor.blockSignals(False)

    def focus_field(self, path: str) -> None:
        """Bring a field (say, one a conflict names) into view and focus."""
        editor = self._editors.get(path)
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if path.startswith("workloads[") and self._doc:
            row = int(path.split("[")[1].split("]")[0])
            self.workloads_view.selectRow(row)
            self.workloads_view.setFocus()

    # Workload and site list edits ----------------------------------------------------

    def _selected_row(self) -> int | None:
        rows = self.workloads_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def add_workload(self) -> None:
        if self._doc is not None:
            index = len(self._doc.get("workloads") or [])
            self._stack.push(
                InsertItem(self._doc, "workloads", index, dict(NEW_WORKLOAD), "Add workload")
            )

    def duplicate_workload(self) -> None:
        row = self._selected_row()
        if self._doc is not None and row is not None:
            copy = dict(self._doc.get(f"workloads[{row}]"))
            copy["id"] = f"{copy.get('id', 'workload')}-copy"
            self._stack.push(
                InsertItem(self._doc, "workloads", row + 1, copy, f"Duplicate workload {row + 1}")
            )

    def remove_workload(self) -> None:
        row = self._selected_row()
        if self._doc is not None and row is not None:
            self._stack.push(RemoveItem(self._doc, "workloads", row, f"Remove workload {row + 1}"))

    def add_site(self) -> None:
        if self._doc is not None:
            index = len(self._doc.get("sites") or [])
            first = next(iter(self._catalog.sites))
            self._stack.push(InsertItem(self._doc, "sites", index, {"site": first}, "Add site"))
