"""A day's UTC bounds: DST-safe, and a range past the calendar's years is a FieldError."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from aurora_desktop.domain.errors import FieldError
from aurora_desktop.services.session_queries import local_day_bounds

NY = ZoneInfo("America/New_York")


def test_bounds_follow_local_midnight_across_dst() -> None:
    assert local_day_bounds(NY, date(2026, 11, 1)) == (  # 25 hours: clocks go back
        datetime(2026, 11, 1, 4, tzinfo=UTC), datetime(2026, 11, 2, 5, tzinfo=UTC))
    assert local_day_bounds(NY, date(9999, 12, 24), 7)[1] == datetime(9999, 12, 31, 5, tzinfo=UTC)


@pytest.mark.parametrize(("zone", "day", "days"), [
    (NY, date(9999, 12, 31), 1), (NY, date(9999, 12, 25), 7),
    (ZoneInfo("Asia/Tokyo"), date(1, 1, 1), 1)])
def test_a_range_past_the_calendar_names_the_date(zone: ZoneInfo, day: date, days: int) -> None:
    with pytest.raises(FieldError) as refused:
        local_day_bounds(zone, day, days)
    assert refused.value.field == "date" and day.isoformat() in str(refused.value)
    assert "0001-01-02 to 9999-12-30" in str(refused.value)
