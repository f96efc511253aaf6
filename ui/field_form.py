"""A form of editors for declared fields: one table of the scenario, or one entry of a list.

The editors, their labels (with units) and their tooltips come from the field table; an edit
goes to `apply(path, value, field)`, and `refresh` shows the document's values and marks every
field a problem names, with the problem in the label form as its tooltip.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from catalog.domain import Catalog
from planner.scenario.problems import FieldPath, Problem
from planner.scenario.schema import Field, Unit, unit_text
from ui.field_editors import FieldEditor, focus_target, make_editor, mark, placeholder
from ui.number_text import PERCENT_UNITS, percent_range_text
from ui.problem_text import problem_text

Apply = Callable[[FieldPath, Any, Field], None]
"""Pushes an edit of the field at the path (an undo command)."""


def form_unit(field: Field, currency: str) -> str:
    """The unit a form states: a share as a percentage, money in the scenario's currency."""
    return PERCENT_UNITS.get(field.unit) or unit_text(field.unit, currency)


def field_tooltip(field: Field, currency: str) -> str:
    """The field's help, then its unit, rule and default."""
    facts = []
    if field.unit is not Unit.NONE:
        facts.append(f"Unit: {form_unit(field, currency)}.")
    if field.unit in PERCENT_UNITS and field.range is not None:
        facts.append(f"Allowed: {percent_range_text(field.range)}.")
    elif rule := field.rule():
        facts.append(f"Allowed: {rule.replace('`', '')}.")
    facts.append(f"Empty: {placeholder(field)}.")
    return f"{field.help}\n{' '.join(facts)}"


def field_caption(field: Field, currency: str, *, with_unit: bool = True) -> str:
    """The label a form shows, with the unit: "Annual budget (EUR/year)" ("&" is no mnemonic)."""
    unit = form_unit(field, currency) if with_unit else ""
    caption = f"{field.label} ({unit})" if unit else field.label
    return caption.replace("&", "&&")


class FieldForm(QGroupBox):
    """Editors for `fields`, in `columns` columns; for an entry of a list, `set_index` picks it."""

    def __init__(self, title: str, fields: Sequence[Field], catalog: Catalog, apply: Apply,
                 *, columns: int = 1, index: int | None = None) -> None:  # fmt: skip
        super().__init__(title)
        self._apply, self._index = apply, index
        self._units_in_captions = len({f.unit for f in fields}) > 1
        """A unit every field shares (weights, SEAL levels) goes without saying."""
        self.editors: dict[Field, FieldEditor] = {}
        self._captions: dict[Field, QLabel] = {}
        grid = QGridLayout(self)
        per_column = -(-len(fields) // columns)
        for i, field in enumerate(fields):
            editor = make_editor(field, catalog, self._editing(field))
            caption = QLabel(field_caption(field, "", with_unit=False))
            caption.setBuddy(focus_target(editor))
            row, column = i % per_column, 2 * (i // per_column)
            grid.addWidget(caption, row, column)
            grid.addWidget(editor, row, column + 1)
            self.editors[field] = editor
            self._captions[field] = caption
        for column in range(columns):
            grid.setColumnStretch(2 * column + 1, 1)
        grid.setRowStretch(per_column, 1)
        self._name_editors()

    def _editing(self, field: Field) -> Callable[[Any], None]:
        """What the field's editor calls with the value the user entered."""
        return lambda value: self._apply(field.path(self._index), value, field)

    def _name_editors(self) -> None:
        for field, editor in self.editors.items():
            focus_target(editor).setObjectName(f"field:{field.path(self._index)}")

    def set_index(self, index: int | None) -> None:
        """Edit another entry of the list (the selected workload)."""
        if index != self._index:
            self._index = index
            self._name_editors()
            self.setEnabled(index is not None)

    def editor_at(self, path: FieldPath) -> QWidget | None:
        for field, editor in self.editors.items():
            if field.path(self._index) == path:
                return focus_target(editor)
        return None

    def refresh(self, data: Mapping[str, Any], get: Callable[[FieldPath], Any],
                problems: Sequence[Problem], currency: str) -> None:  # fmt: skip
        """Show the values at the fields' paths and mark those a problem names."""
        for field, editor in self.editors.items():
            path = field.path(self._index)
            no_entry = field.section.repeated and self._index is None
            editor.show_value(None if no_entry else get(path))
            reasons = [problem_text(p, data) for p in problems if p.path.startswith(path)]
            mark(editor, reasons, field_tooltip(field, currency))
            caption = field_caption(field, currency, with_unit=self._units_in_captions)
            if self._captions[field].text() != caption:
                self._captions[field].setText(caption)
