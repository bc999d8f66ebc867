"""The clinical record of each visit: checklist, devices, checkpoints, alerts, discharge, sign-off."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from aurora_desktop.demo_data.context import BuildContext, ClinicInfo, utc
from aurora_desktop.demo_data.patients import PatientFacts
from aurora_desktop.demo_data.scheduler import Visit
from aurora_desktop.demo_data.staffing import Staffing
from aurora_desktop.demo_data.vocab import (
    ADVERSE_EVENTS,
    ALERT_ACTIONS,
    CANCEL_REASONS,
    DRIVERS,
    FEMALE_FIRST,
    MALE_FIRST,
)
from aurora_desktop.domain.enums import (
    AlertKind,
    Contraindication,
    Dissociation,
    FormStatus,
    Indication,
    PregnancyStatus,
    Scale,
    SessionStatus,
    Severity,
    SignatureRole,
)

TABLE_ORDER = [
    "treatment_session", "pre_dose_checklist", "checklist_answer", "device_administration",
    "monitoring_checkpoint", "monitoring_alert", "adverse_event", "discharge", "signature",
    "rems_monitoring_form", "outcome_measure",
]
ATTENDED = {SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS, SessionStatus.MONITORING,
            SessionStatus.DISCHARGED}
DOSED = {SessionStatus.IN_PROGRESS, SessionStatus.MONITORING, SessionStatus.DISCHARGED}
M = timedelta(minutes=1)
BP_ACK_REASON = "Benefit outweighs transient BP rise; no cardiovascular history."


@dataclass
class Chunk:
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLE_ORDER})

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)


class LotBook:
    """The SPRAVATO lot in use at each clinic on each day (a new lot every ~2 months)."""

    def __init__(self, ctx: BuildContext, rng: random.Random) -> None:
        self.rows: list[dict] = []
        self._by_clinic: dict[int, list[tuple[date, int, str]]] = {}
        for clinic in ctx.clinics:
            received = ctx.first_day - timedelta(days=30)
            entries = []
            while received <= ctx.last_day:
                lot = f"{rng.choice('ENK')}{rng.choice('BKMT')}{rng.randrange(10**6):06d}"
                while (clinic.id, lot) in ctx.taken_lots:
                    lot = f"{rng.choice('ENK')}{rng.choice('BKMT')}{rng.randrange(10**6):06d}"
                ctx.taken_lots.add((clinic.id, lot))
                lot_id = ctx.ids.take("drug_lot")
                self.rows.append({
                    "id": lot_id, "clinic_id": clinic.id, "ndc": "50458-028-03", "lot_number": lot,
                    "expires_on": received + timedelta(days=rng.randint(540, 730)),
                    "received_on": received, "supplier": "Specialty distributor (CII-V)",
                    "quantity_devices": rng.choice([120, 150, 180]), "version": 1,
                })
                entries.append((received, lot_id, lot))
                received += timedelta(days=rng.randint(50, 70))
            self._by_clinic[clinic.index] = entries

    def lot_on(self, clinic: int, day: date) -> tuple[int, str]:
        current = self._by_clinic[clinic][0]
        for entry in self._by_clinic[clinic]:
            if entry[0] > day:
                break
            current = entry
        return current[1], current[2]


class RecordWriter:
    def __init__(self, ctx: BuildContext, rng: random.Random, facts: list[PatientFacts],
                 staffing: Staffing, lots: LotBook) -> None:
        self.ctx, self.rng, self.facts, self.staffing, self.lots = ctx, rng, facts, staffing, lots

    def visit(self, visit: Visit, out: Chunk) -> None:
        ctx, rng = self.ctx, self.rng
        clinic = ctx.clinics[visit.clinic]
        course = visit.course
        fact = self.facts[course.patient]
        crew = self.staffing.crews[(visit.clinic, visit.day)]
        nurse = crew.nurses[visit.chair % len(crew.nurses)]
        start = visit.start
        end = start + timedelta(minutes=clinic.block_minutes)
        status = visit.status
        sid = ctx.ids.take("treatment_session")
        planned = 56 if (visit.number <= 1 and course.indication is Indication.TRD) else course.target_dose
        booked_at = min(ctx.now, utc(start) - timedelta(days=rng.randint(2, 16), hours=rng.randint(1, 6)))
        session = {
            "id": sid, "patient_id": fact.id, "clinic_id": clinic.id,
            "chair_id": clinic.chair_ids[visit.chair], "plan_id": fact.plan_id,
            "scheduled_start": utc(start), "scheduled_end": utc(end), "local_date": visit.day,
            "status": status, "series_id": None, "rescheduled_from_id": None,
            "booked_by_id": crew.front_desk, "booking_warnings": "", "cancel_reason": None,
            "cancelled_by_id": None, "cancelled_at": None,
            "supervising_prescriber_id": crew.prescriber, "assigned_nurse_id": nurse,
            "ride_driver_name": "", "ride_driver_phone": "", "ride_confirmed": False,
            "ride_confirmed_at": None, "arrived_at": None, "planned_dose_mg": planned,
            "dose_mg": None, "dose_override_reason": None, "dose_override_by_id": None,
            "first_device_at": None, "created_at": booked_at, "updated_at": None, "version": 1,
        }
        out.add("treatment_session", session)
        if status is SessionStatus.CANCELLED:
            session["cancel_reason"] = rng.choice(CANCEL_REASONS)
            session["cancelled_by_id"] = crew.front_desk
            session["cancelled_at"] = min(ctx.now, utc(start) - timedelta(hours=rng.randint(2, 40)))
            session["updated_at"] = session["cancelled_at"]
            return
        driver = f"{rng.choice(FEMALE_FIRST + MALE_FIRST)} ({rng.choice(DRIVERS)})"
        session["ride_driver_name"] = driver
        session["ride_driver_phone"] = f"(914) 555-{rng.randrange(10000):04d}"
        if status is SessionStatus.SCHEDULED or status is SessionStatus.NO_SHOW:
            return
        arrived = min(utc(start) - rng.randint(5, 15) * M, ctx.now - M)
        session["arrived_at"] = arrived
        session["ride_confirmed"] = True
        session["ride_confirmed_at"] = arrived + 2 * M
        session["updated_at"] = arrived
        pre_sbp = max(95, min(175, fact.baseline_sbp + rng.randint(-8, 10)))
        pre_dbp = max(55, min(105, fact.baseline_dbp + rng.randint(-5, 6)))
        checklist_done = status in DOSED
        self._checklist(out, sid, fact, start, arrived, nurse, crew.prescriber, pre_sbp, pre_dbp,
                        checklist_done)
        if not checklist_done:
            return
        fd = min(utc(start) + rng.randint(12, 20) * M, ctx.now - M)
        session["first_device_at"] = fd
        devices = planned // 28
        lot_id, lot_number = self.lots.lot_on(visit.clinic, visit.day)
        now = ctx.now
        given = 0
        for seq in range(1, devices + 1):
            at = fd + (seq - 1) * (5 + rng.randint(0, 1)) * M
            if at > now:
                break
            given += 1
            out.add("device_administration", {
                "id": ctx.ids.take("device_administration"), "session_id": sid, "sequence": seq,
                "administered_at": at, "lot_id": lot_id, "lot_number": lot_number,
                "early_reason": None, "observed_by_id": nurse, "recorded_at": at + M,
            })
        if given == devices:
            session["dose_mg"] = planned
        if status is SessionStatus.IN_PROGRESS:
            return
        last_reading = self._checkpoints(out, sid, clinic, fact, fd, pre_sbp, pre_dbp, nurse,
                                         crew.prescriber, status)
        if status is SessionStatus.MONITORING:
            return
        self._close(out, sid, visit, fd, last_reading, nurse, crew.prescriber)
        session["updated_at"] = last_reading + 10 * M
        if visit.number == 1 or visit.number % 4 == 1:
            self._phq9(out, sid, fact, visit, nurse)

    def _checklist(self, out: Chunk, sid: int, fact: PatientFacts, start: datetime,
                   arrived: datetime, nurse: int, prescriber: int, sbp: int, dbp: int,
                   done: bool) -> None:
        rng = self.rng
        s = utc(start)
        vitals_at = arrived + rng.randint(3, 8) * M
        ack = done and (sbp > 140 or dbp > 90)
        flags = fact.flags
        out.add("pre_dose_checklist", {
            "id": self.ctx.ids.take("pre_dose_checklist"), "session_id": sid,
            "last_food_at": s - rng.randint(150, 330) * M, "last_liquid_at": s - rng.randint(35, 150) * M,
            "nasal_spray_at": None,
            "pregnancy_status": PregnancyStatus.NOT_PREGNANT if fact.can_become_pregnant
            else PregnancyStatus.NOT_APPLICABLE,
            "benzodiazepines": flags[0], "sedative_hypnotics": flags[1], "opioids": flags[2],
            "psychostimulants": flags[3], "maois": flags[4],
            "oral_ad_drug": fact.oral_ad[0] if fact.oral_ad else "",
            "oral_ad_dose": f"{fact.oral_ad[1]} daily" if fact.oral_ad else "",
            "oral_ad_taking_as_prescribed": True if fact.oral_ad else None,
            "monotherapy_statement": "" if fact.oral_ad else "No oral antidepressant — monotherapy per plan",
            "pre_systolic": sbp, "pre_diastolic": dbp, "pre_heart_rate": rng.randint(62, 92),
            "pre_spo2": rng.randint(96, 99), "pre_vitals_at": vitals_at,
            "baseline_moaas": 5,
            "bp_ack_by_id": prescriber if ack else None,
            "bp_ack_reason": BP_ACK_REASON if ack else None,
            "bp_ack_at": vitals_at + 4 * M if ack else None,
            "completed_by_id": nurse if done else None,
            "completed_at": vitals_at + 6 * M if done else None, "version": 1,
        })
        answered = arrived + rng.randint(1, 4) * M
        items = [(c.value, "no") for c in Contraindication] if done else []
        items.append(("ride_home", "confirmed"))
        if done:
            items.append(("oral_antidepressant",
                          "taking as prescribed" if fact.oral_ad else "monotherapy per plan"))
        for item, value in items:
            out.add("checklist_answer", {
                "id": self.ctx.ids.take("checklist_answer"), "session_id": sid, "item": item,
                "value": value, "answered_by_id": nurse, "answered_at": answered,
            })

    def _checkpoints(self, out: Chunk, sid: int, clinic: ClinicInfo, fact: PatientFacts,
                     fd: datetime, pre_sbp: int, pre_dbp: int, nurse: int, prescriber: int,
                     status: SessionStatus) -> datetime:
        rng, ctx = self.rng, self.ctx
        now = ctx.now
        spike = rng.random() < 0.05  # marked BP rise around 40 minutes
        sedated = rng.random() < 0.06
        low_spo2 = rng.random() < 0.015
        plan = [(off, off in clinic.bp_required_offsets) for off in clinic.checkpoint_offsets]
        extras = sum(rng.random() < 0.45 for _ in range(2))
        times = [(off, bp, fd + (off + rng.randint(0, 3)) * M) for off, bp in plan]
        last_off = clinic.checkpoint_offsets[-1]
        for k in range(extras):
            off = rng.randint(20, last_off - 5)
            times.append((None, True, fd + (off + k) * M))
        times.append((None, True, fd + (last_off + rng.randint(3, 8)) * M))  # before leaving
        times.sort(key=lambda t: t[2])
        last = fd
        for planned_off, bp_req, at in times:
            if planned_off is None and at > now:
                continue
            cp_id = ctx.ids.take("monitoring_checkpoint")
            row = {
                "id": cp_id, "session_id": sid, "planned_offset_minutes": planned_off,
                "bp_required": bp_req, "measured_at": None, "systolic": None, "diastolic": None,
                "heart_rate": None, "spo2": None, "respiratory_rate": None, "moaas": None,
                "dissociation": None, "cadss": None, "nausea": False, "vomiting": False,
                "note": "", "recorded_by_id": None, "recorded_at": None, "version": 1,
            }
            out.add("monitoring_checkpoint", row)
            if at > now:
                continue  # planned, not yet due
            minutes = (at - fd).total_seconds() / 60
            peak = max(0.0, 1 - abs(minutes - 40) / 80)
            rise = int((28 if spike else 12) * peak) + rng.randint(-4, 6)
            sbp = min(230, pre_sbp + rise)
            dbp = min(130, pre_dbp + int(rise * 0.6))
            early = minutes < 50
            moaas = 3 if (sedated and early) else (4 if early and rng.random() < 0.25 else 5)
            spo2 = rng.randint(90, 92) if (low_spo2 and minutes < 30) else rng.randint(95, 99)
            diss = Dissociation.NONE
            if minutes < 70:
                diss = rng.choice([Dissociation.NONE, Dissociation.MILD, Dissociation.MILD,
                                   Dissociation.MODERATE]) if minutes < 45 else rng.choice(
                    [Dissociation.NONE, Dissociation.MILD])
            with_bp = bp_req or rng.random() < 0.8
            row.update({
                "measured_at": at, "systolic": sbp if with_bp else None,
                "diastolic": dbp if with_bp else None,
                "heart_rate": rng.randint(60, 100), "spo2": spo2,
                "respiratory_rate": rng.randint(12, 18), "moaas": moaas, "dissociation": diss,
                "cadss": rng.randint(5, 30) if diss is not Dissociation.NONE and rng.random() < 0.2 else None,
                "nausea": rng.random() < 0.08, "vomiting": rng.random() < 0.01,
                "recorded_by_id": nurse, "recorded_at": at + rng.randint(0, 2) * M,
            })
            last = at
            self._alerts(out, sid, row, pre_sbp, pre_dbp, nurse, status)
        return last

    def _alerts(self, out: Chunk, sid: int, cp: dict, pre_sbp: int, pre_dbp: int, nurse: int,
                status: SessionStatus) -> None:
        found = []
        sbp, dbp = cp["systolic"], cp["diastolic"]
        if sbp is not None and (sbp >= 180 or dbp >= 110):
            found.append((AlertKind.BP_HIGH, f"BP {sbp}/{dbp} mmHg at or above 180/110"))
        elif sbp is not None and (sbp - pre_sbp >= 40 or dbp - pre_dbp >= 25):
            found.append((AlertKind.BP_RISE, f"BP {sbp}/{dbp} mmHg: rise from {pre_sbp}/{pre_dbp}"))
        if cp["spo2"] < 93:
            found.append((AlertKind.SPO2_LOW, f"SpO2 {cp['spo2']} % below 93 %"))
        if cp["moaas"] <= 3:
            found.append((AlertKind.SEDATION, f"MOAA/S {cp['moaas']}: sedation"))
        for kind, detail in found:
            raised = cp["recorded_at"]
            acted = status is SessionStatus.DISCHARGED or raised + 8 * M < self.ctx.now
            out.add("monitoring_alert", {
                "id": self.ctx.ids.take("monitoring_alert"), "session_id": sid,
                "checkpoint_id": cp["id"], "kind": kind, "detail": detail, "raised_at": raised,
                "action_note": self.rng.choice(ALERT_ACTIONS) if acted else None,
                "action_by_id": nurse if acted else None,
                "action_at": raised + self.rng.randint(2, 8) * M if acted else None, "version": 1,
            })

    def _close(self, out: Chunk, sid: int, visit: Visit, fd: datetime, last_reading: datetime,
               nurse: int, prescriber: int) -> None:
        rng, ctx = self.rng, self.ctx
        clinic_id = ctx.clinics[visit.clinic].id
        discharged = max(last_reading, fd + 120 * M) + rng.randint(2, 9) * M
        discharged = max(fd + 120 * M, min(discharged, ctx.now))
        total = int((discharged - fd).total_seconds() // 60)
        out.add("discharge", {
            "id": ctx.ids.take("discharge"), "session_id": sid, "discharged_at": discharged,
            "total_minutes": total, "ready_at_minutes": rng.randint(45, 115),
            "criteria_summary": "≥ 120 min since first device; MOAA/S at baseline; no dissociation; "
            "SpO2 ≥ 93 %; BP acceptable; ride home confirmed",
            "vitals_acceptable_before_leaving": True, "bp_accepted_by_id": None,
            "bp_accept_reason": None, "attestation": "Clinically stable and ready to leave",
            "attested_by_id": nurse, "recorded_at": discharged,
        })
        if rng.random() < 0.03:
            kind, sev, desc, outcome = rng.choice(ADVERSE_EVENTS)
            out.add("adverse_event", {
                "id": ctx.ids.take("adverse_event"), "session_id": sid, "event_type": kind,
                "description": desc, "severity": Severity(sev), "serious": False,
                "onset_at": fd + rng.randint(10, 50) * M, "action_taken": "Observed; supportive care",
                "outcome": outcome, "recorded_by_id": nurse, "recorded_at": discharged - 5 * M,
                "version": 1,
            })
        days_ago = (ctx.today - visit.day).days
        nurse_signed = discharged + rng.randint(5, 40) * M
        if nurse_signed <= ctx.now:
            self._sign(out, sid, SignatureRole.NURSE, nurse, nurse_signed)
            cosign = nurse_signed + rng.randint(30, 60 * 20) * M
            if cosign <= ctx.now and (days_ago > 2 or rng.random() < 0.5) and rng.random() < 0.995:
                self._sign(out, sid, SignatureRole.PRESCRIBER, prescriber, cosign)
        due = visit.day + timedelta(days=7)
        submitted = None
        if due < ctx.today:
            if rng.random() < 0.97:
                submitted = visit.day + timedelta(days=rng.randint(0, 6))
        elif rng.random() < 0.5 and days_ago >= 1:
            submitted = visit.day + timedelta(days=rng.randint(1, days_ago))
        out.add("rems_monitoring_form", {
            "id": ctx.ids.take("rems_monitoring_form"), "session_id": sid, "clinic_id": clinic_id,
            "due_on": due,
            "status": FormStatus.SUBMITTED if submitted else FormStatus.DUE,
            "submitted_on": submitted,
            "confirmation": f"PMF-{rng.randrange(10**8):08d}" if submitted else None,
            "submitted_by_id": nurse if submitted else None,
            "recorded_at": utc(visit.start) + timedelta(days=(submitted - visit.day).days, hours=3)
            if submitted else None, "version": 1,
        })

    def _sign(self, out: Chunk, sid: int, role: SignatureRole, signer: int, at: datetime) -> None:
        meaning = ("Nurse: monitoring record complete and accurate" if role is SignatureRole.NURSE
                   else "Prescriber: reviewed and co-signed")
        out.add("signature", {
            "id": self.ctx.ids.take("signature"), "session_id": sid, "role": role,
            "signer_id": signer, "signed_at": at, "meaning": meaning,
        })

    def _phq9(self, out: Chunk, sid: int, fact: PatientFacts, visit: Visit, rater: int) -> None:
        rng = self.rng
        progress = min(1.0, (visit.number - 1) / 12)
        drop = (0.65 if fact.responder else 0.2) * progress
        target = max(0, min(27, round(fact.phq_baseline * (1 - drop)) + rng.randint(-2, 2)))
        items = [0] * 9
        for _ in range(target):
            candidates = [i for i in range(9) if items[i] < 3]
            items[rng.choice(candidates)] += 1
        out.add("outcome_measure", {
            "id": self.ctx.ids.take("outcome_measure"), "patient_id": fact.id, "scale": Scale.PHQ9,
            "item_scores": items, "total": sum(items), "measured_on": visit.day, "session_id": sid,
            "rater_id": rater, "recorded_at": utc(visit.start) + 5 * M, "note": "", "version": 1,
        })
