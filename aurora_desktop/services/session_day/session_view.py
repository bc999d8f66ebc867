"""The session screen's read model: everything a nurse sees and does for one session today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    AdverseEvent,
    Amendment,
    Clinic,
    DeviceAdministration,
    Discharge,
    DrugLot,
    MonitoringAlert,
    MonitoringCheckpoint,
    Patient,
    PreDoseChecklist,
    RemsMonitoringForm,
    Signature,
    StaffMember,
    TreatmentChair,
)
from aurora_desktop.domain.administration import devices_for_dose, rest_seconds_remaining
from aurora_desktop.domain.checklist import unmet_conditions
from aurora_desktop.domain.discharge_gate import DischargeAssessment
from aurora_desktop.domain.enums import Contraindication, SessionStatus
from aurora_desktop.domain.monitoring_plan import is_overdue
from aurora_desktop.domain.vitals import predose_bp_elevated
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day._common import (
    CONTRAINDICATION_ITEM_PREFIX,
    NASAL_SPRAY_ITEM,
    STATUS_LABELS,
    active_plan,
    answers_for,
    checklist_facts,
    load_session,
)
from aurora_desktop.services.session_day.administration import dose_reasons
from aurora_desktop.services.session_day.checklist import ChecklistForm
from aurora_desktop.services.session_day.discharge import assess


@dataclass(frozen=True)
class DeviceView:
    sequence: int
    administered_at: datetime
    lot_number: str
    early_reason: str
    observed_by: str


@dataclass(frozen=True)
class CheckpointView:
    id: int
    offset_minutes: int | None
    due_at: datetime | None
    bp_required: bool
    measured_at: datetime | None
    systolic: int | None
    diastolic: int | None
    heart_rate: int | None
    spo2: int | None
    respiratory_rate: int | None
    moaas: int | None
    dissociation: str | None
    cadss: int | None
    nausea: bool
    vomiting: bool
    note: str
    recorded_by: str
    overdue: bool

    @property
    def label(self) -> str:
        return f"+{self.offset_minutes} min" if self.offset_minutes is not None else "unscheduled"


@dataclass(frozen=True)
class AlertView:
    id: int
    kind: str
    detail: str
    raised_at: datetime
    action_note: str | None
    action_by: str
    version: int
    checkpoint_id: int | None = None


@dataclass(frozen=True)
class AdverseEventView:
    id: int
    event_type: str
    severity: str
    serious: bool
    onset_at: datetime
    action_taken: str
    outcome: str
    description: str


@dataclass(frozen=True)
class SignatureView:
    role: str
    signer: str
    signed_at: datetime
    meaning: str


@dataclass(frozen=True)
class AmendmentView:
    field: str
    old_value: str
    new_value: str
    reason: str
    amended_by: str
    amended_at: datetime


@dataclass(frozen=True)
class SessionDayView:
    id: int
    version: int
    status: SessionStatus
    status_label: str
    patient_id: int
    patient_name: str
    patient_mrn: str
    date_of_birth: date
    clinic_id: int
    clinic_name: str
    time_zone: str
    chair_label: str
    local_date: date
    scheduled_start: datetime
    arrived_at: datetime | None
    ride_driver_name: str
    ride_driver_phone: str
    ride_confirmed: bool
    plan_summary: str
    dose_mg: int | None
    dose_override_reason: str | None
    dose_unmet: tuple[str, ...]
    devices_needed: int
    first_device_at: datetime | None
    checklist_started: bool
    checklist_version: int
    checklist: ChecklistForm
    pre_vitals: tuple[int | None, int | None, int | None, int | None, int | None]  # sbp, dbp, hr, spo2, moaas
    bp_ack_needed: bool
    bp_ack: str
    monotherapy_plan: bool
    pregnancy_applicable: bool
    checklist_unmet: tuple[str, ...]
    answered_by: dict[str, str]
    lots_on_record: tuple[tuple[int, str], ...]
    devices: tuple[DeviceView, ...]
    rest_seconds_remaining: int
    checkpoints: tuple[CheckpointView, ...]
    alerts: tuple[AlertView, ...]
    adverse_events: tuple[AdverseEventView, ...]
    discharge: DischargeAssessment | None
    discharged_at: datetime | None
    discharge_minutes: int | None
    ready_at_minutes: int | None
    signatures: tuple[SignatureView, ...]
    amendments: tuple[AmendmentView, ...]
    form_due_on: date | None
    form_status: str | None
    generated_at: datetime

    @property
    def locked(self) -> bool:
        return bool(self.signatures)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class SessionDayQueryService(BaseService):
    @requires(Op.VIEW_PATIENTS)
    def open_session(self, actor: Actor, session_id: int) -> SessionDayView:
        """Open the session record (a PHI read: audited)."""

        def work(session: Session) -> SessionDayView:
            view = build_view(session, session_id, self.now())
            self.audit(session, actor, "open", "treatment_session", session_id, patient_id=view.patient_id)
            return view

        return self.write(work, "session")

    @requires(Op.VIEW_PATIENTS)
    def session_view(self, actor: Actor, session_id: int) -> SessionDayView:
        """Refresh an already opened record (not audited again)."""
        with self.db.read() as session:
            return build_view(session, session_id, self.now())


def build_view(session: Session, session_id: int, now: datetime) -> SessionDayView:
    ts = load_session(session, session_id)
    patient = session.get(Patient, ts.patient_id)
    clinic = session.get(Clinic, ts.clinic_id)
    chair = session.get(TreatmentChair, ts.chair_id)
    names = dict(session.execute(select(StaffMember.id, StaffMember.full_name)).all())
    plan = active_plan(session, ts)
    checklist = session.scalar(select(PreDoseChecklist).where(PreDoseChecklist.session_id == ts.id))
    answers = answers_for(session, ts.id)
    devices = session.scalars(select(DeviceAdministration).where(
        DeviceAdministration.session_id == ts.id).order_by(DeviceAdministration.sequence)).all()
    checkpoints = session.scalars(select(MonitoringCheckpoint).where(
        MonitoringCheckpoint.session_id == ts.id)).all()
    alerts = session.scalars(select(MonitoringAlert).where(
        MonitoringAlert.session_id == ts.id).order_by(MonitoringAlert.id)).all()
    events = session.scalars(select(AdverseEvent).where(
        AdverseEvent.session_id == ts.id).order_by(AdverseEvent.onset_at)).all()
    discharge = session.scalar(select(Discharge).where(Discharge.session_id == ts.id))
    signatures = session.scalars(select(Signature).where(Signature.session_id == ts.id)
                                 .order_by(Signature.signed_at)).all()
    amendments = session.scalars(select(Amendment).where(Amendment.session_id == ts.id)
                                 .order_by(Amendment.amended_at)).all()
    form = session.scalar(select(RemsMonitoringForm).where(RemsMonitoringForm.session_id == ts.id))
    lots = session.execute(select(DrugLot.id, DrugLot.lot_number).where(
        DrugLot.clinic_id == ts.clinic_id, DrugLot.expires_on >= ts.local_date)
        .order_by(DrugLot.expires_on)).all()
    grace = clinic.overdue_grace_minutes

    def who(staff_id: int | None) -> str:
        return names.get(staff_id, "") if staff_id is not None else ""

    def answered(item: str) -> bool | None:
        row = answers.get(CONTRAINDICATION_ITEM_PREFIX + item)
        return None if row is None else row.value == "yes"

    form_state = ChecklistForm()
    unmet: list[str] = []
    if checklist is not None:
        form_state = ChecklistForm(
            contraindications={c: answered(c.value) for c in Contraindication},
            last_food_at=checklist.last_food_at, last_liquid_at=checklist.last_liquid_at,
            nasal_spray_answered=NASAL_SPRAY_ITEM in answers, nasal_spray_at=checklist.nasal_spray_at,
            pregnancy_status=checklist.pregnancy_status,
            concomitant={k: getattr(checklist, k) for k in
                         ("benzodiazepines", "sedative_hypnotics", "opioids", "psychostimulants", "maois")},
            oral_ad_drug=checklist.oral_ad_drug, oral_ad_dose=checklist.oral_ad_dose,
            oral_ad_taking_as_prescribed=checklist.oral_ad_taking_as_prescribed,
            monotherapy_confirmed=bool(checklist.monotherapy_statement))
        if ts.status == SessionStatus.IN_PROGRESS:
            unmet = unmet_conditions(checklist_facts(session, ts, checklist, now))
    cp_views = []
    for cp in sorted(checkpoints, key=lambda c: (c.planned_offset_minutes is None,
                                                  c.planned_offset_minutes or 0, c.measured_at or now)):
        due = (ts.first_device_at + timedelta(minutes=cp.planned_offset_minutes)
               if cp.planned_offset_minutes is not None and ts.first_device_at else None)
        cp_views.append(CheckpointView(
            cp.id, cp.planned_offset_minutes, due, cp.bp_required, cp.measured_at, cp.systolic,
            cp.diastolic, cp.heart_rate, cp.spo2, cp.respiratory_rate, cp.moaas,
            cp.dissociation.value if cp.dissociation else None, cp.cadss, cp.nausea, cp.vomiting, cp.note,
            who(cp.recorded_by_id),
            due is not None and ts.status == SessionStatus.MONITORING
            and is_overdue(due, cp.measured_at, now, grace)))
    plan_summary = "no active treatment plan"
    if plan is not None:
        plan_summary = (f"{plan.indication.value.upper()} · {plan.oral_ad_strategy.value} · "
                        f"target {plan.target_dose_mg} mg")
    c = checklist
    return SessionDayView(
        id=ts.id, version=ts.version, status=ts.status, status_label=STATUS_LABELS[ts.status],
        patient_id=patient.id, patient_name=f"{patient.last_name}, {patient.first_name}",
        patient_mrn=patient.mrn, date_of_birth=patient.date_of_birth, clinic_id=clinic.id,
        clinic_name=clinic.name, time_zone=clinic.time_zone, chair_label=chair.label,
        local_date=ts.local_date, scheduled_start=ts.scheduled_start, arrived_at=ts.arrived_at,
        ride_driver_name=ts.ride_driver_name, ride_driver_phone=ts.ride_driver_phone,
        ride_confirmed=ts.ride_confirmed, plan_summary=plan_summary, dose_mg=ts.dose_mg,
        dose_override_reason=ts.dose_override_reason,
        dose_unmet=tuple(dose_reasons(session, ts)) if ts.status == SessionStatus.IN_PROGRESS else (),
        devices_needed=devices_for_dose(ts.dose_mg) if ts.dose_mg else 0,
        first_device_at=ts.first_device_at, checklist_started=c is not None,
        checklist_version=c.version if c else 0, checklist=form_state,
        pre_vitals=(c.pre_systolic, c.pre_diastolic, c.pre_heart_rate, c.pre_spo2, c.baseline_moaas)
        if c else (None,) * 5,
        bp_ack_needed=bool(c and predose_bp_elevated(c.pre_systolic, c.pre_diastolic)),
        bp_ack=(f"{c.bp_ack_reason} — {who(c.bp_ack_by_id)}" if c and c.bp_ack_reason else ""),
        monotherapy_plan=bool(plan and plan.oral_ad_strategy.value == "monotherapy"),
        pregnancy_applicable=patient.can_become_pregnant,
        checklist_unmet=tuple(unmet),
        answered_by={item: f"{who(row.answered_by_id)}, "
                           f"{row.answered_at.astimezone(ZoneInfo(clinic.time_zone)):%I:%M %p}"
                     for item, row in answers.items()},
        lots_on_record=tuple((i, n) for i, n in lots),
        devices=tuple(DeviceView(d.sequence, d.administered_at, d.lot_number, d.early_reason or "",
                                 who(d.observed_by_id)) for d in devices),
        rest_seconds_remaining=rest_seconds_remaining(devices[-1].administered_at if devices else None, now),
        checkpoints=tuple(cp_views),
        alerts=tuple(AlertView(a.id, a.kind.value, a.detail, a.raised_at, a.action_note,
                               who(a.action_by_id), a.version, a.checkpoint_id) for a in alerts),
        adverse_events=tuple(AdverseEventView(e.id, e.event_type, e.severity.value, e.serious, e.onset_at,
                                              e.action_taken, e.outcome, e.description) for e in events),
        discharge=assess(session, ts, now) if ts.status == SessionStatus.MONITORING else None,
        discharged_at=discharge.discharged_at if discharge else None,
        discharge_minutes=discharge.total_minutes if discharge else None,
        ready_at_minutes=discharge.ready_at_minutes if discharge else None,
        signatures=tuple(SignatureView(s.role.value, who(s.signer_id), s.signed_at, s.meaning)
                         for s in signatures),
        amendments=tuple(AmendmentView(a.field, a.old_value, a.new_value, a.reason, who(a.amended_by_id),
                                       a.amended_at) for a in amendments),
        form_due_on=form.due_on if form else None, form_status=form.status.value if form else None,
        generated_at=now,
    )
