"""The scrolling area of the requirements forms, arranged for the width it has.

Wide, the forms stand in three columns (organisation, costs and sites | policy | score
weights); narrower, in two, with the two sets of weights side by side below, so no editor
is squeezed to a few characters.
"""

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QScrollArea, QVBoxLayout, QWidget

WIDE_LAYOUT_PX = 1180
"""From this width of the area on, the forms stand in three columns."""


class FormsArea(QScrollArea):
    def __init__(self, left: list[QWidget], policy: QWidget, weights_title: str,
                 weights: list[QWidget]) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("requirements-forms")
        self.setWidgetResizable(True)
        self._left, self._policy, self._weights = left, policy, weights
        self.weights_box = QGroupBox(weights_title)
        self._weights_grid = QGridLayout(self.weights_box)
        self._left_box = QWidget()
        left_layout = QVBoxLayout(self._left_box)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for widget in left:
            left_layout.addWidget(widget)
        left_layout.addStretch()
        inner = QWidget()
        self._grid = QGridLayout(inner)
        self.setWidget(inner)
        self.wide: bool | None = None
        self.arrange(wide=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange(wide=self.viewport().width() >= WIDE_LAYOUT_PX)

    def arrange(self, *, wide: bool) -> None:
        if wide == self.wide:
            return
        self.wide = wide
        for widget in (self._left_box, self._policy, self.weights_box):
            self._grid.removeWidget(widget)
        for column in range(3):
            self._grid.setColumnStretch(column, 0)
        self._grid.addWidget(self._left_box, 0, 0)
        self._grid.addWidget(self._policy, 0, 1)
        if wide:
            self._grid.addWidget(self.weights_box, 0, 2)
        else:
            self._grid.addWidget(self.weights_box, 1, 0, 1, 2)
        for column in range(3 if wide else 2):
            self._grid.setColumnStretch(column, 1)
        for i, widget in enumerate(self._weights):
            self._weights_grid.removeWidget(widget)
            self._weights_grid.addWidget(widget, *((i, 0) if wide else (0, i)))
