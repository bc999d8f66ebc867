"""The discharge gate as a service: assessment, prescriber BP acceptance, discharge and the PMF record."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    ChecklistAnswer,
    Clinic,
    DeviceAdministration,
    Discharge,
    MonitoringAlert,
    MonitoringCheckpoint,
    PreDoseChecklist,
    RemsMonitoringForm,
    TreatmentSession,
)
from aurora_desktop.domain.administration import devices_for_dose
from aurora_desktop.domain.discharge_gate import (
    ATTESTATION_TEXT,
    DischargeAssessment,
    DischargeFacts,
    LatestCheckpoint,
    assess_discharge,
)
from aurora_desktop.domain.enums import FormStatus, SessionStatus
from aurora_desktop.domain.errors import FieldError, RuleViolation
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day._common import (
    DISCHARGE_BP_ITEM,
    clean_text,
    ensure_unlocked,
    load_session,
    require_status,
    set_answer,
)

PMF_DUE_DAYS = 7


def latest_checkpoint(session: Session, session_id: int) -> MonitoringCheckpoint | None:
    return session.scalar(
        select(MonitoringCheckpoint)
        .where(MonitoringCheckpoint.session_id == session_id, MonitoringCheckpoint.measured_at.is_not(None))
        .order_by(MonitoringCheckpoint.measured_at.desc(), MonitoringCheckpoint.id.desc()).limit(1))


def to_latest(cp: MonitoringCheckpoint | None) -> LatestCheckpoint | None:
    if cp is None:
        return None
    return LatestCheckpoint(cp.id, cp.measured_at, cp.systolic, cp.diastolic, cp.spo2, cp.moaas,
                            cp.dissociation.value if cp.dissociation else None)


def accepted_checkpoint(value: str | None) -> tuple[int | None, str]:
    """The stored prescriber BP acceptance 'checkpoint_id|reason'."""
    if not value or "|" not in value:
        return None, ""
    head, reason = value.split("|", 1)
    return (int(head) if head.isdigit() else None), reason


def assess(session: Session, ts: TreatmentSession, now) -> DischargeAssessment:  # noqa: ANN001
    checklist = session.scalar(select(PreDoseChecklist).where(PreDoseChecklist.session_id == ts.id))
    clinic = session.get(Clinic, ts.clinic_id)
    unactioned = session.scalar(select(func.count(MonitoringAlert.id)).where(
        MonitoringAlert.session_id == ts.id, MonitoringAlert.action_note.is_(None))) or 0
    accept = session.scalar(select(ChecklistAnswer.value).where(
        ChecklistAnswer.session_id == ts.id, ChecklistAnswer.item == DISCHARGE_BP_ITEM))
    devices = session.scalar(select(func.count(DeviceAdministration.id)).where(
        DeviceAdministration.session_id == ts.id)) or 0
    return assess_discharge(DischargeFacts(
        now=now, first_device_at=ts.first_device_at, latest=to_latest(latest_checkpoint(session, ts.id)),
        baseline_moaas=checklist.baseline_moaas if checklist else None,
        baseline_systolic=checklist.pre_systolic if checklist else None,
        baseline_diastolic=checklist.pre_diastolic if checklist else None,
        spo2_threshold=clinic.spo2_alert_threshold, unactioned_alerts=unactioned,
        ride_confirmed=ts.ride_confirmed, bp_accepted_for_checkpoint=accepted_checkpoint(accept)[0],
        devices_recorded=devices, devices_planned=devices_for_dose(ts.dose_mg) if ts.dose_mg else 0))


class DischargeService(BaseService):
    @requires(Op.VIEW_PATIENTS)
    def assessment(self, actor: Actor, session_id: int) -> DischargeAssessment:
        """Which discharge conditions are unmet right now."""
        with self.db.read() as session:
            return assess(session, load_session(session, session_id), self.now())

    @requires(Op.ACCEPT_DISCHARGE_BP)
    def accept_bp(self, actor: Actor, session_id: int, reason: str) -> int:
        """A prescriber accepts the latest checkpoint's BP for discharge, with a reason."""
        reason = clean_text(reason, "reason", 1000)

        def work(session: Session) -> int:
            ts = load_session(session, session_id)
            ensure_unlocked(session, session_id)
            require_status(ts, {SessionStatus.MONITORING}, "accept the discharge BP")
            cp = latest_checkpoint(session, ts.id)
            if cp is None or cp.systolic is None:
                raise RuleViolation(["no checkpoint with a blood pressure to accept"])
            set_answer(session, actor, ts.id, DISCHARGE_BP_ITEM, f"{cp.id}|{reason}", self.now())
            session.flush()
            self.audit(session, actor, "accept_discharge_bp", "monitoring_checkpoint", cp.id,
                       patient_id=ts.patient_id,
                       details={"bp": f"{cp.systolic}/{cp.diastolic}", "reason": reason})
            return cp.id

        return self.write(work, "session")

    @requires(Op.DISCHARGE)
    def discharge(self, actor: Actor, session_id: int, *, ready_at_minutes: int | None,
                  attest_stable: bool) -> int:
        """Discharge when the gate is open; records times, attestation and the PMF form due in 7 days."""
        if not attest_stable:
            raise FieldError("attestation", f"confirm '{ATTESTATION_TEXT}' to discharge")
        now = self.now()

        def work(session: Session) -> int:
            ts = load_session(session, session_id, for_update=True)
            ensure_unlocked(session, session_id)
            require_status(ts, {SessionStatus.MONITORING}, "discharge")
            result = assess(session, ts, now)
            if not result.allowed:
                raise RuleViolation(result.unmet)
            total = result.minutes_since_first_device
            if ready_at_minutes is not None and not 0 <= ready_at_minutes <= total:
                raise FieldError("would have been ready at", f"must be from 0 to {total} minutes")
            accept = session.scalar(select(ChecklistAnswer).where(
                ChecklistAnswer.session_id == ts.id, ChecklistAnswer.item == DISCHARGE_BP_ITEM))
            cp_id, accept_reason = accepted_checkpoint(accept.value if accept else None)
            latest = latest_checkpoint(session, ts.id)
            used_acceptance = accept is not None and latest is not None and cp_id == latest.id
            record = Discharge(
                session_id=ts.id, discharged_at=now, total_minutes=total, ready_at_minutes=ready_at_minutes,
                criteria_summary="; ".join([
                    f"{total} min since first device", "latest checkpoint within 15 min",
                    "MOAA/S at baseline", "no dissociation", "SpO2 at or above threshold",
                    "BP accepted by prescriber" if used_acceptance else "BP acceptable",
                    "all alerts actioned", "ride home confirmed"]),
                vitals_acceptable_before_leaving=not used_acceptance,
                bp_accepted_by_id=accept.answered_by_id if used_acceptance else None,
                bp_accept_reason=accept_reason if used_acceptance else None,
                attestation=ATTESTATION_TEXT, attested_by_id=actor.staff_id, recorded_at=now)
            session.add(record)
            ts.status, ts.updated_at = SessionStatus.DISCHARGED, now
            session.add(RemsMonitoringForm(session_id=ts.id, clinic_id=ts.clinic_id,
                                           status=FormStatus.DUE,
                                           due_on=ts.local_date + timedelta(days=PMF_DUE_DAYS)))
            session.flush()
            self.audit(session, actor, "discharge", "treatment_session", ts.id, patient_id=ts.patient_id,
                       details={"total_minutes": total, "ready_at_minutes": ready_at_minutes,
                                "bp_accepted": used_acceptance, "status": ["monitoring", "discharged"]})
            return record.id

        return self.write(work, "session")
