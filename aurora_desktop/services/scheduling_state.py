"""Session status changes (cancel, no-show, check-in, ride) and schedule read models."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from aurora_desktop.db.models import (
    Clinic,
    Patient,
    StaffMember,
    TreatmentChair,
    TreatmentSession,
)
from aurora_desktop.domain.booking_rules import fmt_date, fmt_time
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import FieldError, NotFound, RuleViolation
from aurora_desktop.domain.text import digits, format_us_phone
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService, ServiceContext, check_version
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.scheduling_data import ACTIVE_STATUSES
from aurora_desktop.services.scheduling_models import (
    ReminderList,
    ReminderRow,
    ScheduleMarker,
    SessionDetail,
)
from aurora_desktop.services.session_queries import (
    ClinicZones,
    SessionRow,
    local_day_bounds,
    session_rows,
)

CANCELLABLE = {SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN}


def clean_ride(name: str, phone: str) -> tuple[str, str]:
    """A tidy driver name and a (914) 555-0123 phone; a phone needs a name."""
    name = " ".join(name.split())
    phone = phone.strip()
    if phone and len(digits(format_us_phone(phone))) != 10:
        raise FieldError("driver phone", "enter a US phone number like (914) 555-0123")
    if phone and not name:
        raise FieldError("driver name", "enter who drives the patient home")
    return name[:120], format_us_phone(phone) if phone else ""


def required_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise FieldError("reason", "a reason is required")
    return reason[:500]


class SessionStateService(BaseService):
    """Status changes and read models; SchedulingService builds on it."""

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        self._zones = ClinicZones()

    @requires(Op.CANCEL_SESSION)
    def cancel(self, actor: Actor, session_id: int, version: int, reason: str) -> None:
        """Cancel with a reason; the slot is immediately bookable again (history kept)."""
        reason = required_reason(reason)

        def work(session: Session) -> None:
            row = self._load_for_change(session, session_id, version, CANCELLABLE, "cancel")
            before = row.status
            now = self.now()
            row.status = SessionStatus.CANCELLED
            row.cancel_reason = reason
            row.cancelled_by_id = actor.staff_id
            row.cancelled_at = now
            row.updated_at = now
            self.audit(session, actor, "cancel", "treatment_session", row.id,
                       patient_id=row.patient_id,
                       details={"status": [before.value, "cancelled"], "reason": reason})

        self.write(work, "session")

    @requires(Op.MARK_NO_SHOW)
    def mark_no_show(self, actor: Actor, session_id: int, version: int) -> None:
        def work(session: Session) -> None:
            row = self._load_for_change(session, session_id, version,
                                        {SessionStatus.SCHEDULED}, "mark as no-show")
            if self.now() < row.scheduled_start:
                raise RuleViolation(["a session can be marked no-show only after its start time"])
            row.status = SessionStatus.NO_SHOW
            row.updated_at = self.now()
            self.audit(session, actor, "no_show", "treatment_session", row.id,
                       patient_id=row.patient_id, details={"status": ["scheduled", "no_show"]})

        self.write(work, "session")

    @requires(Op.CHECK_IN)
    def check_in(self, actor: Actor, session_id: int, version: int, *, driver_name: str,
                 driver_phone: str, ride_confirmed: bool, arrived_at: datetime | None = None
                 ) -> None:
        """Arrival time plus the ride home (driver name and phone, confirmed or not)."""
        name, phone = clean_ride(driver_name, driver_phone)
        if ride_confirmed and not (name and phone):
            raise FieldError("ride home", "a confirmed ride needs the driver's name and phone")

        def work(session: Session) -> None:
            row = self._load_for_change(session, session_id, version,
                                        {SessionStatus.SCHEDULED}, "check in")
            now = self.now()
            arrival = arrived_at or now
            zone = ZoneInfo(session.get(Clinic, row.clinic_id).time_zone)
            if arrival.astimezone(zone).date() != row.local_date or arrival > now:
                raise RuleViolation([
                    f"check-in is for the session day ({fmt_date(row.local_date)}) and the "
                    "arrival time cannot be in the future"])
            row.status = SessionStatus.CHECKED_IN
            row.arrived_at = arrival
            row.ride_driver_name, row.ride_driver_phone = name, phone
            row.ride_confirmed = bool(ride_confirmed)
            row.ride_confirmed_at = now if ride_confirmed else None
            row.updated_at = now
            self.audit(session, actor, "check_in", "treatment_session", row.id,
                       patient_id=row.patient_id,
                       details={"arrived_at": arrival.isoformat(), "ride_planned": bool(name),
                                "ride_confirmed": bool(ride_confirmed)})

        self.write(work, "session")

    @requires(Op.CONFIRM_RIDE)
    def confirm_ride(self, actor: Actor, session_id: int, version: int, *, driver_name: str,
                     driver_phone: str) -> None:
        name, phone = clean_ride(driver_name, driver_phone)
        if not (name and phone):
            raise FieldError("ride home", "enter the driver's name and phone to confirm the ride")

        def work(session: Session) -> None:
            row = self._load_for_change(
                session, session_id, version,
                {SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS,
                 SessionStatus.MONITORING}, "confirm the ride for")
            now = self.now()
            row.ride_driver_name, row.ride_driver_phone = name, phone
            row.ride_confirmed, row.ride_confirmed_at, row.updated_at = True, now, now
            self.audit(session, actor, "confirm_ride", "treatment_session", row.id,
                       patient_id=row.patient_id, details={"ride_confirmed": True})

        self.write(work, "session")

    def _load_for_change(self, session: Session, session_id: int, version: int,
                         allowed: set[SessionStatus], verb: str) -> TreatmentSession:
        row = session.get(TreatmentSession, session_id)
        if row is None:
            raise NotFound("session", session_id)
        check_version(row.version, version, "session")
        if row.status not in allowed:
            states = ", ".join(sorted(s.value.replace("_", " ") for s in allowed))
            raise RuleViolation([f"cannot {verb} a session that is "
                                 f"{row.status.value.replace('_', ' ')} (allowed: {states})"])
        return row

    # -- read models -----------------------------------------------------------------------
    @requires(Op.VIEW_SCHEDULE)
    def get_session(self, actor: Actor, session_id: int) -> SessionDetail:
        """The session behind a calendar block (a PHI read: audited)."""
        prescriber, booker = aliased(StaffMember), aliased(StaffMember)

        def work(session: Session) -> SessionDetail:
            found = session.execute(
                select(TreatmentSession, Patient, TreatmentChair.label, Clinic,
                       prescriber.full_name, booker.full_name)
                .join(Patient, Patient.id == TreatmentSession.patient_id)
                .join(TreatmentChair, TreatmentChair.id == TreatmentSession.chair_id)
                .join(Clinic, Clinic.id == TreatmentSession.clinic_id)
                .outerjoin(prescriber, prescriber.id == TreatmentSession.supervising_prescriber_id)
                .outerjoin(booker, booker.id == TreatmentSession.booked_by_id)
                .where(TreatmentSession.id == session_id)
            ).first()
            if found is None:
                raise NotFound("session", session_id)
            ts, patient, chair_label, clinic, pres_name, booker_name = found
            zone = ZoneInfo(clinic.time_zone)
            self.audit(session, actor, "view", "treatment_session", ts.id, patient_id=patient.id)
            return SessionDetail(
                id=ts.id, clinic_id=clinic.id, clinic_code=clinic.code, chair_id=ts.chair_id,
                chair_label=chair_label, patient_id=patient.id, patient_mrn=patient.mrn,
                patient_name=f"{patient.last_name}, {patient.first_name}",
                patient_phone=patient.phone, local_start=ts.scheduled_start.astimezone(zone),
                local_end=ts.scheduled_end.astimezone(zone), status=ts.status,
                planned_dose_mg=ts.planned_dose_mg, dose_mg=ts.dose_mg,
                supervising_prescriber=pres_name or "", booked_by=booker_name or "",
                booking_warnings=tuple(w for w in ts.booking_warnings.split("\n") if w),
                ride_driver_name=ts.ride_driver_name, ride_driver_phone=ts.ride_driver_phone,
                ride_confirmed=ts.ride_confirmed, arrived_at=ts.arrived_at,
                cancel_reason=ts.cancel_reason, rescheduled_from_id=ts.rescheduled_from_id,
                series_id=ts.series_id, version=ts.version,
            )

        return self.write(work, "session")

    @requires(Op.VIEW_SCHEDULE)
    def calendar(self, actor: Actor, clinic_id: int, first_day: date,
                 days: int = 1) -> list[SessionRow]:
        """The calendar's rows for a local date range: one lean column query (no ORM objects)."""
        with self.db.read_connection() as conn:  # one statement: one round trip on PostgreSQL
            return session_rows(conn, clinic_id, self._zones.get(conn, clinic_id), first_day, days)

    @requires(Op.VIEW_SCHEDULE)
    def change_marker(self, actor: Actor, clinic_id: int, first_day: date,
                      days: int = 1) -> ScheduleMarker:
        """Count, sum of versions and max id of the visible range: any edit changes it.
        Polled every few seconds by every Schedule page: one statement (the clinic's zone is
        known to the process), one round trip on PostgreSQL."""
        with self.db.read_connection() as conn:
            start, end = local_day_bounds(self._zones.get(conn, clinic_id), first_day, days)
            count, total, max_id = conn.execute(
                select(func.count(TreatmentSession.id),
                       func.coalesce(func.sum(TreatmentSession.version), 0),
                       func.coalesce(func.max(TreatmentSession.id), 0))
                .where(TreatmentSession.clinic_id == clinic_id)
                .where(TreatmentSession.scheduled_start >= start,
                       TreatmentSession.scheduled_start < end)
            ).one()
        return ScheduleMarker(int(count), int(total), int(max_id))

    @requires(Op.VIEW_SCHEDULE)
    def reminder_list(self, actor: Actor, clinic_id: int, day: date | None = None) -> ReminderList:
        """Tomorrow's (or *day*'s) active bookings with phone and ride plan, by start time."""
        with self.db.read() as session:
            clinic = session.get(Clinic, clinic_id)
            if clinic is None:
                raise NotFound("clinic", clinic_id)
            zone = ZoneInfo(clinic.time_zone)
            day = day or (self.now().astimezone(zone).date() + timedelta(days=1))
            start, end = local_day_bounds(zone, day)
            found = session.execute(
                select(TreatmentSession, Patient, TreatmentChair.label)
                .join(Patient, Patient.id == TreatmentSession.patient_id)
                .join(TreatmentChair, TreatmentChair.id == TreatmentSession.chair_id)
                .where(TreatmentSession.clinic_id == clinic_id)
                .where(TreatmentSession.status.in_(ACTIVE_STATUSES))
                .where(TreatmentSession.scheduled_start >= start,
                       TreatmentSession.scheduled_start < end)
                .order_by(TreatmentSession.scheduled_start, TreatmentChair.position)
            ).all()
            rows = tuple(
                ReminderRow(ts.id, p.id, f"{p.last_name}, {p.first_name}", p.mrn, p.phone,
                            ts.scheduled_start.astimezone(zone), ts.scheduled_end.astimezone(zone),
                            label, ts.ride_driver_name, ts.ride_driver_phone, ts.ride_confirmed)
                for ts, p, label in found
            )
            return ReminderList(clinic.id, clinic.name, clinic.phone, day, rows)


def describe_slot(local_start: datetime) -> str:
    return f"{fmt_date(local_start)} {fmt_time(local_start)}"
