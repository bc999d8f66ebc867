"""Composed-once pixmaps for the calendars: the static grid and the whole view (`Scene`).

`Scene` keeps the view composed in one opaque pixmap: the grid (rendered again only when its
description - size, chairs, hours, fonts, ... - changed, or painted straight in when cheap)
with the booking cards painted on top. `sync` (called by the view when its data or selection
changes) finds the cards whose row (any field: another user's edit, a patient's new name),
rectangle or selection changed and returns their area, which the view then repaints alone;
a paint copies the exposed area, composing again only what is not up to date, with the same
drawing code as a direct paint, so the result is pixel-identical to painting straight onto
the widget. The view paints the cards of an area in one call (so it can batch them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

# Whole pixels beyond floor/ceil of a card's rectangle that its painting can touch: the
# 1 px border stays inside (measured for every card of the reference data at several
# widths), the selected card's 3 px border reaches 1 px out (2 kept for safety). Unselected
# neighbours then never share a pixel, so recomposing one card does not repaint the next.
MARGIN, SELECTED_MARGIN = 0, 2
MANY = 4  # rectangles beyond which an area is taken as its bounding rectangle
GROWTH = 512  # pixels of height a new scene pixmap gets beyond the view's

Render = Callable[[QPainter], None]
Row = Any  # a read-model row with an `id` (SessionRow)
# A card's rectangle as plain whole-pixel numbers (x, y, width, height): the views lay out,
# compare and paint cards with these (a QRectF / QRect made per card was ~5,000 instructions
# of wrapper set-up and tear-down each, a tenth of a week's first display); Qt rectangles are
# made only where Qt needs one.
Box = tuple[int, int, int, int]  # whole pixels: x, y, width, height
Geometry = Box
# painter, the cards to paint in paint order: (rectangle, row, selected)
CardsRender = Callable[[QPainter, list[tuple[Geometry, Row, bool]]], None]
# painter, the area (one rectangle), its cards as for CardsRender, the grid's pixmap: paints
# the whole area - the grid where no card covers it, and the cards - or returns False (then
# the grid is copied whole and the cards painted over it)
AreaRender = Callable[[QPainter, QRect, list[tuple[Geometry, Row, bool]], QPixmap], bool]


def render_pixmap(width: int, height: int, dpr: float, render: Render,
                  reuse: QPixmap | None = None) -> QPixmap:
    """An opaque pixmap of the widget area (0, 0, *width*, *height*) painted by *render*
    (opaque: copied to the screen without blending); into *reuse* if it has that size."""
    size = QSize(max(1, math.ceil(width * dpr)), max(1, math.ceil(height * dpr)))
    if reuse is not None and reuse.size() == size and reuse.devicePixelRatio() == dpr:
        pixmap = reuse  # a new pixmap's memory is page-faulted in on first write
    else:
        pixmap = QPixmap(size)
        pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    render(painter)
    painter.end()
    return pixmap


def card_bounds(geometry: Box, selected: bool) -> Box:
    """The pixels a card laid out at whole-pixel *geometry* can touch: its box, the one
    pixel a 1 px pen adds right and below, and the margin."""
    x, y, width, height = geometry
    margin = SELECTED_MARGIN if selected else MARGIN
    return (x - margin, y - margin, width + 2 * margin + 1, height + 2 * margin + 1)


def _overlaps(a: Box, b: Box) -> bool:
    """Whether two non-empty pixel boxes share a pixel."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _copy(p: QPainter, pixmap: QPixmap, area: QRect, dpr: float) -> None:
    p.drawPixmap(QRectF(area), pixmap, QRectF(area.x() * dpr, area.y() * dpr,
                                               area.width() * dpr, area.height() * dpr))


class StaticLayer:
    """One pixmap of a widget's content that only changes with its key (size, labels, ...)."""

    def __init__(self) -> None:
        self._key: object = None
        self._pixmap: QPixmap | None = None
        self.rendered = 0

    def invalidate(self) -> None:
        self._key = None
        self._pixmap = None

    def pixmap(self, key: object, size: QSize, dpr: float, render: Render) -> QPixmap:
        """The content for *key* (rendered again only when key, size or pixel ratio changed)."""
        full_key = (key, size.width(), size.height(), dpr)
        if self._pixmap is None or self._key != full_key:
            self._pixmap = render_pixmap(size.width(), size.height(), dpr, render, self._pixmap)
            self._key = full_key
            self.rendered += 1
        return self._pixmap

    def draw(self, p: QPainter, key: object, size: QSize, dpr: float, render: Render) -> None:
        _copy(p, self.pixmap(key, size, dpr, render), QRect(0, 0, size.width(), size.height()),
              dpr)


class Scene:
    """The view composed in one opaque pixmap (grid + cards), composed again only where needed."""

    def __init__(self, cached_grid: bool = True, render_area: AreaRender | None = None) -> None:
        # cached_grid False: the grid is cheap to paint (a few fills and lines) and its size
        # changes often (the week's height follows its busiest day), so it is painted into
        # the scene where needed instead of being rendered whole into a layer and copied
        self.cached_grid = cached_grid
        # render_area (with the cached grid): the view paints an area's grid and cards itself,
        # e.g. the grid only where no card covers it (the day view's cell stamps)
        self.render_area = render_area
        self.grid = StaticLayer()
        self._scene: QPixmap | None = None
        self._scene_key: object = None
        self._valid = QRegion()  # scene pixels that show the current grid and cards
        # session id -> (row, geometry, selected, bounds) as last seen
        self._cards: dict[int, tuple[Row, Geometry, bool, Box]] = {}
        self._synced: tuple[list, int] | None = None  # the card list and selection last synced
        self._fresh = False  # cards changed since the last paint (see paint)
        self.composed_cards = 0  # cards painted so far, into the scene or straight onto the
        # screen (tests, benchmarks)
        self.painted = QRegion()  # widget area copied to the screen so far (tests, benchmarks)

    def invalidate(self) -> None:
        """Forget everything rendered (fonts or style changed)."""
        self.grid.invalidate()
        self._scene_key = None

    def paint(self, p: QPainter, exposed: QRegion, grid_key: object, size: QSize, dpr: float,
              render_grid: Render, cards: list[tuple[Geometry, Row]], selected_id: int,
              render_cards: CardsRender) -> None:
        """Bring the *exposed* part of the scene up to date and copy it to *p*.

        *cards* are in paint order (later ones on top)."""
        if exposed.rectCount() > MANY:
            exposed = QRegion(exposed.boundingRect())
        full_key = (grid_key, size.width(), size.height(), dpr)
        if self._scene is None or self._scene_key != full_key:
            width, height = math.ceil(size.width() * dpr), math.ceil(size.height() * dpr)
            if (self._scene is None or self._scene.width() < width
                    or self._scene.height() < height or self._scene.devicePixelRatio() != dpr):
                # with room to grow: the week's height follows its busiest day, and a new
                # pixmap of that size costs page faults (~2 ms per 1400 x 700 px) on first write
                self._scene = QPixmap(max(1, width), max(1, height + GROWTH))
                self._scene.setDevicePixelRatio(dpr)
            self._scene_key = full_key
            self._valid = QRegion()  # all composed again (the cards as synced stay known)
        self.sync(cards, selected_id)
        if self._fresh and not self._valid.intersects(exposed):
            # the first paint since the cards changed, of an area with nothing composed (another
            # day shown): painted straight onto the screen, which saves composing it in the scene
            # and copying it out (one full-view copy, ~0.5 ms). The scene is composed when an
            # area is painted again without a change in between (the page shown again, ...).
            self._fresh = False
            self._render(p, exposed, grid_key, size, dpr, render_grid, cards, selected_id,
                         render_cards)
            self.painted += exposed
            return
        self._fresh = False
        need = exposed.subtracted(self._valid)
        if need.rectCount() > MANY:
            # a region of many rectangles (another day: every card's area) makes each copy
            # and fill clip span by span, several times slower than one rectangle; composing
            # the whole bounding rectangle again paints the same pixels, faster
            need = QRegion(need.boundingRect())
        if not need.isEmpty():
            self._compose(need, grid_key, size, dpr, render_grid, cards, selected_id, render_cards)
        for area in exposed:
            _copy(p, self._scene, area, dpr)
        self.painted += exposed

    def card_area(self, session_id: int) -> QRect | None:
        """The pixels the card of *session_id* covers as last synced (None: not shown)."""
        found = self._cards.get(session_id)
        return QRect(*found[3]) if found is not None else None

    def sync(self, cards: list[tuple[Geometry, Row]], selected_id: int) -> QRegion:
        """Note the cards that appeared, changed, moved or went since the last sync (their areas
        are composed again at the next paint) and return those areas: the view repaints only
        them. *cards* is the view's list of the moment (a new list after each layout)."""
        if self._synced is not None and self._synced[0] is cards and self._synced[1] == selected_id:
            return QRegion()
        self._synced = (cards, selected_id)
        seen, now, stale = self._cards, {}, []
        keep, margin, grown = stale.append, MARGIN, 2 * MARGIN + 1
        for card in cards:
            geometry, row = card
            sid = row.id
            selected = sid == selected_id
            old = seen.get(sid)
            if (old is not None and old[1] == geometry and (old[0] is row or old[0] == row)
                    and old[2] == selected):
                now[sid] = old
                continue
            if selected:
                bounds = card_bounds(geometry, True)
            else:  # (card_bounds inlined: a call was ~1/3 of the loop)
                x, y, width, height = geometry
                bounds = (x - margin, y - margin, width + grown, height + grown)
            now[sid] = (row, geometry, selected, bounds)
            keep(bounds)
            if old is not None:
                keep(old[3])
        if len(now) != len(seen) or stale:  # (nothing went if all are there, none changed)
            for sid, old in seen.items():
                if sid not in now:
                    keep(old[3])
        self._cards = now
        area = _area(stale)
        if not area.isEmpty():
            self._valid = self._valid.subtracted(area)
            self._fresh = True
        return area

    def sync_all(self, cards: list[tuple[Geometry, Row]], selected_id: int) -> None:
        """Note *cards* as all new, without comparing them with those last seen: another day or
        week is shown, whose bookings are others, and the view repaints everything."""
        self._synced = (cards, selected_id)
        now, margin, grown = {}, MARGIN, 2 * MARGIN + 1
        for geometry, row in cards:
            sid = row.id
            if sid == selected_id:
                now[sid] = (row, geometry, True, card_bounds(geometry, True))
            else:
                x, y, width, height = geometry
                now[sid] = (row, geometry, False,
                            (x - margin, y - margin, width + grown, height + grown))
        self._cards = now
        self._valid = QRegion()
        self._fresh = True

    def _compose(self, need: QRegion, grid_key: object, size: QSize, dpr: float,
                 render_grid: Render, cards: list[tuple[Geometry, Row]], selected_id: int,
                 render_cards: CardsRender) -> None:
        assert self._scene is not None
        q = QPainter(self._scene)
        q.setClipRegion(need)
        self._render(q, need, grid_key, size, dpr, render_grid, cards, selected_id, render_cards)
        q.end()
        self._valid += need

    def _render(self, q: QPainter, area: QRegion, grid_key: object, size: QSize, dpr: float,
                render_grid: Render, cards: list[tuple[Geometry, Row]], selected_id: int,
                render_cards: CardsRender) -> None:
        """The grid and the cards that touch *area*, painted with *q* (clipped to *area*)."""
        boxes = [rect.getRect() for rect in area]  # (a few rectangles)
        todo = self._touching(cards, boxes, selected_id)
        if self.cached_grid:
            grid = self.grid.pixmap(grid_key, size, dpr, render_grid)
            q.setBrushOrigin(QPointF(0, 0))
            if (self.render_area is not None and len(boxes) == 1
                    and self.render_area(q, QRect(*boxes[0]), todo, grid)):
                self.composed_cards += len(todo)
                return
            _copy(q, grid, QRect(0, 0, size.width(), size.height()), dpr)
        else:
            render_grid(q)
            q.setBrushOrigin(QPointF(0, 0))
        if todo:
            render_cards(q, todo)
            self.composed_cards += len(todo)

    def _touching(self, cards: list[tuple[Geometry, Row]], boxes: list[Box],
                  selected_id: int) -> list[tuple[Geometry, Row, bool]]:
        """The cards, in paint order, whose pixels touch one of *boxes*."""
        known = self._cards
        if len(boxes) == 1:  # (the usual case, tested inline: ~1/3 of the work)
            left, top, width, height = boxes[0]
            right, bottom = left + width, top + height
            todo = []
            for geometry, row in cards:
                x, y, w, h = known[row.id][3]
                if x < right and left < x + w and y < bottom and top < y + h:
                    todo.append((geometry, row, row.id == selected_id))
        else:
            todo = [(geometry, row, row.id == selected_id) for geometry, row in cards
                    if any(_overlaps(box, known[row.id][3]) for box in boxes)]
        return todo


def _area(boxes: list[Box]) -> QRegion:
    """The union of *boxes*; of many, their bounding rectangle (each rectangle added to a
    region costs more the more it has, and Qt clips span by span to a many-rectangle region)."""
    if len(boxes) <= MANY:
        area = QRegion()
        for box in boxes:
            area += QRect(*box)
        return area
    left = top = 1 << 30
    right = bottom = -(1 << 30)
    for x, y, width, height in boxes:  # (a plain loop: ~2.5x faster than zip / map with min)
        if x < left:
            left = x
        if y < top:
            top = y
        if x + width > right:
            right = x + width
        if y + height > bottom:
            bottom = y + height
    return QRegion(left, top, right - left, bottom - top)


def update_area(widget: QWidget, area: QRegion) -> None:
    """Schedule a repaint of *area* of *widget*; an area of many rectangles as its bounding
    rectangle (Qt would clip every drawing operation of the paint span by span)."""
    if area.isEmpty():
        return
    if area.rectCount() > MANY:
        widget.update(area.boundingRect())
    else:
        widget.update(area)


class TextCache:
    """Laid-out texts (QStaticText) and text measurements of one view, by text and width:
    times, chairs, doses, statuses and many names repeat from card to card and from day to
    day, so a card shown for the first time mostly reuses layouts. Bounded; the view clears
    it when its fonts change."""

    LIMIT = 5000

    def __init__(self, limit: int = LIMIT) -> None:
        self._items: dict[tuple, Any] = {}
        self.limit = limit

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:  # noqa: ANN401 - what make() makes
        found = self._items.get(key)
        if found is None:
            if len(self._items) >= self.limit:
                self._items.clear()
            found = self._items[key] = make()
        return found

    def find(self, key: tuple) -> Any | None:  # noqa: ANN401 - what was made for *key*
        """What is kept for *key*, or None (nothing made: the hot paths' cheap lookup)."""
        return self._items.get(key)

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


class StampCache:
    """A view's stamps (ready-made pixmaps) by key, bounded like a `TextCache`; the view
    clears them when its fonts change."""

    def __init__(self, limit: int = TextCache.LIMIT) -> None:
        self._cache = TextCache(limit)
        self.rendered = 0  # stamps made so far (tests)

    def clear(self) -> None:
        self._cache.clear()

    def __len__(self) -> int:
        return len(self._cache)
