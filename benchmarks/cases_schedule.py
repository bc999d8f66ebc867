"""Schedule page measurements: the day/week views refreshed after another user's change, and
the first display of a day/week never shown before (query + model + paint, against raw SQL).

The views keep the view composed between reloads (the area of a booking card is composed
again when its row, rectangle or selection changed), and the query reuses the row objects
of unchanged rows. So that this is measured honestly:
- "refresh" runs: before each timed reload another connection commits a change to one
  booking shown (its version goes up: a new row, a new card), as when the page's poll finds
  another user's edit; the floor gets the same commit before each of its runs. The timed
  work is what the app does: `reload()`, then the event loop paints what the view marked
  dirty (`processEvents()`; a forced full `repaint()` of the view until 11/27/2026, which
  the app never does after a reload). After each run (untimed) the changed card must have
  been composed again and copied to the screen, else the case fails;
- "first display" runs: each run navigates to a day/week the page has not shown in this
  process, so nothing is cached but the database pages (the floor reads the same rows, and
  both are timed after one untimed read of that range). Timed: `set_day()`, then the event
  loop (`processEvents()`: the layout pass and paint a click on "Next" leads to; until
  11/27/2026 ~23:05 UTC a synchronous `repaint()` of the view, which left posted layout
  work out). After each run (untimed) the case fails unless every booking card shown before
  or after was repainted where the view is visible, and after the last run unless the
  window's pixels equal the view painted whole.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QRegion
from sqlalchemy import text

from benchmarks.cases_data import _raw_schedule
from benchmarks.cases_gui import qt_app
from benchmarks.env import Env
from benchmarks.measure import NotAvailable, Result, time_ms

TOUCH = text("UPDATE treatment_session SET version = version + 1 WHERE id = :id")


def _touch(env: Env, session_id: int) -> None:
    """Another user's edit of one booking, committed on its own connection."""
    with env.db.engine.begin() as conn:
        conn.execute(TOUCH, {"id": session_id})


def _timed_runs(fn: Callable[[], object], before: Callable[[int], object], runs: int,
                warmup: int) -> list[float]:
    out = []
    for k in range(warmup + runs):
        before(k)
        ms = time_ms(fn)
        if k >= warmup:
            out.append(ms)
    return out


def schedule_views(env: Env) -> list[Result]:
    """The Schedule page offscreen (1400 x 900): reload (one query + model) and the paint of
    the visible view (refresh: what the view marked dirty; first display: all of it)."""
    try:
        from aurora_desktop.ui.schedule.schedule_page import DAY, WEEK, SchedulePage
        from aurora_desktop.ui.schedule.week_view import week_start
    except ImportError as exc:
        raise NotAvailable("the schedule page is not on main yet") from exc
    from aurora_desktop.settings import resolve
    from aurora_desktop.ui.dialog_service import DialogService
    from aurora_desktop.ui.events import EventHub
    from aurora_desktop.ui.ui_context import UiContext

    app = qt_app()
    from aurora_desktop.ui.warm_up import warm_up_main_window

    warm_up_main_window()  # as the app does while the user types their password
    clinic_id = env.clinic_ids[0]
    out: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        ui = UiContext(env.services, resolve(database_url=env.dataset.url, data_dir=Path(tmp)),
                       EventHub(), DialogService(), env.actors["frontdesk"], clinic_id)
        page = SchedulePage(ui)
        page.poll_timer.stop()
        page.resize(1400, 900)
        page.show()
        app.processEvents()
        for mode, label, first, days in ((DAY, "day", env.today, 1),
                                         (WEEK, "week", week_start(env.today), 7)):
            page.day = env.today
            page.set_mode(mode)
            app.processEvents()
            view = page.week_view if mode == WEEK else page.day_view
            out.append(_refresh(env, app, page, view, label, first, days))
            out.append(_first_display(env, app, page, view, label, first, days))
            page.set_day(env.today)
        page.close()
        page.deleteLater()
        app.processEvents()
    return out


def _composed(view) -> int:  # noqa: ANN001 - cards painted into the view's scene so far
    scene = getattr(view, "scene", None)  # (a view without one paints every card every time)
    return scene.composed_cards if scene is not None else 0


def _refresh(env: Env, app, page, view, label: str, first: date,  # noqa: ANN001
             days: int) -> Result:
    ids = [rect_row[1].id for rect_row in view._rects] or [0]
    touch = lambda k: _touch(env, ids[k % len(ids)])  # noqa: E731
    scene = getattr(view, "scene", None)

    def full() -> None:
        page.reload()
        app.processEvents()  # the event loop paints what the reload marked dirty

    composed = _composed(view)
    samples = []
    for k in range(env.warmup + env.runs):
        touch(k)
        if scene is not None:
            scene.painted = QRegion()
        ms = time_ms(full)
        if k >= env.warmup:
            samples.append(ms)
        if scene is not None and view._rects:  # untimed: the changed card was composed and shown
            area = scene.card_area(ids[k % len(ids)])
            if area is None or not QRegion(area).subtracted(scene.painted).isEmpty():
                raise AssertionError(f"{label} refresh: the changed booking was not repainted")
    result = Result(f"schedule {label} view (query + model + paint)", 100, 5)
    result.samples_ms = samples
    per_run = (_composed(view) - composed) / (env.runs + env.warmup)
    result.floor_ms = statistics.median(
        _timed_runs(_raw_schedule(env, days, first), touch, env.runs, env.warmup))
    result.note = (f"refresh after another connection changed one of the {len(view._rects)} "
                   f"bookings shown ({per_run:.1f} cards composed per run; the event loop "
                   "paints the area the view marked dirty, checked to cover the changed card); "
                   "floor: raw SQL of the same rows after the same change")
    return result


def _first_display(env: Env, app, page, view, label: str, first: date,  # noqa: ANN001
                   days: int) -> Result:
    """Each run shows a day (same weekday) / week further back, never shown before."""
    from aurora_desktop.ui.schedule.schedule_page import WEEK

    targets = [first - timedelta(weeks=k) for k in range(1, env.warmup + env.runs + 1)]
    views, floors, counts = [], [], []
    scene = getattr(view, "scene", None)

    def show(day: date) -> None:
        page.set_day(day)
        app.processEvents()  # the event loop lays out and paints what changed, as after a click

    for k, target in enumerate(targets):
        floor = _raw_schedule(env, days, target)
        counts.append(floor())  # untimed: the database pages are read once for both
        before = _card_areas(view)
        if scene is not None:
            scene.painted = QRegion()
        ms = time_ms(lambda t=target: show(t))
        cards = (before + _card_areas(view)).intersected(view.visibleRegion())
        if scene is not None and not cards.subtracted(scene.painted).isEmpty():
            # untimed: every card gone or shown was repainted where the view is visible
            raise AssertionError(f"{label} first display: a booking's area was not repainted")
        fl = time_ms(floor)
        if k >= env.warmup:
            views.append(ms)
            floors.append(fl)
    visible = view.visibleRegion().boundingRect()
    whole = view.grab(visible).toImage()  # the last one shown, painted whole
    if _on_screen(page, view, visible).convertToFormat(whole.format()) != whole:
        raise AssertionError(f"{label} first display: the screen differs from the view")
    result = Result(f"schedule {label} view, first display (query + model + paint)", 100, 5)
    result.samples_ms = views
    result.floor_ms = statistics.median(floors)
    what = "week" if page.mode == WEEK else "day"
    result.note = (f"each run a {what} not shown before ({min(counts)}-{max(counts)} sessions; "
                   "nothing composed or cached; the event loop lays out and paints, checked to "
                   "cover every booking's area shown before and after, and the screen checked "
                   "against the view painted whole); floor: raw SQL of the same rows")
    return result


def _card_areas(view) -> QRegion:  # noqa: ANN001 - the area of each booking card shown
    scene = getattr(view, "scene", None)
    area = QRegion()
    for _rect, row in view._rects if scene is not None else ():
        found = scene.card_area(row.id)
        if found is not None:
            area += found
    return area


def _on_screen(page, view, area: QRect) -> QImage:  # noqa: ANN001
    """The pixels of *area* of *view* in the window as shown (the backing store's)."""
    origin = view.mapTo(page.window(), area.topLeft())
    shown = page.screen().grabWindow(page.window().winId()).toImage()
    return shown.copy(origin.x(), origin.y(), area.width(), area.height())
