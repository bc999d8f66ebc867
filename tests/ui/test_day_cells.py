"""The day view's cell stamps paint exactly what the grid copied whole with the cards over it
paints, and are made once per look and reused wherever a block of that look sits."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtGui import QImage

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.clinics import ChairView
from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.schedule.day_view import DayCalendar, Window
from aurora_desktop.ui.schedule.paint_guard import pin_none

ZONE = ZoneInfo("America/New_York")
ACTIVE = [SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS,
          SessionStatus.MONITORING, SessionStatus.DISCHARGED]
OPEN = Window(8 * 60, 19 * 60)
NAMES = ["Li, Sung", "Hernández-Edwards, Björk", "Nowak, Grace", "Papadopoulos-Whitfield, Mei",
         "O'Brien, Mary-Kate", "Nguyễn, Ánh"]


def _rows(rng: random.Random, day: date, chairs: int, offsets: tuple[int, ...],
          cancelled: bool = False) -> list[SessionRow]:
    """Bookings of each chair from 8:00 (30 minutes to 2.5 hours long), back to back or with
    gaps, starting on the quarter hours or at *offsets* minutes past them."""
    rows, sid = [], 0
    for chair in range(1, chairs + 1):
        at = datetime(day.year, day.month, day.day, 8, 0, tzinfo=ZONE)
        while at.hour < 16:
            at += timedelta(minutes=rng.choice((0, 0, 15, 45)) + rng.choice(offsets))
            end = at + timedelta(minutes=rng.choice((30, 45, 120, 135, 150)))
            sid += 1
            status = (SessionStatus.CANCELLED if cancelled and rng.random() < 0.3
                      else rng.choice(ACTIVE))
            rows.append(SessionRow(sid, 1, chair, f"Chair {chair}", sid, f"MRN{sid}",
                                   rng.choice(NAMES), at.astimezone(UTC), end.astimezone(UTC),
                                   at, end, status, rng.choice((56, 84)),
                                   rng.choice((None, 56, 84)), 1))
            at = end
    return rows


def _view(rows: list[SessionRow], day: date, chairs: list[ChairView], width: int,
          window: Window = OPEN, show_inactive: bool = False,
          selected: int = 0) -> DayCalendar:
    view = DayCalendar()
    view.resize(width, 800)
    view.set_data(day, chairs, rows, window, None, show_inactive)
    view.selected_id = selected
    return view


def _both_ways(view: DayCalendar) -> tuple[QImage, QImage]:
    """The view painted with cell stamps, then with the grid copied whole under the cards."""
    view.scene.invalidate()
    with_cells = view.grab().toImage()
    render_area, view.scene.render_area = view.scene.render_area, None
    view.scene.invalidate()
    whole_grid = view.grab().toImage()
    view.scene.render_area = render_area
    return with_cells, whole_grid


def test_cells_paint_what_the_whole_grid_and_cards_paint(qapp) -> None:  # noqa: ARG001
    pin_none()
    rng = random.Random(3)
    day = date(2026, 11, 30)
    for case in range(24):
        chairs = [ChairView(i, 1, f"Chair {i}", i, not (case % 4 == 3 and i == 2))
                  for i in range(1, rng.choice((3, 5, 8)) + 1)]
        # quarter-hour bookings (cells), and some at 5 / 10 minutes past (drawn over the grid)
        offsets = (0,) if case % 2 == 0 else (0, 0, 5, 10)
        rows = _rows(rng, day, len(chairs), offsets)
        width = rng.randrange(560, 1500)
        selected = rng.choice(rows).id if case % 3 == 0 else 0
        view = _view(rows, day, chairs, width, selected=selected)
        rendered = view.cells.rendered
        with_cells, whole_grid = _both_ways(view)
        assert with_cells == whole_grid, (case, width)
        assert view.cells.rendered > rendered, case  # (the cells were used)
        view.deleteLater()


def test_cells_step_aside_where_they_do_not_apply(qapp) -> None:  # noqa: ARG001
    """Cancelled strips shown, a closed day: painted the usual way, still the same pixels."""
    pin_none()
    rng = random.Random(5)
    day = date(2026, 12, 1)
    chairs = [ChairView(i, 1, f"Chair {i}", i, True) for i in range(1, 5)]
    for window, show_inactive in ((OPEN, True),
                                  (Window(8 * 60, 19 * 60, closed=True), False)):
        view = _view(_rows(rng, day, 4, (0,), cancelled=True), day, chairs, 900, window,
                     show_inactive)
        with_cells, whole_grid = _both_ways(view)
        assert with_cells == whole_grid
        assert view.cells.rendered == 0
        view.deleteLater()


def test_a_cell_is_made_once_and_reused_wherever_its_block_sits(qapp) -> None:  # noqa: ARG001
    """The same bookings a week later in other chairs: no new cell stamp, and the picture is
    still the grid with the cards on it (the columns all 188 px wide: a cell's width is part of
    its look, as its times are)."""
    pin_none()
    rng = random.Random(9)
    day = date(2026, 11, 30)
    chairs = [ChairView(i, 1, f"Chair {i}", i, True) for i in range(1, 7)]
    rows = [r for r in _rows(rng, day, 3, (0,)) if r.local_start.hour < 14]
    view = _view(rows, day, chairs, 76 + 6 * 188)
    view.grab()
    made = view.cells.rendered
    assert made > 0
    week = timedelta(days=7)
    later = [r._replace(id=r.id + 100, chair_id=r.chair_id + 3, local_start=r.local_start + week,
                        local_end=r.local_end + week) for r in rows]
    view.set_data(day + timedelta(days=7), chairs, later, OPEN, None)
    with_cells, whole_grid = _both_ways(view)
    assert view.cells.rendered == made
    assert with_cells == whole_grid
    view.deleteLater()
