"""Week view: seven day columns, each a time-ordered list of bookings (painted, no DB in paint)."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.schedule.card_cache import (
    Geometry,
    Scene,
    StaticLayer,
    TextCache,
    update_area,
)
from aurora_desktop.ui.schedule.card_stamps import CardStamps
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
from aurora_desktop.ui.schedule.status_style import hm, is_active, style_for, weekday_name
from aurora_desktop.ui.schedule.text_stamps import TextStamps

HEADER = 40
CARD = 40
GAP = 3
MIN_COLUMN = 130
ROWS = 8  # the week's height grows in steps of this many cards
ELIDE = Qt.TextElideMode.ElideRight


def week_start(day: date) -> date:
    """The Monday of *day*'s week."""
    return day - timedelta(days=day.weekday())


class WeekCalendar(QWidget):
    selection_changed = Signal(int)
    open_requested = Signal(int)
    context_requested = Signal(int, QPoint)
    day_requested = Signal(object)  # a day header was double-clicked: show that day

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pin_none()  # see paint_guard: PySide6 6.12 QPainter calls leak None references
        self.setObjectName("week_calendar")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.first_day = week_start(date.today())
        self.by_day: list[list[SessionRow]] = [[] for _ in range(7)]
        self.today: date | None = None
        self.closed_days: set[int] = set()
        self.selected_id = 0
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # paint fills what it exposes
        self._rects: list[tuple[Geometry, SessionRow]] = []  # cards at whole pixels
        self._font, self._bold = calendar_fonts(self.font())
        self._font_key = (self._font.key(), self._bold.key())  # (key() costs ~0.1 ms)
        self._fm_plain, self._fm_bold = QFontMetrics(self._font), QFontMetrics(self._bold)
        self._fitter = NameFitter(self._fm_plain, QFontMetricsF(self._font))
        self._headers: list[tuple[str, str]] = []  # per day: title, "N booked" / "closed"
        # day headers, column lines and closed-day hatching + the cards, composed once and
        # again only where a card changed (row, rectangle or selection)
        self.scene = Scene(cached_grid=False)
        self.headers = StaticLayer()
        self.texts = TextCache()  # card texts laid out once per text and width
        self.stamps = TextStamps()  # repeated card texts as pixmaps (see text_stamps)
        self.frames = FrameStamps()  # the cards' frames as pixmaps (see frame_stamps)
        self.cards = CardStamps(self.stamps)  # all but the names, as pixmaps (card_stamps)
        self._grid_key: tuple = ()
        self._header_key: tuple = ()

    def set_data(self, first_day: date, rows: list[SessionRow], today: date | None,
                 closed_days: set[int], show_inactive: bool = False) -> None:
        another_week = first_day != self.first_day
        self.first_day, self.today, self.closed_days = first_day, today, closed_days
        self.by_day = [[] for _ in range(7)]
        for row in rows:
            offset = (row.local_start.date() - first_day).days
            if 0 <= offset < 7 and (show_inactive or is_active(row.status)):
                self.by_day[offset].append(row)
        for day_rows in self.by_day:
            day_rows.sort(key=lambda r: (r.local_start, r.chair_label))
        if self.selected_id and not any(r.id == self.selected_id for d in self.by_day for r in d):
            self.selected_id = 0
        self._headers = []
        for i in range(7):
            day = first_day + timedelta(days=i)
            count = sum(1 for r in self.by_day[i] if is_active(r.status))
            title = f"{weekday_name(day, short=True)} {day.month:02d}/{day.day:02d}"
            self._headers.append((title + ("  (today)" if day == today else ""),
                                  "closed" if i in closed_days else f"{count} booked"))
        longest = max((len(d) for d in self.by_day), default=0)
        # rows rounded up to a multiple of ROWS: weeks a few bookings apart keep one height, so
        # the page and its scroll bar stay put from week to week
        rows = -(-max(1, longest) // ROWS) * ROWS
        self.setFixedHeight(HEADER + rows * (CARD + GAP) + 8)
        self.setMinimumWidth(7 * MIN_COLUMN)
        self._layout()
        self._mark_dirty(everything=another_week)

    def select(self, session_id: int) -> None:
        self.selected_id = session_id
        self._mark_dirty()
        self.selection_changed.emit(session_id)

    def _mark_dirty(self, everything: bool = False) -> None:
        """Schedule a repaint of what changed only: everything when the grid changed (closed
        days, font) or another week is shown (its cards are others: not compared one by one),
        else the day headers if their texts changed and the cards that changed."""
        # below the headers only closed days differ; the header strip is its own layer, so a
        # changed count or date does not recompose the cards
        grid_key = (frozenset(self.closed_days), self._font_key)
        today = (self.today - self.first_day).days if self.today else None
        header_key = (tuple(self._headers), grid_key, today)
        if everything:
            self.scene.sync_all(self._rects, self.selected_id)
            self.update()
        else:
            self._update_changed(grid_key, header_key)
        self._grid_key, self._header_key = grid_key, header_key

    def _update_changed(self, grid_key: tuple, header_key: tuple) -> None:
        stale = self.scene.sync(self._rects, self.selected_id)
        if grid_key != self._grid_key:
            self.update()
        else:
            if header_key != self._header_key:
                stale += QRect(0, 0, self.width(), HEADER)
            update_area(self, stale)

    def row_by_id(self, session_id: int) -> SessionRow | None:
        return next((r for d in self.by_day for r in d if r.id == session_id), None)

    def column_width(self) -> float:
        return max(MIN_COLUMN, self.width() / 7)

    def _layout(self) -> None:
        """Card rectangles only, at whole pixels: 4 px inside the day's column lines (text is
        laid out when a card is painted into the scene)."""
        width = self.column_width()
        edges = [int(i * width) for i in range(8)]  # where the column lines are drawn
        self._rects = [
            ((edges[i] + 4, HEADER + n * (CARD + GAP), edges[i + 1] - edges[i] - 8, CARD), row)
            for i, rows in enumerate(self.by_day) for n, row in enumerate(rows)
        ]

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.size().width() != event.oldSize().width():  # (the cards follow the width
            self._layout()  # only; set_data lays out after setting a new height)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange,
                            QEvent.Type.StyleChange):
            self._font, self._bold = calendar_fonts(self.font())
            self._font_key = (self._font.key(), self._bold.key())  # (key() costs ~0.1 ms)
            self._fm_plain, self._fm_bold = QFontMetrics(self._font), QFontMetrics(self._bold)
            self._fitter = NameFitter(self._fm_plain, QFontMetricsF(self._font))
            self.scene.invalidate()
            self.headers.invalidate()
            self.texts.clear()
            self.stamps.clear()
            self.frames.clear()
            self.cards.clear()
            self._mark_dirty()
            self.update()
        super().changeEvent(event)

    def block_rect(self, session_id: int) -> QRectF | None:
        return next((QRectF(*rect) for rect, row in self._rects if row.id == session_id), None)

    def hit(self, pos: QPoint) -> SessionRow | None:
        px, py = pos.x(), pos.y()
        return next((row for (x, y, w, h), row in self._rects
                     if x <= px <= x + w and y <= py <= y + h), None)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        dpr = self.devicePixelRatioF()
        self.scene.paint(p, event.region(), self._grid_key, self.size(), dpr,
                         self._paint_background, self._rects, self.selected_id, self._paint_cards)
        if event.rect().top() < HEADER:  # the day headers (titles, counts) over the scene
            self.headers.draw(p, self._header_key, QSize(self.width(), HEADER), dpr,
                              self._paint_headers)
        p.end()

    def _paint_headers(self, p: QPainter) -> None:
        """The day headers: title and "N booked" / "closed" per day, today highlighted."""
        p.fillRect(QRect(0, 0, self.width(), HEADER), color("#ffffff"))
        width = self.column_width()
        for i, (title, sub) in enumerate(self._headers):
            x = i * width
            is_today = self.first_day + timedelta(days=i) == self.today
            p.fillRect(QRectF(x, 0, width, HEADER), color("#e3ecfa" if is_today else "#f3f5f8"))
            p.setPen(pen("#1f2937"))
            p.setFont(self._bold)
            p.drawText(QRectF(x, 2, width, 18), Qt.AlignmentFlag.AlignCenter, title)
            p.setFont(self._font)
            p.setPen(pen(MUTED_TEXT))
            p.drawText(QRectF(x, 20, width, 18), Qt.AlignmentFlag.AlignCenter, sub)
            p.setPen(pen(GRID_LINE))
            p.drawLine(int(x), 0, int(x), HEADER)

    def _paint_background(self, p: QPainter) -> None:
        """Below the headers (the header layer always covers the scene's top HEADER pixels):
        white, closed days hatched, the column lines. Painted straight into the scene."""
        p.fillRect(self.rect(), color("#ffffff"))
        width, height, line = self.column_width(), self.height(), color(GRID_LINE)
        for i in range(7):
            x = i * width
            if i in self.closed_days:
                paint_closed(p, QRectF(x, HEADER, width, height - HEADER))
            # lines as 1 px fills (the pixels of a 1 px pen's line, ~1/10 of the work)
            p.fillRect(int(x), 0, 1, height + 1, line)
        p.fillRect(0, HEADER, self.width() + 1, 1, line)

    def _paint_cards(self, p: QPainter, cards: list[tuple[Geometry, SessionRow, bool]]) -> None:
        """Cards as the scene composes them (again only when row, rectangle or selection
        changed), in batches: all but the names (frame, top line, icon: card stamps), then
        the names grouped by colour. Cards never overlap (3 px apart in a day, 8 px between
        days), so this paints the same pixels as card after card."""
        fit, find = self._fitter.fit, self.texts.find
        # a name's baseline below the card's top: 2 px to the inner box, 19 px to the name's
        # line, then the font's ascent (where a laid-out text's top-left puts it)
        name_baseline = 21 + self._fm_plain.ascent()
        chrome, names = [], []
        for (x, y, width, height), row, selected in cards:  # (whole pixels)
            style = style_for(row.status)
            # the texts but the name (top line, icon) by start, chair, look and width: they
            # repeat from week to week (a clinic's start times and chairs)
            start = row.local_start
            key = (start.hour, start.minute, row.chair_label, style, width)
            texts = find(key)
            if texts is None:
                texts = self._card_texts(key)
            chrome.append((x, y, width, height, style, selected, texts))
            # the inner box: 8 px in, 2 px down, 4 px from the right (names are new each
            # week: fitted straight, not kept)
            names.append((style.text, x + 8, y + name_baseline, fit(row.patient_name, width - 12)))
        dpr, font_key = p.device().devicePixelRatioF(), self._font_key[1]
        if dpr == int(dpr):  # all but the names repeat from week to week: one stamp a card
            self.cards.draw(p, chrome, self._bold, font_key, dpr)
        else:  # (a fractional pixel ratio: frames filled, the texts stamped one by one)
            self.frames.draw(p, [card[:6] for card in chrome], dpr)
            self.stamps.draw(p, [(style.text, x + dx, y + dy, text)
                                 for x, y, _w, _h, style, _s, texts in chrome
                                 for dx, dy, text in texts],
                             self._bold, font_key, dpr)
        p.setFont(self._font)
        # each name is on screen once: drawn straight from its string at its baseline (one
        # shaping, ~12 us) instead of laid out as a QStaticText first (~27 us)
        _draw_names(p, names)

    def _card_texts(self, key: tuple) -> tuple[tuple[int, int, str], ...]:
        """A card's top line (time and chair, elided to leave room for the icon) 8 px in and
        3 px down, and its status icon at the right, as card stamps take them (kept)."""
        hour, minute, chair_label, style, width = key
        icon, bold = style.icon, self._fm_bold
        icon_w = bold.horizontalAdvance(icon) + 4
        line = f"{hm(time(hour, minute))} · {chair_label.replace('Chair ', 'Ch ')}"
        shown = bold.elidedText(line, ELIDE, width - 12 - icon_w)
        return self.texts.get(key, lambda: ((8, 3, shown), (width - icon_w, 3, icon)))

    def event(self, event) -> bool:  # noqa: ANN001 - full name and status on hover
        if event.type() == QEvent.Type.ToolTip:
            row = self.hit(event.pos())
            if row is not None:
                QToolTip.showText(event.globalPos(), describe_row(row), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

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
        elif pos.y() < HEADER:
            column = int(pos.x() // self.column_width())
            self.day_requested.emit(self.first_day + timedelta(days=min(6, column)))

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id:
            self.open_requested.emit(self.selected_id)
            return
        super().keyPressEvent(event)


def _draw_names(p: QPainter, items: list[tuple[str, int, int, str]]) -> None:
    """Names (colour, x, baseline y, text) grouped by colour: one pen change per colour."""
    items.sort(key=lambda item: item[0])
    colour = None
    for text_colour, x, y, text in items:
        if text_colour != colour:
            colour = text_colour
            p.setPen(pen(colour))
        p.drawText(x, y, text)


def describe_row(row: SessionRow) -> str:
    """Tooltip / accessible text for one booking."""
    style = style_for(row.status)
    return (f"{row.patient_name} — {row.chair_label}, {hm(row.local_start)}–{hm(row.local_end)}"
            f" — {style.label}")


