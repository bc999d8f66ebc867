"""Test data for session-day tests: a patient, plan, enrollment and a checked-in session (ORM)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from aurora_desktop.db.models import (
    Clinic,
    Patient,
    RemsPatientEnrollment,
    TreatmentChair,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.enums import (
    Contraindication,
    Dissociation,
    EnrollmentStatus,
    Indication,
    OralAdStrategy,
    PlanStatus,
    SessionStatus,
    Sex,
)
from aurora_desktop.domain.vitals import Reading
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from aurora_desktop.services.session_day.checklist import ChecklistForm
from tests.support.patient_rows import patient_row

CONCOMITANT = ["benzodiazepines", "sedative_hypnotics", "opioids", "psychostimulants", "maois"]


@dataclass(frozen=True)
class SessionFixture:
    session_id: int
    patient_id: int
    clinic_id: int


def make_session(
    services: Services, prescriber: Actor, *, clinic_code: str = "WP", chair_position: int = 1,
    start: datetime | None = None, strategy: OralAdStrategy = OralAdStrategy.ADJUNCTIVE,
    enrolled: bool = True, ride: bool = True, checked_in: bool = True, dose_mg: int = 56,
    mrn: str | None = None, first_name: str = "Alex", last_name: str = "Rivera",
) -> SessionFixture:
    now = services.ctx.clock.now()
    start = start or now
    mono = strategy == OralAdStrategy.MONOTHERAPY

    def work(session) -> SessionFixture:  # noqa: ANN001
        clinic = session.scalar(select(Clinic).where(Clinic.code == clinic_code))
        chair = session.scalar(select(TreatmentChair).where(
            TreatmentChair.clinic_id == clinic.id, TreatmentChair.position == chair_position))
        count = session.scalar(select(Patient.id).order_by(Patient.id.desc()).limit(1)) or 0
        patient = patient_row(mrn=mrn or f"MRN{count + 1:05d}", first=first_name,
                              last=last_name, now=now, sex=Sex.MALE)
        session.add(patient)
        session.flush()
        if enrolled:
            session.add(RemsPatientEnrollment(
                patient_id=patient.id, rems_patient_id=f"RP{patient.id:06d}", enrolled_on=date(2026, 1, 5),
                status=EnrollmentStatus.ACTIVE, recorded_at=now))
        plan = TreatmentPlan(
            patient_id=patient.id, indication=Indication.TRD, oral_ad_strategy=strategy,
            prescriber_id=prescriber.staff_id, start_date=date(2026, 11, 1), target_dose_mg=dose_mg,
            status=PlanStatus.ACTIVE, created_at=now,
            monotherapy_attested_by_id=prescriber.staff_id if mono else None,
            monotherapy_attested_at=now if mono else None)
        session.add(plan)
        session.flush()
        local = start.astimezone(ZoneInfo(clinic.time_zone)).date()
        ts = TreatmentSession(
            patient_id=patient.id, clinic_id=clinic.id, chair_id=chair.id, plan_id=plan.id,
            scheduled_start=start, scheduled_end=start + timedelta(minutes=150), local_date=local,
            status=SessionStatus.CHECKED_IN if checked_in else SessionStatus.SCHEDULED,
            planned_dose_mg=dose_mg, ride_driver_name="Sam Rivera", ride_driver_phone="(914) 555-0199",
            ride_confirmed=ride, ride_confirmed_at=now if ride else None,
            arrived_at=now if checked_in else None, created_at=now)
        session.add(ts)
        session.flush()
        return SessionFixture(ts.id, patient.id, clinic.id)

    return services.ctx.db.write(work)


def complete_form(now: datetime) -> ChecklistForm:
    return ChecklistForm(
        contraindications={c: False for c in Contraindication},
        last_food_at=now - timedelta(hours=3), last_liquid_at=now - timedelta(hours=1),
        nasal_spray_answered=True, concomitant=dict.fromkeys(CONCOMITANT, False),
        oral_ad_drug="sertraline", oral_ad_dose="100 mg daily", oral_ad_taking_as_prescribed=True)


def ready_to_dose(services: Services, nurse: Actor, session_id: int) -> None:
    """Start the checklist, answer everything and record normal pre-dose vitals."""
    services.checklist.start_checklist(nurse, session_id)
    view = services.session_day.session_view(nurse, session_id)
    services.checklist.save_answers(nurse, session_id, complete_form(services.ctx.clock.now()),
                                    view.checklist_version)
    view = services.session_day.session_view(nurse, session_id)
    services.checklist.record_pre_dose_vitals(
        nurse, session_id, systolic=126, diastolic=80, heart_rate=72, spo2=98, baseline_moaas=5,
        version=view.checklist_version)


NORMAL = Reading(systolic=130, diastolic=82, heart_rate=76, spo2=97, respiratory_rate=14, moaas=5,
                 dissociation=Dissociation.NONE)
