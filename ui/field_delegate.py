"""Cell editors for a table of declared fields: a combo box where the field has a short list of
allowed values (a workload's kind, a site), the default line edit elsewhere."""

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from catalog.domain import Catalog
from planner.scenario.schema import Field, ValueType
from ui.document_table_model import FIELD_ROLE
from ui.field_editors import COMBO_MAX_CHOICES

Index = QModelIndex | QPersistentModelIndex


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
