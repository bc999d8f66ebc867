"""A label that keeps its size when its text changes.

Qt sizes a QLabel to its text: every new text (each day or week the Schedule page shows)
asks the window for a layout pass over the whole page (~0.1-0.2 ms each time, measured),
although the label, followed by a stretch, ends up where it was. A widget whose minimum and
maximum sizes are equal asks for none (QWidget::updateGeometry), so this one fixes its size
to what its text needs: its width only grows (a shorter text keeps the width, so nothing to
its right jumps from day to day).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtWidgets import QLabel, QWidget

_RESIZE_EVENTS = (QEvent.Type.FontChange, QEvent.Type.StyleChange)
SPARE = 2
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")
ADVANCES_KEPT = 256
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"


class SteadyLabel(QLabel):
    """A one-line label that is as wide as the widest text it has shown and as tall as a line."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._beyond_text = 0  # the text size's width beyond its advance (margins, bearings)
        self._same_digits = False  # the font's digits are all as wide (tabular figures)
        self._advances: dict[str, int] = {}  # text (or its shape, see _advance) -> advance
        self._fit(shrink=True)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        # a text that fits the width held is not laid out again (_text_size, ~16 us)
        if self._advance(text) + self._beyond_text > self.width():
            self._fit(shrink=False)

    def refit(self) -> None:
        """As wide as the current text, narrower if need be: for another kind of text (the
        Schedule's title after switching between day and week)."""
        self._fit(shrink=True)

    def _advance(self, text: str) -> int:
        """The advance of *text*. With tabular figures (every digit as wide as "0", as in the
        usual UI fonts) it is that of the text's shape, digits as "0": "Thu 11/19/2026" is
        measured as "Thu 00/00/0000", so a new day's title is measured once per weekday, not
        once per day (a measurement of a text not seen for a while is ~40 us)."""
        shape = text.translate(_DIGITS_AS_ZERO) if self._same_digits else text
        found = self._advances.get(shape)
        if found is None:
            if len(self._advances) >= ADVANCES_KEPT:
                self._advances.clear()
            found = self._advances[shape] = self.fontMetrics().horizontalAdvance(shape)
        return found

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in _RESIZE_EVENTS:
            self._fit(shrink=True)

    def _fit(self, shrink: bool) -> None:
        metrics = self.fontMetrics()
        if shrink:  # (a new font, style or kind of text)
            self._same_digits = len({metrics.horizontalAdvance(d) for d in "0123456789"}) == 1
            self._advances.clear()
        need = self._text_size()
        self._beyond_text = need.width() - metrics.horizontalAdvance(self.text())
        # (SPARE px wider than needed: another text's advance and size round differently,
        # and kerning next to a digit may differ from next to a "0")
        width = need.width() + SPARE
        width = width if shrink else max(width, self.minimumWidth())
        if (self.minimumWidth(), self.maximumWidth(), self.minimumHeight(),
                self.maximumHeight()) != (width, width, need.height(), need.height()):
            self.setFixedSize(width, need.height())

    def _text_size(self) -> QSize:
        """The size QLabel's size hint gives the text: its width computed here (that hint is
        never narrower than the label's minimum width - QLabel widens it - so it cannot tell
        how narrow a label that was wider may become), its height the hint's (one line)."""
        margins = self.contentsMargins()
        text = self.fontMetrics().boundingRect(QRect(0, 0, QWIDGETSIZE_MAX, 2000),
                                               int(self.alignment()), self.text())
        width = text.width() + margins.left() + margins.right() + 2 * self.margin()
        return QSize(width, self.sizeHint().height())
