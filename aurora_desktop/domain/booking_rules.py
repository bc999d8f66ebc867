"""Pure scheduling rules: DST-safe local times, hard booking rules, series and alternatives."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aurora_desktop.domain.errors import Conflict, FieldError, RuleViolation

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SLOT_STEP_MINUTES = 15
INDUCTION_SESSIONS = 8  # twice weekly for 4 weeks
INDUCTION_WEEKDAYS = 2


class SlotTaken(Conflict, RuleViolation):
    """A chair/time or patient/day is already held by another active booking.

    Both a Conflict (what a race loser sees) and a RuleViolation (it lists every reason).
    """

    def __init__(self, reasons: Sequence[str]) -> None:
        RuleViolation.__init__(self, reasons)


# --- formatting (US conventions) --------------------------------------------------------
def fmt_time(value: datetime | time) -> str:
    """12-hour clock with AM/PM, no leading zero: '9:05 AM'."""
    return value.strftime("%I:%M %p").lstrip("0")


def fmt_date(value: date | datetime) -> str:
    return value.strftime("%m/%d/%Y")


# --- clinic-local wall clock <-> UTC ------------------------------------------------------
def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock *at* on *day* in *zone*.

    A time skipped by the spring-forward change does not exist and is refused with a
    FieldError. A time repeated by the fall-back change is ambiguous and resolves to its
    FIRST occurrence (daylight time, fold=0).
    """
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise FieldError(
            "start time",
            f"{fmt_time(at)} does not exist on {fmt_date(day)} in {zone.key}: clocks "
            "spring forward an hour that night — choose another time",
        )
    return instant


def parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def opening_window(opening_hours: Sequence, day: date) -> tuple[time, time] | None:
    """The (open, close) wall-clock times of *day*, or None when the clinic is closed."""
    entry = opening_hours[day.weekday()] if len(opening_hours) == 7 else None
    if not entry:
        return None
    return parse_hhmm(entry[0]), parse_hhmm(entry[1])


# --- value objects -------------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """A requested chair block: UTC instants plus the clinic-local view of them."""

    start: datetime
    end: datetime
    local_start: datetime
    local_end: datetime

    @property
    def local_date(self) -> date:
        return self.local_start.date()

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Half-open intervals: [a, b) and [c, d) overlap when a < d and c < b."""
        return self.start < end and start < self.end

    def describe(self) -> str:
        return (f"{fmt_date(self.local_start)} {fmt_time(self.local_start)}–"
                f"{fmt_time(self.local_end)}")


def make_block(day: date, at: time, minutes: int, zone: ZoneInfo) -> Block:
    """A block of *minutes* elapsed time starting at wall-clock *at* on *day*."""
    if minutes <= 0:
        raise FieldError("block length", "must be a positive number of minutes")
    start = local_to_utc(day, at, zone)
    end = start + timedelta(minutes=minutes)
    return Block(start, end, start.astimezone(zone), end.astimezone(zone))


@dataclass(frozen=True)
class Booking:
    """An existing ACTIVE session as the rules see it."""

    session_id: int
    patient_id: int
    chair_id: int
    start: datetime
    end: datetime
    local_date: date
    chair_label: str = ""
    clinic_code: str = ""


@dataclass(frozen=True)
class Shift:
    staff_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ChairInfo:
    id: int
    label: str
    active: bool = True


# --- hard rules ----------------------------------------------------------------------------
def opening_hours_reason(block: Block, opening_hours: Sequence, clinic_name: str) -> str | None:
    window = opening_window(opening_hours, block.local_date)
    day_name = WEEKDAY_NAMES[block.local_date.weekday()]
    if window is None:
        return f"{clinic_name} is closed on {day_name}s ({fmt_date(block.local_date)})"
    opens, closes = window
    start_t = block.local_start.time()
    end_ok = (block.local_end.date() == block.local_date and block.local_end.time() <= closes)
    if start_t < opens or not end_ok:
        return (f"{block.describe()} is outside {clinic_name}'s opening hours on {day_name} "
                f"({fmt_time(opens)}–{fmt_time(closes)})")
    return None


def chair_conflicts(block: Block, chair_id: int, bookings: Sequence[Booking],
                    ignore_session_id: int | None = None) -> list[Booking]:
    return [b for b in bookings if b.chair_id == chair_id and b.session_id != ignore_session_id
            and block.overlaps(b.start, b.end)]


def patient_day_conflicts(block: Block, patient_id: int, bookings: Sequence[Booking],
                          ignore_session_id: int | None = None) -> list[Booking]:
    """Any active session of the patient on the same local day (either clinic) or overlapping."""
    return [b for b in bookings if b.patient_id == patient_id
            and b.session_id != ignore_session_id
            and (b.local_date == block.local_date or block.overlaps(b.start, b.end))]


def covered(start: datetime, end: datetime, shifts: Sequence[Shift]) -> bool:
    """True when the union of *shifts* covers [start, end) without a gap."""
    cursor = start
    for shift in sorted(shifts, key=lambda s: s.start):
        if shift.start > cursor:
            break
        if shift.end > cursor:
            cursor = shift.end
        if cursor >= end:
            return True
    return cursor >= end


def prescribers_on_site(block: Block, shifts: Sequence[Shift],
                        prescriber_ids: Sequence[int]) -> list[int]:
    """Prescribers (by id) whose shifts cover the whole block, in the given order."""
    return [pid for pid in prescriber_ids
            if covered(block.start, block.end, [s for s in shifts if s.staff_id == pid])]


@dataclass(frozen=True)
class SlotCheck:
    """Everything the hard rules need about one requested slot (all data pre-loaded)."""

    block: Block
    patient_id: int
    chair: ChairInfo
    clinic_name: str
    opening_hours: Sequence
    bookings: Sequence[Booking]
    shifts: Sequence[Shift]
    prescriber_ids: Sequence[int]
    prescriber_id: int | None = None
    prescriber_name: str = "the chosen prescriber"
    ignore_session_id: int | None = None


@dataclass(frozen=True)
class SlotVerdict:
    reasons: tuple[str, ...]
    taken: bool  # at least one reason is an existing booking holding the chair or patient/day
    prescriber_id: int | None  # the supervising prescriber (chosen or first on site)

    @property
    def ok(self) -> bool:
        return not self.reasons

    def raise_if_refused(self) -> None:
        if self.reasons:
            raise (SlotTaken if self.taken else RuleViolation)(list(self.reasons))


def check_slot(check: SlotCheck) -> SlotVerdict:
    """Every unmet hard rule for one slot, each as a sentence a front-desk user understands."""
    block = check.block
    reasons: list[str] = []
    taken = False
    hours = opening_hours_reason(block, check.opening_hours, check.clinic_name)
    if hours:
        reasons.append(hours)
    if not check.chair.active:
        reasons.append(f"{check.chair.label} is out of service (inactive)")
    for b in chair_conflicts(block, check.chair.id, check.bookings, check.ignore_session_id):
        taken = True
        reasons.append(f"{check.chair.label} is already booked "
                       f"{_span(b, block.local_start.tzinfo)} by booking #{b.session_id}")
    for b in patient_day_conflicts(block, check.patient_id, check.bookings,
                                   check.ignore_session_id):
        taken = True
        where = f" at {b.clinic_code}" if b.clinic_code else ""
        reasons.append(f"the patient already has an active session on {fmt_date(b.local_date)}"
                       f"{where} (booking #{b.session_id}); only one session per day")
    chosen = check.prescriber_id
    if chosen is not None:
        if not prescribers_on_site(block, check.shifts, [chosen]):
            reasons.append(f"{check.prescriber_name} is not on site at {check.clinic_name} for "
                           f"the whole block {block.describe()} (REMS: a prescriber must be on "
                           "site during administration and monitoring)")
    else:
        on_site = prescribers_on_site(block, check.shifts, check.prescriber_ids)
        chosen = on_site[0] if on_site else None
        if chosen is None:
            reasons.append(f"no prescriber is rostered on site at {check.clinic_name} for the "
                           f"whole block {block.describe()} (REMS: a prescriber must be on "
                           "site during administration and monitoring)")
    return SlotVerdict(tuple(reasons), taken, chosen)


def _span(b: Booking, zone: object) -> str:
    start, end = b.start.astimezone(zone), b.end.astimezone(zone)  # type: ignore[arg-type]
    return f"{fmt_date(start)} {fmt_time(start)}–{fmt_time(end)}"


# --- series ---------------------------------------------------------------------------------
def series_dates(first_day: date, weekdays: Sequence[int], count: int,
                 every_weeks: int = 1) -> list[date]:
    """*count* dates on *weekdays* (0=Monday) from *first_day*, every *every_weeks* weeks."""
    days = sorted(set(weekdays))
    if not days or any(d < 0 or d > 6 for d in days):
        raise FieldError("weekdays", "choose one or more weekdays (Monday to Sunday)")
    if count < 1 or count > 104:
        raise FieldError("number of sessions", "must be between 1 and 104")
    if every_weeks not in (1, 2):
        raise FieldError("repeat", "must be every week (1) or every 2 weeks (2)")
    week_start = first_day - timedelta(days=first_day.weekday())
    if all(week_start + timedelta(days=wd) < first_day for wd in days):
        week_start += timedelta(weeks=1)  # the series starts in the first week it can
    result: list[date] = []
    while len(result) < count:
        for wd in days:
            day = week_start + timedelta(days=wd)
            if day >= first_day and len(result) < count:
                result.append(day)
        week_start += timedelta(weeks=every_weeks)
    return result


def induction_dates(first_day: date, weekdays: Sequence[int]) -> list[date]:
    """Induction: twice weekly for 4 weeks (8 sessions) on two chosen weekdays."""
    days = sorted(set(weekdays))
    if len(days) != INDUCTION_WEEKDAYS:
        raise FieldError("weekdays", "induction is twice weekly: choose exactly two weekdays")
    return series_dates(first_day, days, INDUCTION_SESSIONS, 1)


def maintenance_dates(first_day: date, weekday: int, count: int, every_weeks: int) -> list[date]:
    """Maintenance: once weekly or every 2 weeks on one weekday."""
    return series_dates(first_day, [weekday], count, every_weeks)


# --- alternatives ---------------------------------------------------------------------------
def alternative_candidates(day: date, chair_ids: Sequence[int], wanted_chair: int | None,
                           max_days: int = 3, earliest: date | None = None
                           ) -> Iterator[tuple[date, int]]:
    """Nearest alternatives in order: same day other chairs, then +1, -1, +2, -2 ... days."""
    others = [c for c in chair_ids if c != wanted_chair]
    for chair in others:
        yield day, chair
    for distance in range(1, max_days + 1):
        for sign in (1, -1):
            other = day + timedelta(days=sign * distance)
            if earliest is not None and other < earliest:
                continue
            ordered = ([wanted_chair] if wanted_chair is not None else []) + others
            for chair in ordered:
                yield other, chair


def slot_times(opening_hours: Sequence, day: date, block_minutes: int,
               step: int = SLOT_STEP_MINUTES) -> list[time]:
    """Wall-clock start times on *day* at which a whole block fits in the opening hours."""
    window = opening_window(opening_hours, day)
    if window is None:
        return []
    opens, closes = window
    start = opens.hour * 60 + opens.minute
    last = closes.hour * 60 + closes.minute - block_minutes
    return [time(m // 60, m % 60) for m in range(start, last + 1, step)]
