"""Treatment phase, expected cadence, next due window, cadence deviations and dose rules.

Pure functions (no clock reads, no storage). Public API, used by patients, scheduling and
session-day code:

- ``current_phase(indication, plan_start, completed, today) -> PhaseInfo``: the phase the
  patient is in today, the session number the next session will have in that phase, the
  expected cadence and the next due window (``DueWindow(earliest, latest)``).
- ``position(indication, plan_start, completed, when) -> Position``: phase, treatment week
  and session number in phase of a session on ``when`` (for history rows and bookings).
- ``cadence_deviations(indication, plan_start, completed, proposed) -> list[str]``: warning
  strings for prescriber review (never a hard refusal).
- ``dose_override_reasons(indication, dose_mg, first_dose=..., previous_dose_mg=...)``:
  reasons a dose needs a prescriber override with a reason; raises ``FieldError`` when the
  dose is not whole 28 mg devices.
- ``is_first_dose(plan_start, completed, when)``.

``completed`` is the dates of the plan's completed (discharged) sessions, as clinic-local
``date`` or ``datetime`` values (datetimes make the 48-hour check exact; dates compare by
calendar day). Sessions before the plan start belong to an earlier plan and are ignored.
Treatment week 1 starts on the day of the first session on/after the plan start (the plan
start itself when there is none yet); week ``n`` covers days ``7(n-1) .. 7n-1`` after it.

Label schedule (SPRAVATO PI): TRD induction weeks 1-4 twice weekly (day-1 dose 56 mg),
weeks 5-8 once weekly, week 9 onward every 2 weeks or once weekly; MDSI 84 mg twice weekly
for 4 weeks (may reduce to 56 mg), use beyond 4 weeks not established. Doses 56 or 84 mg.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from aurora_desktop.domain.enums import Indication
from aurora_desktop.domain.errors import FieldError

DEVICE_MG = 28
STANDARD_DOSES_MG = frozenset({56, 84})
FIRST_TRD_DOSE_MG = 56
MAX_DOSE_MG = 84 * 2  # anything above is certainly a typing error
MIN_HOURS_APART = 48
INDUCTION_WEEKS = 4
WEEKLY_PHASE_LAST_WEEK = 8
MDSI_WEEKS = 4


class Phase(StrEnum):
    TRD_INDUCTION = "trd_induction"
    TRD_WEEKLY = "trd_weeks_5_8"
    TRD_CONTINUATION = "trd_week_9_plus"
    MDSI_COURSE = "mdsi_weeks_1_4"
    MDSI_BEYOND = "mdsi_beyond_4_weeks"


PHASE_LABELS: dict[Phase, str] = {
    Phase.TRD_INDUCTION: "Induction (weeks 1-4)",
    Phase.TRD_WEEKLY: "Maintenance (weeks 5-8)",
    Phase.TRD_CONTINUATION: "Maintenance (week 9+)",
    Phase.MDSI_COURSE: "MDSI course (weeks 1-4)",
    Phase.MDSI_BEYOND: "MDSI beyond 4 weeks",
}


@dataclass(frozen=True)
class Cadence:
    """Expected spacing of sessions in a phase (gaps in calendar days)."""

    label: str
    min_gap_days: int
    max_gap_days: int
    max_per_7_days: int


TWICE_WEEKLY = Cadence("twice weekly", min_gap_days=2, max_gap_days=5, max_per_7_days=2)
WEEKLY = Cadence("once weekly", min_gap_days=5, max_gap_days=9, max_per_7_days=1)
EVERY_1_TO_2_WEEKS = Cadence(
    "every 1-2 weeks", min_gap_days=5, max_gap_days=16, max_per_7_days=1
)

CADENCES: dict[Phase, Cadence | None] = {
    Phase.TRD_INDUCTION: TWICE_WEEKLY,
    Phase.TRD_WEEKLY: WEEKLY,
    Phase.TRD_CONTINUATION: EVERY_1_TO_2_WEEKS,
    Phase.MDSI_COURSE: TWICE_WEEKLY,
    Phase.MDSI_BEYOND: None,
}


@dataclass(frozen=True)
class DueWindow:
    """The next session is due between ``earliest`` and ``latest`` (None: no upper bound)."""

    earliest: date
    latest: date | None

    def is_overdue(self, today: date) -> bool:
        return self.latest is not None and today > self.latest


@dataclass(frozen=True)
class Position:
    phase: Phase
    week: int
    number_in_phase: int


@dataclass(frozen=True)
class PhaseInfo:
    indication: Indication
    phase: Phase
    phase_label: str
    week: int
    sessions_completed: int
    next_session_number_in_phase: int
    cadence: Cadence | None
    next_due: DueWindow | None
    notes: tuple[str, ...]


DateLike = date | datetime


def _day(value: DateLike) -> date:
    return value.date() if isinstance(value, datetime) else value


def _in_plan(plan_start: date, completed: Iterable[DateLike]) -> list[DateLike]:
    return sorted((d for d in completed if _day(d) >= plan_start), key=_sort_key)


def _sort_key(value: DateLike) -> tuple[date, float]:
    if isinstance(value, datetime):
        return (value.date(), value.hour * 3600 + value.minute * 60 + value.second)
    return (value, -1.0)


def week_number(anchor: date, day: date) -> int:
    """Treatment week of ``day`` when week 1 starts on ``anchor`` (days before: week 1)."""
    return max(0, (day - anchor).days) // 7 + 1


def phase_for_week(indication: Indication, week: int) -> Phase:
    if Indication(indication) is Indication.MDSI:
        return Phase.MDSI_COURSE if week <= MDSI_WEEKS else Phase.MDSI_BEYOND
    if week <= INDUCTION_WEEKS:
        return Phase.TRD_INDUCTION
    if week <= WEEKLY_PHASE_LAST_WEEK:
        return Phase.TRD_WEEKLY
    return Phase.TRD_CONTINUATION


def _anchor(plan_start: date, days: Sequence[date]) -> date:
    later = [d for d in days if d >= plan_start]
    return min(later) if later else plan_start


def position(
    indication: Indication, plan_start: date, completed: Sequence[DateLike], when: DateLike
) -> Position:
    """Phase, treatment week and number in phase of a session on ``when``."""
    sessions = _in_plan(plan_start, completed)
    day = _day(when)
    anchor = _anchor(plan_start, [_day(s) for s in sessions] + [day])
    week = week_number(anchor, day)
    phase = phase_for_week(indication, week)
    earlier = [
        s for s in sessions
        if _day(s) < day and phase_for_week(indication, week_number(anchor, _day(s))) is phase
    ]
    return Position(phase, week, len(earlier) + 1)


def current_phase(
    indication: Indication, plan_start: date, completed: Sequence[DateLike], today: date
) -> PhaseInfo:
    """Where the patient stands today and when the next session is due."""
    indication = Indication(indication)
    sessions = [s for s in _in_plan(plan_start, completed) if _day(s) <= today]
    notes: list[str] = []
    if not sessions:
        phase = phase_for_week(indication, 1)
        notes.append("No completed session yet: the first session starts week 1.")
        if indication is Indication.TRD:
            notes.append(f"The first TRD induction dose is {FIRST_TRD_DOSE_MG} mg.")
        return PhaseInfo(
            indication, phase, PHASE_LABELS[phase], 1, 0, 1, CADENCES[phase],
            DueWindow(max(plan_start, today), None), tuple(notes),
        )
    days = [_day(s) for s in sessions]
    anchor = days[0]
    week = week_number(anchor, today)
    phase = phase_for_week(indication, week)
    cadence = CADENCES[phase]
    next_due = _next_window(indication, anchor, days, today, notes)
    if cadence is None:
        notes.append("Use of esketamine for MDSI beyond 4 weeks is not established — "
                     "prescriber review.")
    if phase is Phase.TRD_WEEKLY and week == INDUCTION_WEEKS + 1:
        notes.append("Evaluate benefit at the end of induction before continuing.")
    in_phase = [d for d in days if phase_for_week(indication, week_number(anchor, d)) is phase]
    return PhaseInfo(
        indication, phase, PHASE_LABELS[phase], week, len(days), len(in_phase) + 1,
        cadence, next_due, tuple(notes),
    )


def _next_window(
    indication: Indication, anchor: date, days: list[date], today: date, notes: list[str]
) -> DueWindow | None:
    """Next due window after the last session; a phase change takes the earlier phase's
    minimum gap and the later phase's maximum gap."""
    last = days[-1]
    last_phase = phase_for_week(indication, week_number(anchor, last))
    last_cadence = CADENCES[last_phase]
    if last_cadence is None:
        return None
    if indication is Indication.MDSI and len(days) >= 2 * MDSI_WEEKS:
        notes.append("The 4-week MDSI course is complete (8 sessions); use beyond 4 weeks "
                     "is not established — prescriber review.")
        return None
    probe = max(today, last + timedelta(days=last_cadence.max_gap_days))
    next_phase = phase_for_week(indication, week_number(anchor, probe))
    next_cadence = CADENCES[next_phase]
    if next_cadence is None:
        notes.append("The 4-week MDSI course is complete; use beyond 4 weeks is not "
                     "established — prescriber review.")
        return None
    window = DueWindow(last + timedelta(days=last_cadence.min_gap_days),
                       last + timedelta(days=next_cadence.max_gap_days))
    if next_phase is not last_phase:
        notes.append(f"Next session starts {PHASE_LABELS[next_phase]} ({next_cadence.label}).")
    if window.is_overdue(today):
        notes.append(f"Overdue: the last session was {(today - last).days} days ago "
                     f"({next_cadence.label} expected).")
    return window


def _pair_cadence(a: Phase, b: Phase) -> Cadence | None:
    """The lenient combination of two phases' cadences (for gaps spanning a phase change)."""
    known = [c for c in (CADENCES[a], CADENCES[b]) if c is not None]
    if not known:
        return None
    return Cadence(
        " / ".join(dict.fromkeys(c.label for c in known)),
        min(c.min_gap_days for c in known),
        max(c.max_gap_days for c in known),
        max(c.max_per_7_days for c in known),
    )


def _hours_apart(a: DateLike, b: DateLike) -> float | None:
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return None
        return abs((b - a).total_seconds()) / 3600
    return None


def cadence_deviations(
    indication: Indication, plan_start: date, completed: Sequence[DateLike], proposed: DateLike
) -> list[str]:
    """Warnings (for prescriber review) about a session on ``proposed``; [] when on cadence.

    Checks: before the plan start; MDSI beyond 4 weeks; < 48 hours from the neighbouring
    sessions; more frequent than the phase cadence; a gap since the previous session longer
    than the phase allows; more sessions in any 7 days than the phase allows (twice in
    induction). Gaps spanning a phase change use the more lenient of the two phases.
    """
    indication = Indication(indication)
    sessions = _in_plan(plan_start, completed)
    day = _day(proposed)
    if day < plan_start:
        return [f"The date is before the treatment plan starts ({plan_start:%m/%d/%Y})."]
    warnings: list[str] = []
    anchor = _anchor(plan_start, [_day(s) for s in sessions] + [day])

    def phase_of(d: date) -> Phase:
        return phase_for_week(indication, week_number(anchor, d))

    here = phase_of(day)
    if here is Phase.MDSI_BEYOND:
        warnings.append(f"Week {week_number(anchor, day)} of an MDSI plan: use beyond "
                        "4 weeks is not established.")
    before = [s for s in sessions if _sort_key(s) <= _sort_key(proposed)]
    after = [s for s in sessions if _sort_key(s) > _sort_key(proposed)]
    neighbours = ([before[-1]] if before else []) + ([after[0]] if after else [])
    for other in neighbours:
        other_day = _day(other)
        gap_days = abs((other_day - day).days)
        hours = _hours_apart(other, proposed)
        too_close = hours < MIN_HOURS_APART if hours is not None else gap_days < 2
        cadence = _pair_cadence(here, phase_of(other_day))
        if too_close:
            shown = f"{hours:.0f} hours" if hours is not None else f"{gap_days} day(s)"
            warnings.append(f"Only {shown} from the session on {other_day:%m/%d/%Y}; "
                            f"sessions should be at least {MIN_HOURS_APART} hours apart.")
        elif cadence is not None and gap_days < cadence.min_gap_days:
            warnings.append(f"{gap_days} days from the session on {other_day:%m/%d/%Y}: "
                            f"more frequent than {cadence.label} ({PHASE_LABELS[here]}).")
    if before:
        prev_day = _day(before[-1])
        cadence = _pair_cadence(here, phase_of(prev_day))
        gap = (day - prev_day).days
        if cadence is not None and gap > cadence.max_gap_days:
            warnings.append(f"{gap} days since the previous session on {prev_day:%m/%d/%Y}: "
                            f"longer than {cadence.label} allows (at most "
                            f"{cadence.max_gap_days} days); consider returning to the "
                            "previous schedule if symptoms worsened.")
    all_days = sorted([_day(s) for s in sessions] + [day])
    for start in (day - timedelta(days=k) for k in range(7)):
        end = start + timedelta(days=6)
        inside = [d for d in all_days if start <= d <= end]
        limits = [c.max_per_7_days for c in (CADENCES[phase_of(d)] for d in inside) if c]
        if limits and len(inside) > max(limits):
            times = "twice" if max(limits) == 2 else "once"
            warnings.append(f"{len(inside)} sessions within 7 days ({start:%m/%d/%Y}-"
                            f"{end:%m/%d/%Y}); {PHASE_LABELS[here]} expects at most "
                            f"{times} a week.")
            break
    return warnings


def is_first_dose(plan_start: date, completed: Sequence[DateLike], when: DateLike) -> bool:
    """True when no completed session of the plan precedes ``when``."""
    return not any(_sort_key(s) < _sort_key(when) for s in _in_plan(plan_start, completed))


def validate_dose_mg(dose_mg: int) -> int:
    """A dose must be whole 28 mg devices, 28..168 mg; raises FieldError otherwise."""
    if isinstance(dose_mg, bool) or not isinstance(dose_mg, int):
        raise FieldError("dose", "must be a whole number of mg (56 or 84)")
    if dose_mg <= 0 or dose_mg % DEVICE_MG or dose_mg > MAX_DOSE_MG:
        raise FieldError("dose", f"{dose_mg} mg is not allowed: use 28 mg steps "
                                 f"(one device = 28 mg), normally 56 or 84 mg")
    return dose_mg


def dose_override_reasons(
    indication: Indication,
    dose_mg: int,
    *,
    first_dose: bool,
    previous_dose_mg: int | None = None,
) -> list[str]:
    """Why this dose needs a prescriber override with a reason ([] = within the label)."""
    validate_dose_mg(dose_mg)
    indication = Indication(indication)
    reasons: list[str] = []
    if dose_mg not in STANDARD_DOSES_MG:
        reasons.append(f"{dose_mg} mg is not a labelled dose (56 or 84 mg).")
    if indication is Indication.TRD and first_dose and dose_mg != FIRST_TRD_DOSE_MG:
        reasons.append(f"The first TRD induction dose is {FIRST_TRD_DOSE_MG} mg "
                       f"({dose_mg} mg ordered).")
    if previous_dose_mg is not None and abs(dose_mg - previous_dose_mg) > DEVICE_MG:
        reasons.append(f"Dose changes go in 28 mg steps ({previous_dose_mg} mg -> "
                       f"{dose_mg} mg).")
    return reasons
