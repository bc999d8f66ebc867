"""The pre-dose checklist gate: every unmet condition that stops the first device."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aurora_desktop.domain.enums import Contraindication, OralAdStrategy, PregnancyStatus
from aurora_desktop.domain.vitals import predose_bp_elevated

FOOD_FAST = timedelta(hours=2)
LIQUID_FAST = timedelta(minutes=30)
NASAL_SPRAY_GAP = timedelta(hours=1)

CONTRAINDICATION_LABELS: dict[Contraindication, str] = {
    Contraindication.ANEURYSMAL_VASCULAR_DISEASE:
        "aneurysmal vascular disease (aorta, intracranial or peripheral arteries)",
    Contraindication.ARTERIOVENOUS_MALFORMATION: "arteriovenous malformation",
    Contraindication.INTRACEREBRAL_HEMORRHAGE: "history of intracerebral hemorrhage",
    Contraindication.HYPERSENSITIVITY: "hypersensitivity to esketamine, ketamine or an excipient",
}

CONCOMITANT_LABELS: dict[str, str] = {
    "benzodiazepines": "benzodiazepines",
    "sedative_hypnotics": "non-benzodiazepine sedative hypnotics",
    "opioids": "opioids",
    "psychostimulants": "psychostimulants",
    "maois": "MAOIs",
}


@dataclass(frozen=True)
class ChecklistFacts:
    """Everything the gate needs, answered or looked up; None means 'not answered yet'."""

    dose_time: datetime
    enrollment_active: bool = False
    clinic_certified: bool = False
    # Each contraindication re-confirmed at this session: True = present ("yes").
    contraindications: dict[Contraindication, bool | None] = field(default_factory=dict)
    last_food_at: datetime | None = None
    last_liquid_at: datetime | None = None
    nasal_spray_answered: bool = False
    nasal_spray_at: datetime | None = None  # None with answered=True: none taken today
    pregnancy_applicable: bool = False
    pregnancy_status: PregnancyStatus = PregnancyStatus.NOT_APPLICABLE
    concomitant: dict[str, bool | None] = field(default_factory=dict)
    ride_confirmed: bool = False
    oral_ad_strategy: OralAdStrategy | None = None
    oral_ad_drug: str = ""
    oral_ad_dose: str = ""
    oral_ad_taking_as_prescribed: bool | None = None
    monotherapy_statement: str = ""
    pre_systolic: int | None = None
    pre_diastolic: int | None = None
    pre_heart_rate: int | None = None
    pre_spo2: int | None = None
    baseline_moaas: int | None = None
    bp_ack_reason: str | None = None


def _fast_reason(label: str, last: datetime | None, dose_time: datetime, gap: timedelta,
                 gap_text: str) -> str | None:
    if last is None:
        return f"time of last {label} not recorded"
    if last > dose_time:
        return f"time of last {label} is after the dose time"
    if dose_time - last < gap:
        return f"last {label} less than {gap_text} before the dose"
    return None


def unmet_conditions(facts: ChecklistFacts) -> list[str]:
    """Every reason the first device may not be given yet (empty list: the gate is open)."""
    reasons: list[str] = []
    f = facts
    if not f.enrollment_active:
        reasons.append("patient is not actively enrolled in the SPRAVATO REMS")
    if not f.clinic_certified:
        reasons.append("this clinic is not REMS-certified")
    for item, label in CONTRAINDICATION_LABELS.items():
        answer = f.contraindications.get(item)
        if answer is None:
            reasons.append(f"contraindication not re-confirmed: {label}")
        elif answer:
            reasons.append(f"contraindication present: {label} — do not dose")
    for reason in (
        _fast_reason("food", f.last_food_at, f.dose_time, FOOD_FAST, "2 hours"),
        _fast_reason("liquid", f.last_liquid_at, f.dose_time, LIQUID_FAST, "30 minutes"),
    ):
        if reason:
            reasons.append(reason)
    if not f.nasal_spray_answered:
        reasons.append("nasal corticosteroid/decongestant use today not answered")
    elif f.nasal_spray_at is not None:
        reason = _fast_reason("nasal corticosteroid/decongestant", f.nasal_spray_at, f.dose_time,
                              NASAL_SPRAY_GAP, "1 hour")
        if reason:
            reasons.append(reason)
    if f.pregnancy_applicable:
        if f.pregnancy_status in (PregnancyStatus.NOT_APPLICABLE, PregnancyStatus.UNKNOWN):
            reasons.append("pregnancy status not recorded")
        elif f.pregnancy_status == PregnancyStatus.PREGNANT:
            reasons.append("patient is pregnant: SPRAVATO is not recommended — prescriber decision needed")
    for key, label in CONCOMITANT_LABELS.items():
        if f.concomitant.get(key) is None:
            reasons.append(f"concomitant medicine not answered: {label}")
    if not f.ride_confirmed:
        reasons.append("ride home not confirmed")
    reasons.extend(_oral_ad_reasons(f))
    reasons.extend(_vitals_reasons(f))
    return reasons


def _oral_ad_reasons(f: ChecklistFacts) -> list[str]:
    if f.oral_ad_strategy is None:
        return ["no active treatment plan (oral antidepressant strategy unknown)"]
    if f.oral_ad_strategy == OralAdStrategy.MONOTHERAPY:
        if not f.monotherapy_statement.strip():
            return ["monotherapy statement not recorded (no oral antidepressant — monotherapy per plan)"]
        return []
    reasons = []
    if not f.oral_ad_drug.strip():
        reasons.append("concurrent oral antidepressant drug not confirmed")
    if not f.oral_ad_dose.strip():
        reasons.append("concurrent oral antidepressant dose not confirmed")
    if f.oral_ad_taking_as_prescribed is None:
        reasons.append("not confirmed that the oral antidepressant is taken as prescribed")
    elif not f.oral_ad_taking_as_prescribed:
        reasons.append("patient is not taking the oral antidepressant as prescribed — prescriber review")
    return reasons


def _vitals_reasons(f: ChecklistFacts) -> list[str]:
    reasons = []
    if f.pre_systolic is None or f.pre_diastolic is None:
        reasons.append("pre-dose blood pressure not recorded")
    if f.pre_heart_rate is None:
        reasons.append("pre-dose heart rate not recorded")
    if f.pre_spo2 is None:
        reasons.append("pre-dose SpO2 not recorded")
    if f.baseline_moaas is None:
        reasons.append("baseline MOAA/S not recorded")
    if predose_bp_elevated(f.pre_systolic, f.pre_diastolic) and not (f.bp_ack_reason or "").strip():
        reasons.append(
            f"pre-dose BP {f.pre_systolic}/{f.pre_diastolic} is above 140/90: "
            "prescriber acknowledgement with a reason needed")
    return reasons
