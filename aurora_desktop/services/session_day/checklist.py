"""Pre-dose checklist: start it, answer items (attributed), pre-dose vitals, BP acknowledgement, dose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from aurora_desktop.db.models import DeviceAdministration, Patient, PreDoseChecklist, StaffMember
from aurora_desktop.domain.administration import STANDARD_DOSES_MG, devices_for_dose
from aurora_desktop.domain.checklist import CONCOMITANT_LABELS, unmet_conditions
from aurora_desktop.domain.enums import Answer, Contraindication, PregnancyStatus, SessionStatus
from aurora_desktop.domain.errors import FieldError, RuleViolation
from aurora_desktop.domain.treatment_phase import validate_dose_mg
from aurora_desktop.domain.vitals import predose_bp_elevated, validate_bp_pair, validate_vital
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_trail import changes
from aurora_desktop.services.context import BaseService, check_version
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day._common import (
    CONTRAINDICATION_ITEM_PREFIX,
    MED_ITEM_PREFIX,
    NASAL_SPRAY_ITEM,
    active_plan,
    checklist_facts,
    clean_text,
    ensure_unlocked,
    load_checklist,
    load_session,
    require_status,
    set_answer,
)

BEFORE_DOSE = {SessionStatus.IN_PROGRESS}


@dataclass(frozen=True)
class ChecklistForm:
    """The nurse's answers; None means 'not answered'. Round-trips with the checklist screen."""

    contraindications: dict[Contraindication, bool | None] = field(default_factory=dict)
    last_food_at: datetime | None = None
    last_liquid_at: datetime | None = None
    nasal_spray_answered: bool = False
    nasal_spray_at: datetime | None = None
    pregnancy_status: PregnancyStatus = PregnancyStatus.NOT_APPLICABLE
    concomitant: dict[str, bool | None] = field(default_factory=dict)
    oral_ad_drug: str = ""
    oral_ad_dose: str = ""
    oral_ad_taking_as_prescribed: bool | None = None
    monotherapy_confirmed: bool = False


def _yn(value: bool | None) -> str:
    return Answer.YES.value if value else Answer.NO.value


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


class ChecklistService(BaseService):
    @requires(Op.RUN_CHECKLIST)
    def start_checklist(self, actor: Actor, session_id: int) -> int:
        """Checked-in -> in progress: creates the checklist and sets the planned dose."""

        def work(session: Session) -> int:
            ts = load_session(session, session_id, for_update=True)
            ensure_unlocked(session, session_id)
            require_status(ts, {SessionStatus.CHECKED_IN}, "start the checklist")
            patient = session.get(Patient, ts.patient_id)
            plan = active_plan(session, ts)
            checklist = PreDoseChecklist(
                session_id=ts.id,
                pregnancy_status=(PregnancyStatus.UNKNOWN if patient.can_become_pregnant
                                  else PregnancyStatus.NOT_APPLICABLE))
            session.add(checklist)
            ts.status = SessionStatus.IN_PROGRESS
            if ts.dose_mg is None:
                ts.dose_mg = ts.planned_dose_mg or (plan.target_dose_mg if plan else 56)
            if ts.plan_id is None and plan is not None:
                ts.plan_id = plan.id
            ts.updated_at = self.now()
            session.flush()
            self.audit(session, actor, "start_checklist", "treatment_session", ts.id,
                       patient_id=ts.patient_id, details={"status": ["checked_in", "in_progress"],
                                                          "dose_mg": ts.dose_mg})
            return checklist.id

        return self.write(work, "session")

    @requires(Op.RUN_CHECKLIST)
    def save_answers(self, actor: Actor, session_id: int, form: ChecklistForm, version: int) -> list[str]:
        """Store the answers (each changed item attributed to the actor); returns unmet reasons."""
        drug = clean_text(form.oral_ad_drug, "oral antidepressant drug", 80, required=False)
        dose = clean_text(form.oral_ad_dose, "oral antidepressant dose", 40, required=False)
        now = self.now()
        for label, value in (("time of last food", form.last_food_at),
                             ("time of last liquid", form.last_liquid_at),
                             ("time of nasal spray", form.nasal_spray_at)):
            if value is not None and value > now:
                raise FieldError(label, "cannot be in the future")

        def work(session: Session) -> list[str]:
            ts = load_session(session, session_id)
            ensure_unlocked(session, session_id)
            require_status(ts, BEFORE_DOSE, "change the checklist")
            checklist = load_checklist(session, session_id)
            check_version(checklist.version, version, "checklist")
            answered: dict[str, str] = {}
            for item, value in form.contraindications.items():
                if value is not None:
                    answered[CONTRAINDICATION_ITEM_PREFIX + item.value] = _yn(value)
            for key in CONCOMITANT_LABELS:
                value = form.concomitant.get(key)
                if value is not None:
                    answered[MED_ITEM_PREFIX + key] = _yn(value)
                    setattr(checklist, key, value)
            if form.last_food_at is not None:
                answered["last_food_at"] = _iso(form.last_food_at)
                checklist.last_food_at = form.last_food_at
            if form.last_liquid_at is not None:
                answered["last_liquid_at"] = _iso(form.last_liquid_at)
                checklist.last_liquid_at = form.last_liquid_at
            if form.nasal_spray_answered:
                answered[NASAL_SPRAY_ITEM] = _iso(form.nasal_spray_at) or "none"
                checklist.nasal_spray_at = form.nasal_spray_at
            if form.pregnancy_status != PregnancyStatus.NOT_APPLICABLE:
                answered["pregnancy_status"] = form.pregnancy_status.value
                checklist.pregnancy_status = form.pregnancy_status
            if drug:
                answered["oral_ad_drug"] = checklist.oral_ad_drug = drug
            if dose:
                answered["oral_ad_dose"] = checklist.oral_ad_dose = dose
            if form.oral_ad_taking_as_prescribed is not None:
                answered["oral_ad_taking"] = _yn(form.oral_ad_taking_as_prescribed)
                checklist.oral_ad_taking_as_prescribed = form.oral_ad_taking_as_prescribed
            if form.monotherapy_confirmed:
                statement = self._monotherapy_statement(session, ts)
                answered["monotherapy_statement"] = checklist.monotherapy_statement = statement
            changed = {item: value for item, value in answered.items()
                       if set_answer(session, actor, session_id, item, value, now)}
            if changed:
                flag_modified(checklist, "oral_ad_drug")  # bump the version for any answer
                session.flush()
                self.audit(session, actor, "answer_checklist", "pre_dose_checklist", checklist.id,
                           patient_id=ts.patient_id, details={"answers": changed})
            return unmet_conditions(checklist_facts(session, ts, checklist, now))

        return self.write(work, "checklist")

    def _monotherapy_statement(self, session: Session, ts) -> str:  # noqa: ANN001
        plan = active_plan(session, ts)
        if plan is None or plan.oral_ad_strategy != "monotherapy":
            raise RuleViolation(["the treatment plan is not a monotherapy plan"])
        prescriber = session.get(StaffMember, plan.monotherapy_attested_by_id or plan.prescriber_id)
        when = plan.monotherapy_attested_at.date() if plan.monotherapy_attested_at else plan.start_date
        return (f"No oral antidepressant — monotherapy per plan ({prescriber.full_name}, "
                f"{when:%m/%d/%Y})")

    @requires(Op.RUN_CHECKLIST)
    def record_pre_dose_vitals(
        self, actor: Actor, session_id: int, *, systolic: int, diastolic: int, heart_rate: int,
        spo2: int, baseline_moaas: int, version: int,
    ) -> list[str]:
        """Pre-dose BP, HR, SpO2 and baseline MOAA/S; a changed BP voids an earlier acknowledgement."""
        for name, value in (("systolic", systolic), ("diastolic", diastolic),
                            ("heart_rate", heart_rate), ("spo2", spo2), ("moaas", baseline_moaas)):
            validate_vital(name, value)
        validate_bp_pair(systolic, diastolic)
        now = self.now()

        def work(session: Session) -> list[str]:
            ts = load_session(session, session_id)
            ensure_unlocked(session, session_id)
            require_status(ts, BEFORE_DOSE, "record pre-dose vitals")
            checklist = load_checklist(session, session_id)
            check_version(checklist.version, version, "checklist")
            before = {"bp": f"{checklist.pre_systolic}/{checklist.pre_diastolic}",
                      "hr": checklist.pre_heart_rate, "spo2": checklist.pre_spo2,
                      "moaas": checklist.baseline_moaas, "measured_at": checklist.pre_vitals_at}
            if (checklist.pre_systolic, checklist.pre_diastolic) != (systolic, diastolic):
                checklist.bp_ack_by_id = checklist.bp_ack_reason = checklist.bp_ack_at = None
            checklist.pre_systolic, checklist.pre_diastolic = systolic, diastolic
            checklist.pre_heart_rate, checklist.pre_spo2 = heart_rate, spo2
            checklist.baseline_moaas, checklist.pre_vitals_at = baseline_moaas, now
            after = {"bp": f"{systolic}/{diastolic}", "hr": heart_rate, "spo2": spo2,
                     "moaas": baseline_moaas, "measured_at": now}  # a re-measure is never empty
            set_answer(session, actor, session_id, "pre_vitals",
                       f"BP {systolic}/{diastolic}, HR {heart_rate}, SpO2 {spo2}, MOAA/S {baseline_moaas}",
                       now)
            session.flush()
            self.audit(session, actor, "record_pre_dose_vitals", "pre_dose_checklist", checklist.id,
                       patient_id=ts.patient_id, details=changes(before, after))
            return unmet_conditions(checklist_facts(session, ts, checklist, now))

        return self.write(work, "checklist")

    @requires(Op.ACKNOWLEDGE_BP)
    def acknowledge_bp(self, actor: Actor, session_id: int, reason: str) -> None:
        """A prescriber accepts a pre-dose BP above 140/90 with a reason."""
        reason = clean_text(reason, "reason", 1000)

        def work(session: Session) -> None:
            ts = load_session(session, session_id)
            ensure_unlocked(session, session_id)
            require_status(ts, BEFORE_DOSE, "acknowledge the pre-dose BP")
            checklist = load_checklist(session, session_id)
            if not predose_bp_elevated(checklist.pre_systolic, checklist.pre_diastolic):
                raise RuleViolation(["pre-dose BP is not above 140/90: no acknowledgement needed"])
            checklist.bp_ack_by_id, checklist.bp_ack_reason = actor.staff_id, reason
            checklist.bp_ack_at = self.now()
            set_answer(session, actor, session_id, "bp_ack", reason, self.now())
            session.flush()
            self.audit(session, actor, "acknowledge_bp", "pre_dose_checklist", checklist.id,
                       patient_id=ts.patient_id,
                       details={"bp": f"{checklist.pre_systolic}/{checklist.pre_diastolic}",
                                "reason": reason})

        self.write(work, "checklist")

    @requires(Op.OVERRIDE_DOSE)
    def override_dose(self, actor: Actor, session_id: int, dose_mg: int, reason: str) -> None:
        """A prescriber sets a dose outside the plan's rules in 28 mg devices, with a reason."""
        validate_dose_mg(dose_mg)
        reason = clean_text(reason, "override reason", 1000)

        def work(session: Session) -> None:
            ts = load_session(session, session_id, for_update=True)
            ensure_unlocked(session, session_id)
            require_status(ts, {SessionStatus.IN_PROGRESS, SessionStatus.MONITORING}, "change the dose")
            given = session.scalar(select(func.count(DeviceAdministration.id)).where(
                DeviceAdministration.session_id == ts.id)) or 0
            if devices_for_dose(dose_mg) < given:
                raise RuleViolation([f"{given} devices are already recorded: the dose cannot be lower"])
            before = {"dose_mg": ts.dose_mg, "reason": ts.dose_override_reason,
                      "by": ts.dose_override_by_id}
            after = {"dose_mg": dose_mg, "reason": reason, "by": actor.staff_id}
            if not changes(before, after):
                return  # the same override again: no audit event, no new version
            ts.dose_mg, ts.dose_override_reason = dose_mg, reason
            ts.dose_override_by_id, ts.updated_at = actor.staff_id, self.now()
            self.audit(session, actor, "override_dose", "treatment_session", ts.id,
                       patient_id=ts.patient_id,
                       details=changes(before, after))

        self.write(work, "session")


__all__ = ["STANDARD_DOSES_MG", "ChecklistForm", "ChecklistService"]
