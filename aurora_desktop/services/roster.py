"""The staff roster: who is on site at which clinic and when (admins edit, clinical staff read)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import Clinic, StaffMember, StaffShift, TreatmentSession
from aurora_desktop.domain.booking_rules import fmt_date, fmt_time, local_to_utc
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import (
    FieldError,
    NotFound,
    RuleViolation,
    WarningsNeedAcknowledgement,
)
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService, check_version
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.scheduling_data import ACTIVE_STATUSES
from aurora_desktop.services.scheduling_models import RosterPerson, ShiftView
from aurora_desktop.services.session_queries import local_day_bounds

ROSTER_ROLES = {Role.PRESCRIBER.value, Role.NURSE.value}
MAX_SHIFT_HOURS = 16


class RosterService(BaseService):
    @requires(Op.VIEW_ROSTER)
    def people(self, actor: Actor) -> list[RosterPerson]:
        """Active prescribers and nurses, by name."""
        with self.db.read() as session:
            members = session.scalars(
                select(StaffMember).where(StaffMember.active.is_(True))
                .order_by(StaffMember.full_name)).all()
        return [RosterPerson(m.id, m.full_name, m.credentials, tuple(m.roles))
                for m in members if ROSTER_ROLES & set(m.roles)]

    @requires(Op.VIEW_ROSTER)
    def shifts(self, actor: Actor, clinic_id: int, first_day: date, days: int = 7
               ) -> list[ShiftView]:
        with self.db.read() as session:
            clinic = _clinic(session, clinic_id)
            zone = ZoneInfo(clinic.time_zone)
            start, end = local_day_bounds(zone, first_day, days)
            rows = session.execute(
                select(StaffShift, StaffMember)
                .join(StaffMember, StaffMember.id == StaffShift.staff_id)
                .where(StaffShift.clinic_id == clinic_id)
                .where(StaffShift.starts_at < end, StaffShift.ends_at > start)
                .order_by(StaffShift.starts_at, StaffMember.full_name)
            ).all()
        return [_view(shift, member, zone) for shift, member in rows]

    @requires(Op.MANAGE_ROSTER)
    def add_shift(self, actor: Actor, *, staff_id: int, clinic_id: int, day: date,
                  start_time: time, end_time: time, note: str = "") -> ShiftView:
        def work(session: Session) -> ShiftView:
            clinic = _clinic(session, clinic_id)
            member = _member(session, staff_id)
            zone = ZoneInfo(clinic.time_zone)
            starts, ends = _instants(day, start_time, end_time, zone)
            _refuse_double_booking(session, member, starts, ends, None, zone)
            shift = StaffShift(staff_id=staff_id, clinic_id=clinic_id, starts_at=starts,
                               ends_at=ends, note=note.strip()[:200])
            session.add(shift)
            session.flush()
            self.audit(session, actor, "create", "staff_shift", shift.id,
                       details={"staff_id": staff_id, "clinic_id": clinic_id,
                                "starts_at": starts.isoformat(), "ends_at": ends.isoformat()})
            return _view(shift, member, zone)

        return self.write(work, "shift")

    @requires(Op.MANAGE_ROSTER)
    def update_shift(self, actor: Actor, shift_id: int, version: int, *, day: date,
                     start_time: time, end_time: time, note: str = "") -> ShiftView:
        def work(session: Session) -> ShiftView:
            shift = session.get(StaffShift, shift_id)
            if shift is None:
                raise NotFound("shift", shift_id)
            check_version(shift.version, version, "shift")
            clinic = _clinic(session, shift.clinic_id)
            member = _member(session, shift.staff_id)
            zone = ZoneInfo(clinic.time_zone)
            starts, ends = _instants(day, start_time, end_time, zone)
            _refuse_double_booking(session, member, starts, ends, shift.id, zone)
            before = {"starts_at": shift.starts_at.isoformat(), "ends_at": shift.ends_at.isoformat(),
                      "note": shift.note}
            after = {"starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
                     "note": note.strip()[:200]}
            from aurora_desktop.services.audit_trail import changes

            diff = changes(before, after)
            if not diff:
                return _view(shift, member, zone)  # nothing changed: no audit, no new version
            shift.starts_at, shift.ends_at, shift.note = starts, ends, after["note"]
            self.audit(session, actor, "update", "staff_shift", shift.id, details=diff)
            session.flush()
            return _view(shift, member, zone)

        return self.write(work, "shift")

    @requires(Op.MANAGE_ROSTER)
    def delete_shift(self, actor: Actor, shift_id: int, version: int,
                     acknowledged: Sequence[str] = ()) -> None:
        """Remove a shift; bookings it supervised need an acknowledged warning first."""

        def work(session: Session) -> None:
            shift = session.get(StaffShift, shift_id)
            if shift is None:
                raise NotFound("shift", shift_id)
            check_version(shift.version, version, "shift")
            warnings = _uncovered_bookings(session, shift)
            missing = [w for w in warnings if w not in set(acknowledged)]
            if missing:
                raise WarningsNeedAcknowledgement(missing)
            self.audit(session, actor, "delete", "staff_shift", shift.id,
                       details={"staff_id": shift.staff_id, "clinic_id": shift.clinic_id,
                                "starts_at": shift.starts_at.isoformat(),
                                "ends_at": shift.ends_at.isoformat(),
                                "acknowledged_warnings": warnings})
            session.delete(shift)

        self.write(work, "shift")


def _uncovered_bookings(session: Session, shift: StaffShift) -> list[str]:
    """Active bookings supervised by this staff member during the shift, as one warning."""
    ids = list(session.scalars(
        select(TreatmentSession.id).where(
            TreatmentSession.clinic_id == shift.clinic_id,
            TreatmentSession.supervising_prescriber_id == shift.staff_id,
            TreatmentSession.status.in_(ACTIVE_STATUSES),
            TreatmentSession.scheduled_start < shift.ends_at,
            TreatmentSession.scheduled_end > shift.starts_at,
        ).order_by(TreatmentSession.scheduled_start)))
    if not ids:
        return []
    listed = ", ".join(f"#{i}" for i in ids)
    return [f"{len(ids)} booked session(s) supervised by this prescriber during the shift "
            f"({listed}) will have no prescriber on site: reschedule them or roster another "
            "prescriber"]


def _clinic(session: Session, clinic_id: int) -> Clinic:
    clinic = session.get(Clinic, clinic_id)
    if clinic is None:
        raise NotFound("clinic", clinic_id)
    return clinic


def _member(session: Session, staff_id: int) -> StaffMember:
    member = session.get(StaffMember, staff_id)
    if member is None or not member.active:
        raise NotFound("active staff member", staff_id)
    if not ROSTER_ROLES & set(member.roles):
        raise FieldError("staff member", "only prescribers and nurses are rostered")
    return member


def _instants(day: date, start_time: time, end_time: time, zone: ZoneInfo):  # noqa: ANN202
    starts = local_to_utc(day, start_time, zone)
    end_day = day if end_time > start_time else day + timedelta(days=1)
    ends = local_to_utc(end_day, end_time, zone)
    if ends - starts > timedelta(hours=MAX_SHIFT_HOURS):
        raise FieldError("shift end", f"a shift lasts at most {MAX_SHIFT_HOURS} hours")
    return starts, ends


def _refuse_double_booking(session: Session, member: StaffMember, starts, ends,  # noqa: ANN001
                           ignore_id: int | None, zone: ZoneInfo) -> None:
    clash = session.execute(
        select(StaffShift, Clinic.code).join(Clinic, Clinic.id == StaffShift.clinic_id)
        .where(StaffShift.staff_id == member.id, StaffShift.starts_at < ends,
               StaffShift.ends_at > starts, StaffShift.id != (ignore_id or -1))
    ).first()
    if clash is not None:
        shift, code = clash
        local = shift.starts_at.astimezone(zone)
        raise RuleViolation([f"{member.full_name} already has a shift at {code} on "
                             f"{fmt_date(local)} from {fmt_time(local)} that overlaps"])


def _view(shift: StaffShift, member: StaffMember, zone: ZoneInfo) -> ShiftView:
    return ShiftView(shift.id, member.id, member.full_name, tuple(member.roles), shift.clinic_id,
                     shift.starts_at.astimezone(zone), shift.ends_at.astimezone(zone),
                     shift.note, shift.version)
