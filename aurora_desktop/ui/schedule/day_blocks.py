"""Painting the day view's blocks: cancelled / no-show strips one by one, active blocks batched."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter

from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.schedule.card_cache import Geometry
from aurora_desktop.ui.schedule.card_stamps import Card
from aurora_desktop.ui.schedule.paint_kit import paint_frame, pen
from aurora_desktop.ui.schedule.status_style import (
    StatusStyle,
    dose_text,
    is_active,
    span,
    style_for,
)

if TYPE_CHECKING:
    from aurora_desktop.ui.schedule.day_view import DayCalendar

WRAP = Qt.TextFlag.TextWordWrap


def paint_blocks(view: DayCalendar, p: QPainter,
                 blocks: list[tuple[Geometry, SessionRow, bool]]) -> None:
    """Blocks as the scene composes them (again only when row, rectangle or selection
    changed), in paint order: cancelled / no-show strips one by one (they may overlap),
    then the active blocks in batches - each block's frame and lines below the name as one
    card stamp (card_stamps), then the names grouped by colour - which paints the same pixels
    as block after block because active blocks do not overlap (one by one if they ever do)."""
    active = []
    for rect, row, selected in blocks:
        if is_active(row.status):
            active.append((rect, row, selected))
        else:
            paint_block(view, p, rect, row, selected)
    if _overlapping([rect for rect, _row, _selected in active]):
        for rect, row, selected in active:
            paint_block(view, p, rect, row, selected)
        return
    chrome, names = lay_out_blocks(view, active)
    dpr = p.device().devicePixelRatioF()
    font, font_key = view._font, view._font_key[0]
    if dpr == int(dpr):  # (blocks are at whole pixels: see DayCalendar._layout_blocks)
        # frames and lines (times, dose, status) repeat from day to day: one stamp a block
        view.cards.draw(p, chrome, font, font_key, dpr)
    else:  # (a fractional pixel ratio: frames filled, lines stamped one by one)
        view.frames.draw(p, [c[:6] for c in chrome], dpr)
        view.stamps.draw(p, [(style.text, round(x + dx), round(y + dy), text)
                             for x, y, _w, _h, style, _s, lines in chrome
                             for dx, dy, text in lines], font, font_key, dpr)
    draw_names(view, p, names)


# a block's name to draw: colour, x, y (the block's top-left), inner width, name, wrapped
Name = tuple[str, int, int, int, str, bool]


def lay_out_blocks(view: DayCalendar, active: list[tuple[Geometry, SessionRow, bool]]
                   ) -> tuple[list[Card], list[Name]]:
    """Each active block as a card (frame and the lines below its name, see card_stamps) and
    its name: the lines laid out once per times, doses, look, height and name height."""
    line_h, most = view._fm_plain.height(), 3 * view._fm_bold.height()
    texts, fits, find = view.texts, view._fitter.fits, view.texts.find
    # a name on one line is as tall as a line of the font (word-wrapping it lays it out for
    # line breaks first, ~2.5x the work)
    one_line = math.ceil(QFontMetricsF(view._bold).height())
    chrome, names = [], []
    for (x, y, width, height), row, selected in active:
        style = style_for(row.status)
        # the inner box: 8 px in from the left, 4 from the right, 3 from top and bottom; at
        # most three lines of name, then the other lines as far as they fit
        name, inner_w = row.patient_name, width - 12
        if fits(name, inner_w):
            name_h, wrapped = one_line, False
        else:
            name_h, wrapped = _name_height(view, name, inner_w, most), True
        names.append((style.text, x, y, inner_w, name, wrapped))
        # the other lines by times, doses, look, height and name height: they repeat from
        # block to block and day to day
        start, end, name_h = row.local_start, row.local_end, min(name_h, most)
        key = (start.hour, start.minute, end.hour, end.minute, row.planned_dose_mg, row.dose_mg,
               style, height, name_h)
        lines = find(key)
        if lines is None:
            lines = texts.get(key, lambda r=row, s=style, h=height, n=name_h: _lines(
                r, s, h, n, line_h))
        chrome.append((x, y, width, height, style, selected, lines))
    return chrome, names


def draw_names(view: DayCalendar, p: QPainter, names: list[Name]) -> None:
    """The blocks' names, grouped by colour; a name on one line drawn at its baseline."""
    most, ascent = 3 * view._fm_bold.height(), view._fm_bold.ascent()
    names.sort(key=lambda item: item[0])
    p.setFont(view._bold)
    colour = None
    for text_colour, x, y, inner_w, name, wrapped in names:
        if text_colour != colour:
            colour = text_colour
            p.setPen(pen(colour))
        if wrapped:
            p.drawText(QRectF(x + 8, y + 3, inner_w, most), WRAP, name)
        else:
            p.drawText(x + 8, y + 3 + ascent, name)


def _name_height(view: DayCalendar, name: str, width: int, most: int) -> int:
    """How tall *name* comes out word-wrapped *width* wide in the view's bold font (kept)."""
    return view.texts.get(("name_h", name, width, most), lambda: math.ceil(
        QFontMetricsF(view._bold).boundingRect(QRectF(0, 0, width, most), WRAP, name).height()))


def _lines(row: SessionRow, style: StatusStyle, height: int, name_h: int,
           line_h: int) -> tuple[tuple[int, int, str], ...]:
    """A block's lines below its name (times, dose, status) as far as they fit, each at
    (8, y) from the block's top-left."""
    line_y, lines = 3 + name_h + 2, []
    for line in (span(row.local_start, row.local_end),
                 dose_text(row.planned_dose_mg, row.dose_mg), f"{style.icon} {style.label}"):
        if line_y + line_h > height - 2:
            break
        lines.append((8, line_y, line))
        line_y += line_h
    return tuple(lines)


def paint_block(view: DayCalendar, p: QPainter, geometry: Geometry, row: SessionRow,
                selected: bool) -> None:
    """One block drawn by itself (cancelled / no-show strips; overlapping blocks)."""
    rect = QRectF(*geometry)
    style = style_for(row.status)
    active = is_active(row.status)
    paint_frame(p, rect, style, selected, hatched=not active)
    inner = rect.adjusted(8, 3, -4, -3)
    p.setPen(pen(style.text))
    if not active:
        p.setFont(view._font)
        if view._fm_plain.horizontalAdvance(style.label) <= inner.width():
            p.drawText(inner, Qt.TextFlag.TextWordWrap, f"{style.icon}\n{style.label}")
        else:  # a strip too narrow for "Cancelled": the words run up the strip instead
            p.save()
            p.translate(inner.left(), inner.bottom())
            p.rotate(-90)
            p.drawText(QRectF(0, 0, inner.height(), inner.width()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       f"{style.icon} {style.label}")
            p.restore()
        return
    x, y, width, height = geometry  # (whole pixels)
    most = 3 * view._fm_bold.height()
    name_h = min(_name_height(view, row.patient_name, width - 12, most), most)
    p.setFont(view._bold)
    p.drawText(QRectF(x + 8, y + 3, width - 12, name_h), WRAP, row.patient_name)
    lines = _lines(row, style, height, name_h, view._fm_plain.height())
    view.stamps.draw(p, [(style.text, x + dx, y + dy, text) for dx, dy, text in lines],
                     view._font, view._font_key[0], p.device().devicePixelRatioF())


def _overlapping(rects: list[Geometry]) -> bool:
    """Whether any two of the blocks' rectangles come closer than the 2 px gap the layout
    leaves between consecutive bookings of a chair (then their frames could share pixels)."""
    last_x, last_bottom = None, 0.0
    for x, y, _width, height in sorted(rects):  # (by column, then from the top)
        if x == last_x and y < last_bottom + 1.5:
            return True
        last_x, last_bottom = x, y + height
    return False
