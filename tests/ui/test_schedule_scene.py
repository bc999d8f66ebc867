"""The calendars' composed scene: reused between reloads, recomposed only where a booking
changed, and always pixel-identical to a view painted from scratch with the same data."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QRegion
from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from aurora_desktop.db.models import Patient, TreatmentSession
from aurora_desktop.ui.schedule.day_view import ROW_HEIGHT, DayCalendar
from aurora_desktop.ui.schedule.schedule_page import DAY, WEEK, SchedulePage
from aurora_desktop.ui.schedule.week_view import HEADER, WeekCalendar
from tests.ui.test_schedule_page import page  # noqa: F401 - the Schedule page fixture


def _fresh_copy(view: DayCalendar | WeekCalendar) -> QImage:
    """The same data painted by a new view of the same size (nothing composed before)."""
    if isinstance(view, DayCalendar):
        other = DayCalendar()
        other.set_data(view.day, view.chairs, view.rows, view.window, view.now, view.show_inactive)
    else:
        other = WeekCalendar()
        rows = [r for day_rows in view.by_day for r in day_rows]
        other.set_data(view.first_day, rows, view.today, view.closed_days, True)
    other.selected_id = view.selected_id
    other.resize(view.size())
    image = other.grab().toImage()
    other.deleteLater()
    return image


def _same(view: DayCalendar | WeekCalendar) -> bool:
    return view.grab().toImage() == _fresh_copy(view)


def test_day_scene_is_patched_only_where_bookings_changed(page: SchedulePage,  # noqa: F811
                                                           sqlite_services) -> None:
    view = page.day_view
    view.repaint()
    scene = view.scene
    grids, composed = scene.grid.rendered, scene.composed_cards
    page.reload()
    view.repaint()
    assert (scene.grid.rendered, scene.composed_cards) == (grids, composed)  # nothing changed

    first, second = view._rects[0][1], view._rects[5][1]
    view.select(first.id)
    view.repaint()
    assert scene.composed_cards == composed + 1 and _same(view)
    composed = scene.composed_cards
    view.select(second.id)
    view.repaint()
    assert scene.composed_cards == composed + 2 and _same(view)  # old and new selection

    with sqlite_services.ctx.db.write_once() as session:  # another PC renames a patient
        session.execute(update(Patient).where(Patient.id == first.patient_id)
                        .values(last_name="Zimmermann-Abernathy"))
    page.poll()  # the change marker does not see a rename: F5 / the next reload shows it
    page.reload()
    view.repaint()
    shown = [row for _rect, row in view._rects if row.id == first.id][0]
    assert shown.patient_name.startswith("Zimmermann-Abernathy")
    assert scene.grid.rendered == grids and _same(view)


def test_grid_is_rebuilt_on_resize_clinic_change_and_new_hours(page: SchedulePage) -> None:  # noqa: F811
    view = page.day_view
    view.repaint()
    grids = view.scene.grid.rendered
    header = page.header.layer.rendered
    page.resize(1100, 700)
    view.repaint()
    page.header.repaint()
    assert view.scene.grid.rendered == grids + 1 and page.header.layer.rendered == header + 1
    assert _same(view)
    brooklyn = page.ui.services.clinics.get_by_code("BK")
    page.ui.clinic_id = brooklyn.id
    page.ui.events.clinic_changed.emit(brooklyn.id)
    page.set_day(date(2026, 12, 6))  # Sunday: closed, a different grid
    view.repaint()
    assert view.scene.grid.rendered == grids + 2 and view.window.closed and _same(view)


def test_week_scene_shows_a_booking_changed_by_another_user(page: SchedulePage,  # noqa: F811
                                                            sqlite_services, sqlite_staff) -> None:
    page.set_mode(WEEK)
    page.show_inactive.setChecked(True)
    view = page.week_view
    view.repaint()
    assert _same(view)
    target = view.by_day[1][2]
    composed = view.scene.composed_cards
    sqlite_services.scheduling.cancel(sqlite_staff.front_desk, target.id, target.version,
                                      "patient unwell")
    page.poll()  # the version sum moved: reload
    view.repaint()
    assert view.row_by_id(target.id).status.value == "cancelled"
    assert 1 <= view.scene.composed_cards - composed <= 3 and _same(view)
    page.set_mode(DAY)
    assert page.mode == DAY and _same(page.day_view)


def test_text_layouts_are_shared_and_bounded(page: SchedulePage) -> None:  # noqa: F811
    from aurora_desktop.ui.schedule.card_cache import TextCache

    page.set_mode(WEEK)
    view = page.week_view
    view.repaint()
    view.grab()  # every card, also those below the part on screen
    known = len(view.texts)
    assert known > 0
    page.step(1)
    view.repaint()
    stamped = view.stamps.rendered
    page.step(-1)
    view.repaint()
    assert _same(view)  # cached layouts paint exactly what fresh ones do
    assert len(view.texts) >= known
    assert view.stamps.rendered == stamped  # the week shown before: its stamps are all made
    cache = TextCache()
    made = [cache.get(("k", n), lambda n=n: n) for n in range(TextCache.LIMIT + 10)]
    assert made[-1] == TextCache.LIMIT + 9 and len(cache) <= TextCache.LIMIT
    assert cache.get(("k", TextCache.LIMIT + 9), lambda: -1) == TextCache.LIMIT + 9


def _settled(view: DayCalendar | WeekCalendar) -> None:
    """Let the event loop paint what is pending, then start recording what gets painted."""
    QApplication.processEvents()
    view.scene.painted = QRegion()


def test_a_reload_repaints_only_the_changed_booking(page: SchedulePage,  # noqa: F811
                                                    sqlite_services) -> None:
    view = page.day_view
    target, other = view._rects[3][1], view._rects[10][1]
    _settled(view)
    with sqlite_services.ctx.db.write_once() as session:  # another PC edits one booking
        session.execute(update(TreatmentSession).where(TreatmentSession.id == target.id)
                        .values(version=TreatmentSession.version + 1))
    page.reload()
    QApplication.processEvents()  # what the app does: the event loop paints the dirty area
    painted = view.scene.painted
    assert painted.boundingRect() == view.scene.card_area(target.id)
    assert not painted.intersects(view.scene.card_area(other.id)) and _same(view)

    _settled(view)
    view.select(other.id)  # the old and the new selection only
    view.select(target.id)
    QApplication.processEvents()
    painted = view.scene.painted
    assert painted.contains(view.scene.card_area(target.id).center())
    assert painted.contains(view.scene.card_area(other.id).center())
    assert not any(painted.intersects(view.scene.card_area(row.id)) for _rect, row in view._rects
                   if row.chair_id != target.chair_id) and _same(view)

    _settled(view)
    page.ui.clock.set(page.ui.clock.now() + timedelta(minutes=30))
    page.poll()  # nothing changed but the time: the old and the new "now" marker
    QApplication.processEvents()
    assert view.scene.painted.boundingRect().height() <= 2 * ROW_HEIGHT * 2 + 25
    assert _same(view)


def test_week_reload_repaints_the_changed_card_and_the_day_headers(
        page: SchedulePage, sqlite_services, sqlite_staff) -> None:  # noqa: F811
    page.set_mode(WEEK)
    page.show_inactive.setChecked(True)
    view = page.week_view
    target, other = view.by_day[1][2], view.by_day[3][0]
    _settled(view)
    sqlite_services.scheduling.cancel(sqlite_staff.front_desk, target.id, target.version,
                                      "patient unwell")
    page.reload()  # the card turns "cancelled" in place and the day's "N booked" changes
    QApplication.processEvents()
    painted = view.scene.painted
    assert QRegion(view.scene.card_area(target.id)).subtracted(painted).isEmpty()
    assert QRegion(0, 0, view.width(), HEADER).subtracted(painted).isEmpty()
    assert not painted.intersects(view.scene.card_area(other.id)) and _same(view)


def test_week_scene_keeps_its_pixmap_when_the_busiest_day_changes(page: SchedulePage,  # noqa: F811
                                                                  ) -> None:
    page.set_mode(WEEK)
    view = page.week_view
    view.repaint()
    pixmap, height = view.scene._scene, view.height()
    page.step(1)  # next week: no bookings, a shorter view
    view.repaint()
    assert view.height() < height and _same(view)
    page.step(-1)
    view.repaint()
    assert view.scene._scene is pixmap and view.height() == height and _same(view)


def test_a_first_paint_goes_to_the_screen_and_matches_the_composed_scene(
        page: SchedulePage) -> None:  # noqa: F811
    """Another day / week is painted straight onto the screen (nothing composed); painting it
    again unchanged composes the scene and copies it: the same pixels either way, hatching
    (a no-show strip, the closed Sunday) included."""
    page.show_inactive.setChecked(True)
    for mode, view in ((DAY, page.day_view), (WEEK, page.week_view)):
        page.set_mode(mode)
        QApplication.processEvents()
        page.step(1)
        page.step(-1)  # new cards: the next paint is a first paint
        composed = view.scene.composed_cards
        straight = view.grab().toImage()
        assert view.scene._valid.isEmpty()  # nothing went into the scene
        assert view.scene.composed_cards - composed == len(view._rects) > 0
        composed_again = view.grab().toImage()  # unchanged: composed in the scene, copied
        assert not view.scene._valid.isEmpty()
        assert straight == composed_again and straight == _fresh_copy(view)
        cards = view.scene.composed_cards
        assert view.grab().toImage() == straight and view.scene.composed_cards == cards


def test_scene_sync_returns_the_area_of_what_appeared_changed_moved_or_went(qapp) -> None:  # noqa: ARG001
    """Scene.sync's area covers every card that appeared, changed, moved, was (de)selected or
    went - each card's box and the pixel right and below, the selected one 2 px more all
    round - and nothing else; of many such cards, their bounding rectangle."""
    from collections import namedtuple

    from PySide6.QtCore import QRect

    from aurora_desktop.ui.schedule.card_cache import MANY, Scene

    row = namedtuple("row", "id text")
    scene = Scene()
    a, b, c = row(1, "a"), row(2, "b"), row(3, "c")
    first = [((10, 10, 100, 40), a), ((10, 60, 100, 40), b), ((200, 10, 100, 40), c)]
    assert scene.sync(first, 0) == (QRegion(10, 10, 101, 41) + QRegion(10, 60, 101, 41)
                                    + QRegion(200, 10, 101, 41))
    assert scene.sync(list(first), 0).isEmpty()  # the same cards again: nothing to repaint
    moved = [((10, 10, 100, 40), a), ((10, 70, 100, 40), b), ((200, 10, 100, 40), c)]
    assert scene.sync(moved, 0) == QRegion(10, 60, 101, 51)  # old and new place of b
    edited = [((10, 10, 100, 40), row(1, "a2")), *moved[1:]]
    assert scene.sync(edited, 0) == QRegion(10, 10, 101, 41)
    assert scene.sync(edited, 3) == QRegion(198, 8, 105, 45)  # c selected: its margin
    assert scene.card_area(3) == QRect(198, 8, 105, 45)
    gone = edited[:2]
    assert scene.sync(gone, 0) == QRegion(198, 8, 105, 45)  # c went (as last drawn)
    assert scene.card_area(3) is None
    many = [((400 + 20 * n, 300 + 50 * n, 10, 40), row(10 + n, "x")) for n in range(MANY + 2)]
    # all of those, and the two that went: one bounding rectangle
    assert scene.sync(many, 0) == QRegion(QRect(10, 10, 400 + 20 * (MANY + 1) + 11 - 10,
                                                300 + 50 * (MANY + 1) + 41 - 10))


def test_scene_sync_all_notes_another_days_cards_without_comparing(qapp) -> None:  # noqa: ARG001
    """Another day / week shown: its cards noted as they are (the view repaints everything);
    later changes are then compared with them as usual."""
    from collections import namedtuple

    from aurora_desktop.ui.schedule.card_cache import Scene

    row = namedtuple("row", "id text")
    scene = Scene()
    scene.sync([((10, 10, 100, 40), row(1, "a"))], 0)
    other_day = [((10, 10, 100, 40), row(7, "x")), ((10, 60, 100, 40), row(8, "y"))]
    scene.sync_all(other_day, 8)
    assert scene.card_area(1) is None  # the first day's card is forgotten
    assert scene.card_area(7) == QRect(10, 10, 101, 41)
    assert scene.card_area(8) == QRect(8, 58, 105, 45)  # selected: its margin
    assert scene.sync(other_day, 8).isEmpty()  # the same cards: nothing more to repaint
    edited = [other_day[0], ((10, 60, 100, 40), row(8, "y2"))]
    assert scene.sync(edited, 8) == QRegion(8, 58, 105, 45)


def test_another_day_or_week_is_painted_whole_and_matches_a_fresh_view(
        page: SchedulePage) -> None:  # noqa: F811
    for mode in (DAY, WEEK):
        page.set_mode(mode)
        view = page.current_view()
        QApplication.processEvents()
        for step in (7, -14, 21):  # (another week in the week view too)
            view.scene.painted = QRegion()
            page.set_day(page.day + timedelta(days=step))
            QApplication.processEvents()
            shown = view.visibleRegion()
            assert shown.subtracted(view.scene.painted).isEmpty(), (mode, step)
            assert _same(view), (mode, step)
