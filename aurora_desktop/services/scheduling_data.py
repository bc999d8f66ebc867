"""Loads, in one unit of work, everything the booking rules need for a clinic and date range."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    Clinic,
    Patient,
    RemsPatientEnrollment,
    StaffMember,
    StaffShift,
    TreatmentChair,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.booking_rules import (
    Block,
    Booking,
    ChairInfo,
    Shift,
    SlotCheck,
    SlotVerdict,
    check_slot,
    make_block,
)
from aurora_desktop.domain.enums import (
    INACTIVE_SESSION_STATUSES,
    EnrollmentStatus,
    PlanStatus,
    Role,
    SessionStatus,
)
from aurora_desktop.domain.errors import FieldError, NotFound
from aurora_desktop.services.scheduling_cadence import PlanInfo
from aurora_desktop.services.session_queries import local_day_bounds

ACTIVE_STATUSES = tuple(s for s in SessionStatus if s not in INACTIVE_SESSION_STATUSES)


@dataclass
class Snapshot:
    """A clinic, its chairs, active bookings, prescriber shifts and the patient, for a window."""

    clinic: Clinic
    zone: ZoneInfo
    chairs: list[ChairInfo]
    bookings: list[Booking]
    shifts: list[Shift]
    prescriber_ids: list[int]
    prescriber_names: dict[int, str]
    patient_id: int
    rems_enrolled: bool
    history: list[datetime] = field(default_factory=list)  # active session starts, any clinic
    plan: PlanInfo | None = None

    def chair(self, chair_id: int) -> ChairInfo:
        for chair in self.chairs:
            if chair.id == chair_id:
                return chair
        raise FieldError("chair", f"chair {chair_id} does not belong to {self.clinic.name}")

    def block(self, day: date, at: time) -> Block:
        return make_block(day, at, self.clinic.session_block_minutes, self.zone)

    def verdict(self, block: Block, chair: ChairInfo, prescriber_id: int | None = None,
                ignore_session_id: int | None = None, extra: list[Booking] | None = None
                ) -> SlotVerdict:
        return check_slot(SlotCheck(
            block=block, patient_id=self.patient_id, chair=chair, clinic_name=self.clinic.name,
            opening_hours=self.clinic.opening_hours,
            bookings=self.bookings + (extra or []), shifts=self.shifts,
            prescriber_ids=self.prescriber_ids, prescriber_id=prescriber_id,
            prescriber_name=self.prescriber_names.get(prescriber_id or -1, "the prescriber"),
            ignore_session_id=ignore_session_id,
        ))


BOOKING_LOCK_KEY = 727_101  # pg_advisory_xact_lock key serialising booking units of work


def lock_bookings(session: Session) -> None:
    """Serialise booking check+insert on PostgreSQL (SQLite's BEGIN IMMEDIATE already does).

    Without it, concurrent inserts that collide on the exclusion constraints can deadlock
    each other; with it, a loser's check sees the committed winner and names it. The
    exclusion constraints and the patient/day unique index stay as the last line of defence.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": BOOKING_LOCK_KEY})


def load_snapshot(session: Session, clinic_id: int, patient_id: int, first_day: date,
                  last_day: date, *, margin_days: int = 1) -> Snapshot:
    clinic = session.get(Clinic, clinic_id)
    if clinic is None or not clinic.active:
        raise NotFound("clinic", clinic_id)
    patient = session.get(Patient, patient_id)
    if patient is None or not patient.active:
        raise NotFound("patient", patient_id)
    zone = ZoneInfo(clinic.time_zone)
    start, _ = local_day_bounds(zone, first_day - timedelta(days=margin_days))
    _, end = local_day_bounds(zone, last_day + timedelta(days=margin_days))
    chairs = session.scalars(
        select(TreatmentChair).where(TreatmentChair.clinic_id == clinic_id)
        .order_by(TreatmentChair.position, TreatmentChair.id)
    ).all()
    stmt = (
        select(TreatmentSession, TreatmentChair.label, Clinic.code)
        .join(TreatmentChair, TreatmentChair.id == TreatmentSession.chair_id)
        .join(Clinic, Clinic.id == TreatmentSession.clinic_id)
        .where(TreatmentSession.status.in_(ACTIVE_STATUSES))
        .where(TreatmentSession.scheduled_start < end, TreatmentSession.scheduled_end > start)
        .where(or_(TreatmentSession.clinic_id == clinic_id,
                   TreatmentSession.patient_id == patient_id))
    )
    bookings = [
        Booking(ts.id, ts.patient_id, ts.chair_id, ts.scheduled_start, ts.scheduled_end,
                ts.local_date, label, code)
        for ts, label, code in session.execute(stmt)
    ]
    shift_rows = session.execute(
        select(StaffShift, StaffMember)
        .join(StaffMember, StaffMember.id == StaffShift.staff_id)
        .where(StaffShift.clinic_id == clinic_id, StaffMember.active.is_(True))
        .where(StaffShift.starts_at < end, StaffShift.ends_at > start)
    ).all()
    shifts, names, prescribers = [], {}, []
    for shift, member in shift_rows:
        if Role.PRESCRIBER.value not in member.roles:
            continue
        shifts.append(Shift(member.id, shift.starts_at, shift.ends_at))
        names[member.id] = member.full_name
        if member.id not in prescribers:
            prescribers.append(member.id)
    enrolled = session.scalar(
        select(RemsPatientEnrollment.id).where(
            RemsPatientEnrollment.patient_id == patient_id,
            RemsPatientEnrollment.status == EnrollmentStatus.ACTIVE,
        ).limit(1)
    ) is not None
    history = list(session.scalars(
        select(TreatmentSession.scheduled_start)
        .where(TreatmentSession.patient_id == patient_id)
        .where(TreatmentSession.status.in_(ACTIVE_STATUSES))
        .order_by(TreatmentSession.scheduled_start)
    ))
    plan_row = session.scalars(
        select(TreatmentPlan).where(TreatmentPlan.patient_id == patient_id,
                                    TreatmentPlan.status == PlanStatus.ACTIVE)
        .order_by(TreatmentPlan.start_date.desc(), TreatmentPlan.id.desc()).limit(1)
    ).first()
    plan = (PlanInfo(plan_row.id, plan_row.indication, plan_row.start_date)
            if plan_row is not None else None)
    return Snapshot(
        clinic=clinic, zone=zone, plan=plan,
        chairs=[ChairInfo(c.id, c.label, c.active) for c in chairs],
        bookings=bookings, shifts=shifts, prescriber_ids=sorted(prescribers),
        prescriber_names=names, patient_id=patient_id, rems_enrolled=enrolled, history=history,
    )


def prescriber_name(session: Session, staff_id: int) -> str:
    member = session.get(StaffMember, staff_id)
    if member is None:
        raise NotFound("staff member", staff_id)
    if Role.PRESCRIBER.value not in member.roles:
        raise FieldError("supervising prescriber", f"{member.full_name} is not a prescriber")
    return member.full_name
