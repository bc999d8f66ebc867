"""Booking warnings: phase cadence (domain.treatment_phase), REMS enrollment, ride home."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aurora_desktop.domain.enums import Indication
from aurora_desktop.domain.errors import WarningsNeedAcknowledgement
from aurora_desktop.domain.treatment_phase import cadence_deviations, current_phase

NOT_ENROLLED = ("patient is not yet enrolled in the SPRAVATO REMS: booking is allowed, but "
                "dosing will be refused until enrollment is recorded")
NO_RIDE = "no ride home is planned yet (the patient must not drive until the next day)"


@dataclass(frozen=True)
class PlanInfo:
    """The patient's active treatment plan, as the cadence rules need it."""

    id: int
    indication: Indication
    start_date: date


FREQUENCY_MARKERS = ("hours apart", "more frequent", "sessions within 7 days")


def cadence_warnings(plan: PlanInfo | None, history: Sequence[datetime],
                     proposed: Sequence[datetime], zone: ZoneInfo) -> list[str]:
    """Cadence deviations for the plan's phase (domain.treatment_phase), per proposed start.

    *history* is the patient's other ACTIVE sessions (booked or done): a booking is judged
    against everything already on the calendar, not only completed sessions. Each proposed
    start is also judged against the other proposed starts (a series). No active plan: no
    cadence to check.
    """
    if plan is None:
        return []
    local_history = [h.astimezone(zone) for h in history]
    found: list[str] = []
    for start in proposed:
        others = local_history + [p.astimezone(zone) for p in proposed if p != start]
        for warning in cadence_deviations(plan.indication, plan.start_date, others,
                                          start.astimezone(zone)):
            if warning not in found:
                found.append(warning)
    return found


def next_due_day(plan: PlanInfo | None, history: Sequence[datetime], today: date,
                 zone: ZoneInfo) -> date:
    """The earliest day the phase cadence allows the next session (today without a plan)."""
    if plan is None:
        return today
    done = [h.astimezone(zone) for h in history if h.astimezone(zone).date() <= today]
    info = current_phase(plan.indication, plan.start_date, done, today)
    return max(today, info.next_due.earliest) if info.next_due else today


def too_frequent(warnings: Sequence[str]) -> bool:
    return any(marker in w for w in warnings for marker in FREQUENCY_MARKERS)


def booking_warnings(*, rems_enrolled: bool, ride_planned: bool, plan: PlanInfo | None,
                     history: Sequence[datetime], proposed: Sequence[datetime],
                     zone: ZoneInfo) -> list[str]:
    warnings = cadence_warnings(plan, history, proposed, zone)
    if not rems_enrolled:
        warnings.append(NOT_ENROLLED)
    if not ride_planned:
        warnings.append(NO_RIDE)
    return warnings


def require_acknowledged(warnings: Sequence[str], acknowledged: Sequence[str]) -> tuple[str, ...]:
    """Raise unless every warning was acknowledged; returns the warnings to store."""
    missing = [w for w in warnings if w not in set(acknowledged)]
    if missing:
        raise WarningsNeedAcknowledgement(missing)
    return tuple(warnings)
