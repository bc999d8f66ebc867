"""Observed administration: one row per device; the first device starts monitoring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    Clinic,
    DeviceAdministration,
    DrugLot,
    MonitoringCheckpoint,
    TreatmentSession,
)
from aurora_desktop.domain.administration import (
    STANDARD_DOSES_MG,
    DeviceRequest,
    check_device,
    devices_for_dose,
    validate_lot_number,
)
from aurora_desktop.domain.checklist import unmet_conditions
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import FieldError, RuleViolation
from aurora_desktop.domain.monitoring_plan import planned_checkpoints
from aurora_desktop.domain.treatment_phase import dose_override_reasons
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day._common import (
    active_plan,
    checklist_facts,
    clean_text,
    ensure_unlocked,
    load_checklist,
    load_session,
    require_status,
)


@dataclass(frozen=True)
class DeviceResult:
    device_id: int
    sequence: int
    devices_for_dose: int
    first_device_at: datetime


def dose_reasons(session: Session, ts: TreatmentSession) -> list[str]:
    """Why the dose needs a prescriber override (domain.treatment_phase rules); [] once overridden."""
    if ts.dose_mg is None:
        return ["no dose set for this session"]
    if ts.dose_override_reason:
        return []
    plan = active_plan(session, ts)
    if plan is None:
        return [] if ts.dose_mg in STANDARD_DOSES_MG else [
            f"{ts.dose_mg} mg is not a labelled dose (56 or 84 mg): prescriber override needed"]
    earlier = session.execute(
        select(TreatmentSession.dose_mg).where(
            TreatmentSession.patient_id == ts.patient_id, TreatmentSession.id != ts.id,
            TreatmentSession.plan_id == plan.id, TreatmentSession.first_device_at.is_not(None))
        .order_by(TreatmentSession.first_device_at.desc()).limit(1)).first()
    reasons = dose_override_reasons(plan.indication, ts.dose_mg, first_dose=earlier is None,
                                    previous_dose_mg=earlier[0] if earlier else None)
    return [f"{r.rstrip('.')} — prescriber override with a reason needed" for r in reasons]


class AdministrationService(BaseService):
    @requires(Op.RECORD_ADMINISTRATION)
    def record_device(
        self, actor: Actor, session_id: int, lot_number: str, *, administered_at: datetime | None = None,
        lot_id: int | None = None, early_reason: str = "",
    ) -> DeviceResult:
        """Record the next device; the first one passes the checklist and dose gates."""
        now = self.now()
        at = administered_at or now
        early_reason = clean_text(early_reason, "early device reason", 1000, required=False)

        def work(session: Session) -> DeviceResult:
            ts = load_session(session, session_id, for_update=True)
            ensure_unlocked(session, session_id)
            require_status(ts, {SessionStatus.IN_PROGRESS, SessionStatus.MONITORING}, "record a device")
            lot = lot_number
            if lot_id is not None:
                stored = session.get(DrugLot, lot_id)
                if stored is None or stored.clinic_id != ts.clinic_id:
                    raise FieldError("lot number", "pick a lot on record at this clinic")
                lot = stored.lot_number
            lot = validate_lot_number(lot)
            previous = session.scalars(
                select(DeviceAdministration).where(DeviceAdministration.session_id == ts.id)
                .order_by(DeviceAdministration.sequence)).all()
            sequence = len(previous) + 1
            count = devices_for_dose(ts.dose_mg or 56)
            if sequence == 1:
                checklist = load_checklist(session, ts.id)
                reasons = unmet_conditions(checklist_facts(session, ts, checklist, at))
                reasons += dose_reasons(session, ts)
                if reasons:
                    raise RuleViolation(reasons)
            check_device(DeviceRequest(sequence, at, previous[-1].administered_at if previous else None,
                                       count, early_reason), now)
            device = DeviceAdministration(
                session_id=ts.id, sequence=sequence, administered_at=at, lot_id=lot_id,
                lot_number=lot, early_reason=early_reason or None, observed_by_id=actor.staff_id,
                recorded_at=now)
            session.add(device)
            if sequence == 1:
                self._start_monitoring(session, actor, ts, checklist, at, now)
            session.flush()
            self.audit(session, actor, "record_device", "device_administration", device.id,
                       patient_id=ts.patient_id,
                       details={"session_id": ts.id, "sequence": sequence, "lot": lot,
                                "administered_at": at, "early_reason": early_reason or None})
            return DeviceResult(device.id, sequence, count, ts.first_device_at)

        return self.write(work, "session")

    def _start_monitoring(self, session: Session, actor: Actor, ts: TreatmentSession, checklist,  # noqa: ANN001
                          at: datetime, now: datetime) -> None:
        clinic = session.get(Clinic, ts.clinic_id)
        ts.first_device_at = at
        ts.status = SessionStatus.MONITORING
        ts.updated_at = now
        checklist.completed_by_id, checklist.completed_at = actor.staff_id, now
        for planned in planned_checkpoints(at, clinic.checkpoint_offsets, clinic.bp_required_offsets):
            session.add(MonitoringCheckpoint(
                session_id=ts.id, planned_offset_minutes=planned.offset_minutes,
                bp_required=planned.bp_required))
