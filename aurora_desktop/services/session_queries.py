"""Read models of booked sessions for one clinic and day (CLI list, day sheet, calendar)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import Clinic, Patient, TreatmentChair, TreatmentSession
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import NotFound
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires


@dataclass(frozen=True)
class SessionRow:
    id: int
    clinic_id: int
    chair_id: int
    chair_label: str
    patient_id: int
    patient_mrn: str
    patient_name: str
    scheduled_start: datetime
    scheduled_end: datetime
    local_start: datetime
    local_end: datetime
    status: SessionStatus
    planned_dose_mg: int | None
    dose_mg: int | None
    version: int


def local_day_bounds(zone: ZoneInfo, day: date, days: int = 1) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at the start of *day* and *days* later (DST-safe)."""
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=days), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def fetch_session_rows(
    session: Session, clinic: Clinic, first_day: date, days: int = 1
) -> list[SessionRow]:
    """All sessions starting in the local date range, with chair and patient, in one query."""
    zone = ZoneInfo(clinic.time_zone)
    start, end = local_day_bounds(zone, first_day, days)
    stmt = (
        select(TreatmentSession, TreatmentChair.label, Patient.mrn, Patient.first_name,
               Patient.last_name)
        .join(TreatmentChair, TreatmentChair.id == TreatmentSession.chair_id)
        .join(Patient, Patient.id == TreatmentSession.patient_id)
        .where(TreatmentSession.clinic_id == clinic.id)
        .where(TreatmentSession.scheduled_start >= start, TreatmentSession.scheduled_start < end)
        .order_by(TreatmentSession.scheduled_start, TreatmentChair.position)
    )
    rows = []
    for ts, chair_label, mrn, first, last in session.execute(stmt):
        rows.append(SessionRow(
            id=ts.id, clinic_id=ts.clinic_id, chair_id=ts.chair_id, chair_label=chair_label,
            patient_id=ts.patient_id, patient_mrn=mrn, patient_name=f"{last}, {first}",
            scheduled_start=ts.scheduled_start, scheduled_end=ts.scheduled_end,
            local_start=ts.scheduled_start.astimezone(zone),
            local_end=ts.scheduled_end.astimezone(zone), status=ts.status,
            planned_dose_mg=ts.planned_dose_mg, dose_mg=ts.dose_mg, version=ts.version,
        ))
    return rows


class SessionQueryService(BaseService):
    @requires(Op.VIEW_SCHEDULE)
    def sessions_for_days(
        self, actor: Actor, clinic_id: int, first_day: date, days: int = 1
    ) -> list[SessionRow]:
        with self.db.read() as session:
            clinic = session.get(Clinic, clinic_id)
            if clinic is None:
                raise NotFound("clinic", clinic_id)
            return fetch_session_rows(session, clinic, first_day, days)
