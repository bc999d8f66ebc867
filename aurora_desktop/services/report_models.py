"""Read models for the day log, patient history, REMS forms list, reminder list and day sheet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    AdverseEvent,
    Clinic,
    ConcurrentAntidepressant,
    DeviceAdministration,
    Discharge,
    MonitoringAlert,
    OutcomeMeasure,
    Patient,
    RemsMonitoringForm,
    RemsPatientEnrollment,
    TreatmentChair,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.enums import (
    INACTIVE_SESSION_STATUSES,
    FormStatus,
    Scale,
    SessionStatus,
)
from aurora_desktop.services.record_parts import (
    ALERT_LABELS,
    ClinicHeader,
    OralAdRow,
    PatientHeader,
    completed_in_plan,
    plan_phase,
)
from aurora_desktop.services.session_queries import fetch_session_rows, local_day_bounds
from aurora_desktop.services.session_record import staff_names


@dataclass(frozen=True)
class DayLogRow:
    session_id: int
    patient_id: int
    local_start: datetime
    local_end: datetime
    chair_label: str
    patient_name: str
    mrn: str
    status: SessionStatus
    dose_mg: int | None
    lots: tuple[str, ...]
    first_device_at: datetime | None
    discharged_at: datetime | None
    monitoring_minutes: int | None
    alerts: int
    adverse_events: int


@dataclass(frozen=True)
class DayLog:
    clinic: ClinicHeader
    day: date
    rows: tuple[DayLogRow, ...]

    def count(self, status: SessionStatus) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def devices_used(self) -> int:
        return sum((r.dose_mg or 0) // 28 for r in self.rows)


def _count_by_session(session: Session, model: type, ids: list[int]) -> dict[int, int]:
    """Rows of *model* per session id (one grouped query; absent ids have none)."""
    if not ids:
        return {}
    return dict(session.execute(
        select(model.session_id, func.count(model.id))
        .where(model.session_id.in_(ids)).group_by(model.session_id)).all())


def _patient_name(first: str, last: str) -> str:
    return f"{last}, {first}"


def _active_at_clinic(stmt: Select, clinic: Clinic, start: datetime, end: datetime) -> Select:
    """*stmt* limited to the clinic's booked (not cancelled / no-show) sessions starting in
    [start, end)."""
    return (stmt.where(TreatmentSession.clinic_id == clinic.id)
            .where(TreatmentSession.scheduled_start >= start,
                   TreatmentSession.scheduled_start < end)
            .where(TreatmentSession.status.not_in(list(INACTIVE_SESSION_STATUSES))))


def load_day_log(session: Session, clinic: Clinic, day: date) -> DayLog:
    rows = fetch_session_rows(session, clinic, day)
    ids = [r.id for r in rows]
    lots: dict[int, list[str]] = defaultdict(list)
    first: dict[int, datetime] = {}
    discharges: dict[int, tuple[datetime, int]] = {}
    alerts = _count_by_session(session, MonitoringAlert, ids)
    events = _count_by_session(session, AdverseEvent, ids)
    if ids:
        for sid, lot, at in session.execute(
            select(DeviceAdministration.session_id, DeviceAdministration.lot_number,
                   DeviceAdministration.administered_at)
            .where(DeviceAdministration.session_id.in_(ids))
            .order_by(DeviceAdministration.session_id, DeviceAdministration.sequence)
        ):
            if lot not in lots[sid]:
                lots[sid].append(lot)
            first.setdefault(sid, at)
        for sid, at, minutes in session.execute(
            select(Discharge.session_id, Discharge.discharged_at, Discharge.total_minutes)
            .where(Discharge.session_id.in_(ids))
        ):
            discharges[sid] = (at, minutes)
    out = tuple(
        DayLogRow(
            r.id, r.patient_id, r.local_start, r.local_end, r.chair_label, r.patient_name,
            r.patient_mrn, r.status, r.dose_mg, tuple(lots[r.id]), first.get(r.id),
            discharges[r.id][0] if r.id in discharges else None,
            discharges[r.id][1] if r.id in discharges else None, alerts.get(r.id, 0),
            events.get(r.id, 0),
        )
        for r in rows
    )
    return DayLog(ClinicHeader.from_model(clinic), day, out)


@dataclass(frozen=True)
class HistoryPlan:
    indication: str
    oral_ad_strategy: str
    prescriber: str
    start_date: date
    target_dose_mg: int
    status: str
    notes: str


@dataclass(frozen=True)
class HistorySession:
    session_id: int
    local_date: date
    clinic_code: str
    status: SessionStatus
    dose_mg: int | None
    phase: str
    monitoring_minutes: int | None
    notable: str


@dataclass(frozen=True)
class OutcomePoint:
    measured_on: date
    scale: Scale
    total: int


@dataclass(frozen=True)
class PatientHistory:
    patient: PatientHeader
    clinic: ClinicHeader  # home clinic (else the latest session's, else the first clinic)
    plans: tuple[HistoryPlan, ...]
    oral_antidepressants: tuple[OralAdRow, ...]
    sessions: tuple[HistorySession, ...]
    outcomes: tuple[OutcomePoint, ...]


def load_patient_history(session: Session, patient: Patient) -> PatientHistory:
    pid = patient.id
    enrollment = session.scalars(
        select(RemsPatientEnrollment).where(RemsPatientEnrollment.patient_id == pid)
        .order_by(RemsPatientEnrollment.enrolled_on.desc(), RemsPatientEnrollment.id.desc())
    ).first()
    plans = session.scalars(
        select(TreatmentPlan).where(TreatmentPlan.patient_id == pid)
        .order_by(TreatmentPlan.start_date, TreatmentPlan.id)).all()
    names = staff_names(session, [p.prescriber_id for p in plans])
    ads = session.scalars(
        select(ConcurrentAntidepressant).where(ConcurrentAntidepressant.patient_id == pid)
        .order_by(ConcurrentAntidepressant.started_on)).all()
    rows = session.execute(
        select(TreatmentSession, Clinic.code)
        .join(Clinic, Clinic.id == TreatmentSession.clinic_id)
        .where(TreatmentSession.patient_id == pid)
        .order_by(TreatmentSession.scheduled_start, TreatmentSession.id)).all()
    ids = [ts.id for ts, _ in rows]
    minutes = dict(session.execute(
        select(Discharge.session_id, Discharge.total_minutes)
        .where(Discharge.session_id.in_(ids))).all()) if ids else {}
    notes: dict[int, list[str]] = defaultdict(list)
    if ids:
        for sid, kind in session.execute(
            select(MonitoringAlert.session_id, MonitoringAlert.kind)
            .where(MonitoringAlert.session_id.in_(ids)).order_by(MonitoringAlert.id)
        ):
            notes[sid].append(f"alert: {ALERT_LABELS.get(kind.value, kind.value)}")
        for sid, kind, serious in session.execute(
            select(AdverseEvent.session_id, AdverseEvent.event_type, AdverseEvent.serious)
            .where(AdverseEvent.session_id.in_(ids)).order_by(AdverseEvent.id)
        ):
            notes[sid].append(f"{'SERIOUS ' if serious else ''}adverse event: {kind}")
    plan_by_id = {p.id: p for p in plans}
    completed = {p.id: completed_in_plan(p, [ts for ts, _ in rows]) for p in plans}
    sessions = []
    for ts, code in rows:
        phase = ""
        if ts.status not in INACTIVE_SESSION_STATUSES and ts.plan_id in plan_by_id:
            plan = plan_by_id[ts.plan_id]
            name, number = plan_phase(plan, completed[plan.id], ts.local_date)
            phase = f"{name.split(' (')[0]} #{number}" if name else ""
        if ts.status in INACTIVE_SESSION_STATUSES and ts.cancel_reason:
            notes[ts.id].append(f"reason: {ts.cancel_reason}")
        sessions.append(HistorySession(ts.id, ts.local_date, code, ts.status, ts.dose_mg, phase,
                                       minutes.get(ts.id), "; ".join(notes[ts.id])))
    outcomes = session.execute(
        select(OutcomeMeasure.measured_on, OutcomeMeasure.scale, OutcomeMeasure.total)
        .where(OutcomeMeasure.patient_id == pid)
        .order_by(OutcomeMeasure.measured_on, OutcomeMeasure.id)).all()
    clinic_id = patient.home_clinic_id or (rows[-1][0].clinic_id if rows else None)
    clinic = session.get(Clinic, clinic_id) if clinic_id else None
    if clinic is None:
        clinic = session.scalars(select(Clinic).order_by(Clinic.id)).first()
    return PatientHistory(
        patient=PatientHeader.from_model(patient, enrollment),
        clinic=ClinicHeader.from_model(clinic),
        plans=tuple(HistoryPlan(p.indication.value, p.oral_ad_strategy.value,
                                names.get(p.prescriber_id, ""), p.start_date, p.target_dose_mg,
                                p.status.value, p.notes) for p in plans),
        oral_antidepressants=tuple(OralAdRow(a.drug, a.dose_text, a.frequency, a.started_on,
                                             a.stopped_on, a.prescriber_name) for a in ads),
        sessions=tuple(sessions),
        outcomes=tuple(OutcomePoint(d, s, t) for d, s, t in outcomes),
    )


@dataclass(frozen=True)
class FormDueRow:
    session_id: int
    treatment_date: date
    patient_name: str
    mrn: str
    due_on: date
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class FormsDueList:
    clinic: ClinicHeader
    as_of: date
    rows: tuple[FormDueRow, ...]


def load_forms_due(session: Session, clinic: Clinic, as_of: date) -> FormsDueList:
    """Every REMS monitoring form not yet submitted at the clinic, oldest due date first."""
    stmt = (
        select(RemsMonitoringForm, TreatmentSession.local_date, Patient.first_name,
               Patient.last_name, Patient.mrn)
        .join(TreatmentSession, TreatmentSession.id == RemsMonitoringForm.session_id)
        .join(Patient, Patient.id == TreatmentSession.patient_id)
        .where(TreatmentSession.clinic_id == clinic.id)
        .where(RemsMonitoringForm.status == FormStatus.DUE)
        .order_by(RemsMonitoringForm.due_on, TreatmentSession.local_date, RemsMonitoringForm.id)
    )
    rows = tuple(
        FormDueRow(form.session_id, day, _patient_name(first, last), mrn, form.due_on,
                   max(0, (as_of - form.due_on).days))
        for form, day, first, last, mrn in session.execute(stmt)
    )
    return FormsDueList(ClinicHeader.from_model(clinic), as_of, rows)


@dataclass(frozen=True)
class ReminderRow:
    session_id: int
    local_start: datetime
    chair_label: str
    patient_name: str
    mrn: str
    phone: str
    ride_driver_name: str
    ride_driver_phone: str
    ride_confirmed: bool
    planned_dose_mg: int | None


@dataclass(frozen=True)
class ReminderList:
    clinic: ClinicHeader
    day: date
    rows: tuple[ReminderRow, ...]


def load_reminder_list(session: Session, clinic: Clinic, day: date) -> ReminderList:
    zone = ZoneInfo(clinic.time_zone)
    start, end = local_day_bounds(zone, day)
    stmt = _active_at_clinic(
        select(TreatmentSession, TreatmentChair.label, Patient.first_name, Patient.last_name,
               Patient.mrn, Patient.phone)
        .join(TreatmentChair, TreatmentChair.id == TreatmentSession.chair_id)
        .join(Patient, Patient.id == TreatmentSession.patient_id), clinic, start, end,
    ).order_by(TreatmentSession.scheduled_start, TreatmentChair.position)
    rows = tuple(
        ReminderRow(ts.id, ts.scheduled_start.astimezone(zone), label, _patient_name(first, last),
                    mrn, phone, ts.ride_driver_name, ts.ride_driver_phone, ts.ride_confirmed,
                    ts.planned_dose_mg)
        for ts, label, first, last, mrn, phone in session.execute(stmt)
    )
    return ReminderList(ClinicHeader.from_model(clinic), day, rows)


@dataclass(frozen=True)
class DaySheetEntry:
    session_id: int
    chair_label: str
    local_start: datetime
    local_end: datetime
    patient_name: str
    mrn: str
    status: SessionStatus
    planned_dose_mg: int | None


@dataclass(frozen=True)
class DaySheet:
    clinic: ClinicHeader
    day: date
    chairs: tuple[str, ...]
    opens: datetime | None
    closes: datetime | None
    entries: tuple[DaySheetEntry, ...]


def load_day_sheet(session: Session, clinic: Clinic, day: date) -> DaySheet:
    zone = ZoneInfo(clinic.time_zone)
    chairs = session.scalars(
        select(TreatmentChair).where(TreatmentChair.clinic_id == clinic.id)
        .order_by(TreatmentChair.position, TreatmentChair.id)).all()
    hours = clinic.opening_hours[day.weekday()] if clinic.opening_hours else None
    opens = closes = None
    if hours:
        opens = datetime.combine(day, datetime.strptime(hours[0], "%H:%M").time(), tzinfo=zone)
        closes = datetime.combine(day, datetime.strptime(hours[1], "%H:%M").time(), tzinfo=zone)
    rows = [r for r in fetch_session_rows(session, clinic, day)
            if r.status not in INACTIVE_SESSION_STATUSES]
    used = {r.chair_label for r in rows}
    labels = tuple(c.label for c in chairs if c.active or c.label in used)
    if rows:
        first, last = min(r.local_start for r in rows), max(r.local_end for r in rows)
        opens = min(opens, first) if opens else first
        closes = max(closes, last) if closes else last
    entries = tuple(DaySheetEntry(r.id, r.chair_label, r.local_start, r.local_end,
                                  r.patient_name, r.patient_mrn, r.status, r.planned_dose_mg)
                    for r in rows)
    return DaySheet(ClinicHeader.from_model(clinic), day, labels, opens, closes, entries)


def session_ids_in_range(session: Session, clinic: Clinic, first_day: date, last_day: date,
                         ) -> list[tuple[int, date, str]]:
    """(session id, local date, MRN) of every session at the clinic in the local date range."""
    zone = ZoneInfo(clinic.time_zone)
    days = (last_day - first_day).days + 1
    start, end = local_day_bounds(zone, first_day, max(days, 1))
    stmt = _active_at_clinic(
        select(TreatmentSession.id, TreatmentSession.local_date, Patient.mrn)
        .join(Patient, Patient.id == TreatmentSession.patient_id), clinic, start, end,
    ).order_by(TreatmentSession.scheduled_start, TreatmentSession.id)
    return [(sid, day, mrn) for sid, day, mrn in session.execute(stmt)]


def dates_between(first_day: date, last_day: date) -> list[date]:
    return [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
