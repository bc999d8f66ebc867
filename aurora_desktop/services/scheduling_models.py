"""Read models returned by the scheduling and roster services (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from aurora_desktop.domain.enums import SessionStatus

PRE_VISIT_INSTRUCTIONS = (
    "No food for at least 2 hours before the visit",
    "No liquids for at least 30 minutes before the visit",
    "Nasal corticosteroid or decongestant sprays at least 1 hour before the visit",
    "Bring a driver: no driving until the next day after a restful sleep",
)


@dataclass(frozen=True)
class BookingResult:
    session_id: int
    clinic_id: int
    chair_id: int
    chair_label: str
    local_start: datetime
    local_end: datetime
    supervising_prescriber_id: int | None
    acknowledged_warnings: tuple[str, ...]


@dataclass(frozen=True)
class SeriesSlot:
    """One requested slot of a series; chair_id None means "any free chair"."""

    day: date
    start_time: time
    chair_id: int | None = None


@dataclass(frozen=True)
class Alternative:
    day: date
    start_time: time
    chair_id: int
    chair_label: str
    local_start: datetime


@dataclass(frozen=True)
class SlotProposal:
    """A conflicting slot of a series, why it cannot be booked and the nearest free options."""

    index: int
    slot: SeriesSlot
    reasons: tuple[str, ...]
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class SeriesResult:
    saved: bool
    series_id: str | None
    session_ids: tuple[int, ...]
    proposals: tuple[SlotProposal, ...]


@dataclass(frozen=True)
class FreeSlot:
    clinic_id: int
    clinic_code: str
    chair_id: int
    chair_label: str
    day: date
    start_time: time
    local_start: datetime
    local_end: datetime


@dataclass(frozen=True)
class SessionDetail:
    id: int
    clinic_id: int
    clinic_code: str
    chair_id: int
    chair_label: str
    patient_id: int
    patient_mrn: str
    patient_name: str
    patient_phone: str
    local_start: datetime
    local_end: datetime
    status: SessionStatus
    planned_dose_mg: int | None
    dose_mg: int | None
    supervising_prescriber: str
    booked_by: str
    booking_warnings: tuple[str, ...]
    ride_driver_name: str
    ride_driver_phone: str
    ride_confirmed: bool
    arrived_at: datetime | None
    cancel_reason: str | None
    rescheduled_from_id: int | None
    series_id: str | None
    version: int


@dataclass(frozen=True)
class ReminderRow:
    """One line of tomorrow's reminder call list (front desk; PDF by the reports module)."""

    session_id: int
    patient_id: int
    patient_name: str
    patient_mrn: str
    phone: str
    local_start: datetime
    local_end: datetime
    chair_label: str
    ride_driver_name: str
    ride_driver_phone: str
    ride_confirmed: bool
    instructions: tuple[str, ...] = PRE_VISIT_INSTRUCTIONS

    @property
    def ride_plan(self) -> str:
        if not self.ride_driver_name:
            return "no ride planned"
        phone = f" {self.ride_driver_phone}" if self.ride_driver_phone else ""
        state = "confirmed" if self.ride_confirmed else "not confirmed"
        return f"{self.ride_driver_name}{phone} ({state})"


@dataclass(frozen=True)
class ReminderList:
    clinic_id: int
    clinic_name: str
    clinic_phone: str
    day: date
    rows: tuple[ReminderRow, ...]
    instructions: tuple[str, ...] = PRE_VISIT_INSTRUCTIONS


@dataclass(frozen=True)
class ScheduleMarker:
    """A cheap change marker for a clinic's visible range (auto-refresh polling)."""

    count: int
    version_sum: int
    max_id: int


@dataclass(frozen=True)
class ShiftView:
    id: int
    staff_id: int
    staff_name: str
    staff_roles: tuple[str, ...]
    clinic_id: int
    local_start: datetime
    local_end: datetime
    note: str
    version: int


@dataclass(frozen=True)
class RosterPerson:
    id: int
    full_name: str
    credentials: str
    roles: tuple[str, ...]
