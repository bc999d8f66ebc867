"""The day view's window: opening hours widened to whole hours and to any booking outside them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.schedule.day_view import Window, day_window

NY = ZoneInfo("America/New_York")


def _row(start: datetime, minutes: int) -> SessionRow:
    end = start + timedelta(minutes=minutes)
    return SessionRow(1, 1, 1, "Chair 1", 1, "MRN1", "Doe, Jo", start.astimezone(UTC),
                      end.astimezone(UTC), start, end, SessionStatus.SCHEDULED, 56, None, 1)


def test_opening_hours_rounded_out_to_whole_hours() -> None:
    assert day_window((time(8, 30), time(17, 15)), []) == Window(8 * 60, 18 * 60)
    assert day_window(None, []) == Window(8 * 60, 18 * 60, closed=True)


def test_bookings_outside_the_hours_widen_the_window() -> None:
    early = _row(datetime(2026, 11, 30, 7, 30, tzinfo=NY), 135)  # 7:30-9:45
    late = _row(datetime(2026, 11, 30, 16, 45, tzinfo=NY), 150)  # 4:45-7:15 PM
    assert day_window((time(9), time(17)), [late, early]) == Window(7 * 60, 20 * 60)


def test_a_booking_past_midnight_runs_the_window_to_the_end_of_the_day() -> None:
    night = _row(datetime(2026, 11, 30, 22, 30, tzinfo=NY), 150)  # ends 1:00 AM next day
    month_end = _row(datetime(2026, 11, 30, 23, 0, tzinfo=NY), 120)  # ends 12/01 1:00 AM
    assert day_window((time(9), time(17)), [night]) == Window(9 * 60, 24 * 60)
    assert day_window((time(9), time(17)), [month_end]) == Window(9 * 60, 24 * 60)
    assert day_window(None, [month_end]) == Window(8 * 60, 24 * 60, closed=True)
