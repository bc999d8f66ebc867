"""Patient registry and clinical history: demographics, REMS enrollment, prior antidepressant
trials, contraindication screening, treatment plans, oral antidepressants and outcome measures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    AntidepressantTrial,
    ConcurrentAntidepressant,
    ContraindicationScreening,
    OutcomeMeasure,
    Patient,
    RemsPatientEnrollment,
    StaffMember,
    TreatmentPlan,
)
from aurora_desktop.domain import scales
from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    EnrollmentStatus,
    Indication,
    OralAdStrategy,
    PlanStatus,
    Role,
    Scale,
    TrialOutcome,
)
from aurora_desktop.domain.errors import (
    Conflict,
    FieldError,
    NotFound,
    RuleViolation,
    WarningsNeedAcknowledgement,
)
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_trail import changes
from aurora_desktop.services.context import BaseService, check_version, is_unique_violation
from aurora_desktop.services.patient_form import (  # noqa: F401 - re-exported
    _ENDED_FIELDS,
    _ENROLLMENT_FIELDS,
    _OPTIONAL_TEXT,
    _TRIAL_FIELDS,
    CLINICAL_FIELDS,
    DEMOGRAPHIC_FIELDS,
    PatientForm,
    PatientView,
    _form_of,
    _normalised,
    _reason_text,
    _refuse_clinical_changes,
    _snapshot,
)
from aurora_desktop.services.permissions import Op, requires

_PLAN_FIELDS = ("oral_ad_strategy", "start_date", "target_dose_mg", "prescriber_id", "notes",
                "monotherapy_attested_by_id")


class PatientService(BaseService):
    """Demographics (front desk and clinical staff) and clinical history (clinical staff)."""

    # ----- demographics -------------------------------------------------------------------
    @requires(Op.VIEW_PATIENTS)
    def get(self, actor: Actor, patient_id: int) -> PatientView:
        with self.db.read() as session:
            p = self._patient(session, patient_id)
            return PatientView(p.id, p.version, _form_of(p))

    @requires(Op.EDIT_DEMOGRAPHICS)
    def create(self, actor: Actor, form: PatientForm, *, acknowledged: bool = False) -> PatientView:
        """New patient; a possible duplicate (same folded name + DOB) needs acknowledgement."""
        values = _normalised(form, self._today())
        _refuse_clinical_changes(actor, {name: getattr(PatientForm("", "", "", None), name)
                                         for name in CLINICAL_FIELDS}, values)

        def work(session: Session) -> PatientView:
            self._check_mrn_free(session, values["mrn"], None)
            if not acknowledged:
                warnings = self._duplicate_warnings(session, values, None)
                if warnings:
                    raise WarningsNeedAcknowledgement(warnings)
            now = self.now()
            p = Patient(**values, created_at=now)
            session.add(p)
            session.flush()
            self.audit(session, actor, "create", "patient", p.id, patient_id=p.id,
                       details={"fields": sorted(DEMOGRAPHIC_FIELDS),
                                "duplicate_acknowledged": acknowledged})
            return PatientView(p.id, p.version, _form_of(p))

        return self._unique(work)

    @requires(Op.EDIT_DEMOGRAPHICS)
    def update(self, actor: Actor, patient_id: int, version: int, form: PatientForm, *,
               acknowledged: bool = False) -> PatientView:
        """Edit demographics of the copy the user loaded (``version``); stale -> StaleRecord."""
        values = _normalised(form, self._today())

        def work(session: Session) -> PatientView:
            p = self._patient(session, patient_id)
            check_version(p.version, version, "patient")
            _refuse_clinical_changes(actor, _snapshot(p, tuple(CLINICAL_FIELDS)), values)
            self._check_mrn_free(session, values["mrn"], p.id)
            if not acknowledged and (values["search_name"], values["date_of_birth"]) != (
                    p.search_name, p.date_of_birth):
                warnings = self._duplicate_warnings(session, values, p.id)
                if warnings:
                    raise WarningsNeedAcknowledgement(warnings)
            before = _snapshot(p, DEMOGRAPHIC_FIELDS)
            for name, value in values.items():
                setattr(p, name, value)
            diff = changes(before, _snapshot(p, DEMOGRAPHIC_FIELDS))
            if diff:  # a save that changes nothing: no audit event and no new version
                p.updated_at = self.now()
            session.flush()
            if diff:
                self.audit(session, actor, "update", "patient", p.id, patient_id=p.id,
                           details=diff)
            return PatientView(p.id, p.version, _form_of(p))

        return self._unique(work)

    # ----- REMS enrollment ----------------------------------------------------------------
    @requires(Op.EDIT_ENROLLMENT)
    def record_enrollment(self, actor: Actor, patient_id: int, rems_patient_id: str,
                          enrolled_on: date, status: EnrollmentStatus) -> int:
        rems_id = _reason_text("REMS patient id", rems_patient_id, limit=40)
        if enrolled_on > self._today():
            raise FieldError("enrollment date", "must not be in the future")
        status = EnrollmentStatus(status)

        def work(session: Session) -> int:
            self._patient(session, patient_id)
            row = RemsPatientEnrollment(patient_id=patient_id, rems_patient_id=rems_id,
                                        enrolled_on=enrolled_on, status=status,
                                        recorded_by_id=actor.staff_id, recorded_at=self.now())
            session.add(row)
            session.flush()
            self.audit(session, actor, "create", "rems_patient_enrollment", row.id,
                       patient_id=patient_id,
                       details={"rems_patient_id": rems_id, "enrolled_on": enrolled_on,
                                "status": status})
            return row.id

        return self.write(work, "REMS enrollment")

    @requires(Op.EDIT_ENROLLMENT)
    def update_enrollment(self, actor: Actor, enrollment_id: int, version: int,
                          rems_patient_id: str, enrolled_on: date,
                          status: EnrollmentStatus) -> None:
        """Correct the loaded copy (``version``) of an enrollment; stale -> StaleRecord."""
        rems_id = _reason_text("REMS patient id", rems_patient_id, limit=40)
        if enrolled_on > self._today():
            raise FieldError("enrollment date", "must not be in the future")
        status = EnrollmentStatus(status)

        def edit(_session: Session, row: RemsPatientEnrollment) -> None:
            row.rems_patient_id, row.enrolled_on, row.status = rems_id, enrolled_on, status
            if status is not EnrollmentStatus.INACTIVE:  # corrected back: no longer ended
                row.ended_on = row.ended_by_id = row.end_reason = None

        self._edit(actor, RemsPatientEnrollment, enrollment_id, version, "REMS enrollment",
                   "rems_patient_enrollment", _ENROLLMENT_FIELDS + _ENDED_FIELDS, edit)

    @requires(Op.EDIT_ENROLLMENT)
    def end_enrollment(self, actor: Actor, enrollment_id: int, version: int, reason: str) -> None:
        """End an enrollment (status inactive, kept as history): the day, who and why are kept
        on the enrollment and audited."""
        why = _reason_text("reason", reason, limit=400)

        def edit(_session: Session, row: RemsPatientEnrollment) -> dict[str, Any]:
            if row.status is EnrollmentStatus.INACTIVE:
                raise RuleViolation(["this REMS enrollment has already ended"])
            row.status = EnrollmentStatus.INACTIVE
            row.ended_on, row.ended_by_id, row.end_reason = self._today(), actor.staff_id, why
            return {"reason": why}

        self._edit(actor, RemsPatientEnrollment, enrollment_id, version, "REMS enrollment",
                   "rems_patient_enrollment", ("status", "ended_on", "ended_by_id"), edit,
                   action="end")

    # ----- prior antidepressant trials ----------------------------------------------------
    @requires(Op.EDIT_CLINICAL_HISTORY)
    def add_trial(self, actor: Actor, patient_id: int, drug: str, dose_text: str,
                  duration_weeks: int, *, adequate_dose: bool, adequate_duration: bool,
                  outcome: TrialOutcome, current_episode: bool = True) -> int:
        drug_name = _reason_text("drug", drug, limit=80)
        dose = _reason_text("dose", dose_text, limit=40)
        if not 0 <= duration_weeks <= 520:
            raise FieldError("duration (weeks)", "must be 0 to 520")

        def work(session: Session) -> int:
            self._patient(session, patient_id)
            row = AntidepressantTrial(
                patient_id=patient_id, drug=drug_name, dose_text=dose,
                duration_weeks=duration_weeks, adequate_dose=adequate_dose,
                adequate_duration=adequate_duration, current_episode=current_episode,
                outcome=TrialOutcome(outcome), recorded_by_id=actor.staff_id,
                recorded_at=self.now())
            session.add(row)
            session.flush()
            self.audit(session, actor, "create", "antidepressant_trial", row.id,
                       patient_id=patient_id,
                       details=_snapshot(row, ("drug", "dose_text", "duration_weeks",
                                               "adequate_dose", "adequate_duration",
                                               "current_episode", "outcome")))
            return row.id

        return self.write(work, "antidepressant trial")

    @requires(Op.EDIT_CLINICAL_HISTORY)
    def update_trial(self, actor: Actor, trial_id: int, version: int, drug: str, dose_text: str,
                     duration_weeks: int, *, adequate_dose: bool, adequate_duration: bool,
                     outcome: TrialOutcome, current_episode: bool = True) -> None:
        """Correct the loaded copy (``version``) of a prior trial; stale -> StaleRecord."""
        drug_name = _reason_text("drug", drug, limit=80)
        dose = _reason_text("dose", dose_text, limit=40)
        if not 0 <= duration_weeks <= 520:
            raise FieldError("duration (weeks)", "must be 0 to 520")

        def edit(_session: Session, row: AntidepressantTrial) -> None:
            row.drug, row.dose_text, row.duration_weeks = drug_name, dose, duration_weeks
            row.adequate_dose, row.adequate_duration = adequate_dose, adequate_duration
            row.current_episode, row.outcome = current_episode, TrialOutcome(outcome)

        self._edit(actor, AntidepressantTrial, trial_id, version, "antidepressant trial",
                   "antidepressant_trial", _TRIAL_FIELDS, edit)

    # ----- contraindication screening -----------------------------------------------------
    @requires(Op.SCREEN_CONTRAINDICATIONS)
    def screen_contraindications(self, actor: Actor, patient_id: int,
                                 answers: dict[Contraindication, Answer]) -> list[int]:
        """Record one answer per label contraindication (all four are required)."""
        missing = [c for c in Contraindication if c not in answers]
        if missing:
            raise RuleViolation([f"answer '{c.value.replace('_', ' ')}' (yes/no/unknown)"
                                 for c in missing])

        def work(session: Session) -> list[int]:
            self._patient(session, patient_id)
            ids = []
            for item in Contraindication:
                row = ContraindicationScreening(
                    patient_id=patient_id, item=item, answer=Answer(answers[item]),
                    screened_by_id=actor.staff_id, screened_at=self.now())
                session.add(row)
                session.flush()
                ids.append(row.id)
            self.audit(session, actor, "create", "contraindication_screening", ids[0],
                       patient_id=patient_id,
                       details={c.value: Answer(answers[c]).value for c in Contraindication})
            return ids

        return self.write(work, "contraindication screening")

    @requires(Op.DECIDE_CONTRAINDICATION)
    def decide_contraindication(self, actor: Actor, screening_id: int, version: int,
                                decision: str) -> None:
        """A prescriber's decision on an "unknown" answer (a "yes" cannot be decided away)."""
        text = _reason_text("decision", decision, limit=1000)

        def edit(_session: Session, row: ContraindicationScreening) -> None:
            if row.answer is not Answer.UNKNOWN:
                raise RuleViolation([f"only an 'unknown' answer takes a prescriber decision "
                                     f"(this one is '{row.answer.value}')"])
            if (row.prescriber_decision, row.decided_by_id) == (text, actor.staff_id):
                return  # the same decision by the same prescriber again: nothing to record
            row.prescriber_decision = text
            row.decided_by_id = actor.staff_id
            row.decided_at = self.now()

        self._edit(actor, ContraindicationScreening, screening_id, version,
                   "contraindication screening", "contraindication_screening",
                   ("prescriber_decision", "decided_by_id"), edit, action="decide")

    # ----- treatment plan -----------------------------------------------------------------
    @requires(Op.EDIT_TREATMENT_PLAN)
    def set_plan(self, actor: Actor, patient_id: int, indication: Indication,
                 strategy: OralAdStrategy, start_date: date, target_dose_mg: int = 56, *,
                 prescriber_id: int | None = None, attest_monotherapy: bool = False,
                 notes: str = "") -> int:
        """A new active plan (the previous active plan is completed). Monotherapy is TRD only
        and must be attested by a prescriber."""
        indication, strategy = Indication(indication), OralAdStrategy(strategy)
        reasons = []
        if strategy is OralAdStrategy.MONOTHERAPY and indication is Indication.MDSI:
            reasons.append("MDSI is treated only together with an oral antidepressant: "
                           "monotherapy is not allowed")
        if strategy is OralAdStrategy.MONOTHERAPY and not attest_monotherapy:
            reasons.append("TRD monotherapy must be attested by the prescriber")
        if strategy is OralAdStrategy.MONOTHERAPY and not actor.has_role(Role.PRESCRIBER):
            reasons.append("only a prescriber can attest TRD monotherapy")
        if target_dose_mg not in (56, 84):
            reasons.append("the target dose must be 56 or 84 mg")
        if reasons:
            raise RuleViolation(reasons)
        note_text = _reason_text("notes", notes, required=False, limit=2000)

        def work(session: Session) -> int:
            self._patient(session, patient_id)
            prescriber = prescriber_id or actor.staff_id
            if prescriber is None or session.get(StaffMember, prescriber) is None:
                raise FieldError("prescriber", "choose the prescriber responsible for the plan")
            now = self.now()
            for old in session.scalars(select(TreatmentPlan).where(
                    TreatmentPlan.patient_id == patient_id,
                    TreatmentPlan.status == PlanStatus.ACTIVE)):
                old.status = PlanStatus.COMPLETED
                self.audit(session, actor, "update", "treatment_plan", old.id,
                           patient_id=patient_id, details={"status": ["active", "completed"]})
            mono = strategy is OralAdStrategy.MONOTHERAPY
            plan = TreatmentPlan(
                patient_id=patient_id, indication=indication, oral_ad_strategy=strategy,
                prescriber_id=prescriber, start_date=start_date, target_dose_mg=target_dose_mg,
                status=PlanStatus.ACTIVE, notes=note_text, created_at=now,
                monotherapy_attested_by_id=actor.staff_id if mono else None,
                monotherapy_attested_at=now if mono else None)
            session.add(plan)
            session.flush()
            self.audit(session, actor, "create", "treatment_plan", plan.id, patient_id=patient_id,
                       details={"indication": indication, "strategy": strategy,
                                "start_date": start_date, "target_dose_mg": target_dose_mg,
                                "monotherapy_attested": mono})
            return plan.id

        return self.write(work, "treatment plan")

    @requires(Op.EDIT_TREATMENT_PLAN)
    def update_plan(self, actor: Actor, plan_id: int, version: int, *,
                    strategy: OralAdStrategy, start_date: date, target_dose_mg: int,
                    prescriber_id: int, attest_monotherapy: bool = False,
                    notes: str = "") -> None:
        """Edit the active plan the user loaded (``version``): strategy, start date, target
        dose, prescriber, notes. The indication is fixed (a new indication is a new plan via
        ``set_plan``). Monotherapy stays TRD-only and needs a prescriber's attestation;
        leaving monotherapy clears the attestation. Stale copy -> StaleRecord."""
        strategy = OralAdStrategy(strategy)
        note_text = _reason_text("notes", notes, required=False, limit=2000)

        def edit(session: Session, plan: TreatmentPlan) -> None:
            if plan.status is not PlanStatus.ACTIVE:
                raise RuleViolation(["only the active treatment plan can be edited"])
            mono = strategy is OralAdStrategy.MONOTHERAPY
            was_mono = plan.oral_ad_strategy is OralAdStrategy.MONOTHERAPY
            reasons = []
            if mono and plan.indication is Indication.MDSI:
                reasons.append("MDSI is treated only together with an oral antidepressant: "
                               "monotherapy is not allowed")
            if mono and not was_mono and not attest_monotherapy:
                reasons.append("TRD monotherapy must be attested by the prescriber")
            if mono and not was_mono and not actor.has_role(Role.PRESCRIBER):
                reasons.append("only a prescriber can attest TRD monotherapy")
            if target_dose_mg not in (56, 84):
                reasons.append("the target dose must be 56 or 84 mg")
            if reasons:
                raise RuleViolation(reasons)
            if session.get(StaffMember, prescriber_id) is None:
                raise FieldError("prescriber", "choose the prescriber responsible for the plan")
            plan.oral_ad_strategy = strategy
            plan.start_date = start_date
            plan.target_dose_mg = target_dose_mg
            plan.prescriber_id = prescriber_id
            plan.notes = note_text
            if mono and not was_mono:
                plan.monotherapy_attested_by_id = actor.staff_id
                plan.monotherapy_attested_at = self.now()
            elif not mono:
                plan.monotherapy_attested_by_id = None
                plan.monotherapy_attested_at = None

        self._edit(actor, TreatmentPlan, plan_id, version, "treatment plan", "treatment_plan",
                   _PLAN_FIELDS, edit)

    # ----- concurrent oral antidepressants ------------------------------------------------
    @requires(Op.EDIT_CLINICAL_HISTORY)
    def add_oral_antidepressant(self, actor: Actor, patient_id: int, drug: str, dose_text: str,
                                started_on: date, *, frequency: str = "daily",
                                prescriber_name: str = "") -> int:
        values = dict(drug=_reason_text("drug", drug, limit=80),
                      dose_text=_reason_text("dose", dose_text, limit=40),
                      frequency=_reason_text("frequency", frequency, limit=40),
                      prescriber_name=_reason_text("prescriber", prescriber_name,
                                                   required=False, limit=120))
        if started_on > self._today():
            raise FieldError("start date", "must not be in the future")

        def work(session: Session) -> int:
            self._patient(session, patient_id)
            row = ConcurrentAntidepressant(patient_id=patient_id, started_on=started_on,
                                           recorded_by_id=actor.staff_id,
                                           recorded_at=self.now(), **values)
            session.add(row)
            session.flush()
            self.audit(session, actor, "create", "concurrent_antidepressant", row.id,
                       patient_id=patient_id, details={**values, "started_on": started_on})
            return row.id

        return self.write(work, "oral antidepressant")

    @requires(Op.EDIT_CLINICAL_HISTORY)
    def stop_oral_antidepressant(self, actor: Actor, row_id: int, version: int,
                                 stopped_on: date, reason: str = "") -> None:
        """Stopping keeps the row as history (with the optional reason)."""
        reason_text = _reason_text("reason", reason, required=False, limit=200)
        if stopped_on > self._today():
            raise FieldError("stop date", "must not be in the future")

        def edit(_session: Session, row: ConcurrentAntidepressant) -> None:
            if stopped_on < row.started_on:
                raise FieldError("stop date", "must not be before the start date")
            if row.stopped_on is not None:
                raise RuleViolation([f"{row.drug} was already stopped on "
                                     f"{row.stopped_on:%m/%d/%Y}"])
            row.stopped_on = stopped_on
            row.stop_reason = reason_text

        self._edit(actor, ConcurrentAntidepressant, row_id, version, "oral antidepressant",
                   "concurrent_antidepressant", ("stopped_on", "stop_reason"), edit)

    # ----- outcome measures ---------------------------------------------------------------
    @requires(Op.RECORD_OUTCOME)
    def record_outcome(self, actor: Actor, patient_id: int, scale: Scale, items: list[int],
                       measured_on: date, *, session_id: int | None = None,
                       note: str = "") -> int:
        scale = Scale(scale)
        scores = scales.validate_items(scale, items)
        if measured_on > self._today():
            raise FieldError("date", "must not be in the future")
        note_text = _reason_text("note", note, required=False, limit=400)

        def work(session: Session) -> int:
            self._patient(session, patient_id)
            row = OutcomeMeasure(patient_id=patient_id, scale=scale, item_scores=scores,
                                 total=sum(scores), measured_on=measured_on,
                                 session_id=session_id, rater_id=actor.staff_id,
                                 recorded_at=self.now(), note=note_text)
            session.add(row)
            session.flush()
            self.audit(session, actor, "create", "outcome_measure", row.id,
                       patient_id=patient_id,
                       details={"scale": scale, "items": scores, "total": sum(scores),
                                "measured_on": measured_on})
            return row.id

        return self.write(work, "outcome measure")

    # ----- helpers ------------------------------------------------------------------------
    def _edit(self, actor: Actor, model: type[Any], row_id: int, version: int, what: str,
              entity: str, fields: tuple[str, ...],
              edit: Callable[[Session, Any], dict[str, Any] | None], *,
              action: str = "update") -> None:
        """One edit of a patient's record: load it (NotFound), refuse a stale copy
        (StaleRecord), let *edit* check and change it, and audit the changed *fields* plus
        whatever *edit* returns. Nothing changed -> no audit event and no new version."""

        def work(session: Session) -> None:
            row = session.get(model, row_id)
            if row is None:
                raise NotFound(what, row_id)
            check_version(row.version, version, what)
            before = _snapshot(row, fields)
            extra = edit(session, row)
            session.flush()
            details = {**changes(before, _snapshot(row, fields)), **(extra or {})}
            if details:
                self.audit(session, actor, action, entity, row.id, patient_id=row.patient_id,
                           details=details)

        self.write(work, what)

    def _today(self) -> date:
        return self.now().astimezone(ZoneInfo("America/New_York")).date()

    @staticmethod
    def _patient(session: Session, patient_id: int) -> Patient:
        p = session.get(Patient, patient_id)
        if p is None:
            raise NotFound("patient", patient_id)
        return p

    @staticmethod
    def _check_mrn_free(session: Session, mrn: str, own_id: int | None) -> None:
        other = session.scalar(select(Patient.id).where(Patient.mrn == mrn))
        if other is not None and other != own_id:
            raise FieldError("MRN", f"{mrn} is already used by another patient")

    @staticmethod
    def _duplicate_warnings(session: Session, values: dict[str, Any],
                            own_id: int | None) -> list[str]:
        stmt = select(Patient.mrn).where(
            Patient.last_name_key == values["last_name_key"],
            Patient.first_name_key == values["first_name_key"],
            Patient.date_of_birth == values["date_of_birth"])
        if own_id is not None:
            stmt = stmt.where(Patient.id != own_id)
        return [f"Possible duplicate: MRN {mrn} has the same name and date of birth."
                for mrn in session.scalars(stmt.limit(5))]

    def _unique(self, work: Any) -> PatientView:
        try:
            return self.write(work, "patient")
        except IntegrityError as exc:
            if is_unique_violation(exc):
                raise Conflict("that MRN was just taken by another patient") from None
            raise

