"""One editor widget per scenario field, chosen from the field table: a combo box for a choice,
a check box for true/false, a line edit for numbers and text, a list editor for lists.

Each editor calls `on_edit(value)` with what the user entered (None clears the field) and
shows a document value with `show_value` without calling it. Text that does not parse is
passed on as text, so the reader names the field and the reason, exactly as for a file.

Editors call back rather than emit a signal of their own: in PySide6 6.12 every `emit()` made
from Python drops a reference to `True`, and an editor that emitted on every keystroke ended
the process after some thousands of edits ("deallocating True"). For the same reason (each
void Qt call made from Python there drops a reference to `None`), showing a value or a mark
sets nothing that is already so: a refresh after a keystroke touches only what changed.
"""

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from catalog.domain import Catalog
from planner.scenario.schema import Choice, Field, ValueType
from ui.checklist_dialog import ChecklistDialog
from ui.value_text import parse_cell, value_to_text

INVALID_STYLE = "border: 2px solid #c62828; background: #ffebee;"
SMALL_RANGE = 10
"""A whole-number field with at most this many values is picked from a list (SEAL 0–4)."""
COMBO_MAX_CHOICES = 50
"""Longer lists of allowed values (249 country codes) are typed, with completion."""
NONE_TEXT = "none"
"""What an optional field without a default shows when it is empty."""


OnEdit = Callable[[Any], None]
"""Takes the value the user entered into a field's editor (None clears the field)."""


def plain(value: Any) -> Any:
    """A default as the document holds it (an enum member as its text)."""
    return value.value if isinstance(value, Enum) else value


def placeholder(field: Field) -> str:
    """What an empty editor says: the default the reader will take, or that it is required."""
    if field.required:
        return "required"
    if field.default_text:
        return field.default_text
    if field.default is None or field.default == ():
        return NONE_TEXT
    return f"{value_to_text(field.default, field)} (default)"


class LineEditor(QLineEdit):
    """Numbers, free text and comma-separated lists, typed; each keystroke is an edit."""

    def __init__(self, field: Field, on_edit: OnEdit, choices: tuple[Choice, ...] = ()) -> None:
        super().__init__()
        self._field, self._on_edit = field, on_edit
        self.setPlaceholderText(placeholder(field))
        if field.value_type in (ValueType.NUMBER, ValueType.WHOLE):
            self.setAlignment(Qt.AlignmentFlag.AlignRight)
        if choices and field.value_type is ValueType.TEXT:
            completer = QCompleter([c.value for c in choices], self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.setCompleter(completer)
        self.textEdited.connect(self._on_text)

    def _on_text(self, text: str) -> None:
        self._on_edit(parse_cell(text, self._field))

    def show_value(self, value: Any) -> None:
        text = value_to_text(value, self._field)
        if not self.hasFocus() and self.text() != text:  # never rewrite what is being typed
            self.setText(text)


class ChoiceEditor(QComboBox):
    """A value from a list: an enumeration, a catalog's ids by name, or a small range.

    The values are kept in a Python list beside the items rather than as item data: PySide6
    loses a reference to None on each read of None item data, which ends in a crash."""

    def __init__(self, field: Field, on_edit: OnEdit, items: list[tuple[str, Any]]) -> None:
        """`items` are (text shown, value) pairs."""
        super().__init__()
        self._default = plain(field.default)
        self._optional = field.default is None and not field.required
        self._values: list[Any] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if self._optional:
            self._add(NONE_TEXT, None)
        for text, value in items:
            self._add(text, value)
        self.activated.connect(lambda index: on_edit(self._values[index]))

    def _add(self, text: str, value: Any) -> None:
        self.addItem(text)
        self._values.append(value)

    def index_of(self, value: Any) -> int:
        """The item showing `value` (-1 when none does); 3 and 3.0 are different values."""
        return next(
            (i for i, v in enumerate(self._values) if v == value and type(v) is type(value)), -1
        )

    def set_none_text(self, text: str) -> None:
        """Say what an empty optional field means here ("default (3)")."""
        if self._optional and self.itemText(0) != text:
            self.setItemText(0, text)

    def show_value(self, value: Any) -> None:
        shown = self._default if value is None and not self._optional else value
        index = self.index_of(shown)
        if index < 0:  # a value from a file that is not a choice: show it, marked by the reader
            self._add(value_to_text(shown), shown)
            index = self.count() - 1
        if self.currentIndex() != index:
            self.setCurrentIndex(index)


class FlagEditor(QCheckBox):
    def __init__(self, field: Field, on_edit: OnEdit) -> None:
        super().__init__()
        self._default = bool(field.default)
        self.clicked.connect(lambda on: on_edit(bool(on)))  # the user's clicks and keys only

    def show_value(self, value: Any) -> None:
        checked = self._default if value is None else bool(value)
        if self.isChecked() != checked:
            self.setChecked(checked)


class ListEditor(QWidget):
    """A list typed with commas, or picked from the catalog's choices in a dialog."""

    def __init__(self, field: Field, on_edit: OnEdit, choices: tuple[Choice, ...]) -> None:
        super().__init__()
        self._field, self._choices, self._on_edit = field, choices, on_edit
        self.line = LineEditor(field, on_edit)
        self.pick = QToolButton()
        self.pick.setText("…")
        self.pick.setToolTip(f"Choose the {field.label.lower()} from a list")
        self.pick.clicked.connect(self.choose)
        self.pick.setEnabled(bool(choices))
        self.dialog: ChecklistDialog | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, stretch=1)
        layout.addWidget(self.pick)
        self.setFocusProxy(self.line)

    def choose(self) -> None:
        current = parse_cell(self.line.text(), ValueType.TEXT_LIST) or []
        self.dialog = ChecklistDialog(self._field.label, self._choices, current, self)
        self.dialog.accepted.connect(self._chosen)
        self.dialog.open()

    def _chosen(self) -> None:
        if self.dialog is not None:
            chosen = self.dialog.chosen()
            self.line.setText(value_to_text(chosen))
            self._on_edit(chosen or None)

    def show_value(self, value: Any) -> None:
        self.line.show_value(value)


FieldEditor = LineEditor | ChoiceEditor | FlagEditor | ListEditor


def make_editor(field: Field, catalog: Catalog, on_edit: OnEdit) -> FieldEditor:
    """The editor the field's type and allowed values call for."""
    choices = field.allowed(catalog)
    if field.value_type is ValueType.FLAG:
        return FlagEditor(field, on_edit)
    if field.value_type is ValueType.TEXT_LIST:
        return ListEditor(field, on_edit, choices)
    if field.value_type is ValueType.WHOLE and field.range is not None:
        values = field.range.whole_values()
        if len(values) <= SMALL_RANGE:
            return ChoiceEditor(field, on_edit, [(str(v), v) for v in values])
    if field.value_type is ValueType.TEXT and 0 < len(choices) <= COMBO_MAX_CHOICES:
        return ChoiceEditor(field, on_edit, [(c.display, c.value) for c in choices])
    return LineEditor(field, on_edit, choices)


def focus_target(editor: FieldEditor) -> QWidget:
    """The widget that takes the focus, the marking and the `field:path` name."""
    return editor.line if isinstance(editor, ListEditor) else editor


def mark(editor: FieldEditor, reasons: list[str], tooltip: str) -> None:
    """Show the field's problems (red, with the reasons as its tooltip) or its help."""
    target = focus_target(editor)
    style, text = (INVALID_STYLE, "\n".join(reasons)) if reasons else ("", tooltip)
    if target.styleSheet() != style:
        target.setStyleSheet(style)
    if target.toolTip() != text:
        target.setToolTip(text)
