"""A complete, discharged and signed treatment session built straight with the ORM (for reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

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
    OutcomeMeasure,
    Patient,
    PreDoseChecklist,
    RemsMonitoringForm,
    RemsPatientEnrollment,
    Signature,
    TreatmentChair,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.enums import (
    AlertKind,
    Dissociation,
    EnrollmentStatus,
    FormStatus,
    Indication,
    OralAdStrategy,
    PlanStatus,
    Scale,
    SessionStatus,
    Severity,
    SignatureRole,
)
from aurora_desktop.services.container import Services
from tests.support.patient_rows import patient_row
from tests.support.staff import StaffSet

# 2026-11-30 is a Monday; 09:00 EST = 14:00 UTC.
SESSION_DAY = date(2026, 11, 30)
START = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
LOTS = ["LOT-A1234", "LOT-B5678", "LOT-C9012"]
# (offset, systolic, diastolic, hr, spo2, rr, moaas)
VITALS = [
    (15, 138, 86, 78, 98, 14, 5), (40, 152, 94, 84, 97, 15, 4), (60, 147, 91, 80, 96, 14, 4),
    (75, 143, 89, 79, 97, 14, 5), (90, 139, 87, 76, 98, 13, 5), (105, 136, 85, 75, 98, 13, 5),
    (120, 133, 84, 74, 99, 12, 5), (135, 131, 83, 73, 99, 12, 5),
]


@dataclass
class BuiltSession:
    session_id: int
    patient_id: int
    mrn: str
    first_name: str
    last_name: str
    clinic_id: int
    lots: list[str] = field(default_factory=list)
    bps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def make_patient(session, clinic_id: int, mrn: str, first: str, last: str, now: datetime) -> Patient:  # noqa: ANN001
    patient = patient_row(mrn=mrn, first=first, last=last, now=now,
                          date_of_birth=date(1981, 4, 9), phone="(914) 555-0123",
                          home_clinic_id=clinic_id)
    session.add(patient)
    session.flush()
    return patient


def build_session(services: Services, staff: StaffSet, *, checkpoints: int = 8, devices: int = 3,
                  first: str = "Zoë", last: str = "Ğüneş-Łukasz Ψάρρα", mrn: str = "MRN-100234",
                  note_words: int = 6, day_offset: int = 0, patient_id: int | None = None,
                  chair_index: int = 0) -> BuiltSession:
    """One discharged, signed session with *checkpoints* checkpoints and *devices* devices."""
    now = services.ctx.clock.now()
    start = START + timedelta(days=day_offset)
    nurse, doc = staff.nurse.staff_id, staff.prescriber.staff_id

    def work(s) -> BuiltSession:  # noqa: ANN001
        clinic = s.query(Clinic).filter_by(code="WP").one()
        chair = s.query(TreatmentChair).filter_by(clinic_id=clinic.id).order_by(
            TreatmentChair.position).all()[chair_index]
        if patient_id is None:
            patient = make_patient(s, clinic.id, mrn, first, last, now)
            s.add(RemsPatientEnrollment(patient_id=patient.id, rems_patient_id="REMS-P-778899",
                                        enrolled_on=date(2026, 10, 1),
                                        status=EnrollmentStatus.ACTIVE, recorded_at=now))
            s.add(ConcurrentAntidepressant(patient_id=patient.id, drug="Sertraline",
                                           dose_text="100 mg", started_on=date(2026, 6, 1),
                                           prescriber_name="Dr. Lee", recorded_at=now))
            plan = TreatmentPlan(patient_id=patient.id, indication=Indication.TRD,
                                 oral_ad_strategy=OralAdStrategy.ADJUNCTIVE, prescriber_id=doc,
                                 start_date=date(2026, 11, 1), target_dose_mg=84,
                                 status=PlanStatus.ACTIVE, created_at=now)
            s.add(plan)
            s.flush()
            for n, total in enumerate((21, 17, 12)):
                s.add(OutcomeMeasure(patient_id=patient.id, scale=Scale.PHQ9, item_scores=[0] * 9,
                                     total=total, measured_on=date(2026, 11, 2 + 9 * n),
                                     recorded_at=now))
                s.add(OutcomeMeasure(patient_id=patient.id, scale=Scale.MADRS,
                                     item_scores=[0] * 10, total=34 - 8 * n,
                                     measured_on=date(2026, 11, 2 + 9 * n), recorded_at=now))
            pid, plan_id, the_mrn = patient.id, plan.id, mrn
        else:
            patient = s.get(Patient, patient_id)
            pid, the_mrn = patient.id, patient.mrn
            plan_id = s.query(TreatmentPlan).filter_by(patient_id=pid).one().id
        dose = 28 * devices
        ts = TreatmentSession(
            patient_id=pid, clinic_id=clinic.id, chair_id=chair.id, plan_id=plan_id,
            scheduled_start=start - timedelta(minutes=30),
            scheduled_end=start + timedelta(minutes=150), local_date=start.date(),
            status=SessionStatus.DISCHARGED, supervising_prescriber_id=doc,
            assigned_nurse_id=nurse, ride_driver_name="Sam O’Neil",
            ride_driver_phone="(914) 555-0188", ride_confirmed=True,
            ride_confirmed_at=start - timedelta(minutes=25), arrived_at=start - timedelta(minutes=28),
            planned_dose_mg=84, dose_mg=dose,
            dose_override_reason=None if dose in (56, 84) else "tolerability, prescriber decision",
            dose_override_by_id=None if dose in (56, 84) else doc, first_device_at=start,
            created_at=now,
        )
        s.add(ts)
        s.flush()
        sid = ts.id
        built = BuiltSession(sid, pid, the_mrn, first, last, clinic.id)
        s.add(PreDoseChecklist(
            session_id=sid, last_food_at=start - timedelta(hours=3),
            last_liquid_at=start - timedelta(minutes=45), benzodiazepines=False,
            sedative_hypnotics=False, opioids=False, psychostimulants=True, maois=False,
            oral_ad_drug="Sertraline", oral_ad_dose="100 mg", oral_ad_taking_as_prescribed=True,
            pre_systolic=144, pre_diastolic=88, pre_heart_rate=72, pre_spo2=98,
            pre_vitals_at=start - timedelta(minutes=12), baseline_moaas=5, bp_ack_by_id=doc,
            bp_ack_reason="Benefit outweighs transient BP rise", bp_ack_at=start - timedelta(minutes=8),
            completed_by_id=nurse, completed_at=start - timedelta(minutes=6)))
        for n, (item, value) in enumerate([("rems_enrolled", "yes"), ("no_food_2h", "yes"),
                                           ("no_liquids_30m", "yes"), ("ride_home", "yes")]):
            s.add(ChecklistAnswer(session_id=sid, item=item, value=value, answered_by_id=nurse,
                                  answered_at=start - timedelta(minutes=20 - n)))
        for seq in range(1, devices + 1):
            lot_no = LOTS[(seq - 1) % len(LOTS)] + (f"-{day_offset}" if day_offset else "")
            lot = s.query(DrugLot).filter_by(clinic_id=clinic.id, lot_number=lot_no).first()
            if lot is None:
                lot = DrugLot(clinic_id=clinic.id, ndc="50458-028-02", lot_number=lot_no,
                              expires_on=date(2027, 6, 30), received_on=date(2026, 9, 1),
                              quantity_devices=30)
                s.add(lot)
                s.flush()
            s.add(DeviceAdministration(session_id=sid, sequence=seq, lot_id=lot.id,
                                       lot_number=lot_no, observed_by_id=nurse, recorded_at=now,
                                       administered_at=start + timedelta(minutes=5 * (seq - 1))))
            built.lots.append(lot_no)
        words = " ".join(["observation"] * note_words)
        for n in range(checkpoints):
            offset, sbp, dbp, hr, spo2, rr, moaas = VITALS[n % len(VITALS)]
            offset += 15 * (n // len(VITALS)) * len(VITALS)
            note = f"Checkpoint {n + 1} {words}"
            s.add(MonitoringCheckpoint(
                session_id=sid, planned_offset_minutes=offset, bp_required=offset == 40,
                measured_at=start + timedelta(minutes=offset + 1), systolic=sbp + n // 8,
                diastolic=dbp, heart_rate=hr, spo2=spo2, respiratory_rate=rr, moaas=moaas,
                dissociation=Dissociation.MILD if n == 1 else Dissociation.NONE,
                cadss=6 if n == 1 else 0, nausea=n == 2, note=note, recorded_by_id=nurse,
                recorded_at=start + timedelta(minutes=offset + 2)))
            built.bps.append(f"{sbp + n // 8}/{dbp}")
            built.notes.append(note)
        s.add(MonitoringAlert(session_id=sid, kind=AlertKind.BP_HIGH, detail="BP 152/94 at +40",
                              raised_at=start + timedelta(minutes=41),
                              action_note="Prescriber notified; recheck in 20 minutes",
                              action_by_id=nurse, action_at=start + timedelta(minutes=43)))
        s.add(AdverseEvent(session_id=sid, event_type="Nausea", description="Mild nausea at +60",
                           severity=Severity.MILD, onset_at=start + timedelta(minutes=58),
                           action_taken="Emesis bag, reassurance", outcome="Resolved",
                           recorded_by_id=nurse, recorded_at=start + timedelta(minutes=62)))
        s.add(Discharge(session_id=sid, discharged_at=start + timedelta(minutes=137),
                        total_minutes=137, ready_at_minutes=95,
                        criteria_summary="MOAA/S 5, no dissociation, SpO2 99 %, BP 131/83",
                        vitals_acceptable_before_leaving=True,
                        attestation="Clinically stable and ready to leave",
                        attested_by_id=nurse, recorded_at=start + timedelta(minutes=137)))
        s.add(RemsMonitoringForm(session_id=sid, clinic_id=clinic.id, due_on=start.date() + timedelta(days=7),
                                 status=FormStatus.DUE))
        s.add(Signature(session_id=sid, role=SignatureRole.NURSE, signer_id=nurse,
                        signed_at=start + timedelta(minutes=140), meaning="Recorded and reviewed"))
        s.add(Signature(session_id=sid, role=SignatureRole.PRESCRIBER, signer_id=doc,
                        signed_at=start + timedelta(minutes=150), meaning="Co-signed"))
        s.add(Amendment(session_id=sid, entity="monitoring_checkpoint", field="note",
                        old_value="typo", new_value="corrected note", reason="Typo fixed",
                        amended_by_id=nurse, amended_at=start + timedelta(minutes=160)))
        return built

    return services.ctx.db.write(work)
