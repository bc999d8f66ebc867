"""The day view's blocks as "cell stamps": each block with the grid around it in its chair's
column, so the grid is copied only where no block covers it.

A busy day's blocks cover most of the chair columns; copying the whole grid and then a card
stamp over each block wrote most pixels twice (the grid copy was ~15% of a day's first
display). A block laid out on the 15-minute rows (3 px inside its column's lines, from 1 px
below its start's row line to 1 px above its end's) has a *cell*: its column's width, from
its start's row line down to its end's. What the grid puts in a cell does not depend on where
the cell is - white, the column's line on the left, a row line every 16 px, an hour line
every fourth - only on the cell's width, height and which of its rows are hour lines. A cell
stamp (`CellStamps`) is that piece of grid with the block on it as its card stamp
(card_stamps) would put it, made once per look, size, lines and hour phase and then copied
whole. Names are drawn on top as before. Pixel-identical to the grid copied whole with the
cards over it (tested); blocks that do not fit the rows, the selected block, out-of-service
chairs, closed days, cancelled / no-show strips and fractional pixel ratios take that way
instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QFont, QPainter, QPixmap

from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.schedule.card_cache import Geometry, StampCache
from aurora_desktop.ui.schedule.card_stamps import Card
from aurora_desktop.ui.schedule.day_blocks import _overlapping, draw_names, lay_out_blocks
from aurora_desktop.ui.schedule.paint_kit import paint_frame
from aurora_desktop.ui.schedule.status_style import is_active
from aurora_desktop.ui.schedule.text_stamps import TextStamps

if TYPE_CHECKING:
    from aurora_desktop.ui.schedule.day_view import DayCalendar

LIMIT = 200  # ~90 KB each (a 135 x 162 px cell): at most ~18 MB
INSET_X, INSET_Y = 3, 1  # where a block sits in its cell (see DayCalendar._layout_blocks)
HOUR_ROWS = 4  # 15-minute rows an hour: every fourth row line is an hour line


class CellStamps(StampCache):
    """Cell stamps of one day view by look, block size, lines, cell width and hour phase."""

    def __init__(self, texts: TextStamps) -> None:
        super().__init__(LIMIT)
        self._texts = texts  # the view's text stamps: the lines are stamped as on a card

    def draw(self, p: QPainter, cells: list[tuple[int, int, int, int, Card]], grid: QPixmap,
             row_height: int, font: QFont, font_key: str) -> None:
        """Cells (x, y, width, height of the cell; the block's card), at 1x. A new stamp takes
        its grid from *grid* where the cell is."""
        find = self._cache.find
        for x, y, width, height, card in cells:
            _bx, _by, w, h, style, _selected, lines = card
            key = (style, w, h, lines, font_key, width, y // row_height % HOUR_ROWS)
            found = find(key)
            if found is None:
                found = self._cache.get(key, lambda c=(x, y, width, height, card): self._render(
                    c, grid, font, font_key))
            p.drawPixmap(x, y, found)

    def _render(self, cell: tuple[int, int, int, int, Card], grid: QPixmap, font: QFont,
                font_key: str) -> QPixmap:
        """The grid where the cell is, then the block as its card stamp would put it there:
        the frame filled, the lines stamped (no card stamp made: one pixmap, not two)."""
        x, y, width, height, card = cell
        self.rendered += 1
        pixmap = QPixmap(width, height)
        painter = QPainter(pixmap)
        painter.drawPixmap(0, 0, grid, x, y, width, height)
        _bx, _by, w, h, style, selected, lines = card
        paint_frame(painter, QRectF(INSET_X, INSET_Y, w, h), style, selected)
        # (a card stamp ends where its frame does: a line too long for the block is cut there)
        painter.setClipRect(QRect(INSET_X, INSET_Y, w + 1, h + 1))
        self._texts.draw(painter, [(style.text, INSET_X + dx, INSET_Y + dy, text)
                                   for dx, dy, text in lines], font, font_key, 1.0)
        painter.end()
        return pixmap


def paint_cells(view: DayCalendar, p: QPainter, area: QRect,
                blocks: list[tuple[Geometry, SessionRow, bool]], grid: QPixmap,
                row_height: int) -> bool:
    """Paint *area* of the view - the grid where no cell covers it, the blocks that touch it -
    or return False, having painted nothing, where cell stamps do not apply."""
    if p.device().devicePixelRatioF() != 1 or view.window.closed:
        return False
    for _rect, row, _selected in blocks:
        if not is_active(row.status):
            return False  # (cancelled / no-show strips overlap the blocks)
    if _overlapping([rect for rect, _row, _selected in blocks]):
        return False
    chairs, edges = view.chairs, view.column_edges()
    column_of = {edge + INSET_X: i for i, edge in enumerate(edges[:-1]) if chairs[i].active}
    chrome, names = lay_out_blocks(view, blocks)
    spans: list[list[tuple[int, int]]] = [[] for _ in chairs]  # rows each column's cells cover
    cells, others = [], []
    for card in chrome:
        x, y, w, h, _style, selected, _lines = card
        i = column_of.get(x)
        # the cell: from its start's row line down to its end's (the next cell's top)
        top, bottom = y - INSET_Y, y + h + 1
        if (i is None or selected or top % row_height or bottom % row_height
                or x + w + INSET_X != edges[i + 1]):
            others.append(card)  # drawn over the grid, as without cells
            continue
        cells.append((edges[i], top, edges[i + 1] - edges[i], bottom - top, card))
        spans[i].append((top, bottom))
    for x, y, w, h in _uncovered(edges, spans, view.width(), view.height()):
        left, top = max(x, area.left()), max(y, area.top())
        right, bottom = min(x + w, area.right() + 1), min(y + h, area.bottom() + 1)
        if left < right and top < bottom:
            p.drawPixmap(left, top, grid, left, top, right - left, bottom - top)
    font, font_key = view._font, view._font_key[0]
    view.cells.draw(p, cells, grid, row_height, font, font_key)
    if others:
        view.cards.draw(p, others, font, font_key, 1.0)
    draw_names(view, p, names)
    return True


def _uncovered(edges: list[int], spans: list[list[tuple[int, int]]], width: int,
               height: int) -> list[Geometry]:
    """The view's rectangles no cell covers: the gutter, the rows of each column between its
    cells, and what is right of the last column."""
    out = [(0, 0, edges[0], height), (edges[-1], 0, width - edges[-1], height)]
    for i, column in enumerate(spans):
        left, right, cursor = edges[i], edges[i + 1], 0
        for top, bottom in sorted(column):
            if top > cursor:
                out.append((left, cursor, right - left, top - cursor))
            cursor = bottom
        if cursor < height:
            out.append((left, cursor, right - left, height - cursor))
    return out
