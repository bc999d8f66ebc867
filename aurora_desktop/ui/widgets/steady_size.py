"""A label and a date editor that keep their size when their text changes.

Qt sizes a QLabel or QDateEdit to its text: every new text (each day or week the Schedule
page shows) asks the window for a layout pass over the whole page (~0.1-0.2 ms each time,
measured), although the widgets, followed by a stretch, end up where they were. A widget
whose minimum and maximum sizes are equal asks for none (QWidget::updateGeometry), so these
fix their size to what their text needs: the label's width only grows (a shorter text keeps
the width, so nothing to its right jumps from day to day), the date editor's size is its
size hint, which depends only on its display format, font and style.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

_RESIZE_EVENTS = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


class SteadyLabel(QLabel):
    """A one-line label that is as wide as the widest text it has shown and as tall as a line."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._fit(shrink=True)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._fit(shrink=False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in _RESIZE_EVENTS:
            self._fit(shrink=True)

    def _fit(self, shrink: bool) -> None:
        hint = self.sizeHint()
        width = hint.width() if shrink else max(hint.width(), self.minimumWidth())
        if width != self.minimumWidth() or hint.height() != self.minimumHeight() or (
                self.maximumWidth() != width):
            self.setFixedSize(width, hint.height())


class SteadyDateEdit(QDateEdit):
    """A date editor of a fixed size: its size hint (the display format's widest date)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit()

    def setDisplayFormat(self, display_format: str) -> None:  # noqa: N802 - Qt's name
        super().setDisplayFormat(display_format)
        self._fit()

    def setCalendarPopup(self, enable: bool) -> None:  # noqa: N802 - Qt's name
        super().setCalendarPopup(enable)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in _RESIZE_EVENTS:
            self._fit()

    def _fit(self) -> None:
        self.setMinimumSize(0, 0)  # (the hint of the widget as Qt would size it)
        self.setMaximumSize(16777215, 16777215)
        self.setFixedSize(self.sizeHint())
