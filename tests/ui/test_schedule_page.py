"""Schedule page offscreen: day/week views, auto-refresh keeps selection and scroll, actions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.scheduling_cadence import NOT_ENROLLED
from aurora_desktop.settings import resolve
from aurora_desktop.ui.dialog_service import DialogService
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.schedule.booking_dialog import BookingDialog
from aurora_desktop.ui.schedule.schedule_page import DAY, WEEK, SchedulePage
from aurora_desktop.ui.schedule.series_dialog import SeriesDialog
from aurora_desktop.ui.ui_context import UiContext
from tests.support.schedule_demo import book_demo_week
from tests.support.scheduling import make_patient, roster_days

MONDAY = date(2026, 11, 30)


class FakeDialogs(DialogService):
    def __init__(self) -> None:
        self.confirm_answer = True
        self.text_answer: str | None = "patient unwell"
        self.seen: list[tuple[str, str]] = []

    def info(self, parent, title, text) -> None:  # noqa: ANN001
        self.seen.append((title, text))

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.seen.append((title, text))

    def confirm(self, parent, title, text) -> bool:  # noqa: ANN001
        self.seen.append((title, text))
        return self.confirm_answer

    def ask_text(self, parent, title, label) -> str | None:  # noqa: ANN001
        return self.text_answer


@pytest.fixture
def page(qtbot, sqlite_services, sqlite_staff, sqlite_url, clock, tmp_path: Path) -> SchedulePage:
    clock.set(datetime(2026, 11, 27, 13, 0, tzinfo=UTC))
    book_demo_week(sqlite_services, sqlite_staff, MONDAY)
    clock.set(datetime(2026, 11, 30, 16, 20, tzinfo=UTC))  # Monday 11:20 AM EST
    ui = UiContext(sqlite_services, resolve(database_url=sqlite_url, data_dir=tmp_path),
                   EventHub(), FakeDialogs(), sqlite_staff.front_desk,
                   sqlite_services.clinics.get_by_code("WP").id)
    widget = SchedulePage(ui)
    widget.poll_timer.stop()
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


def test_day_view_shows_chairs_blocks_and_now_line(page: SchedulePage) -> None:
    assert page.day == MONDAY and page.mode == DAY
    view = page.day_view
    assert [c.label for c in view.chairs][:2] == ["Chair 1", "Chair 2"] and len(view.chairs) == 8
    active = [r for r in view.rows if r.status != SessionStatus.NO_SHOW]
    assert len(view._rects) == len(active) == 19  # the no-show is hidden until asked for
    assert view.window.start_minute == 8 * 60 and view.window.end_minute == 18 * 60
    assert "WP · Monday 11/30/2026" in page.title.text()
    assert "19 booked · 1 cancelled/no-show" in page.summary.text()
    page.show_inactive.setChecked(True)
    assert len(view._rects) == 20
    grab = view.grab()
    assert not grab.isNull()


def test_navigation_and_week_view(page: SchedulePage, qtbot) -> None:
    page.step(1)
    assert page.day == date(2026, 12, 1)
    page.go_today()
    assert page.day == MONDAY
    page.set_mode(WEEK)
    assert "week of 11/30/2026 – 12/06/2026" in page.title.text()
    assert sum(len(d) for d in page.week_view.by_day) == 19 + 4 * 12
    assert page.week_view.closed_days == {6}
    page.step(1)
    assert page.day == date(2026, 12, 7) and page.week_view.by_day[0] == []
    page.step(-1)
    page.week_view.day_requested.emit(date(2026, 12, 2))
    assert page.mode == DAY and page.day == date(2026, 12, 2)
    brooklyn = page.ui.services.clinics.get_by_code("BK")
    page.ui.clinic_id = brooklyn.id
    page.ui.events.clinic_changed.emit(brooklyn.id)  # the main window's clinic switcher
    assert page.clinic.code == "BK" and page.day_view.rows == []
    assert "No bookings yet" in page.summary.text()


def test_auto_refresh_keeps_selection_and_scroll(page: SchedulePage, sqlite_services,
                                                 sqlite_staff) -> None:
    page.resize(1300, 400)
    view = page.day_view
    chosen = view.rows[10].id
    view.select(chosen)
    bar = page.day_scroll.verticalScrollBar()
    bar.setValue(150)
    marker = page.marker
    page.poll()  # nothing changed: no reload
    assert page.marker == marker
    wp = sqlite_services.clinics.get_by_code("WP")
    sqlite_services.scheduling.book(  # another user books at the same clinic and day
        sqlite_staff.front_desk, patient_id=make_patient(sqlite_services, "New", "Person"),
        clinic_id=wp.id, day=MONDAY, start_time=time(15, 30), chair_id=wp.chairs[4].id,
        ride_driver_name="Ana Lopez", ride_driver_phone="(914) 555-0188")
    page.poll()
    assert page.marker != marker
    assert any(r.patient_name == "Person, New" for r in view.rows)
    assert view.selected_id == chosen and bar.value() == 150


def test_booking_dialog_acknowledges_warnings(page: SchedulePage, sqlite_services, qtbot) -> None:
    pid = make_patient(sqlite_services, "Zoe", "Unenrolled", enrolled=False)
    dialog = BookingDialog(page.ui, page.clinic, MONDAY, page.clinic.chairs[5].id, time(15, 30))
    qtbot.addWidget(dialog)
    dialog.patient.search.setText("Unenrolled")
    assert dialog.patient.patient_id() == pid
    dialog.driver_name.setText("Sam Driver")
    dialog.driver_phone.setText("914 555 0111")
    page.ui.dialogs.confirm_answer = False
    dialog.submit()
    assert "not acknowledged" in dialog.error.text() and dialog.result_booking is None
    page.ui.dialogs.confirm_answer = True
    dialog.submit()
    booked = dialog.result_booking
    assert booked is not None and booked.acknowledged_warnings == (NOT_ENROLLED,)
    assert booked.chair_id == page.clinic.chairs[5].id and booked.local_start.hour == 15
    assert any(r.id == booked.session_id for r in page.day_view.rows)  # sessions_changed


def test_context_actions_cancel_and_check_in(page: SchedulePage, sqlite_services) -> None:
    view = page.day_view
    scheduled = next(r for r in view.rows if r.status == SessionStatus.SCHEDULED)
    menu = page.actions.menu_for(scheduled)
    assert [a.text() for a in menu.actions() if a.isEnabled()] == [
        "Open session…", "Check in…", "Reschedule…", "Cancel booking…", "Mark no-show"]
    discharged = next(r for r in view.rows if r.status == SessionStatus.DISCHARGED)
    assert [a.text() for a in page.actions.menu_for(discharged).actions() if a.isEnabled()] == [
        "Open session…", "Session log PDF"]
    assert page.actions.cancel(scheduled.id)
    detail = sqlite_services.scheduling.get_session(page.ui.actor, scheduled.id)
    assert detail.status == SessionStatus.CANCELLED and detail.cancel_reason == "patient unwell"
    assert all(r.id != scheduled.id or r.status == SessionStatus.CANCELLED for r in view.rows)
    other = next(r for r in view.rows if r.status == SessionStatus.SCHEDULED)

    def fill(dialog) -> bool:  # noqa: ANN001
        dialog.driver_name.setText("Jo Lopez")
        dialog.driver_phone.setText("9145550100")
        dialog.confirmed.setChecked(True)
        return True

    page.actions.run_dialog = fill
    assert page.actions.check_in(other.id)
    assert sqlite_services.scheduling.get_session(page.ui.actor, other.id).ride_confirmed
    page.actions.open_session(other.id)
    title, text = page.ui.dialogs.seen[-1]
    assert "Ride home: Jo Lopez (914) 555-0100 — confirmed ✔" in text


def test_series_dialog_proposes_alternatives_before_saving(page: SchedulePage, sqlite_services,
                                                           sqlite_staff, qtbot) -> None:
    pid = make_patient(sqlite_services, "Series", "Patient")
    roster_days(sqlite_services, sqlite_staff.admin, sqlite_staff.prescriber.staff_id,
                page.clinic.id, date(2026, 12, 6), 30)
    dialog = SeriesDialog(page.ui, page.clinic, date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.patient.search.setText("Series")
    assert dialog.patient.patient_id() == pid
    from aurora_desktop.ui.schedule.status_style import combo_index

    dialog.time.setCurrentIndex(combo_index(dialog.time, time(11)))
    dialog.chair.setCurrentIndex(combo_index(dialog.chair, page.clinic.chairs[2].id))
    dialog.driver_name.setText("Sam Driver")
    dialog.submit()  # Thursday 12/03 11:00 clashes with the 11:30 demo booking in chair 3
    assert dialog.saved is None and list(dialog.proposals) == [0]
    assert "Nothing saved yet" in dialog.error.text()
    dialog.submit()  # the first alternative is preselected in each conflicting row
    assert dialog.saved is not None and len(dialog.saved.session_ids) == 8
    assert dialog.table.item(0, 1).text().startswith("✔") or dialog.table.rowCount() == 8


def test_keyboard_enter_opens_selected_block(page: SchedulePage, qtbot) -> None:
    view = page.day_view
    view.select(view.rows[0].id)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert page.ui.dialogs.seen and page.ui.dialogs.seen[-1][0].startswith("Session #")


def test_roster_dialog_admin_edits_front_desk_reads(page: SchedulePage, sqlite_staff,
                                                    qtbot) -> None:
    from aurora_desktop.ui.schedule.roster_dialog import RosterDialog
    from aurora_desktop.ui.schedule.status_style import combo_index

    read_only = RosterDialog(page.ui, page.clinic, MONDAY)
    qtbot.addWidget(read_only)
    assert not read_only.add_button.isEnabled() and read_only.table.rowCount() == 6
    page.ui.actor = sqlite_staff.admin
    dialog = RosterDialog(page.ui, page.clinic, MONDAY)
    qtbot.addWidget(dialog)
    nurse = combo_index(dialog.person, sqlite_staff.nurse.staff_id)
    dialog.person.setCurrentIndex(nurse)
    dialog.add_shift()
    assert dialog.table.rowCount() == 7 and dialog.error.text() == ""
    prescriber_row = next(i for i, s in enumerate(dialog.shifts)
                          if s.staff_id == sqlite_staff.prescriber.staff_id)
    dialog.table.selectRow(prescriber_row)
    page.ui.dialogs.confirm_answer = False  # Monday's bookings depend on this shift
    dialog.delete_selected()
    assert dialog.error.text() == "Shift kept." and dialog.table.rowCount() == 7
    assert "no prescriber on site" in page.ui.dialogs.seen[-1][1]


def test_many_repaints_cannot_exhaust_none_references(page: SchedulePage) -> None:
    """PySide6 6.12 QPainter calls drop a reference to None on CPython 3.11 (paint_guard)."""
    import sys

    page.set_mode(WEEK)
    before = sys.getrefcount(None)
    for _ in range(20):
        page.week_view.repaint()
        page.day_view.repaint()
    assert sys.getrefcount(None) > 1 << 39  # pinned: the leak can never reach zero
    assert before > 1 << 39
    if sys.version_info < (3, 12):  # True / False too: their count went below zero at exit
        assert min(sys.getrefcount(True), sys.getrefcount(False)) > 1 << 39


def test_context_menu_saves_and_previews_the_session_log(page: SchedulePage, sqlite_services,
                                                         tmp_path: Path, qtbot) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from aurora_desktop.db.models import AuditEvent
    from aurora_desktop.ui.reports.preview_dialog import PreviewDialog

    discharged = next(r for r in page.day_view.rows if r.status == SessionStatus.DISCHARGED)
    menu = page.actions.menu_for(discharged)
    pdf = next(a for a in menu.actions() if a.text() == "Session log PDF").menu()
    entries = {a.text(): a for a in pdf.actions()}
    assert list(entries) == ["Preview…", "Print…", "Save PDF…"]
    target = tmp_path / "from-schedule.pdf"
    page.ui.dialogs.save_file = lambda *_args: str(target)
    entries["Save PDF…"].trigger()
    text = " ".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "Session Log" in text and discharged.patient_mrn in text
    entries["Preview…"].trigger()
    previews = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, PreviewDialog) and w.isVisible()]
    assert len(previews) == 1 and previews[0].page_labels, page.ui.dialogs.seen
    previews[0].close()
    with sqlite_services.ctx.db.read() as session:
        audited = session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "treatment_session",
            AuditEvent.entity_id == str(discharged.id))).all()
    assert audited[-2:] == ["export", "preview"]  # PHI output is audited
    scheduled = next(r for r in page.day_view.rows if r.status == SessionStatus.SCHEDULED)
    assert not next(a for a in page.actions.menu_for(scheduled).actions()
                    if a.text() == "Session log PDF").isEnabled()


def test_action_buttons_follow_the_signed_in_user(page: SchedulePage, sqlite_staff) -> None:
    assert page.book_button.isEnabled() and page.roster_button.isEnabled()
    page.step(1)  # reloads for the same user keep them as they are
    assert page.book_button.isEnabled() and page.series_button.isEnabled()
    page.ui.actor = sqlite_staff.admin  # administrators see the schedule but do not book
    page.ui.events.user_changed.emit()
    assert not page.book_button.isEnabled() and not page.series_button.isEnabled()
    assert page.roster_button.isEnabled()
    page.ui.actor = sqlite_staff.front_desk
    page.ui.events.user_changed.emit()
    assert page.book_button.isEnabled() and page.series_button.isEnabled()


def test_an_empty_day_does_not_widen_the_header(page: SchedulePage) -> None:
    """The header labels keep the width of the widest text they showed (no layout pass per day
    shown), which sets the page's minimum width: an empty day's summary is no wider than a
    busy day's (its booking hint is in the tooltip)."""
    brooklyn = page.ui.services.clinics.get_by_code("BK")
    page.ui.clinic_id = brooklyn.id
    page.ui.events.clinic_changed.emit(brooklyn.id)
    assert page.summary.text() == "No bookings yet — Ctrl+N to book"
    assert "Ctrl+N" in page.summary.toolTip()
    page.ui.clinic_id = page.ui.services.clinics.get_by_code("WP").id
    page.ui.events.clinic_changed.emit(page.ui.clinic_id)
    busy = page.summary.text()
    assert "booked · 1 cancelled/no-show" in busy
    assert page.summary.width() <= page.summary.fontMetrics().horizontalAdvance(busy) + 20


def test_the_title_narrows_again_when_the_week_gives_way_to_a_day(page: SchedulePage) -> None:
    day_width = page.title.width()
    page.set_mode(WEEK)
    assert page.title.width() > day_width  # "WP · week of 11/30/2026 – 12/06/2026"
    page.set_mode(DAY)
    assert page.title.width() == day_width
