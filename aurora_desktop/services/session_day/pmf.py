"""The REMS Patient Monitoring Form data (reference section 7) gathered for one session."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    AdverseEvent,
    Clinic,
    DeviceAdministration,
    Discharge,
    MonitoringCheckpoint,
    Patient,
    PreDoseChecklist,
    StaffMember,
    TreatmentSession,
)
from aurora_desktop.domain.enums import Dissociation
from aurora_desktop.domain.vitals import predose_bp_elevated
from aurora_desktop.services.session_day._common import enrollment_active


def _yn(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


def _bp(s: int | None, d: int | None) -> str:
    return f"{s}/{d}" if s is not None and d is not None else ""


def pmf_fields(session: Session, ts: TreatmentSession) -> list[tuple[str, str]]:
    """Label/value pairs in the order of the form; blank where the record has no value yet."""
    patient = session.get(Patient, ts.patient_id)
    clinic = session.get(Clinic, ts.clinic_id)
    zone = ZoneInfo(clinic.time_zone)
    checklist = session.scalar(select(PreDoseChecklist).where(PreDoseChecklist.session_id == ts.id))
    discharge = session.scalar(select(Discharge).where(Discharge.session_id == ts.id))
    nurse = session.get(StaffMember, discharge.attested_by_id) if discharge else None
    lots = session.scalars(select(DeviceAdministration.lot_number).where(
        DeviceAdministration.session_id == ts.id).order_by(DeviceAdministration.sequence)).all()
    checkpoints = session.scalars(select(MonitoringCheckpoint).where(
        MonitoringCheckpoint.session_id == ts.id, MonitoringCheckpoint.measured_at.is_not(None))
        .order_by(MonitoringCheckpoint.measured_at)).all()
    earlier = session.scalar(select(func.count(TreatmentSession.id)).where(
        TreatmentSession.patient_id == ts.patient_id, TreatmentSession.id != ts.id,
        TreatmentSession.first_device_at.is_not(None),
        TreatmentSession.first_device_at < (ts.first_device_at or ts.scheduled_start)))
    serious = session.scalars(select(AdverseEvent).where(
        AdverseEvent.session_id == ts.id, AdverseEvent.serious.is_(True))).all()
    bp40 = next((c for c in checkpoints if c.planned_offset_minutes == 40), None)
    last = checkpoints[-1] if checkpoints else None
    c = checklist
    dose = ts.dose_mg
    pre_ok = None
    if c is not None and c.pre_systolic is not None:
        pre_ok = not predose_bp_elevated(c.pre_systolic, c.pre_diastolic) or bool(c.bp_ack_reason)
    return [
        ("Patient first name", patient.first_name),
        ("Patient last name", patient.last_name),
        ("Date of birth", f"{patient.date_of_birth:%m/%d/%Y}"),
        ("Sex", patient.sex.value),
        ("First treatment", _yn(earlier == 0)),
        ("Enrolled in SPRAVATO REMS", _yn(enrollment_active(session, ts.patient_id))),
        ("Concomitant benzodiazepines", _yn(c.benzodiazepines if c else None)),
        ("Concomitant non-benzodiazepine sedative hypnotics", _yn(c.sedative_hypnotics if c else None)),
        ("Concomitant psychostimulants", _yn(c.psychostimulants if c else None)),
        ("Concomitant MAOIs", _yn(c.maois if c else None)),
        ("Concomitant opioids", _yn(c.opioids if c else None)),
        ("Monitoring healthcare provider", nurse.full_name if nurse else ""),
        ("Provider phone", nurse.phone if nurse else ""),
        ("Provider email", nurse.email if nurse else ""),
        ("Healthcare setting", clinic.name),
        ("Setting address", f"{clinic.address_line1}, {clinic.city}, {clinic.state} {clinic.postal_code}"),
        ("REMS setting ID", clinic.rems_setting_id),
        ("Treatment date", f"{ts.local_date:%m/%d/%Y}"),
        ("Dose", "" if dose is None else (f"{dose} mg" if dose in (56, 84) else f"other ({dose} mg)")),
        ("Lot number(s)", "; ".join(dict.fromkeys(lots))),
        ("Total minutes from first device to end of monitoring",
         str(discharge.total_minutes) if discharge else ""),
        ("Minutes after which the patient would have been ready to leave",
         "" if discharge is None or discharge.ready_at_minutes is None else str(discharge.ready_at_minutes)),
        ("Vital signs acceptable before administration", _yn(pre_ok)),
        ("Vital signs acceptable before leaving",
         _yn(discharge.vitals_acceptable_before_leaving if discharge else None)),
        ("BP before administration", _bp(c.pre_systolic, c.pre_diastolic) if c else ""),
        ("BP at ~40 minutes", _bp(bp40.systolic, bp40.diastolic) if bp40 else ""),
        ("BP before leaving", _bp(last.systolic, last.diastolic) if last else ""),
        ("Pulse-oximetry checks", "; ".join(
            f"{cp.measured_at.astimezone(zone):%I:%M %p} {cp.spo2}%" for cp in checkpoints
            if cp.spo2 is not None)),
        ("Sedation (MOAA/S 3 or lower)",
         _yn(any(cp.moaas is not None and cp.moaas <= 3 for cp in checkpoints))),
        ("Dissociation", _yn(any(cp.dissociation not in (None, Dissociation.NONE) for cp in checkpoints))),
        ("Respiratory depression", _yn(any(
            (cp.respiratory_rate is not None and cp.respiratory_rate < 10)
            or (cp.spo2 is not None and cp.spo2 < clinic.spo2_alert_threshold) for cp in checkpoints)
            or any(ae.event_type == "respiratory depression" for ae in serious))),
        ("Serious adverse events", "; ".join(f"{ae.event_type} ({ae.severity.value})" for ae in serious)
         or "none"),
    ]
