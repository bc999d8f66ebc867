"""The patient chart read model: demographics, enrollment, eligibility, screening, plan + phase,
oral antidepressants, outcome series and session history, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    AntidepressantTrial,
    Clinic,
    ConcurrentAntidepressant,
    ContraindicationScreening,
    OutcomeMeasure,
    Patient,
    RemsPatientEnrollment,
    StaffMember,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain import contraindications as ci
from aurora_desktop.domain import scales
from aurora_desktop.domain import treatment_phase as tp
from aurora_desktop.domain.eligibility import TrdVerdict, TrialFacts, trd_verdict
from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    EnrollmentStatus,
    Indication,
    OralAdStrategy,
    PlanStatus,
    Scale,
    SessionStatus,
    TrialOutcome,
)
from aurora_desktop.domain.errors import NotFound
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.patients import PatientView, _form_of
from aurora_desktop.services.permissions import Op, requires

NEW_YORK = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class EnrollmentView:
    id: int
    rems_patient_id: str
    enrolled_on: date
    status: EnrollmentStatus
    version: int = 0
    recorded_by_id: int | None = None
    ended_on: date | None = None
    ended_by_id: int | None = None
    end_reason: str | None = None


@dataclass(frozen=True)
class TrialView:
    id: int
    drug: str
    dose_text: str
    duration_weeks: int
    adequate_dose: bool
    adequate_duration: bool
    current_episode: bool
    outcome: TrialOutcome
    version: int = 0


@dataclass(frozen=True)
class ScreeningView:
    id: int
    version: int
    item: Contraindication
    label: str
    answer: Answer
    screened_at: datetime
    screened_by_id: int | None
    prescriber_decision: str | None
    decided_by_id: int | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class PlanView:
    id: int
    indication: Indication
    strategy: OralAdStrategy
    prescriber_id: int
    start_date: date
    target_dose_mg: int
    monotherapy_attested: bool
    version: int = 0
    notes: str = ""


@dataclass(frozen=True)
class OralAdView:
    id: int
    version: int
    drug: str
    dose_text: str
    frequency: str
    started_on: date
    stopped_on: date | None
    prescriber_name: str
    stop_reason: str = ""

    @property
    def current(self) -> bool:
        return self.stopped_on is None


@dataclass(frozen=True)
class SessionRow:
    session_id: int
    local_date: date
    clinic_code: str
    dose_mg: int | None
    phase_label: str
    status: SessionStatus


@dataclass(frozen=True)
class PatientChart:
    patient: PatientView
    enrollment: EnrollmentView | None
    rems_enrolled: bool
    trials: tuple[TrialView, ...]
    eligibility: TrdVerdict
    screening: tuple[ScreeningView, ...]
    screening_status: ci.ScreeningStatus
    plan: PlanView | None
    phase: tp.PhaseInfo | None
    oral_ads: tuple[OralAdView, ...]
    phq9: tuple[scales.ScorePoint, ...]
    madrs: tuple[scales.ScorePoint, ...]
    sessions: tuple[SessionRow, ...]
    # Names of the staff the chart refers to (recorded/screened/decided by, prescriber).
    staff_names: Mapping[int, str] = field(default_factory=dict)

    def staff_name(self, staff_id: int | None) -> str:
        if staff_id is None:
            return ""
        return self.staff_names.get(staff_id, f"staff #{staff_id}")


def _by_patient(session: Session, model: type, patient_id: int, *order: object) -> list:
    return list(session.scalars(select(model).where(model.patient_id == patient_id)
                                .order_by(*order)))


def build_chart(session: Session, patient_id: int, today: date) -> PatientChart:
    """Ten queries whatever the history length (one per table, plus staff names)."""
    p = session.get(Patient, patient_id)
    if p is None:
        raise NotFound("patient", patient_id)
    enrollments = _by_patient(session, RemsPatientEnrollment, patient_id,
                              RemsPatientEnrollment.recorded_at, RemsPatientEnrollment.id)
    latest = enrollments[-1] if enrollments else None
    enrollment = (EnrollmentView(latest.id, latest.rems_patient_id, latest.enrolled_on,
                                 latest.status, latest.version, latest.recorded_by_id,
                                 latest.ended_on, latest.ended_by_id, latest.end_reason)
                  if latest else None)
    trials = tuple(TrialView(t.id, t.drug, t.dose_text, t.duration_weeks, t.adequate_dose,
                             t.adequate_duration, t.current_episode, t.outcome, t.version)
                   for t in _by_patient(session, AntidepressantTrial, patient_id,
                                        AntidepressantTrial.id))
    verdict = trd_verdict([TrialFacts(t.drug, t.duration_weeks, t.adequate_dose,
                                      t.adequate_duration, t.current_episode, t.outcome)
                           for t in trials])
    latest_answers: dict[Contraindication, ContraindicationScreening] = {}
    for row in _by_patient(session, ContraindicationScreening, patient_id,
                           ContraindicationScreening.screened_at, ContraindicationScreening.id):
        latest_answers[row.item] = row
    screening = tuple(
        ScreeningView(r.id, r.version, r.item, ci.LABELS[r.item], r.answer, r.screened_at,
                      r.screened_by_id, r.prescriber_decision, r.decided_by_id, r.decided_at)
        for item in Contraindication if (r := latest_answers.get(item)) is not None)
    status = ci.screening_status({s.item: ci.ScreeningAnswer(s.answer, s.prescriber_decision)
                                  for s in screening})
    plans = _by_patient(session, TreatmentPlan, patient_id, TreatmentPlan.id)
    active = next((x for x in reversed(plans) if x.status is PlanStatus.ACTIVE), None)
    plan = (PlanView(active.id, active.indication, active.oral_ad_strategy, active.prescriber_id,
                     active.start_date, active.target_dose_mg,
                     active.monotherapy_attested_by_id is not None, active.version,
                     active.notes) if active else None)
    rows = session.execute(
        select(TreatmentSession, Clinic.code).join(Clinic, Clinic.id == TreatmentSession.clinic_id)
        .where(TreatmentSession.patient_id == patient_id)
        .order_by(TreatmentSession.scheduled_start, TreatmentSession.id)).all()
    completed = [ts.local_date for ts, _ in rows if ts.status is SessionStatus.DISCHARGED
                 and (active is None or ts.plan_id in (None, active.id))]
    phase = (tp.current_phase(active.indication, active.start_date, completed, today)
             if active else None)
    history = []
    for ts, code in rows:
        label = ""
        if active is not None and ts.local_date >= active.start_date:
            label = tp.PHASE_LABELS[tp.position(active.indication, active.start_date, completed,
                                                ts.local_date).phase]
        history.append(SessionRow(ts.id, ts.local_date, code, ts.dose_mg, label, ts.status))
    oral = tuple(OralAdView(o.id, o.version, o.drug, o.dose_text, o.frequency, o.started_on,
                            o.stopped_on, o.prescriber_name, o.stop_reason)
                 for o in _by_patient(session, ConcurrentAntidepressant, patient_id,
                                      ConcurrentAntidepressant.started_on,
                                      ConcurrentAntidepressant.id))
    measures = _by_patient(session, OutcomeMeasure, patient_id, OutcomeMeasure.measured_on,
                           OutcomeMeasure.id)
    series = {scale: tuple(scales.score_series(scale, [(m.measured_on, m.total)
                                                       for m in measures if m.scale is scale]))
              for scale in Scale}
    staff_ids = {s.screened_by_id for s in screening} | {s.decided_by_id for s in screening}
    staff_ids |= {latest.recorded_by_id if latest else None, active.prescriber_id if active else None,
                  latest.ended_by_id if latest else None}
    staff_ids.discard(None)
    names = dict(session.execute(select(StaffMember.id, StaffMember.full_name)
                                 .where(StaffMember.id.in_(sorted(staff_ids)))).all())
    return PatientChart(
        PatientView(p.id, p.version, _form_of(p)), enrollment,
        latest is not None and latest.status is EnrollmentStatus.ACTIVE, trials, verdict,
        screening, status, plan, phase, oral, series[Scale.PHQ9], series[Scale.MADRS],
        tuple(history), names)


class PatientChartService(BaseService):
    @requires(Op.VIEW_PATIENTS)
    def open_chart(self, actor: Actor, patient_id: int) -> PatientChart:
        """The chart; opening it is a PHI read and is audited ("view")."""
        today = self.now().astimezone(NEW_YORK).date()

        def work(session: Session) -> PatientChart:
            chart = build_chart(session, patient_id, today)
            self.audit(session, actor, "view", "patient_chart", patient_id,
                       patient_id=patient_id)
            return chart

        return self.write(work, "patient chart")
