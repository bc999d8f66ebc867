"""Treatment phase, cadence windows and deviations, and the dose rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aurora_desktop.domain.enums import Indication
from aurora_desktop.domain.errors import FieldError
from aurora_desktop.domain.treatment_phase import (
    Phase,
    cadence_deviations,
    current_phase,
    dose_override_reasons,
    is_first_dose,
    phase_for_week,
    position,
    validate_dose_mg,
    week_number,
)

START = date(2026, 1, 5)  # a Monday


def twice_weekly(weeks: int, first: date = START) -> list[date]:
    out = []
    for w in range(weeks):
        monday = first + timedelta(weeks=w)
        out += [monday, monday + timedelta(days=3)]
    return out


@pytest.mark.parametrize(
    ("indication", "week", "phase"),
    [
        (Indication.TRD, 1, Phase.TRD_INDUCTION),
        (Indication.TRD, 4, Phase.TRD_INDUCTION),
        (Indication.TRD, 5, Phase.TRD_WEEKLY),
        (Indication.TRD, 8, Phase.TRD_WEEKLY),
        (Indication.TRD, 9, Phase.TRD_CONTINUATION),
        (Indication.TRD, 60, Phase.TRD_CONTINUATION),
        (Indication.MDSI, 1, Phase.MDSI_COURSE),
        (Indication.MDSI, 4, Phase.MDSI_COURSE),
        (Indication.MDSI, 5, Phase.MDSI_BEYOND),
    ],
)
def test_phase_for_week(indication: Indication, week: int, phase: Phase) -> None:
    assert phase_for_week(indication, week) is phase


def test_week_number_boundaries() -> None:
    assert week_number(START, START) == 1
    assert week_number(START, START + timedelta(days=6)) == 1
    assert week_number(START, START + timedelta(days=7)) == 2
    assert week_number(START, START - timedelta(days=3)) == 1


def test_no_sessions_yet_is_induction_week_one_due_from_plan_start() -> None:
    info = current_phase(Indication.TRD, START, [], START - timedelta(days=2))
    assert info.phase is Phase.TRD_INDUCTION
    assert info.week == 1 and info.sessions_completed == 0
    assert info.next_session_number_in_phase == 1
    assert info.next_due is not None and info.next_due.earliest == START
    assert info.next_due.latest is None
    assert any("56 mg" in n for n in info.notes)


def test_induction_window_after_second_session() -> None:
    done = twice_weekly(1)  # Mon + Thu
    info = current_phase(Indication.TRD, START, done, done[-1])
    assert info.phase is Phase.TRD_INDUCTION
    assert info.next_session_number_in_phase == 3
    assert info.cadence is not None and info.cadence.label == "twice weekly"
    assert info.next_due is not None
    assert info.next_due.earliest == done[-1] + timedelta(days=2)
    assert info.next_due.latest == done[-1] + timedelta(days=5)


def test_transition_to_weekly_after_induction() -> None:
    done = twice_weekly(4)
    info = current_phase(Indication.TRD, START, done, done[-1])
    assert info.phase is Phase.TRD_INDUCTION  # still week 4 on the day of the 8th session
    assert info.next_due is not None
    # Crossing into weeks 5-8: induction's minimum gap, the weekly phase's maximum gap.
    assert info.next_due.earliest == done[-1] + timedelta(days=2)
    assert info.next_due.latest == done[-1] + timedelta(days=9)
    monday_week_5 = START + timedelta(weeks=4)
    assert cadence_deviations(Indication.TRD, START, done, monday_week_5) == []
    assert any("weeks 5-8" in n for n in info.notes)
    later = current_phase(Indication.TRD, START, done, START + timedelta(weeks=4))
    assert later.phase is Phase.TRD_WEEKLY and later.week == 5
    assert later.next_session_number_in_phase == 1


def test_week_nine_plus_allows_every_two_weeks() -> None:
    done = twice_weekly(4) + [START + timedelta(weeks=w) for w in range(4, 8)]
    today = START + timedelta(weeks=8)
    info = current_phase(Indication.TRD, START, done, today)
    assert info.phase is Phase.TRD_CONTINUATION and info.week == 9
    assert info.next_due is not None
    assert info.next_due.latest == done[-1] + timedelta(days=16)


def test_overdue_is_noted() -> None:
    done = twice_weekly(1)
    info = current_phase(Indication.TRD, START, done, done[-1] + timedelta(days=10))
    assert info.next_due is not None and info.next_due.is_overdue(done[-1] + timedelta(days=10))
    assert any("Overdue" in n for n in info.notes)


def test_sessions_before_plan_start_are_ignored() -> None:
    old = [START - timedelta(days=30)]
    info = current_phase(Indication.TRD, START, old, START)
    assert info.sessions_completed == 0


def test_mdsi_course_ends_after_four_weeks() -> None:
    done = twice_weekly(4)
    info = current_phase(Indication.MDSI, START, done, done[-1])
    assert info.next_due is None
    assert any("beyond 4 weeks" in n for n in info.notes)
    beyond = current_phase(Indication.MDSI, START, done, START + timedelta(weeks=5))
    assert beyond.phase is Phase.MDSI_BEYOND and beyond.cadence is None
    warnings = cadence_deviations(Indication.MDSI, START, done, START + timedelta(weeks=4))
    assert any("beyond 4 weeks" in w for w in warnings)


def test_position_numbers_sessions_within_phase() -> None:
    done = twice_weekly(4) + [START + timedelta(weeks=4)]
    assert position(Indication.TRD, START, done, START) == (
        position(Indication.TRD, START, done, START))
    first = position(Indication.TRD, START, done, START)
    assert (first.phase, first.week, first.number_in_phase) == (Phase.TRD_INDUCTION, 1, 1)
    eighth = position(Indication.TRD, START, done, done[7])
    assert eighth.number_in_phase == 8 and eighth.week == 4
    fifth_week = position(Indication.TRD, START, done, START + timedelta(weeks=4))
    assert (fifth_week.phase, fifth_week.number_in_phase) == (Phase.TRD_WEEKLY, 1)


def test_on_cadence_proposal_has_no_warnings() -> None:
    done = twice_weekly(1)
    assert cadence_deviations(Indication.TRD, START, done, START + timedelta(days=7)) == []


def test_less_than_48_hours_apart_warns_with_datetimes() -> None:
    done = [datetime(2026, 1, 5, 9, 0)]
    proposed = datetime(2026, 1, 7, 8, 0)  # 47 hours later
    warnings = cadence_deviations(Indication.TRD, START, done, proposed)
    assert any("47 hours" in w and "48 hours" in w for w in warnings)
    assert cadence_deviations(Indication.TRD, START, done, datetime(2026, 1, 7, 9, 0)) == []


def test_next_day_warns_with_dates() -> None:
    warnings = cadence_deviations(Indication.TRD, START, [START], START + timedelta(days=1))
    assert any("48 hours" in w for w in warnings)


def test_three_in_a_week_during_induction_warns() -> None:
    done = [START, START + timedelta(days=2)]
    warnings = cadence_deviations(Indication.TRD, START, done, START + timedelta(days=4))
    assert any("3 sessions within 7 days" in w for w in warnings)


def test_gap_too_long_for_phase_warns() -> None:
    warnings = cadence_deviations(Indication.TRD, START, [START], START + timedelta(days=9))
    assert any("9 days since" in w and "twice weekly" in w for w in warnings)


def test_weekly_phase_too_frequent_warns() -> None:
    done = twice_weekly(4) + [START + timedelta(weeks=4)]
    warnings = cadence_deviations(
        Indication.TRD, START, done, START + timedelta(weeks=4, days=3))
    assert any("more frequent than once weekly" in w for w in warnings)


def test_proposal_checked_against_following_session_too() -> None:
    done = [START, START + timedelta(days=7)]
    warnings = cadence_deviations(Indication.TRD, START, done, START + timedelta(days=6))
    assert any("48 hours" in w for w in warnings)


def test_before_plan_start_warns() -> None:
    warnings = cadence_deviations(Indication.TRD, START, [], START - timedelta(days=1))
    assert warnings and "before the treatment plan" in warnings[0]


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=200), max_size=30),
    proposed=st.integers(min_value=0, max_value=220),
    indication=st.sampled_from(list(Indication)),
)
def test_cadence_functions_are_total(
    offsets: list[int], proposed: int, indication: Indication
) -> None:
    done = [START + timedelta(days=o) for o in offsets]
    when = START + timedelta(days=proposed)
    assert all(isinstance(w, str) for w in cadence_deviations(indication, START, done, when))
    info = current_phase(indication, START, done, when)
    assert info.week >= 1 and info.next_session_number_in_phase >= 1
    if info.next_due is not None and info.next_due.latest is not None:
        assert info.next_due.earliest <= info.next_due.latest


def test_first_dose_detection() -> None:
    assert is_first_dose(START, [], START)
    assert is_first_dose(START, [START - timedelta(days=40)], START)
    assert not is_first_dose(START, [START], START + timedelta(days=3))


@pytest.mark.parametrize(
    ("indication", "dose", "first", "previous", "expected"),
    [
        (Indication.TRD, 56, True, None, 0),
        (Indication.TRD, 84, True, None, 1),
        (Indication.TRD, 84, False, 56, 0),
        (Indication.TRD, 28, False, 56, 1),
        (Indication.TRD, 112, False, 56, 2),
        (Indication.MDSI, 84, True, None, 0),
        (Indication.MDSI, 56, False, 84, 0),
    ],
)
def test_dose_override_reasons(
    indication: Indication, dose: int, first: bool, previous: int | None, expected: int
) -> None:
    reasons = dose_override_reasons(indication, dose, first_dose=first, previous_dose_mg=previous)
    assert len(reasons) == expected


@pytest.mark.parametrize("dose", [0, -28, 50, 57, 196])
def test_dose_must_be_whole_devices(dose: int) -> None:
    with pytest.raises(FieldError) as err:
        validate_dose_mg(dose)
    assert err.value.field == "dose" and "28 mg" in err.value.message


def test_label_schedule_produces_no_warnings() -> None:
    schedule = (twice_weekly(4) + [START + timedelta(weeks=w) for w in range(4, 8)]
                + [START + timedelta(weeks=w) for w in range(8, 20, 2)])
    for i, when in enumerate(schedule):
        assert cadence_deviations(Indication.TRD, START, schedule[:i], when) == [], when
        info = current_phase(Indication.TRD, START, schedule[:i], when)
        assert info.next_due is not None
        if i:
            assert info.next_due.earliest <= when <= (info.next_due.latest or when)
