"""The Schedule page: day/week chair calendar per clinic, navigation, auto-refresh, actions."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.booking_rules import opening_window
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.services.permissions import Op, allowed
from aurora_desktop.services.scheduling_models import ScheduleMarker
from aurora_desktop.ui.schedule.day_view import ChairHeader, DayCalendar, day_window
from aurora_desktop.ui.schedule.go_to_date import GoToDatePopup
from aurora_desktop.ui.schedule.session_actions import SessionActions
from aurora_desktop.ui.schedule.status_style import STYLES, is_active, us_date, weekday_name
from aurora_desktop.ui.schedule.week_view import WeekCalendar, week_start
from aurora_desktop.ui.ui_context import UiContext
from aurora_desktop.ui.widgets.empty_state import EmptyState
from aurora_desktop.ui.widgets.steady_size import SteadyLabel

POLL_MS = 10_000
DAY, WEEK = 0, 1


class SchedulePage(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.clinic: ClinicView | None = None
        self.zone = ZoneInfo("America/New_York")
        self.day = ui.clock.now().astimezone(self.zone).date()
        self.mode = DAY
        self.marker: ScheduleMarker | None = None
        self.actions = SessionActions(ui, self)
        self._buttons_for: object = ...  # the actor the action buttons were enabled for
        self._build()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.poll_timer.start()
        ui.events.sessions_changed.connect(self.reload)
        ui.events.clinic_changed.connect(lambda _cid: self._clinic_changed())
        ui.events.user_changed.connect(self._clinic_changed)
        self.reload()

    # construction -------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        # the title and summary change with each day shown: fixed-size labels (steady_size),
        # so a new text repaints them without a layout pass over the page; the title is the
        # page's date display (Go to date… opens a typed date and a calendar)
        self.title = SteadyLabel()
        # a font, not a style sheet: a style-sheet label is polished and painted by the style
        # sheet engine at every change of its text (each day / week shown)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(14)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        bar.addWidget(self.title)
        bar.addStretch(1)
        self.today_button = self._button(bar, "Today", "Go to today (Ctrl+T)", self.go_today)
        self.prev_button = self._button(bar, "◀ Previous", "Previous day/week (Alt+Left)",
                                        lambda: self.step(-1))
        self.next_button = self._button(bar, "Next ▶", "Next day/week (Alt+Right)",
                                        lambda: self.step(1))
        self.go_to_button = self._button(bar, "Go to date…", "Go to a date: type it or pick it "
                                         "in the calendar (Ctrl+G)", self.go_to_date)
        self.go_to_popup = GoToDatePopup(self)
        self.go_to_popup.picked.connect(self._date_picked)
        self.mode_group = QButtonGroup(self)
        for mode, text in ((DAY, "Day"), (WEEK, "Week")):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setChecked(mode == DAY)
            self.mode_group.addButton(button, mode)
            bar.addWidget(button)
        self.mode_group.idClicked.connect(self.set_mode)
        layout.addLayout(bar)

        # the second row: the actions, the day's counts and the filter; the status legend
        # sits under the calendar, so the header fits the window's 1280 px default (and a
        # 1366 px screen) in the week view too, where the title is widest
        info = QHBoxLayout()
        self.book_button = self._button(info, "New booking…", "Book a session (Ctrl+N)",
                                        lambda: self.new_booking())
        self.series_button = self._button(info, "Book series…", "Book an induction or "
                                          "maintenance series", self.new_series)
        self.roster_button = self._button(info, "Roster…", "Who is on site (prescribers, nurses)",
                                          self.open_roster)
        info.addSpacing(12)
        # (the counts only - the clinic is in the toolbar and the title; a short empty-day
        # text: the widest text it shows sets the page's minimum width)
        self.summary = SteadyLabel()
        self.summary.setToolTip("Book with Ctrl+N or New booking…, or double-click a free slot "
                                "in the day view")
        info.addWidget(self.summary)
        info.addStretch(1)
        self.show_inactive = QCheckBox("Show cancelled / no-show")
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        info.addWidget(self.show_inactive)
        layout.addLayout(info)

        self.stack = QStackedWidget()
        self.day_view = DayCalendar()
        self.header = ChairHeader(self.day_view)
        self.day_scroll = self._scroll(self.day_view)
        day_page = QWidget()
        day_layout = QVBoxLayout(day_page)
        day_layout.setContentsMargins(0, 0, 0, 0)
        day_layout.setSpacing(0)
        day_layout.addWidget(self.header)
        day_layout.addWidget(self.day_scroll, 1)
        self.week_view = WeekCalendar()
        self.week_scroll = self._scroll(self.week_view)
        self.empty = EmptyState("Sign in to see the schedule",
                                "The chair calendar for the selected clinic appears here.")
        self.stack.addWidget(day_page)
        self.stack.addWidget(self.week_scroll)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        # the status legend, one line under the calendar (it wraps between its items, never
        # inside one, if the window is narrower)
        self.legend = QLabel("   ".join(f"{style.icon} {style.label}".replace(" ", "\u00a0")
                                        for style in STYLES.values()))
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: #4a5566;")
        layout.addWidget(self.legend)
        # shown with a calendar only (not under "Sign in to see the schedule")
        self.stack.currentChanged.connect(
            lambda _index: self.legend.setVisible(self.stack.currentWidget() is not self.empty))
        for view in (self.day_view, self.week_view):
            view.open_requested.connect(self.actions.open_session)
            view.context_requested.connect(self._context_menu)
        self.day_view.slot_requested.connect(self._slot_requested)
        self.week_view.day_requested.connect(self._show_day)
        for keys, slot in (("Ctrl+N", lambda: self.new_booking()), ("Ctrl+T", self.go_today),
                           ("Alt+Left", lambda: self.step(-1)), ("Alt+Right", lambda: self.step(1)),
                           ("Ctrl+G", self.go_to_date),
                           ("F5", self.reload)):
            QShortcut(QKeySequence(keys), self, activated=slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _button(self, bar: QHBoxLayout, text: str, tip: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    def _scroll(self, widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(widget)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        return scroll

    # navigation -----------------------------------------------------------------------
    def go_today(self) -> None:
        self.set_day(self.ui.clock.now().astimezone(self.zone).date())

    def step(self, direction: int) -> None:
        self.set_day(self.day + timedelta(days=direction * (7 if self.mode == WEEK else 1)))

    def set_day(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self.marker = None
        self.reload()

    def set_mode(self, mode: int) -> None:
        self.mode = mode
        self.mode_group.button(mode).setChecked(True)
        self.marker = None
        self.reload()
        self.title.refit()  # a day's title is narrower than a week's: the page may be again

    def _show_day(self, day: date) -> None:
        self.day = day
        self.set_mode(DAY)

    def go_to_date(self) -> None:
        self.go_to_popup.open_for(self.day, self.go_to_button)

    def _date_picked(self, picked: date) -> None:
        if picked != self.day:
            self.set_day(picked)

    def visible_range(self) -> tuple[date, int]:
        return (week_start(self.day), 7) if self.mode == WEEK else (self.day, 1)

    # loading ----------------------------------------------------------------------------
    def _current_clinic(self) -> ClinicView | None:
        wanted = self.ui.clinic_id
        if self.clinic is not None and self.clinic.id == wanted:
            return self.clinic  # clinic settings are reloaded when the clinic changes
        clinics = self.ui.services.clinics.list_clinics()
        return next((c for c in clinics if c.id == wanted), clinics[0] if clinics else None)

    def _clinic_changed(self) -> None:
        self.clinic = None
        self.marker = None
        self.reload()

    def reload(self) -> None:
        """One query for the visible range; keeps the selection and the scroll position."""
        actor = self.ui.actor
        self.clinic = self._current_clinic()
        can_view = actor is not None and allowed(actor, Op.VIEW_SCHEDULE)
        if actor is not self._buttons_for:  # (an Actor is immutable: a new one on sign-in)
            self._buttons_for = actor
            for button, op in ((self.book_button, Op.BOOK_SESSION),
                               (self.series_button, Op.BOOK_SESSION),
                               (self.roster_button, Op.VIEW_ROSTER)):
                button.setEnabled(actor is not None and allowed(actor, op))
        if not can_view or self.clinic is None:
            self.stack.setCurrentIndex(2)
            self.title.setText("Schedule")
            self.summary.setText("")
            return
        self.zone = ZoneInfo(self.clinic.time_zone)
        first, days = self.visible_range()
        scroll = self.day_scroll if self.mode == DAY else self.week_scroll
        keep_scroll = scroll.verticalScrollBar().value()
        rows = self.ui.services.scheduling.calendar(actor, self.clinic.id, first, days)
        # the same figures change_marker computes in SQL, taken from the rows just loaded
        self.marker = ScheduleMarker(len(rows), sum(r.version for r in rows),
                                     max((r.id for r in rows), default=0))
        now_local = self.ui.clock.now().astimezone(self.zone)
        chairs = list(self.clinic.chairs)
        show_inactive = self.show_inactive.isChecked()
        if self.mode == DAY:
            window = day_window(opening_window(self.clinic.opening_hours, self.day), rows)
            self.day_view.set_data(self.day, chairs, rows, window, now_local, show_inactive)
            self.title.setText(f"{self.clinic.code} · {weekday_name(self.day)} {us_date(self.day)}")
        else:
            closed = {i for i in range(7)
                      if opening_window(self.clinic.opening_hours, first + timedelta(i)) is None}
            self.week_view.set_data(first, rows, now_local.date(), closed, show_inactive)
            last = first + timedelta(days=6)
            self.title.setText(f"{self.clinic.code} · week of {us_date(first)} – {us_date(last)}")
        self.stack.setCurrentIndex(self.mode)
        scroll.verticalScrollBar().setValue(keep_scroll)
        active = sum(1 for r in rows if is_active(r.status))
        inactive = len(rows) - active
        extra = f" · {inactive} cancelled/no-show" if inactive else ""
        self.summary.setText(f"{active} booked{extra}" if rows
                             else "No bookings yet — Ctrl+N to book")

    def poll(self) -> None:
        """Cheap change check (count, version sum, max id); reload only when it moved."""
        actor = self.ui.actor
        if actor is None or self.clinic is None or not allowed(actor, Op.VIEW_SCHEDULE):
            return
        first, days = self.visible_range()
        marker = self.ui.services.scheduling.change_marker(actor, self.clinic.id, first, days)
        if marker != self.marker:
            self.reload()
        elif self.mode == DAY:
            self.day_view.set_now(self.ui.clock.now().astimezone(self.zone))

    # actions ------------------------------------------------------------------------------
    def current_view(self) -> DayCalendar | WeekCalendar:
        return self.day_view if self.mode == DAY else self.week_view

    def selected_session_id(self) -> int:
        return self.current_view().selected_id

    def _context_menu(self, session_id: int, pos: QPoint) -> None:
        row = self.current_view().row_by_id(session_id)
        if row is not None:
            self.actions.context_menu(row, pos)

    def _slot_requested(self, chair_id: int, at: time) -> None:
        self.new_booking(chair_id=chair_id, at=at)

    def new_booking(self, chair_id: int | None = None, at: time | None = None) -> None:
        if self.clinic is not None and self.book_button.isEnabled():
            self.actions.book(self.clinic, self.day, chair_id, at)

    def new_series(self) -> None:
        if self.clinic is not None and self.series_button.isEnabled():
            self.actions.book_series(self.clinic, self.day)

    def open_roster(self) -> None:
        if self.clinic is not None and self.roster_button.isEnabled():
            self.actions.roster(self.clinic, self.day)
