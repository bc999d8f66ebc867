"""Repeated card texts as ready-made transparent pixmaps ("stamps"), copied instead of drawn.

A calendar repeats the same few hundred short texts (times, chairs, doses, statuses, status
icons) from card to card and from day to day. Drawing one shapes nothing (its layout is
cached) but still blends every glyph's coverage into the picture one glyph at a time
(~1,600 instructions a glyph, ~25 us a line); copying a stamp of the whole text is one
blend of a small pixmap (~2 us). A stamp is the text drawn in its colour onto a transparent
pixmap with the same whole-pixel offset, so it puts the same coverage on any background
(test: within one level per colour channel of drawing the text itself).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPixmap, QStaticText

from aurora_desktop.ui.schedule.card_cache import StampCache
from aurora_desktop.ui.schedule.paint_kit import pen

MARGIN = 3  # transparent pixels around the text's box: room for glyphs that overhang it


class TextStamps(StampCache):
    """Stamps of one view by text, font, colour and device pixel ratio (bounded like its
    `TextCache`; the view clears them when its fonts change)."""

    def stamp(self, text: str, font: QFont, font_key: str, colour: str, dpr: float) -> QPixmap:
        return self._cache.get((text, font_key, colour, dpr),
                               lambda: self._render(text, font, colour, dpr))

    def draw(self, p: QPainter, items: list[tuple[str, int, int, str]], font: QFont,
             font_key: str, dpr: float) -> None:
        """Texts (colour, x, y, text) with their layout's top-left at whole pixels (x, y),
        as `p.drawStaticText(x, y, QStaticText(text))` in *font* would place them."""
        find = self._cache.find
        for colour, x, y, text in items:
            found = find((text, font_key, colour, dpr))
            if found is None:
                found = self.stamp(text, font, font_key, colour, dpr)
            p.drawPixmap(x - MARGIN, y - MARGIN, found)

    def _render(self, text: str, font: QFont, colour: str, dpr: float) -> QPixmap:
        self.rendered += 1
        return _render(text, font, colour, dpr)


def _render(text: str, font: QFont, colour: str, dpr: float) -> QPixmap:
    layout = QStaticText(text)
    layout.prepare(font=font)
    size = layout.size()
    width = math.ceil(size.width()) + 2 * MARGIN
    height = math.ceil(size.height()) + 2 * MARGIN
    image = QImage(max(1, math.ceil(width * dpr)), max(1, math.ceil(height * dpr)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(pen(colour))
    painter.drawStaticText(QPointF(MARGIN, MARGIN), layout)
    painter.end()
    return QPixmap.fromImage(image)
