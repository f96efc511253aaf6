"""Cell editors for a table of declared fields: a combo box where the field has a short list of
allowed values (a workload's kind, a site), the default line edit elsewhere.

An edit resets the table's model (`DocumentTableModel.refresh`), and the reset makes the view
release the editor while it still has the focus. When the focus then moves, Qt's editor event
filter would commit that editor again to a view that no longer owns it, and Qt warns
"commitData called with an editor that does not belong to this view". Its value was committed
already (the commit is what reset the model), so a released editor's events are let through
without a second commit.
"""

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from catalog.domain import Catalog
from planner.scenario.schema import Field, ValueType
from ui.document_table_model import FIELD_ROLE
from ui.field_editors import COMBO_MAX_CHOICES

Index = QModelIndex | QPersistentModelIndex
RELEASED = "sovplan-released-editor"
"""Property set on an editor once its view has let go of it (see the module's docstring)."""


class FieldDelegate(QStyledItemDelegate):
    def __init__(self, catalog: Callable[[], Catalog], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:  # fmt: skip
        field: Field | None = index.data(FIELD_ROLE)
        choices = field.allowed(self._catalog()) if field is not None else ()
        if field is None or field.value_type is not ValueType.TEXT or not choices:
            return super().createEditor(parent, option, index)
        if len(choices) > COMBO_MAX_CHOICES:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for choice in choices:
            combo.addItem(choice.display, choice.value)
        return combo  # committed on Enter or when the focus leaves, as every cell editor is

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        editor.setProperty(RELEASED, True)
        super().destroyEditor(editor, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched.property(RELEASED):
            return False
        return super().eventFilter(watched, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if not isinstance(editor, QComboBox):
            super().setEditorData(editor, index)
            return
        current = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(current)
        if found < 0:  # a value the catalog does not hold: keep it visible (it is marked red)
            editor.addItem(str(current), current)
            found = editor.count() - 1
        editor.setCurrentIndex(found)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
