"""A booking card or block without its patient's name, as one ready-made opaque pixmap
("card stamp").

Everything on a week card or a day block but the name repeats from week to week and day to
day: its frame (status colours, selected or not, size) and its other lines (week: time and
chair, status icon; day: times, dose, status). A card stamp is that frame with those texts
stamped on it, made the first time the combination is shown and then copied whole: one
opaque copy per card instead of a frame copy plus a blended copy per text. The name, which
is the patient's, is always drawn on the card itself. Made with the same frame and text
stamps a card is otherwise painted with, in the same order, so it holds the same pixels
(test).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPainter, QPixmap

from aurora_desktop.ui.schedule.card_cache import StampCache
from aurora_desktop.ui.schedule.frame_stamps import frame_pixmap
from aurora_desktop.ui.schedule.status_style import StatusStyle
from aurora_desktop.ui.schedule.text_stamps import TextStamps

LIMIT = 600  # ~30 KB each at 1x: at most ~18 MB

# texts on a card in the look's text colour: (x, y) of each text's top-left from the box's
Texts = tuple[tuple[int, int, str], ...]
# x, y, width, height (whole pixels), look, selected, texts
Card = tuple[int, int, int, int, StatusStyle, bool, Texts]


class CardStamps(StampCache):
    """Card stamps of one view by look, selection, size, texts and pixel ratio."""

    def __init__(self, texts: TextStamps) -> None:
        super().__init__(LIMIT)
        self._texts = texts  # the view's text stamps: the texts are stamped as on a card

    def draw(self, p: QPainter, cards: list[Card], font: QFont, font_key: str,
             dpr: float) -> None:
        """The cards (which do not overlap) without their names, at whole pixels; *dpr* a
        whole number (the caller paints frames and texts apart otherwise)."""
        find = self._cache.find
        for x, y, width, height, style, selected, texts in cards:
            key = (style, selected, width, height, texts, font_key, dpr)
            found = find(key)
            if found is None:
                found = self._cache.get(key, lambda k=key: self._render(k, font))
            if selected:  # the selected border reaches one pixel out of the box (square_frame)
                p.drawPixmap(x - 1, y - 1, found)
            else:
                p.drawPixmap(x, y, found)

    def _render(self, key: tuple, font: QFont) -> QPixmap:
        style, selected, width, height, texts, font_key, dpr = key
        self.rendered += 1
        pixmap = frame_pixmap(style, selected, width, height, dpr)
        out = 1 if selected else 0  # (where the box is in the frame's pixmap)
        painter = QPainter(pixmap)
        self._texts.draw(painter, [(style.text, out + x, out + y, text) for x, y, text in texts],
                         font, font_key, dpr)
        painter.end()
        return pixmap
