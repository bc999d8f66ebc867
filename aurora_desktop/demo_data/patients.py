"""Demo patients with REMS enrollment, treatment plan, prior trials, oral antidepressant, screening."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from aurora_desktop.demo_data.context import BuildContext, local_at, utc
from aurora_desktop.demo_data.scheduler import Course
from aurora_desktop.demo_data.staffing import Staffing
from aurora_desktop.demo_data.vocab import (
    ANTIDEPRESSANTS,
    FEMALE_FIRST,
    LAST,
    MALE_FIRST,
    MIDDLE_INITIALS,
    NEUTRAL_FIRST,
    STREETS,
    TOWNS,
)
from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    EnrollmentStatus,
    Indication,
    OralAdStrategy,
    PlanStatus,
    PregnancyStatus,
    Sex,
    TrialOutcome,
)
from aurora_desktop.domain.text import digits, fold, format_us_phone


@dataclass(slots=True)
class PatientFacts:
    """What the session records need to know about a patient."""

    id: int
    can_become_pregnant: bool
    oral_ad: tuple[str, str] | None = None  # drug, dose
    plan_id: int | None = None
    baseline_sbp: int = 124
    baseline_dbp: int = 78
    phq_baseline: int = 18
    responder: bool = True
    flags: tuple[bool, bool, bool, bool, bool] = (False, False, False, False, False)


def build_patients(
    ctx: BuildContext, rng: random.Random, count: int
) -> tuple[list[dict], list[PatientFacts], list[int]]:
    """Patient rows, their facts and their home clinic index (WP-area or Brooklyn-area)."""
    rows: list[dict] = []
    facts: list[PatientFacts] = []
    homes: list[int] = []
    n_clinics = len(ctx.clinics)
    mrn_n = 100000
    for i in range(count):
        home = i % n_clinics if n_clinics > 2 else (0 if rng.random() < 0.5 else 1)
        r = rng.random()
        sex = Sex.FEMALE if r < 0.6 else Sex.MALE if r < 0.98 else Sex.OTHER if r < 0.99 else Sex.UNKNOWN
        pool = FEMALE_FIRST if sex is Sex.FEMALE else MALE_FIRST if sex is Sex.MALE else NEUTRAL_FIRST
        first, last = rng.choice(pool), rng.choice(LAST)
        if rng.random() < 0.05:
            last = f"{last}-{rng.choice(LAST)}"
        middle = rng.choice(MIDDLE_INITIALS) if rng.random() < 0.35 else ""
        age_days = rng.randint(19 * 365, 79 * 365)
        dob = ctx.today - timedelta(days=age_days)
        town, zip_code, area = rng.choice(TOWNS[home % 2])
        phone = format_us_phone(f"{area}555{rng.randrange(10000):04d}")
        mrn_n += 1
        mrn = f"AW{mrn_n:06d}"
        while mrn in ctx.taken_mrns:
            mrn_n += 1
            mrn = f"AW{mrn_n:06d}"
        ctx.taken_mrns.add(mrn)
        pregnant_possible = sex is Sex.FEMALE and age_days < 50 * 365
        flags = (rng.random() < 0.12, rng.random() < 0.08, rng.random() < 0.04,
                 rng.random() < 0.06, rng.random() < 0.005)
        created = utc(local_at(ctx.first_day - timedelta(days=rng.randint(1, 60)), 9)) \
            if i < count // 3 else None
        pid = ctx.ids.take("patient")
        email_name = "".join(c for c in fold(f"{first}.{last}") if c.isalnum() or c == ".")
        rows.append({
            "id": pid, "mrn": mrn, "first_name": first, "middle_name": middle, "last_name": last,
            "search_name": fold(" ".join(p for p in (first, middle, last) if p)),
            "first_name_key": fold(first), "last_name_key": fold(last),
            "date_of_birth": dob, "sex": sex, "phone": phone, "phone_digits": digits(phone),
            "alt_phone": "", "email": f"{email_name}{i % 97}@example.com",
            "address_line1": f"{rng.randint(1, 999)} {rng.choice(STREETS)}",
            "address_line2": f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.4 else "",
            "city": town, "state": "CT" if zip_code.startswith("06") else "NY", "postal_code": zip_code,
            "emergency_contact_name": f"{rng.choice(FEMALE_FIRST + MALE_FIRST)} {last}",
            "emergency_contact_phone": format_us_phone(f"{area}555{rng.randrange(10000):04d}"),
            "home_clinic_id": ctx.clinics[home].id, "can_become_pregnant": pregnant_possible,
            "pregnancy_status": PregnancyStatus.NOT_PREGNANT if pregnant_possible
            else PregnancyStatus.NOT_APPLICABLE,
            "takes_benzodiazepines": flags[0], "takes_sedative_hypnotics": flags[1],
            "takes_opioids": flags[2], "takes_psychostimulants": flags[3], "takes_maois": flags[4],
            "notes": "", "active": True, "created_at": created, "version": 1,
        })
        facts.append(PatientFacts(
            id=pid, can_become_pregnant=pregnant_possible,
            baseline_sbp=int(rng.gauss(124, 11)), baseline_dbp=int(rng.gauss(78, 7)),
            phq_baseline=rng.randint(13, 25), responder=rng.random() < 0.6, flags=flags,
        ))
        homes.append(home)
    return rows, facts, homes


@dataclass
class HistoryRows:
    enrollments: list[dict]
    plans: list[dict]
    trials: list[dict]
    concurrent: list[dict]
    screenings: list[dict]


def build_history(
    ctx: BuildContext, rng: random.Random, rows: list[dict], facts: list[PatientFacts],
    courses: list[Course], staffing: Staffing,
) -> HistoryRows:
    out = HistoryRows([], [], [], [], [])
    by_patient = {course.patient: course for course in courses}
    for i, row in enumerate(rows):
        course = by_patient.get(i)
        fact = facts[i]
        if course is None:
            first_seen = ctx.today - timedelta(days=rng.randint(1, 60))
        else:
            first_seen = course.start_day - timedelta(days=rng.randint(7, 35))
        if row["created_at"] is None:
            row["created_at"] = utc(local_at(first_seen, 10, rng.randint(0, 59)))
        team = staffing.teams[course.clinic if course else 0]
        front = rng.choice(team.front_desk)
        nurse = rng.choice(team.nurses)
        if course is None:
            if rng.random() < 0.6:
                out.enrollments.append(_enrollment(ctx, rng, fact.id, first_seen,
                                                   EnrollmentStatus.PENDING, front))
            continue
        upcoming = course.start_day >= ctx.today
        status = EnrollmentStatus.PENDING if upcoming and rng.random() < 0.12 else EnrollmentStatus.ACTIVE
        enrolled_on = course.start_day - timedelta(days=rng.randint(2, 6))
        out.enrollments.append(_enrollment(ctx, rng, fact.id, enrolled_on, status, front))
        prescriber = team.prescribers[course.index % len(team.prescribers)]
        plan_created = utc(local_at(course.start_day - timedelta(days=rng.randint(1, 6)), 11,
                                    rng.randint(0, 59)))
        if course.finished:
            plan_status = PlanStatus.COMPLETED if course.held >= min(8, course.length) \
                else PlanStatus.DISCONTINUED
        else:
            plan_status = PlanStatus.ACTIVE
        mono = course.strategy is OralAdStrategy.MONOTHERAPY
        plan_id = ctx.ids.take("treatment_plan")
        fact.plan_id = plan_id
        out.plans.append({
            "id": plan_id, "patient_id": fact.id, "indication": course.indication,
            "oral_ad_strategy": course.strategy, "prescriber_id": prescriber,
            "start_date": course.start_day, "target_dose_mg": course.target_dose,
            "status": plan_status, "monotherapy_attested_by_id": prescriber if mono else None,
            "monotherapy_attested_at": plan_created if mono else None,
            "notes": "Oral antidepressant stopped; SPRAVATO monotherapy per shared decision."
            if mono else "", "created_at": plan_created, "version": 1,
        })
        drugs = rng.sample(ANTIDEPRESSANTS, 5)
        n_trials = rng.randint(2, 4) if course.indication is Indication.TRD else rng.randint(0, 2)
        for k in range(n_trials):
            drug, doses = drugs[k]
            adequate = k < 2 or rng.random() < 0.5
            out.trials.append({
                "id": ctx.ids.take("antidepressant_trial"), "patient_id": fact.id, "drug": drug,
                "dose_text": doses[-1] if adequate else doses[0],
                "duration_weeks": rng.randint(6, 14) if adequate else rng.randint(2, 5),
                "adequate_dose": adequate, "adequate_duration": adequate, "current_episode": True,
                "outcome": rng.choice([TrialOutcome.NO_RESPONSE, TrialOutcome.PARTIAL_RESPONSE])
                if adequate else TrialOutcome.INTOLERANCE,
                "recorded_by_id": prescriber, "recorded_at": plan_created, "version": 1,
            })
        drug, doses = drugs[4]
        dose = rng.choice(doses)
        ad_start = course.start_day - timedelta(days=rng.randint(30, 400))
        out.concurrent.append({
            "id": ctx.ids.take("concurrent_antidepressant"), "patient_id": fact.id, "drug": drug,
            "dose_text": dose, "frequency": "daily", "started_on": ad_start,
            "stopped_on": course.start_day - timedelta(days=rng.randint(7, 30)) if mono else None,
            "prescriber_name": "outside psychiatrist" if rng.random() < 0.4 else staffing.names[prescriber],
            "recorded_by_id": nurse, "recorded_at": plan_created, "version": 1,
        })
        if not mono:
            fact.oral_ad = (drug, dose)
        for item in Contraindication:
            out.screenings.append({
                "id": ctx.ids.take("contraindication_screening"), "patient_id": fact.id,
                "item": item, "answer": Answer.NO, "screened_by_id": nurse,
                "screened_at": plan_created, "prescriber_decision": None, "decided_by_id": None,
                "decided_at": None, "version": 1,
            })
    return out


def _enrollment(ctx: BuildContext, rng: random.Random, patient_id: int, on: date,
                status: EnrollmentStatus, recorded_by: int) -> dict:
    return {
        "id": ctx.ids.take("rems_patient_enrollment"), "patient_id": patient_id,
        "rems_patient_id": f"RP{rng.randrange(10**9):09d}", "enrolled_on": on, "status": status,
        "recorded_by_id": recorded_by, "recorded_at": utc(local_at(on, 12, rng.randint(0, 59))),
        "version": 1,
    }
