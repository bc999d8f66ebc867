"""Day view: one column per chair, 15-minute rows over the opening hours, a "now" line.

Painting uses only the rows handed to set_data (no database access in paint).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from aurora_desktop.services.clinics import ChairView
from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.schedule.card_cache import (
    Geometry,
    Scene,
    StaticLayer,
    TextCache,
    update_area,
)
from aurora_desktop.ui.schedule.card_stamps import CardStamps
from aurora_desktop.ui.schedule.day_blocks import paint_blocks
from aurora_desktop.ui.schedule.day_cells import CellStamps, paint_cells
from aurora_desktop.ui.schedule.frame_stamps import FrameStamps
from aurora_desktop.ui.schedule.name_fit import NameFitter
from aurora_desktop.ui.schedule.paint_guard import pin_none
from aurora_desktop.ui.schedule.paint_kit import (
    GRID_LINE,
    MUTED_TEXT,
    calendar_fonts,
    color,
    paint_closed,
    pen,
)
from aurora_desktop.ui.schedule.status_style import hm, is_active
from aurora_desktop.ui.schedule.text_stamps import TextStamps

GUTTER = 76
ROW_HEIGHT = 16  # one 15-minute row
MIN_COLUMN = 118


@dataclass(frozen=True)
class Window:
    """First and last minute of the day shown (local wall clock)."""

    start_minute: int
    end_minute: int
    closed: bool = False


def day_window(opening: tuple[time, time] | None, rows: list[SessionRow]) -> Window:
    """Opening hours widened to whole hours and to any booking outside them."""
    start, end, closed = (8 * 60, 18 * 60, True) if opening is None else (
        opening[0].hour * 60 + opening[0].minute, opening[1].hour * 60 + opening[1].minute, False)
    for row in rows:  # (plain comparisons: min / max and date() per row were ~1 us a row)
        first, last = row.local_start, row.local_end
        minute = first.hour * 60 + first.minute
        if minute < start:
            start = minute
        # (a booking is hours long: another day of the month is the next day)
        minute = last.hour * 60 + last.minute if last.day == first.day else 24 * 60
        if minute > end:
            end = minute
    return Window(start // 60 * 60, min(24 * 60, -(-end // 60) * 60), closed)


@lru_cache(maxsize=64)
def hour_labels(start_minute: int, end_minute: int) -> tuple[tuple[int, str], ...]:
    """(minute of the day, "9:00 AM") for each whole hour shown (the same every day)."""
    return tuple((m, hm(time(m // 60 % 24))) for m in range(start_minute, end_minute, 60))


class DayCalendar(QWidget):
    selection_changed = Signal(int)  # session id (0 = none)
    open_requested = Signal(int)
    context_requested = Signal(int, QPoint)
    slot_requested = Signal(int, object)  # chair id, local start time
    columns_changed = Signal()  # chairs or column width changed (the chair header repaints)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pin_none()  # see paint_guard: PySide6 6.12 QPainter calls leak None references
        self.setObjectName("day_calendar")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.day: date | None = None
        self.chairs: list[ChairView] = []
        self.rows: list[SessionRow] = []
        self.window = Window(8 * 60, 18 * 60)
        self.now: datetime | None = None
        self.show_inactive = False
        self.selected_id = 0
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # paint fills what it exposes
        self._rects: list[tuple[Geometry, SessionRow]] = []  # blocks at whole pixels
        self._hour_items: tuple[tuple[int, str], ...] = ()  # (minute, "9:00 AM") per hour
        self._font, self._bold = calendar_fonts(self.font())
        self._font_key = (self._font.key(), self._bold.key())  # (key() costs ~0.1 ms)
        self._fm_plain, self._fm_bold = QFontMetrics(self._font), QFontMetrics(self._bold)
        self._fitter = NameFitter(self._fm_bold, QFontMetricsF(self._bold))  # (names: bold)
        # hour lines, labels, chair columns and hatching + the blocks, composed once and again
        # only where a block changed (row, rectangle or selection)
        self.scene = Scene(render_area=self._paint_area)
        self.texts = TextCache()  # block texts laid out / measured once per text and width
        self.stamps = TextStamps()  # repeated block texts as pixmaps (see text_stamps)
        self.frames = FrameStamps()  # the blocks' frames as pixmaps (see frame_stamps)
        self.cards = CardStamps(self.stamps)  # all but the names, as pixmaps (card_stamps)
        self.cells = CellStamps(self.stamps)  # blocks with the grid around them (day_cells)
        self._grid_key: tuple = ()
        self._now_area = QRect()

    # data -------------------------------------------------------------------------
    def set_data(self, day: date, chairs: list[ChairView], rows: list[SessionRow],
                 window: Window, now: datetime | None, show_inactive: bool = False) -> None:
        columns_changed, another_day = chairs != self.chairs, day != self.day
        self.day, self.chairs, self.rows, self.window = day, chairs, rows, window
        self.now, self.show_inactive = now, show_inactive
        if self.selected_id and not any(r.id == self.selected_id for r in rows):
            self.selected_id = 0
        self._hour_items = hour_labels(window.start_minute, window.end_minute)
        height = (window.end_minute - window.start_minute) // 15 * ROW_HEIGHT + 1
        self.setFixedHeight(height)
        self.setMinimumWidth(GUTTER + MIN_COLUMN * max(1, len(chairs)))
        self._layout_blocks()
        self._mark_dirty(everything=another_day)
        if columns_changed:
            self.columns_changed.emit()

    def set_now(self, now: datetime) -> None:
        self.now = now
        self._mark_dirty()

    def select(self, session_id: int) -> None:
        self.selected_id = session_id
        self._mark_dirty()
        self.selection_changed.emit(session_id)

    def _mark_dirty(self, everything: bool = False) -> None:
        """Schedule a repaint of what changed only: everything when the grid changed or another
        day is shown (its blocks are others: not compared one by one), else the blocks that
        changed (row, rectangle, selection) and the old and new "now" marker."""
        grid_key = (self.window, tuple((c.id, c.active) for c in self.chairs),
                    self._hour_items, self._font_key)
        now_area = self._now_rect()
        if everything:
            self.scene.sync_all(self._rects, self.selected_id)
            self._grid_key, self._now_area = grid_key, now_area
            self.update()
            return
        stale = self.scene.sync(self._rects, self.selected_id)
        if grid_key != self._grid_key:
            self._grid_key = grid_key
            self.update()
        elif now_area != self._now_area:
            update_area(self, stale + now_area + self._now_area)
        else:
            update_area(self, stale)
        self._now_area = now_area

    def row_by_id(self, session_id: int) -> SessionRow | None:
        return next((r for r in self.rows if r.id == session_id), None)

    # geometry ---------------------------------------------------------------------
    def column_width(self) -> int:
        """Every chair's column as wide, in whole pixels (what is left over - fewer pixels than
        chairs - stays blank on the right): a block then looks the same in any chair, so its
        cell stamp (day_cells) serves all of them."""
        return max(MIN_COLUMN, (self.width() - GUTTER) // max(1, len(self.chairs)))

    def column_edges(self) -> list[int]:
        """Where the chairs' column lines are: the gutter's right edge, then one column on."""
        width = self.column_width()
        return [GUTTER + i * width for i in range(len(self.chairs) + 1)]

    def y_of(self, minute: int) -> float:
        return (minute - self.window.start_minute) / 15 * ROW_HEIGHT

    def minute_at(self, y: float) -> int:
        return self.window.start_minute + int(y // ROW_HEIGHT) * 15

    def block_rect(self, session_id: int) -> QRectF | None:
        return next((QRectF(*rect) for rect, row in self._rects if row.id == session_id), None)

    def _layout_blocks(self) -> None:
        """Block rectangles only, at whole pixels: 3 px inside the chair's column lines, 1 px
        below the start's row and above the end's (text is laid out when a block is painted
        into the scene)."""
        index = {c.id: i for i, c in enumerate(self.chairs)}
        width = self.column_width()
        edges = self.column_edges()
        active_rects: list[tuple[Geometry, SessionRow]] = []
        inactive_rects: list[tuple[Geometry, SessionRow]] = []
        first, show_inactive = self.window.start_minute, self.show_inactive
        for row in self.rows:
            column = index.get(row.chair_id)
            active = is_active(row.status)
            if column is None or (not active and not show_inactive):
                continue
            start = row.local_start.hour * 60 + row.local_start.minute - first
            minutes = (row.scheduled_end - row.scheduled_start).total_seconds() / 60
            # (y_of inlined: rows of 15 minutes)
            top = round(start / 15 * ROW_HEIGHT) + 1
            bottom = round((start + minutes) / 15 * ROW_HEIGHT) - 1
            left, right = edges[column], edges[column + 1]
            if active:
                active_rects.append(((left + 3, top, right - 6 - left, bottom - top), row))
            else:  # cancelled / no-show: a narrow strip at the column's right edge
                left += round(width * 0.62)
                inactive_rects.append(((left, top, right - 3 - left, bottom - top), row))
        self._rects = inactive_rects + active_rects  # active blocks paint on top

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        width_changed = event.size().width() != event.oldSize().width()
        if width_changed:  # (the blocks follow the width only; set_data lays them out after
            self._layout_blocks()  # setting a new height)
        self._now_area = self._now_rect()  # (a resize repaints everything anyway)
        super().resizeEvent(event)
        if width_changed:
            self.columns_changed.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange,
                            QEvent.Type.StyleChange):
            self._font, self._bold = calendar_fonts(self.font())
            self._font_key = (self._font.key(), self._bold.key())  # (key() costs ~0.1 ms)
            self._fm_plain, self._fm_bold = QFontMetrics(self._font), QFontMetrics(self._bold)
            self._fitter = NameFitter(self._fm_bold, QFontMetricsF(self._bold))
            self.scene.invalidate()
            self.texts.clear()
            self.stamps.clear()
            self.frames.clear()
            self.cards.clear()
            self.cells.clear()
            self._mark_dirty()
            self.update()
        super().changeEvent(event)

    def hit(self, pos: QPoint) -> SessionRow | None:
        px, py = pos.x(), pos.y()
        for (x, y, w, h), row in reversed(self._rects):
            if x <= px <= x + w and y <= py <= y + h:
                return row
        return None

    # painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        self.scene.paint(p, event.region(), self._grid_key, self.size(), self.devicePixelRatioF(),
                         self._paint_grid, self._rects, self.selected_id, self._paint_blocks)
        if event.region().intersects(self._now_area):
            self._paint_now(p)
        p.end()

    def _paint_grid(self, p: QPainter) -> None:
        p.fillRect(self.rect(), color("#ffffff"))
        edges = self.column_edges()  # (the cell stamps take the grid between these lines)
        total_w = edges[-1]
        for chair, left, right in zip(self.chairs, edges, edges[1:], strict=False):
            if not chair.active:
                paint_closed(p, QRectF(left, 0, right - left, self.height()))
        p.setFont(self._font)
        labels = dict(self._hour_items)
        for minute in range(self.window.start_minute, self.window.end_minute + 1, 15):
            y = self.y_of(minute)
            full_hour = minute % 60 == 0
            p.setPen(pen(GRID_LINE if full_hour else "#eef0f3"))
            p.drawLine(GUTTER if not full_hour else GUTTER - 8, int(y), total_w, int(y))
            if full_hour and minute < self.window.end_minute:
                p.setPen(pen(MUTED_TEXT))
                p.drawText(QRectF(0, y + 1, GUTTER - 10, ROW_HEIGHT),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                           labels.get(minute, ""))
        p.setPen(pen(GRID_LINE))
        for x in edges:
            p.drawLine(x, 0, x, self.height())
        if self.window.closed:
            p.setPen(pen("#6b7280"))
            p.setFont(self._bold)
            p.drawText(QRectF(GUTTER, 0, total_w - GUTTER, 60), Qt.AlignmentFlag.AlignCenter,
                       "Clinic closed on this day")

    def _paint_blocks(self, p: QPainter, blocks: list[tuple[Geometry, SessionRow, bool]]) -> None:
        paint_blocks(self, p, blocks)  # day_blocks: batched, pixel-identical to one by one

    def _paint_area(self, p: QPainter, area: QRect,
                    blocks: list[tuple[Geometry, SessionRow, bool]], grid: QPixmap) -> bool:
        # day_cells: the grid only where no block covers it (False: not applicable here)
        return paint_cells(self, p, area, blocks, grid, ROW_HEIGHT)

    def _now_y(self) -> float | None:
        """Where the "now" line is drawn (None: not on the day shown)."""
        if self.now is None or self.day is None or self.now.date() != self.day:
            return None
        minute = self.now.hour * 60 + self.now.minute
        if not self.window.start_minute <= minute <= self.window.end_minute:
            return None
        return self.y_of(minute) + (self.now.second / 60) * ROW_HEIGHT / 15

    def _now_rect(self) -> QRect:
        """The pixels the "now" marker (line, dot, time tag) can touch, with its text."""
        y = self._now_y()
        if y is None:
            return QRect()
        return QRect(0, int(y) - 12, self.width(), 25)

    def _paint_now(self, p: QPainter) -> None:
        y = self._now_y()
        if y is None or self.now is None:
            return
        right = self.column_edges()[-1]
        p.setPen(pen("#d92d20", 2))
        p.drawLine(int(GUTTER - 6), int(y), int(right), int(y))
        p.setBrush(color("#d92d20"))
        p.drawEllipse(QRectF(GUTTER - 10, y - 4, 8, 8))
        # The current time in a red tag over the gutter (it may cover the hour label it is
        # next to, which it makes redundant): "2:10 PM", not a bare "Now" on top of "2:00 PM".
        tag = QRectF(2, y - 9, GUTTER - 14, 18)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(tag, 4, 4)
        p.setPen(color("#ffffff"))
        p.setFont(self._bold)
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, hm(self.now))

    # input ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        row = self.hit(event.position().toPoint())
        self.select(row.id if row else 0)
        if row and event.button() == Qt.MouseButton.RightButton:
            self.context_requested.emit(row.id, event.globalPosition().toPoint())
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        row = self.hit(pos)
        if row:
            self.open_requested.emit(row.id)
            return
        column = int((pos.x() - GUTTER) // self.column_width())
        if pos.x() > GUTTER and 0 <= column < len(self.chairs):
            minute = self.minute_at(pos.y())
            self.slot_requested.emit(self.chairs[column].id, time(minute // 60, minute % 60))

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id:
            self.open_requested.emit(self.selected_id)
            return
        if event.key() == Qt.Key.Key_Menu and self.selected_id:
            rect = self.block_rect(self.selected_id)
            if rect is not None:
                self.context_requested.emit(self.selected_id,
                                            self.mapToGlobal(rect.center().toPoint()))
            return
        super().keyPressEvent(event)


class ChairHeader(QWidget):
    """The chair labels above the day view (stays put while the day scrolls)."""

    def __init__(self, calendar: DayCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = calendar
        self.setFixedHeight(26)
        self.counts: dict[int, int] = {}
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self.layer = StaticLayer()
        calendar.columns_changed.connect(self.update)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self._bold = QFont(self.font())
            self._bold.setBold(True)
            self.layer.invalidate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        key = (tuple((c.label, c.active) for c in self.calendar.chairs),
               self.calendar.column_width(), self._bold.key())
        self.layer.draw(p, key, self.size(), self.devicePixelRatioF(), self._paint)
        p.end()

    def _paint(self, p: QPainter) -> None:
        p.fillRect(self.rect(), color("#f3f5f8"))
        width = self.calendar.column_width()
        p.setFont(self._bold)
        for i, chair in enumerate(self.calendar.chairs):
            rect = QRectF(GUTTER + i * width, 0, width, self.height())
            label = chair.label if chair.active else f"{chair.label} (out of service)"
            p.setPen(pen("#1f2937" if chair.active else "#6b7280"))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                       p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                  int(width - 6)))
            p.setPen(pen(GRID_LINE))
            p.drawLine(int(rect.left()), 0, int(rect.left()), self.height())
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
