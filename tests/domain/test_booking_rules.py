"""Booking rules: half-open overlaps, patient/day, hours, chair, prescriber cover, DST, series."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aurora_desktop.domain.booking_rules import (
    Block,
    Booking,
    ChairInfo,
    Shift,
    SlotCheck,
    SlotTaken,
    alternative_candidates,
    check_slot,
    covered,
    fmt_time,
    induction_dates,
    local_to_utc,
    maintenance_dates,
    make_block,
    opening_hours_reason,
    series_dates,
    slot_times,
)
from aurora_desktop.domain.errors import Conflict, FieldError, RuleViolation

NY = ZoneInfo("America/New_York")
HOURS = [["08:00", "18:00"]] * 5 + [["09:00", "14:00"], None]
DAY = date(2026, 12, 2)  # a Wednesday
CHAIR = ChairInfo(1, "Chair 1")
PRESCRIBER = 50


def block(at: time = time(9), day: date = DAY, minutes: int = 150) -> Block:
    return make_block(day, at, minutes, NY)


def all_day_shift(day: date = DAY, staff_id: int = PRESCRIBER) -> Shift:
    return Shift(staff_id, local_to_utc(day, time(7), NY), local_to_utc(day, time(19), NY))


def booking(sid: int, chair: int, at: time, patient: int = 2, day: date = DAY,
            minutes: int = 150) -> Booking:
    b = block(at, day, minutes)
    return Booking(sid, patient, chair, b.start, b.end, b.local_date, f"Chair {chair}", "WP")


def check(b: Block, bookings=(), shifts=None, chair=CHAIR, patient=1, prescriber_id=None):
    shifts = [all_day_shift(b.local_date)] if shifts is None else shifts
    return check_slot(SlotCheck(
        block=b, patient_id=patient, chair=chair, clinic_name="White Plains",
        opening_hours=HOURS, bookings=list(bookings), shifts=shifts,
        prescriber_ids=[PRESCRIBER, 51], prescriber_id=prescriber_id,
    ))


# --- overlaps (half-open) ---------------------------------------------------------------------
def test_back_to_back_blocks_do_not_overlap() -> None:
    earlier = booking(10, 1, time(9))  # 9:00-11:30
    verdict = check(block(time(11, 30)), [earlier])
    assert verdict.ok, verdict.reasons
    verdict = check(block(time(8), minutes=60), [booking(11, 1, time(9))])
    assert verdict.ok  # 8:00-9:00 ends exactly when 9:00 starts


def test_one_minute_overlap_is_refused_and_names_the_winner() -> None:
    verdict = check(block(time(11, 29)), [booking(10, 1, time(9))])
    assert verdict.taken and not verdict.ok
    assert "Chair 1 is already booked 12/02/2026 9:00 AM–11:30 AM by booking #10" in verdict.reasons[0]
    with pytest.raises(SlotTaken) as info:
        verdict.raise_if_refused()
    assert isinstance(info.value, Conflict) and isinstance(info.value, RuleViolation)


def test_other_chair_same_time_is_fine() -> None:
    assert check(block(time(9)), [booking(10, 2, time(9))]).ok


@given(st.integers(0, 600), st.integers(1, 300), st.integers(0, 600), st.integers(1, 300))
def test_overlap_matches_half_open_definition(a: int, la: int, c: int, lc: int) -> None:
    base = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)
    blk = Block(base + timedelta(minutes=a), base + timedelta(minutes=a + la),
                base, base)
    expected = a < c + lc and c < a + la
    assert blk.overlaps(base + timedelta(minutes=c), base + timedelta(minutes=c + lc)) is expected


# --- one active session per patient per day, either clinic --------------------------------
def test_patient_second_session_same_day_other_clinic_is_refused() -> None:
    other = Booking(20, 1, 99, *(lambda b: (b.start, b.end))(block(time(14))), DAY, "Chair 4", "BK")
    verdict = check(block(time(8)), [other])
    assert verdict.taken
    assert "already has an active session on 12/02/2026 at BK (booking #20)" in verdict.reasons[0]


def test_patient_next_day_is_fine_and_ignore_own_session_for_reschedule() -> None:
    mine = booking(21, 1, time(9), patient=1)
    assert check(block(time(9), DAY + timedelta(days=1)),
                 [mine], shifts=[all_day_shift(DAY + timedelta(days=1))]).ok
    verdict = check_slot(SlotCheck(block(time(10)), 1, CHAIR, "WP", HOURS, [mine],
                                   [all_day_shift()], [PRESCRIBER], ignore_session_id=21))
    assert verdict.ok


# --- opening hours, chair active ---------------------------------------------------------------
@pytest.mark.parametrize(("day", "at", "minutes", "ok"), [
    (DAY, time(8), 150, True),
    (DAY, time(7, 45), 150, False),
    (DAY, time(15, 30), 150, True),   # ends 6:00 PM exactly
    (DAY, time(15, 45), 150, False),  # ends 6:15 PM
    (date(2026, 12, 5), time(9), 150, True),   # Saturday 9-14
    (date(2026, 12, 5), time(11, 45), 150, False),
    (date(2026, 12, 6), time(9), 150, False),  # Sunday closed
])
def test_opening_hours(day: date, at: time, minutes: int, ok: bool) -> None:
    reason = opening_hours_reason(block(at, day, minutes), HOURS, "White Plains")
    assert (reason is None) is ok
    if day.weekday() == 6:
        assert "closed on Sundays" in reason


def test_inactive_chair_and_every_reason_listed() -> None:
    verdict = check(block(time(17)), [booking(5, 1, time(16))], shifts=[],
                    chair=ChairInfo(1, "Chair 1", active=False))
    text = " | ".join(verdict.reasons)
    assert len(verdict.reasons) == 4, verdict.reasons
    assert "outside White Plains's opening hours" in text
    assert "out of service" in text and "already booked" in text
    assert "no prescriber is rostered on site" in text


# --- prescriber on site --------------------------------------------------------------------
def test_prescriber_must_cover_the_whole_block() -> None:
    b = block(time(9))
    morning = Shift(PRESCRIBER, local_to_utc(DAY, time(8), NY), local_to_utc(DAY, time(11), NY))
    verdict = check(b, shifts=[morning])
    assert not verdict.ok and "no prescriber" in verdict.reasons[0]
    afternoon = Shift(PRESCRIBER, local_to_utc(DAY, time(11), NY), local_to_utc(DAY, time(15), NY))
    assert check(b, shifts=[morning, afternoon]).prescriber_id == PRESCRIBER  # contiguous


def test_chosen_prescriber_off_site_is_refused_even_if_another_is_on() -> None:
    verdict = check(block(), shifts=[all_day_shift(staff_id=51)], prescriber_id=PRESCRIBER)
    assert "not on site" in verdict.reasons[0]
    assert check(block(), shifts=[all_day_shift(staff_id=51)]).prescriber_id == 51


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 40)), max_size=6),
       st.integers(0, 100), st.integers(1, 60))
def test_covered_matches_minute_by_minute(shifts, start: int, length: int) -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    m = lambda n: base + timedelta(minutes=n)  # noqa: E731
    objs = [Shift(1, m(s), m(s + d)) for s, d in shifts]
    minutes = set()
    for s, d in shifts:
        minutes |= set(range(s, s + d))
    expected = all(x in minutes for x in range(start, start + length))
    assert covered(m(start), m(start + length), objs) is expected


# --- DST ----------------------------------------------------------------------------------------
def test_spring_forward_gap_is_refused_with_a_clear_message() -> None:
    with pytest.raises(FieldError) as info:
        local_to_utc(date(2026, 3, 8), time(2, 30), NY)
    assert "2:30 AM does not exist on 03/08/2026" in str(info.value)
    assert "spring forward" in str(info.value)


def test_fall_back_ambiguous_time_resolves_to_first_occurrence() -> None:
    instant = local_to_utc(date(2026, 11, 1), time(1, 30), NY)
    assert instant == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # EDT, UTC-4


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1), date(2026, 3, 9),
                                 date(2026, 11, 2), date(2026, 7, 1), date(2026, 12, 1)])
def test_business_hours_keep_wall_clock_across_dst(day: date) -> None:
    b = make_block(day, time(9), 150, NY)
    assert b.local_start.time() == time(9) and b.local_end.time() == time(11, 30)
    assert b.local_start.utcoffset() == b.start.astimezone(NY).utcoffset()
    expected_offset = -4 if date(2026, 3, 8) <= day < date(2026, 11, 1) else -5
    assert b.start.hour == 9 - expected_offset


def test_block_across_fall_back_is_elapsed_time() -> None:
    b = make_block(date(2026, 11, 1), time(0, 30), 150, NY)
    assert b.end - b.start == timedelta(minutes=150)
    assert fmt_time(b.local_end) == "2:00 AM"  # 00:30 EDT + 2.5 h = 02:00 EST


# --- series -------------------------------------------------------------------------------------
def test_induction_is_eight_sessions_twice_weekly_from_first_day() -> None:
    dates = induction_dates(date(2026, 12, 2), [0, 3])  # Mon/Thu, starting Wednesday
    assert len(dates) == 8
    assert dates[0] == date(2026, 12, 3) and dates[1] == date(2026, 12, 7)
    assert all(d.weekday() in (0, 3) for d in dates)
    assert dates[-1] == date(2026, 12, 28)
    with pytest.raises(FieldError):
        induction_dates(DAY, [1])


def test_maintenance_weekly_and_every_two_weeks() -> None:
    weekly = maintenance_dates(date(2026, 12, 1), 1, 4, 1)
    assert weekly == [date(2026, 12, 1) + timedelta(weeks=i) for i in range(4)]
    biweekly = maintenance_dates(date(2026, 12, 2), 1, 3, 2)
    assert biweekly == [date(2026, 12, 8), date(2026, 12, 22), date(2027, 1, 5)]


@pytest.mark.parametrize(("weekdays", "count", "every"), [([], 4, 1), ([7], 4, 1),
                                                          ([1], 0, 1), ([1], 4, 3)])
def test_series_input_is_validated(weekdays, count, every) -> None:
    with pytest.raises(FieldError):
        series_dates(DAY, weekdays, count, every)


@given(st.dates(date(2026, 1, 1), date(2028, 1, 1)),
       st.sets(st.integers(0, 6), min_size=1, max_size=3), st.integers(1, 20),
       st.sampled_from([1, 2]))
def test_series_dates_are_sorted_distinct_on_weekdays(first, weekdays, count, every) -> None:
    dates = series_dates(first, sorted(weekdays), count, every)
    assert len(dates) == count == len(set(dates))
    assert dates == sorted(dates) and dates[0] >= first
    assert all(d.weekday() in weekdays for d in dates)


# --- alternatives, slot times ---------------------------------------------------------------
def test_alternatives_same_day_other_chairs_then_nearby_days() -> None:
    got = list(alternative_candidates(DAY, [1, 2, 3], 2, max_days=2, earliest=DAY))
    assert got[:2] == [(DAY, 1), (DAY, 3)]
    assert got[2:5] == [(DAY + timedelta(days=1), 2), (DAY + timedelta(days=1), 1),
                        (DAY + timedelta(days=1), 3)]
    assert all(d >= DAY for d, _ in got)
    assert (DAY + timedelta(days=2), 3) in got


def test_slot_times_fit_inside_opening_hours() -> None:
    times = slot_times(HOURS, DAY, 150)
    assert times[0] == time(8) and times[-1] == time(15, 30)
    assert len(times) == (15 * 60 + 30 - 8 * 60) // 15 + 1
    assert slot_times(HOURS, date(2026, 12, 6), 150) == []
