"""Painting helpers shared by the day and week calendars: cached colours, pens, fonts, the booking frame.

Colours are parsed once (QColor("#...") per call was a measurable part of a paint), and both
views draw a booking the same way: a square frame - border (thick and dark when selected),
fill, a 4 px stripe - as fills of whole-pixel rectangles. `paint_frames` draws many bookings'
frames in a few calls (one per colour), pixel-identical to `paint_frame` card after card when
the frames do not overlap.
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen, QPixmap

from aurora_desktop.ui.schedule.status_style import StatusStyle

SELECTED_BORDER = "#111827"
GRID_LINE = "#c9ced6"
MUTED_TEXT = "#4a5566"
CLOSED_FILL = "#eeeeee"
STRIPE = 4


@functools.lru_cache(maxsize=256)
def color(value: str) -> QColor:
    return QColor(value)


@functools.lru_cache(maxsize=128)
def pen(value: str, width: int = 1) -> QPen:
    return QPen(color(value), width)


@functools.lru_cache(maxsize=64)
def brush(value: str, style: Qt.BrushStyle = Qt.BrushStyle.SolidPattern) -> QBrush:
    return QBrush(color(value), style)


def calendar_fonts(base: QFont) -> tuple[QFont, QFont]:
    """The calendars' 9 pt text font and its bold variant.

    Without OpenType shaping where the script does not need it (`PreferNoShaping`: Latin
    text loses its kerning pairs and ligatures - a pixel here and there in a 9 pt name - and
    scripts that need shaping keep it): a calendar draws up to ~100 patient names a screen,
    each new, and shaping was about a third of drawing one (the week's first display 4.4 ->
    4.2 ms, 11/28/2026). Measuring uses the same fonts, so names are fitted as drawn."""
    plain = QFont(base)
    plain.setPointSizeF(9)
    plain.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    bold = QFont(plain)
    bold.setBold(True)
    return plain, bold


# what the calendars draw most: ASCII, and the Latin letters of names (Latin-1, Extended-A)
CALENDAR_CHARACTERS = "".join(map(chr, (*range(0x20, 0x7F), *range(0xC0, 0x180))))


def warm_calendar_glyphs(base: QFont) -> None:
    """Rasterize the calendar fonts' common glyphs once (~30 ms, while the user types their
    password), so the first days shown copy names from Qt's glyph cache instead of having
    FreeType render glyphs then (~45 a day at first). A glyph is cached per quarter-pixel
    offset: the characters are drawn at four offsets. A fixed character list drawn into a
    scratch image: no patient data."""
    image = QImage(4096, 24, QImage.Format.Format_RGB32)  # (~3,000 px of glyphs a line)
    painter = QPainter(image)
    painter.setPen(color("#000000"))
    for font in calendar_fonts(base):
        painter.setFont(font)
        for quarter in range(4):
            painter.drawText(QPointF(quarter / 4, 18), CALENDAR_CHARACTERS)
    painter.end()


TILE = 64  # a multiple of the 8 px hatch pattern


@functools.cache
def _closed_tile() -> QPixmap:
    tile = QPixmap(TILE, TILE)
    tile.fill(Qt.GlobalColor.white)
    painter = QPainter(tile)
    painter.fillRect(QRectF(0, 0, TILE, TILE), brush(CLOSED_FILL, Qt.BrushStyle.BDiagPattern))
    painter.end()
    return tile


def paint_closed(p: QPainter, rect: QRectF) -> None:
    """A closed day or an out-of-service chair: white with hatching, as one opaque tiled copy
    (4x faster than white then the pattern brush, whose gaps are blended). The same pixels:
    the area an aliased fillRect of *rect* covers (corners rounded half up), the tile aligned
    to the pattern's origin (0, 0)."""
    area = QRect(QPoint(math.floor(rect.left() + 0.5), math.floor(rect.top() + 0.5)),
                 QPoint(math.floor(rect.right() + 0.5) - 1, math.floor(rect.bottom() + 0.5) - 1))
    if area.isEmpty():
        return
    p.drawTiledPixmap(area, _closed_tile(), QPoint(area.left() % TILE, area.top() % TILE))


def square_frame(rect: QRectF, selected: bool) -> tuple[QRect, QRect, QRect]:
    """The whole-pixel rectangles of a square frame: border (what a 1 px pen, or the selected
    3 px one, outlining *rect* covers), the fill inside it, and the status stripe. Filled, not
    outlined: 107 week cards took 8.5 M instructions outlined with a pen, 4.2 M as fills."""
    box = rect.toRect()  # corners rounded to whole pixels
    if selected:
        outer, inner = box.adjusted(-1, -1, 2, 2), box.adjusted(2, 2, -1, -1)
    else:
        outer, inner = box.adjusted(0, 0, 1, 1), box.adjusted(1, 1, 0, 0)
    return outer, inner, QRect(box.left(), box.top(), STRIPE, box.height())


def paint_frame(p: QPainter, rect: QRectF, style: StatusStyle, selected: bool, *,
                hatched: bool = False) -> None:
    """A booking's frame: border, fill (hatched for cancelled / no-show) and the status stripe."""
    if not hatched:
        outer, inner, stripe = square_frame(rect, selected)
        p.fillRect(outer, color(SELECTED_BORDER if selected else style.border))
        p.fillRect(inner, color(style.fill))
        p.fillRect(stripe, color(style.border))
        return
    # (the hatching's gaps show what is underneath, so this one is outlined, not filled)
    p.setPen(pen(SELECTED_BORDER, 3) if selected else pen(style.border))
    p.setBrush(brush(style.border, Qt.BrushStyle.FDiagPattern))
    p.drawRect(rect)
    p.fillRect(QRectF(rect.left(), rect.top(), STRIPE, rect.height()), color(style.border))


def paint_frames(p: QPainter, frames: list[tuple[QRectF, StatusStyle, bool]]) -> None:
    """The (not hatched) frames of many bookings (rectangle, style, selected) that do not
    overlap, as fills (see `square_frame`), one brush and one call per colour: all borders,
    then all insides, then all stripes - the same pixels as `paint_frame` frame after frame."""
    borders: dict[str, list[QRect]] = {}
    insides: dict[str, list[QRect]] = {}
    stripes: dict[str, list[QRect]] = {}
    for rect, style, selected in frames:
        outer, inner, stripe = square_frame(rect, selected)
        border = SELECTED_BORDER if selected else style.border
        found = borders.get(border)
        if found is None:
            found = borders[border] = []
        found.append(outer)
        found = insides.get(style.fill)
        if found is None:
            found = insides[style.fill] = []
        found.append(inner)
        found = stripes.get(style.border)
        if found is None:
            found = stripes[style.border] = []
        found.append(stripe)
    p.setPen(Qt.PenStyle.NoPen)
    for layer in (borders, insides, stripes):
        for value, rects in layer.items():
            p.setBrush(brush(value))
            p.drawRects(rects)
