"""The complete read model of treatment sessions (session log, REMS form), loaded in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    AdverseEvent,
    Amendment,
    ChecklistAnswer,
    Clinic,
    ConcurrentAntidepressant,
    DeviceAdministration,
    Discharge,
    DrugLot,
    MonitoringAlert,
    MonitoringCheckpoint,
    Patient,
    PreDoseChecklist,
    RemsMonitoringForm,
    RemsPatientEnrollment,
    Signature,
    StaffMember,
    TreatmentChair,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.record_parts import (
    AdverseEventRow,
    AlertRow,
    AmendmentRow,
    AnswerRow,
    ChecklistInfo,
    CheckpointRow,
    ClinicHeader,
    DeviceRow,
    DischargeInfo,
    FormTracking,
    OralAdRow,
    PatientHeader,
    PlanInfo,
    SignatureRow,
    completed_in_plan,
    plan_phase,
    pmf_block,
)

__all__ = ["SessionRecord", "load_session_records"]


@dataclass(frozen=True)
class SessionRecord:
    """Everything recorded for one session, with staff names resolved (no ORM objects)."""

    session_id: int
    status: SessionStatus
    clinic: ClinicHeader
    patient: PatientHeader
    local_date: date
    scheduled_start: datetime
    scheduled_end: datetime
    chair_label: str
    supervising_prescriber: str
    nurse: str
    booked_by: str
    plan: PlanInfo | None
    arrived_at: datetime | None
    ride_driver_name: str
    ride_driver_phone: str
    ride_confirmed: bool
    ride_confirmed_at: datetime | None
    checklist: ChecklistInfo | None
    answers: tuple[AnswerRow, ...]
    oral_antidepressants: tuple[OralAdRow, ...]
    planned_dose_mg: int | None
    dose_mg: int | None
    dose_override_reason: str | None
    dose_override_by: str
    first_device_at: datetime | None
    devices: tuple[DeviceRow, ...]
    checkpoints: tuple[CheckpointRow, ...]
    alerts: tuple[AlertRow, ...]
    adverse_events: tuple[AdverseEventRow, ...]
    discharge: DischargeInfo | None
    form: FormTracking | None
    signatures: tuple[SignatureRow, ...]
    amendments: tuple[AmendmentRow, ...]
    cancel_reason: str | None
    first_treatment: bool
    pmf: tuple[tuple[str, str], ...]

    @property
    def lot_numbers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.lot_number for d in self.devices))


def _by_session(rows: Iterable, key: str = "session_id") -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def staff_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """'Full Name, CRED' for each staff id, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(StaffMember.id, StaffMember.full_name, StaffMember.credentials)
        .where(StaffMember.id.in_(wanted))
    )
    return {i: f"{name}, {cred}" if cred else name for i, name, cred in rows}


def load_session_records(session: Session, session_ids: Sequence[int]) -> dict[int, SessionRecord]:
    """Load complete records for *session_ids* in a fixed number of queries (not per row)."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        return {}
    head = session.execute(
        select(TreatmentSession, Clinic, TreatmentChair.label, Patient)
        .join(Clinic, Clinic.id == TreatmentSession.clinic_id)
        .join(TreatmentChair, TreatmentChair.id == TreatmentSession.chair_id)
        .join(Patient, Patient.id == TreatmentSession.patient_id)
        .where(TreatmentSession.id.in_(ids))
    ).all()
    if not head:
        return {}
    patient_ids = {ts.patient_id for ts, _, _, _ in head}
    plan_ids = {ts.plan_id for ts, _, _, _ in head if ts.plan_id is not None}

    def children(model: type) -> dict[int, list]:
        return _by_session(session.scalars(
            select(model).where(model.session_id.in_(ids)).order_by(model.id)
        ))

    checklists = {c.session_id: c for c in session.scalars(
        select(PreDoseChecklist).where(PreDoseChecklist.session_id.in_(ids)))}
    answers = children(ChecklistAnswer)
    device_rows = session.execute(
        select(DeviceAdministration, DrugLot.ndc, DrugLot.expires_on)
        .outerjoin(DrugLot, DrugLot.id == DeviceAdministration.lot_id)
        .where(DeviceAdministration.session_id.in_(ids))
        .order_by(DeviceAdministration.session_id, DeviceAdministration.sequence)
    ).all()
    devices: dict[int, list] = defaultdict(list)
    for dev, ndc, expires in device_rows:
        devices[dev.session_id].append((dev, ndc, expires))
    checkpoints = children(MonitoringCheckpoint)
    alerts = children(MonitoringAlert)
    events = children(AdverseEvent)
    discharges = {d.session_id: d for d in session.scalars(
        select(Discharge).where(Discharge.session_id.in_(ids)))}
    forms = {f.session_id: f for f in session.scalars(
        select(RemsMonitoringForm).where(RemsMonitoringForm.session_id.in_(ids)))}
    signatures = children(Signature)
    amendments = children(Amendment)
    enrollments: dict[int, list] = defaultdict(list)
    for e in session.scalars(select(RemsPatientEnrollment)
                             .where(RemsPatientEnrollment.patient_id.in_(patient_ids))
                             .order_by(RemsPatientEnrollment.enrolled_on, RemsPatientEnrollment.id)):
        enrollments[e.patient_id].append(e)
    plans = {p.id: p for p in session.scalars(
        select(TreatmentPlan).where(TreatmentPlan.id.in_(plan_ids)))} if plan_ids else {}
    oral_ads: dict[int, list] = defaultdict(list)
    for ad in session.scalars(select(ConcurrentAntidepressant)
                              .where(ConcurrentAntidepressant.patient_id.in_(patient_ids))
                              .order_by(ConcurrentAntidepressant.started_on)):
        oral_ads[ad.patient_id].append(ad)
    # Every session of these patients: "first treatment" and the plan phase (domain rule).
    history: dict[int, list[tuple]] = defaultdict(list)
    for row in session.execute(
        select(TreatmentSession.id, TreatmentSession.patient_id, TreatmentSession.local_date,
               TreatmentSession.plan_id, TreatmentSession.status, TreatmentSession.first_device_at)
        .where(TreatmentSession.patient_id.in_(patient_ids))
        .order_by(TreatmentSession.scheduled_start, TreatmentSession.id)
    ):
        history[row.patient_id].append(row)

    staff_ids: set[int | None] = set()
    for ts, _, _, _ in head:
        staff_ids |= {ts.supervising_prescriber_id, ts.assigned_nurse_id, ts.booked_by_id,
                      ts.dose_override_by_id}
    for c in checklists.values():
        staff_ids |= {c.bp_ack_by_id, c.completed_by_id}
    for group, attr in ((answers, "answered_by_id"), (checkpoints, "recorded_by_id"),
                        (alerts, "action_by_id"), (events, "recorded_by_id"),
                        (signatures, "signer_id"), (amendments, "amended_by_id")):
        for rows in group.values():
            staff_ids |= {getattr(r, attr) for r in rows}
    for rows in devices.values():
        staff_ids |= {dev.observed_by_id for dev, _, _ in rows}
    for d in discharges.values():
        staff_ids |= {d.attested_by_id, d.bp_accepted_by_id}
    for f in forms.values():
        staff_ids.add(f.submitted_by_id)
    for p in plans.values():
        staff_ids |= {p.prescriber_id, p.monotherapy_attested_by_id}
    staff_contacts = _staff_contacts(session, staff_ids)
    names = {i: c[0] for i, c in staff_contacts.items()}

    def who(staff_id: int | None) -> str:
        return names.get(staff_id, "") if staff_id is not None else ""

    result: dict[int, SessionRecord] = {}
    for ts, clinic, chair_label, patient in head:
        sid = ts.id
        zone_clinic = ClinicHeader.from_model(clinic)
        enrollment = _enrollment_on(enrollments[patient.id], ts.local_date)
        plan = plans.get(ts.plan_id) if ts.plan_id else None
        plan_info = None
        if plan is not None:
            completed = completed_in_plan(plan, history[patient.id])
            phase, number_in_phase = plan_phase(plan, completed, ts.local_date)
            plan_info = PlanInfo(
                indication=plan.indication, oral_ad_strategy=plan.oral_ad_strategy,
                prescriber=who(plan.prescriber_id), start_date=plan.start_date,
                target_dose_mg=plan.target_dose_mg, status=plan.status,
                monotherapy_attested_by=who(plan.monotherapy_attested_by_id),
                monotherapy_attested_at=plan.monotherapy_attested_at, notes=plan.notes,
                session_number=sum(1 for day in completed if day < ts.local_date) + 1,
                phase=phase, session_in_phase=number_in_phase,
            )
        dosed_at = ts.first_device_at or ts.scheduled_start
        first_treatment = not any(h.id != sid and h.first_device_at is not None
                                  and h.first_device_at < dosed_at for h in history[patient.id])
        header = PatientHeader.from_model(patient, enrollment)
        checklist = checklists.get(sid)
        record = SessionRecord(
            session_id=sid, status=ts.status, clinic=zone_clinic, patient=header,
            local_date=ts.local_date, scheduled_start=ts.scheduled_start,
            scheduled_end=ts.scheduled_end, chair_label=chair_label,
            supervising_prescriber=who(ts.supervising_prescriber_id),
            nurse=who(ts.assigned_nurse_id), booked_by=who(ts.booked_by_id), plan=plan_info,
            arrived_at=ts.arrived_at, ride_driver_name=ts.ride_driver_name,
            ride_driver_phone=ts.ride_driver_phone, ride_confirmed=ts.ride_confirmed,
            ride_confirmed_at=ts.ride_confirmed_at,
            checklist=ChecklistInfo.from_model(checklist, who) if checklist else None,
            answers=tuple(AnswerRow(a.item, a.value, who(a.answered_by_id), a.answered_at)
                          for a in sorted(answers[sid], key=lambda a: (a.answered_at, a.id))),
            oral_antidepressants=tuple(
                OralAdRow(ad.drug, ad.dose_text, ad.frequency, ad.started_on, ad.stopped_on,
                          ad.prescriber_name)
                for ad in oral_ads[patient.id]
                if ad.started_on <= ts.local_date and (ad.stopped_on is None
                                                        or ad.stopped_on >= ts.local_date)
            ),
            planned_dose_mg=ts.planned_dose_mg, dose_mg=ts.dose_mg,
            dose_override_reason=ts.dose_override_reason,
            dose_override_by=who(ts.dose_override_by_id), first_device_at=ts.first_device_at,
            devices=tuple(
                DeviceRow(d.sequence, d.administered_at, d.lot_number, ndc or "", expires,
                          d.early_reason, who(d.observed_by_id))
                for d, ndc, expires in devices[sid]
            ),
            checkpoints=tuple(CheckpointRow.from_model(c, who, ts.first_device_at)
                              for c in _checkpoint_order(checkpoints[sid])),
            alerts=tuple(AlertRow(a.kind, a.detail, a.raised_at, a.action_note,
                                  who(a.action_by_id), a.action_at)
                         for a in sorted(alerts[sid], key=lambda a: (a.raised_at, a.id))),
            adverse_events=tuple(AdverseEventRow.from_model(e, who)
                                 for e in sorted(events[sid], key=lambda e: (e.onset_at, e.id))),
            discharge=DischargeInfo.from_model(discharges[sid], who) if sid in discharges else None,
            form=FormTracking.from_model(forms[sid], who) if sid in forms else None,
            signatures=tuple(SignatureRow(s.role, who(s.signer_id), s.signed_at, s.meaning)
                             for s in sorted(signatures[sid], key=lambda s: (s.signed_at, s.id))),
            amendments=tuple(AmendmentRow(a.entity, a.entity_id, a.field, a.old_value,
                                          a.new_value, a.reason, who(a.amended_by_id),
                                          a.amended_at)
                             for a in sorted(amendments[sid], key=lambda a: (a.amended_at, a.id))),
            cancel_reason=ts.cancel_reason, first_treatment=first_treatment, pmf=(),
        )
        monitor_id = (discharges[sid].attested_by_id if sid in discharges
                      else ts.assigned_nurse_id)
        contact = staff_contacts.get(monitor_id, ("", "", "")) if monitor_id else ("", "", "")
        result[sid] = _with_pmf(record, patient, contact, clinic.spo2_alert_threshold)
    return result


def _with_pmf(record: SessionRecord, patient: Patient, contact: tuple[str, str, str],
              spo2_threshold: int) -> SessionRecord:
    from dataclasses import replace

    return replace(record, pmf=pmf_block(record, patient, contact, spo2_threshold))


def _staff_contacts(session: Session, ids: Iterable[int | None]) -> dict[int, tuple[str, str, str]]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(StaffMember.id, StaffMember.full_name, StaffMember.credentials, StaffMember.phone,
               StaffMember.email).where(StaffMember.id.in_(wanted))
    )
    return {i: (f"{n}, {c}" if c else n, phone, email) for i, n, c, phone, email in rows}


def _enrollment_on(rows: list[RemsPatientEnrollment], day: date) -> RemsPatientEnrollment | None:
    """The latest enrollment on or before *day* (else the latest one at all)."""
    before = [e for e in rows if e.enrolled_on <= day]
    if before:
        return before[-1]
    return rows[-1] if rows else None


def _checkpoint_order(rows: list[MonitoringCheckpoint]) -> list[MonitoringCheckpoint]:
    """Chronological: by measured time, unrecorded planned ones by offset at the end."""
    def key(c: MonitoringCheckpoint) -> tuple:
        if c.measured_at is not None:
            return (0, c.measured_at.timestamp(), c.id)
        return (1, c.planned_offset_minutes or 0, c.id)

    return sorted(rows, key=key)
