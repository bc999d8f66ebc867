"""A week card without its patient's name, as one ready-made opaque pixmap ("card stamp").

Everything on a week card but the name repeats from week to week: its frame (status colours,
selected or not, size), its top line (time and chair) and its status icon. A card stamp is
that frame with those texts stamped on it, made the first time the combination is shown and
then copied whole: one opaque copy per card instead of a frame copy plus two blended text
copies. The name, which is the patient's, is always drawn on the card itself. Made with the
same frame and text stamps a card is otherwise painted with, in the same order, so it holds
the same pixels (test).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPainter, QPixmap

from aurora_desktop.ui.schedule.card_cache import TextCache
from aurora_desktop.ui.schedule.frame_stamps import frame_pixmap
from aurora_desktop.ui.schedule.status_style import StatusStyle
from aurora_desktop.ui.schedule.text_stamps import TextStamps

LIMIT = 600  # ~30 KB each at 1x: at most ~18 MB

# x, y, width, height (whole pixels), look, selected, top line (as shown), icon, icon's x
# from the card's left
Card = tuple[int, int, int, int, StatusStyle, bool, str, str, int]


class CardStamps:
    """Card stamps of one week view by look, selection, size, texts and pixel ratio."""

    def __init__(self, texts: TextStamps) -> None:
        self._cache = TextCache(LIMIT)
        self._texts = texts  # the view's text stamps: the texts are stamped as on a card
        self.rendered = 0  # stamps made so far (tests)

    def clear(self) -> None:
        self._cache.clear()

    def draw(self, p: QPainter, cards: list[Card], font: QFont, font_key: str,
             dpr: float) -> None:
        """The cards (which do not overlap) without their names, at whole pixels; *dpr* a
        whole number (the caller paints frames and texts apart otherwise)."""
        find = self._cache.find
        for x, y, width, height, style, selected, top, icon, icon_x in cards:
            key = (style, selected, width, height, top, icon, icon_x, font_key, dpr)
            found = find(key)
            if found is None:
                found = self._cache.get(key, lambda k=key: self._render(k, font))
            if selected:  # the selected border reaches one pixel out of the box (square_frame)
                p.drawPixmap(x - 1, y - 1, found)
            else:
                p.drawPixmap(x, y, found)

    def _render(self, key: tuple, font: QFont) -> QPixmap:
        style, selected, width, height, top, icon, icon_x, font_key, dpr = key
        self.rendered += 1
        pixmap = frame_pixmap(style, selected, width, height, dpr)
        out = 1 if selected else 0  # (where the box is in the frame's pixmap)
        painter = QPainter(pixmap)
        # the top line 8 px in and 3 px down, the icon at the right (see WeekCalendar)
        self._texts.draw(painter, [(style.text, out + 8, out + 3, top),
                                   (style.text, out + icon_x, out + 3, icon)],
                         font, font_key, dpr)
        painter.end()
        return pixmap
