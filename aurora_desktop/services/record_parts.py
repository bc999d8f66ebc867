"""Parts of the session read model (clinic, patient, checklist, rows) and the REMS form block."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from aurora_desktop.domain.enums import (
    AlertKind,
    Dissociation,
    EnrollmentStatus,
    FormStatus,
    Indication,
    OralAdStrategy,
    PlanStatus,
    PregnancyStatus,
    SessionStatus,
    Severity,
    SignatureRole,
)
from aurora_desktop.domain.treatment_phase import PHASE_LABELS, position

if TYPE_CHECKING:
    from aurora_desktop.services.session_record import SessionRecord

Who = Callable[[int | None], str]

PRE_DOSE_BP_LIMIT = (140, 90)
BP_PEAK_OFFSET = 40
RESPIRATORY_RATE_LOW = 10  # breaths/min below which the PMF counts respiratory depression
ALERT_LABELS = {"spo2_low": "SpO2 low", "sedation": "Sedation", "bp_high": "BP high",
                "bp_rise": "BP rise", "overdue": "Checkpoint overdue"}


def completed_in_plan(plan: Any, sessions: Iterable[Any]) -> list[date]:
    """Local dates of the plan's completed (discharged) sessions — what the domain phase
    rule counts, exactly as the patient chart passes it (sessions without a plan count too).
    *sessions* are rows with ``plan_id``, ``status`` and ``local_date``."""
    return sorted(s.local_date for s in sessions
                  if s.status is SessionStatus.DISCHARGED and s.plan_id in (None, plan.id))


def plan_phase(plan: Any, completed: Sequence[date], day: date) -> tuple[str, int]:
    """Phase label and number in phase of a session on *day*: ``domain.treatment_phase.position``
    (treatment weeks from the first session, so gaps and missed sessions count as the clinic
    sees them); ("", 0) for a day before the plan starts."""
    if day < plan.start_date:
        return "", 0
    where = position(plan.indication, plan.start_date, completed, day)
    return PHASE_LABELS[where.phase], where.number_in_phase


@dataclass(frozen=True)
class ClinicHeader:
    id: int
    code: str
    name: str
    address: str
    phone: str
    rems_setting_id: str
    time_zone: str

    @classmethod
    def from_model(cls, clinic: Any) -> ClinicHeader:
        address = f"{clinic.address_line1}, {clinic.city}, {clinic.state} {clinic.postal_code}"
        return cls(clinic.id, clinic.code, clinic.name, address, clinic.phone,
                   clinic.rems_setting_id, clinic.time_zone)


@dataclass(frozen=True)
class PatientHeader:
    id: int
    mrn: str
    first_name: str
    middle_name: str
    last_name: str
    date_of_birth: date
    sex: str
    phone: str
    rems_patient_id: str
    rems_status: EnrollmentStatus | None
    rems_enrolled_on: date | None
    rems_ended_on: date | None = None

    @property
    def display_name(self) -> str:
        given = f"{self.first_name} {self.middle_name}".strip()
        return f"{self.last_name}, {given}"

    @classmethod
    def from_model(cls, patient: Any, enrollment: Any | None) -> PatientHeader:
        return cls(
            patient.id, patient.mrn, patient.first_name, patient.middle_name, patient.last_name,
            patient.date_of_birth, patient.sex.value, patient.phone,
            enrollment.rems_patient_id if enrollment else "",
            enrollment.status if enrollment else None,
            enrollment.enrolled_on if enrollment else None,
            enrollment.ended_on if enrollment else None,
        )


@dataclass(frozen=True)
class PlanInfo:
    indication: Indication
    oral_ad_strategy: OralAdStrategy
    prescriber: str
    start_date: date
    target_dose_mg: int
    status: PlanStatus
    monotherapy_attested_by: str
    monotherapy_attested_at: datetime | None
    notes: str
    session_number: int
    phase: str
    session_in_phase: int


@dataclass(frozen=True)
class OralAdRow:
    drug: str
    dose: str
    frequency: str
    started_on: date
    stopped_on: date | None
    prescriber_name: str


@dataclass(frozen=True)
class AnswerRow:
    item: str
    value: str
    answered_by: str
    answered_at: datetime


@dataclass(frozen=True)
class ChecklistInfo:
    last_food_at: datetime | None
    last_liquid_at: datetime | None
    nasal_spray_at: datetime | None
    pregnancy_status: PregnancyStatus
    benzodiazepines: bool | None
    sedative_hypnotics: bool | None
    opioids: bool | None
    psychostimulants: bool | None
    maois: bool | None
    oral_ad_drug: str
    oral_ad_dose: str
    oral_ad_taking_as_prescribed: bool | None
    monotherapy_statement: str
    pre_systolic: int | None
    pre_diastolic: int | None
    pre_heart_rate: int | None
    pre_spo2: int | None
    pre_vitals_at: datetime | None
    baseline_moaas: int | None
    bp_ack_by: str
    bp_ack_reason: str | None
    bp_ack_at: datetime | None
    completed_by: str
    completed_at: datetime | None

    @property
    def bp_elevated(self) -> bool:
        if self.pre_systolic is None or self.pre_diastolic is None:
            return False
        return self.pre_systolic > PRE_DOSE_BP_LIMIT[0] or self.pre_diastolic > PRE_DOSE_BP_LIMIT[1]

    @classmethod
    def from_model(cls, c: Any, who: Who) -> ChecklistInfo:
        return cls(
            c.last_food_at, c.last_liquid_at, c.nasal_spray_at, c.pregnancy_status,
            c.benzodiazepines, c.sedative_hypnotics, c.opioids, c.psychostimulants, c.maois,
            c.oral_ad_drug, c.oral_ad_dose, c.oral_ad_taking_as_prescribed,
            c.monotherapy_statement, c.pre_systolic, c.pre_diastolic, c.pre_heart_rate,
            c.pre_spo2, c.pre_vitals_at, c.baseline_moaas, who(c.bp_ack_by_id), c.bp_ack_reason,
            c.bp_ack_at, who(c.completed_by_id), c.completed_at,
        )


@dataclass(frozen=True)
class DeviceRow:
    sequence: int
    administered_at: datetime
    lot_number: str
    ndc: str
    expires_on: date | None
    early_reason: str | None
    observed_by: str


@dataclass(frozen=True)
class CheckpointRow:
    planned_offset_minutes: int | None
    bp_required: bool
    measured_at: datetime | None
    minutes_after_first_device: int | None
    systolic: int | None
    diastolic: int | None
    heart_rate: int | None
    spo2: int | None
    respiratory_rate: int | None
    moaas: int | None
    dissociation: Dissociation | None
    cadss: int | None
    nausea: bool
    vomiting: bool
    note: str
    recorded_by: str
    recorded_at: datetime | None

    @property
    def has_bp(self) -> bool:
        return self.systolic is not None and self.diastolic is not None

    @classmethod
    def from_model(cls, c: Any, who: Who, first_device_at: datetime | None) -> CheckpointRow:
        minutes = None
        if c.measured_at is not None and first_device_at is not None:
            minutes = round((c.measured_at - first_device_at).total_seconds() / 60)
        return cls(
            c.planned_offset_minutes, c.bp_required, c.measured_at, minutes, c.systolic,
            c.diastolic, c.heart_rate, c.spo2, c.respiratory_rate, c.moaas, c.dissociation,
            c.cadss, c.nausea, c.vomiting, c.note, who(c.recorded_by_id), c.recorded_at,
        )


@dataclass(frozen=True)
class AlertRow:
    kind: AlertKind
    detail: str
    raised_at: datetime
    action_note: str | None
    action_by: str
    action_at: datetime | None


@dataclass(frozen=True)
class AdverseEventRow:
    event_type: str
    description: str
    severity: Severity
    serious: bool
    onset_at: datetime
    action_taken: str
    outcome: str
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def from_model(cls, e: Any, who: Who) -> AdverseEventRow:
        return cls(e.event_type, e.description, e.severity, e.serious, e.onset_at,
                   e.action_taken, e.outcome, who(e.recorded_by_id), e.recorded_at)


@dataclass(frozen=True)
class DischargeInfo:
    discharged_at: datetime
    total_minutes: int
    ready_at_minutes: int | None
    criteria_summary: str
    vitals_acceptable_before_leaving: bool
    bp_accepted_by: str
    bp_accept_reason: str | None
    attestation: str
    attested_by: str
    recorded_at: datetime

    @classmethod
    def from_model(cls, d: Any, who: Who) -> DischargeInfo:
        return cls(d.discharged_at, d.total_minutes, d.ready_at_minutes, d.criteria_summary,
                   d.vitals_acceptable_before_leaving, who(d.bp_accepted_by_id),
                   d.bp_accept_reason, d.attestation, who(d.attested_by_id), d.recorded_at)


@dataclass(frozen=True)
class FormTracking:
    due_on: date
    status: FormStatus
    submitted_on: date | None
    confirmation: str | None
    submitted_by: str

    @classmethod
    def from_model(cls, f: Any, who: Who) -> FormTracking:
        return cls(f.due_on, f.status, f.submitted_on, f.confirmation, who(f.submitted_by_id))


@dataclass(frozen=True)
class SignatureRow:
    role: SignatureRole
    signer: str
    signed_at: datetime
    meaning: str


@dataclass(frozen=True)
class AmendmentRow:
    entity: str
    entity_id: int | None
    field: str
    old_value: str
    new_value: str
    reason: str
    amended_by: str
    amended_at: datetime


def _yn(value: bool | None) -> str:
    return "not recorded" if value is None else ("Yes" if value else "No")


def _bp(row: CheckpointRow | None) -> str:
    if row is None or not row.has_bp:
        return "not recorded"
    return f"{row.systolic}/{row.diastolic} mmHg"


def _spo2_checks(measured: list[CheckpointRow]) -> str:
    readings = [cp.spo2 for cp in measured if cp.spo2 is not None]
    if not readings:
        return "none recorded"
    return f"{len(readings)} (lowest {min(readings)} %)"


def pmf_block(record: SessionRecord, patient: Any, contact: tuple[str, str, str],
              spo2_threshold: int) -> tuple[tuple[str, str], ...]:
    """The REMS Patient Monitoring Form fields (reference section 7) as label/value pairs."""
    c = record.checklist
    measured = [cp for cp in record.checkpoints if cp.measured_at is not None]
    with_bp = [cp for cp in measured if cp.has_bp]
    at_40 = next((cp for cp in with_bp if cp.planned_offset_minutes == BP_PEAK_OFFSET), None)
    if at_40 is None and with_bp:
        at_40 = min(with_bp, key=lambda cp: abs((cp.minutes_after_first_device or 0) - BP_PEAK_OFFSET))
    pre_bp = (f"{c.pre_systolic}/{c.pre_diastolic} mmHg"
              if c and c.pre_systolic is not None and c.pre_diastolic is not None else "not recorded")
    pre_ok = "not recorded"
    if c and c.pre_systolic is not None:
        pre_ok = "Yes" if not c.bp_elevated else (
            "Yes (elevated; prescriber acknowledged)" if c.bp_ack_reason else "No")

    def med(check_value: bool | None, patient_value: bool) -> str:
        return _yn(check_value if check_value is not None else patient_value)

    sedation = any(cp.moaas is not None and cp.moaas <= 3 for cp in measured)
    dissociation = any((cp.dissociation not in (None, Dissociation.NONE))
                       or (cp.cadss is not None and cp.cadss > 4) for cp in measured)
    resp = any((cp.spo2 is not None and cp.spo2 < spo2_threshold)
               or (cp.respiratory_rate is not None and cp.respiratory_rate < RESPIRATORY_RATE_LOW)
               for cp in measured) or any(
        "respirat" in e.event_type.lower() for e in record.adverse_events)
    serious = [e.event_type for e in record.adverse_events if e.serious]
    dose = {56: "56 mg", 84: "84 mg"}.get(record.dose_mg or 0,
                                          f"other: {record.dose_mg} mg" if record.dose_mg else
                                          "not administered")
    d = record.discharge
    name, phone, email = contact
    return (
        ("Patient first name", record.patient.first_name),
        ("Patient last name", record.patient.last_name),
        ("Date of birth", record.patient.date_of_birth.strftime("%m/%d/%Y")),
        ("Sex", record.patient.sex),
        ("First treatment", "Yes" if record.first_treatment else "No"),
        ("Enrolled in the SPRAVATO REMS",
         "Yes" if record.patient.rems_status == EnrollmentStatus.ACTIVE else "No"),
        ("Benzodiazepines", med(c.benzodiazepines if c else None, patient.takes_benzodiazepines)),
        ("Non-benzodiazepine sedative hypnotics",
         med(c.sedative_hypnotics if c else None, patient.takes_sedative_hypnotics)),
        ("Psychostimulants", med(c.psychostimulants if c else None, patient.takes_psychostimulants)),
        ("MAOIs", med(c.maois if c else None, patient.takes_maois)),
        ("Opioids", med(c.opioids if c else None, patient.takes_opioids)),
        ("Monitoring healthcare provider", name or "not recorded"),
        ("Provider phone", phone or "not recorded"),
        ("Provider email", email or "not recorded"),
        ("Healthcare setting", f"{record.clinic.name} ({record.clinic.rems_setting_id})"),
        ("Setting address", record.clinic.address),
        ("Treatment date", record.local_date.strftime("%m/%d/%Y")),
        ("Dose", dose),
        ("Lot number(s)", ", ".join(record.lot_numbers) or "none recorded"),
        ("Total minutes, first device to end of monitoring",
         str(d.total_minutes) if d else "not discharged"),
        ("Would have been ready to leave after (minutes)",
         str(d.ready_at_minutes) if d and d.ready_at_minutes is not None else "not recorded"),
        ("Vital signs acceptable before administration", pre_ok),
        ("Vital signs acceptable before leaving",
         _yn(d.vitals_acceptable_before_leaving) if d else "not discharged"),
        ("BP before administration", pre_bp),
        ("BP at ~40 minutes", _bp(at_40)),
        ("BP before leaving", _bp(with_bp[-1] if with_bp else None)),
        ("Pulse-oximetry checks", _spo2_checks(measured)),
        ("Sedation (MOAA/S ≤ 3)", "Yes" if sedation else "No"),
        ("Dissociation", "Yes" if dissociation else "No"),
        ("Respiratory depression", "Yes" if resp else "No"),
        ("Serious adverse events", "; ".join(serious) if serious else "None"),
    )
