"""Booking frames as ready-made opaque pixmaps ("frame stamps"), copied instead of filled.

A calendar's frames come in a few looks (status colours, selected or not) and a few sizes
(the week's cards share one or two widths and one height; a day's blocks a handful of
durations). Filling one frame is three fills (border, inside, stripe) whose areas overlap,
each a painter call with its own rectangle object; copying a stamp of it is one opaque
copy, a third of the work (measured: ~8,000 instructions a card instead of ~38,000). A stamp
is the frame filled by `paint_kit.paint_frame` at the origin, so it carries exactly its
pixels (test) - for whole-pixel boxes at a whole device pixel ratio; anything else is
filled as before.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap

from aurora_desktop.ui.schedule.card_cache import StampCache
from aurora_desktop.ui.schedule.paint_kit import paint_frame, paint_frames
from aurora_desktop.ui.schedule.status_style import StatusStyle

# a stamp is ~30 KB (week card) to ~100 KB (a long day block): at most ~20 MB of them
LIMIT = 200

# x, y, width, height (whole pixels for a stamp), the look, selected
Frame = tuple[float, float, float, float, StatusStyle, bool]


class FrameStamps(StampCache):
    """Stamps of one view's frames by look, selection, size and device pixel ratio."""

    def __init__(self) -> None:
        super().__init__(LIMIT)

    def draw(self, p: QPainter, frames: list[Frame], dpr: float) -> None:
        """The frames (which do not overlap), as `paint_frame` would fill them one by one."""
        if dpr != int(dpr):  # a fractional ratio puts a box's edges between device pixels
            paint_frames(p, [(QRectF(x, y, w, h), style, selected)
                             for x, y, w, h, style, selected in frames])
            return
        find = self._cache.find
        for x, y, w, h, style, selected in frames:
            left, top = int(x), int(y)
            if left != x or top != y or w != int(w) or h != int(h):
                paint_frame(p, QRectF(x, y, w, h), style, selected)
                continue
            key = (style, selected, w, h, dpr)
            found = find(key)
            if found is None:
                found = self._cache.get(key, lambda k=key: self._render(*k))
            if selected:  # the selected border reaches one pixel out of the box (square_frame)
                p.drawPixmap(left - 1, top - 1, found)
            else:
                p.drawPixmap(left, top, found)

    def _render(self, style: StatusStyle, selected: bool, width: float, height: float,
                dpr: float) -> QPixmap:
        self.rendered += 1
        return frame_pixmap(style, selected, int(width), int(height), dpr)


def frame_pixmap(style: StatusStyle, selected: bool, width: int, height: int,
                 dpr: float) -> QPixmap:
    """The frame of a *width* x *height* box: what `paint_frame` covers, nothing more (an
    unselected frame covers the box and one pixel right and below, a selected one a pixel
    more all round and two right and below; the box is at (1, 1) in a selected one's)."""
    out = 1 if selected else 0
    pixmap = QPixmap(round((width + 1 + 2 * out) * dpr), round((height + 1 + 2 * out) * dpr))
    pixmap.setDevicePixelRatio(dpr)
    if dpr != 1:  # (at 1x the border's fill covers the whole pixmap: no need to clear it)
        pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    paint_frame(painter, QRectF(out, out, width, height), style, selected)
    painter.end()
    return pixmap
