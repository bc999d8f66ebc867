"""Shared helpers for session-day writes: loading, the signed-record lock, attributed answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    ChecklistAnswer,
    Clinic,
    Patient,
    PreDoseChecklist,
    RemsPatientEnrollment,
    Signature,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.checklist import ChecklistFacts
from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    EnrollmentStatus,
    OralAdStrategy,
    PlanStatus,
    SessionStatus,
)
from aurora_desktop.domain.errors import NotFound, RecordLocked, RuleViolation
from aurora_desktop.domain.text import checked_text
from aurora_desktop.domain.vitals import AlertThresholds
from aurora_desktop.services.actor import Actor

CONTRAINDICATION_ITEM_PREFIX = "ci_"
MED_ITEM_PREFIX = "med_"
NASAL_SPRAY_ITEM = "nasal_spray"
DISCHARGE_BP_ITEM = "discharge_bp_accept"
LOCKED_MESSAGE = "this session is signed and read-only: record a correction as an amendment"
STATUS_LABELS = {
    SessionStatus.SCHEDULED: "scheduled",
    SessionStatus.CHECKED_IN: "arrived",
    SessionStatus.IN_PROGRESS: "checklist",
    SessionStatus.MONITORING: "monitoring",
    SessionStatus.DISCHARGED: "discharged",
    SessionStatus.CANCELLED: "cancelled",
    SessionStatus.NO_SHOW: "no-show",
}


def load_session(session: Session, session_id: int, *, for_update: bool = False) -> TreatmentSession:
    stmt = select(TreatmentSession).where(TreatmentSession.id == session_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    ts = session.scalar(stmt)
    if ts is None:
        raise NotFound("session", session_id)
    return ts


def is_signed(session: Session, session_id: int) -> bool:
    return session.scalar(
        select(Signature.id).where(Signature.session_id == session_id).limit(1)
    ) is not None


def ensure_unlocked(session: Session, session_id: int) -> None:
    """A signed session is read-only: corrections go through an amendment."""
    if is_signed(session, session_id):
        raise RecordLocked(LOCKED_MESSAGE)


def require_status(ts: TreatmentSession, allowed: set[SessionStatus], doing: str) -> None:
    if ts.status not in allowed:
        wanted = " or ".join(sorted(STATUS_LABELS[s] for s in allowed))
        raise RuleViolation([f"cannot {doing}: the session is {STATUS_LABELS[ts.status]} "
                             f"(must be {wanted})"])


def load_checklist(session: Session, session_id: int) -> PreDoseChecklist:
    checklist = session.scalar(select(PreDoseChecklist).where(PreDoseChecklist.session_id == session_id))
    if checklist is None:
        raise RuleViolation(["the pre-dose checklist has not been started"])
    return checklist


def set_answer(session: Session, actor: Actor, session_id: int, item: str, value: str,
               now: datetime) -> bool:
    """Store one attributed answer (insert or replace). True when the value changed."""
    row = session.scalar(select(ChecklistAnswer).where(
        ChecklistAnswer.session_id == session_id, ChecklistAnswer.item == item))
    if row is None:
        session.add(ChecklistAnswer(session_id=session_id, item=item, value=value[:400],
                                    answered_by_id=actor.staff_id, answered_at=now))
        return True
    if row.value == value[:400]:
        return False
    row.value = value[:400]
    row.answered_by_id = actor.staff_id
    row.answered_at = now
    return True


def answers_for(session: Session, session_id: int) -> dict[str, ChecklistAnswer]:
    rows = session.scalars(select(ChecklistAnswer).where(ChecklistAnswer.session_id == session_id))
    return {row.item: row for row in rows}


def active_plan(session: Session, ts: TreatmentSession) -> TreatmentPlan | None:
    if ts.plan_id is not None:
        return session.get(TreatmentPlan, ts.plan_id)
    return session.scalar(
        select(TreatmentPlan)
        .where(TreatmentPlan.patient_id == ts.patient_id, TreatmentPlan.status == PlanStatus.ACTIVE)
        .order_by(TreatmentPlan.start_date.desc()).limit(1))


def enrollment_active(session: Session, patient_id: int) -> bool:
    latest = session.scalar(
        select(RemsPatientEnrollment)
        .where(RemsPatientEnrollment.patient_id == patient_id)
        .order_by(RemsPatientEnrollment.enrolled_on.desc(), RemsPatientEnrollment.id.desc()).limit(1))
    return latest is not None and latest.status == EnrollmentStatus.ACTIVE


def _yes_no(value: str | None) -> bool | None:
    if value is None:
        return None
    return value == Answer.YES.value


def checklist_facts(session: Session, ts: TreatmentSession, checklist: PreDoseChecklist,
                    dose_time: datetime) -> ChecklistFacts:
    """Gather the gate's inputs from the stored checklist, answers, patient, plan and clinic."""
    answers = answers_for(session, ts.id)
    patient = session.get(Patient, ts.patient_id)
    clinic = session.get(Clinic, ts.clinic_id)
    plan = active_plan(session, ts)

    def answer(item: str) -> str | None:
        row = answers.get(item)
        return row.value if row else None

    return ChecklistFacts(
        dose_time=dose_time,
        enrollment_active=enrollment_active(session, ts.patient_id),
        clinic_certified=bool(clinic and clinic.rems_certified),
        contraindications={c: _yes_no(answer(CONTRAINDICATION_ITEM_PREFIX + c.value))
                           for c in Contraindication},
        last_food_at=checklist.last_food_at,
        last_liquid_at=checklist.last_liquid_at,
        nasal_spray_answered=NASAL_SPRAY_ITEM in answers,
        nasal_spray_at=checklist.nasal_spray_at,
        pregnancy_applicable=bool(patient and patient.can_become_pregnant),
        pregnancy_status=checklist.pregnancy_status,
        concomitant={
            "benzodiazepines": checklist.benzodiazepines,
            "sedative_hypnotics": checklist.sedative_hypnotics,
            "opioids": checklist.opioids,
            "psychostimulants": checklist.psychostimulants,
            "maois": checklist.maois,
        },
        ride_confirmed=ts.ride_confirmed,
        oral_ad_strategy=OralAdStrategy(plan.oral_ad_strategy) if plan else None,
        oral_ad_drug=checklist.oral_ad_drug,
        oral_ad_dose=checklist.oral_ad_dose,
        oral_ad_taking_as_prescribed=checklist.oral_ad_taking_as_prescribed,
        monotherapy_statement=checklist.monotherapy_statement,
        pre_systolic=checklist.pre_systolic,
        pre_diastolic=checklist.pre_diastolic,
        pre_heart_rate=checklist.pre_heart_rate,
        pre_spo2=checklist.pre_spo2,
        baseline_moaas=checklist.baseline_moaas,
        bp_ack_reason=checklist.bp_ack_reason,
    )


def thresholds_for(clinic: Clinic) -> AlertThresholds:
    return AlertThresholds(spo2_min=clinic.spo2_alert_threshold)


def clean_text(value: str, field: str, max_length: int, *, required: bool = True) -> str:
    """Trimmed free text without control characters; FieldError names the field."""
    return checked_text(field, value, max_length, required=required)
