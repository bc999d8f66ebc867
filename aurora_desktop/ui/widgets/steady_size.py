"""A label that keeps its size when its text changes.

Qt sizes a QLabel to its text: every new text (each day or week the Schedule page shows)
asks the window for a layout pass over the whole page (~0.1-0.2 ms each time, measured),
although the label, followed by a stretch, ends up where it was. A widget whose minimum and
maximum sizes are equal asks for none (QWidget::updateGeometry), so this one fixes its size
to what its text needs: its width only grows (a shorter text keeps the width, so nothing to
its right jumps from day to day).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

_RESIZE_EVENTS = (QEvent.Type.FontChange, QEvent.Type.StyleChange)
SPARE = 2


class SteadyLabel(QLabel):
    """A one-line label that is as wide as the widest text it has shown and as tall as a line."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._beyond_text = 0  # the size hint's width beyond the text's advance (margins, ...)
        self._fit(shrink=True)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        # a text that fits with room to spare needs no size hint (~16 us; an advance ~4 us)
        if self.fontMetrics().horizontalAdvance(text) + self._beyond_text > self.width():
            self._fit(shrink=False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in _RESIZE_EVENTS:
            self._fit(shrink=True)

    def _fit(self, shrink: bool) -> None:
        hint = self.sizeHint()
        self._beyond_text = hint.width() - self.fontMetrics().horizontalAdvance(self.text())
        # (SPARE px wider than the hint: another text's advance and hint round differently)
        width = hint.width() + SPARE
        width = width if shrink else max(width, self.minimumWidth())
        if width != self.minimumWidth() or hint.height() != self.minimumHeight() or (
                self.maximumWidth() != width):
            self.setFixedSize(width, hint.height())
