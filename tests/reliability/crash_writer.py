"""Crash-test writer: records treatment sessions unit by unit, printing COMMITTED after each commit.

Run as `python crash_writer.py serve`: a pre-imported zygote that forks one writer per
`run URL SEED NURSE_ID` line on stdin (so each of hundreds of kills costs a fork, not a
Python start-up), prints `PID n`, and `EXIT n status` when the writer has died.

Until the session-day services land on main, each unit writes through an ORM unit of work
(`Database.write`) with its audit events in the same transaction, as the services do.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from aurora_desktop.db.database import Database  # noqa: E402
from aurora_desktop.db.models import (  # noqa: E402
    ChecklistAnswer,
    DeviceAdministration,
    Discharge,
    MonitoringCheckpoint,
    Patient,
    PreDoseChecklist,
    TreatmentChair,
    TreatmentSession,
)
from aurora_desktop.domain.enums import Dissociation, Role, SessionStatus, Sex  # noqa: E402
from aurora_desktop.services.actor import Actor  # noqa: E402
from aurora_desktop.services.audit_trail import AuditTrail  # noqa: E402

BASE = datetime(2027, 1, 4, 14, 0, tzinfo=UTC)
CHECKLIST_ITEMS = ("identity", "rems_enrolled", "ride_home", "fasting", "pregnancy", "bp_ok")
OFFSETS = (15, 40, 60, 90, 120)
audit = AuditTrail()


def _now(session: Session) -> datetime:
    return BASE + timedelta(seconds=int(session.scalar(select(func.count()).select_from(
        TreatmentSession)) or 0))


def book(session: Session, actor: Actor, rng: random.Random) -> str:
    k = (session.scalar(select(func.max(TreatmentSession.id))) or 0) + 1
    start = BASE + timedelta(hours=3 * k)
    patient = Patient(
        mrn=f"CR{k:07d}", first_name="Zoë", last_name=f"Crash{k}", search_name=f"zoe crash{k}",
        first_name_key="zoe", last_name_key=f"crash{k}", date_of_birth=date(1980, 1, 1),
        sex=Sex.FEMALE, created_at=start,
    )
    session.add(patient)
    session.flush()
    chairs = session.scalars(select(TreatmentChair.id).order_by(TreatmentChair.id)).all()
    visit = TreatmentSession(
        patient_id=patient.id, clinic_id=1, chair_id=chairs[k % len(chairs)],
        scheduled_start=start, scheduled_end=start + timedelta(minutes=150),
        local_date=start.date(), status=SessionStatus.SCHEDULED, booked_by_id=actor.staff_id,
        planned_dose_mg=56, created_at=start,
    )
    session.add(visit)
    session.flush()
    audit.record(session, actor, start, "create", "patient", patient.id, patient_id=patient.id)
    audit.record(session, actor, start, "create", "treatment_session", visit.id, patient_id=patient.id)
    return f"book {visit.id}"


def checklist(session: Session, actor: Actor, visit: TreatmentSession) -> str:
    now = _now(session)
    session.add(PreDoseChecklist(
        session_id=visit.id, pre_systolic=128, pre_diastolic=80, pre_heart_rate=70, pre_spo2=98,
        pre_vitals_at=now, baseline_moaas=5, completed_by_id=actor.staff_id, completed_at=now,
    ))
    for item in CHECKLIST_ITEMS:
        session.add(ChecklistAnswer(session_id=visit.id, item=item, value="yes",
                                    answered_by_id=actor.staff_id, answered_at=now))
    visit.status = SessionStatus.CHECKED_IN
    audit.record(session, actor, now, "complete_checklist", "treatment_session", visit.id,
                 patient_id=visit.patient_id, details={"items": len(CHECKLIST_ITEMS)})
    return f"checklist {visit.id}"


def dose(session: Session, actor: Actor, visit: TreatmentSession, rng: random.Random) -> str:
    now = _now(session)
    devices = rng.choice((2, 3))
    for n in range(1, devices + 1):
        session.add(DeviceAdministration(
            session_id=visit.id, sequence=n, administered_at=now + timedelta(minutes=5 * n),
            lot_number=f"LOT{n}\u00e9", observed_by_id=actor.staff_id, recorded_at=now,
        ))
    for offset in OFFSETS:
        session.add(MonitoringCheckpoint(session_id=visit.id, planned_offset_minutes=offset,
                                         bp_required=offset == 40))
    visit.dose_mg = 28 * devices
    visit.first_device_at = now
    visit.status = SessionStatus.MONITORING
    audit.record(session, actor, now, "administer", "treatment_session", visit.id,
                 patient_id=visit.patient_id, details={"devices": devices})
    return f"dose {visit.id}"


def checkpoint(session: Session, actor: Actor, point: MonitoringCheckpoint, rng: random.Random) -> str:
    now = _now(session)
    point.measured_at = now
    point.recorded_at = now
    point.systolic = rng.randint(100, 170)
    point.diastolic = rng.randint(60, 100)
    point.heart_rate = rng.randint(55, 110)
    point.spo2 = rng.randint(90, 100)
    point.moaas = 5
    point.dissociation = Dissociation.NONE
    point.note = "n" * rng.randint(0, 3000)  # long notes make commits span several pages
    point.recorded_by_id = actor.staff_id
    audit.record(session, actor, now, "record_checkpoint", "monitoring_checkpoint", point.id,
                 details={"session_id": point.session_id})
    return f"checkpoint {point.id}"


def discharge(session: Session, actor: Actor, visit: TreatmentSession) -> str:
    now = _now(session)
    session.add(Discharge(
        session_id=visit.id, discharged_at=now, total_minutes=125, ready_at_minutes=120,
        criteria_summary="all criteria met", vitals_acceptable_before_leaving=True,
        attestation="clinically stable", attested_by_id=actor.staff_id, recorded_at=now,
    ))
    visit.status = SessionStatus.DISCHARGED
    audit.record(session, actor, now, "discharge", "treatment_session", visit.id,
                 patient_id=visit.patient_id)
    return f"discharge {visit.id}"


def one_unit(session: Session, actor: Actor, rng: random.Random) -> str:
    """Pick the next step of some session's day (or book a new one) and do it."""
    by_status = {
        status: session.scalars(select(TreatmentSession).where(TreatmentSession.status == status)
                                .order_by(TreatmentSession.id).limit(5)).all()
        for status in (SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN, SessionStatus.MONITORING)
    }
    choice = rng.random()
    if choice < 0.2 and by_status[SessionStatus.SCHEDULED]:
        return checklist(session, actor, by_status[SessionStatus.SCHEDULED][0])
    if choice < 0.4 and by_status[SessionStatus.CHECKED_IN]:
        return dose(session, actor, by_status[SessionStatus.CHECKED_IN][0], rng)
    if choice < 0.85 and by_status[SessionStatus.MONITORING]:
        open_point = session.scalars(
            select(MonitoringCheckpoint).where(MonitoringCheckpoint.measured_at.is_(None))
            .order_by(MonitoringCheckpoint.id).limit(1)
        ).first()
        if open_point is not None:
            return checkpoint(session, actor, open_point, rng)
        return discharge(session, actor, by_status[SessionStatus.MONITORING][0])
    return book(session, actor, rng)


def run_writer(url: str, seed: int, nurse_id: int) -> None:
    """Write units forever (until killed), acknowledging each commit on stdout."""
    rng = random.Random(seed)
    actor = Actor(nurse_id, "nurse", "Nina Nurse", frozenset({Role.NURSE}), "crash-pc")
    db = Database(url)
    while True:
        done = db.write(lambda s: one_unit(s, actor, rng))
        os.write(1, f"COMMITTED {done}\n".encode())


def serve() -> None:
    """Zygote: fork a writer per `run` command, report its pid and its exit."""
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "run":
            break
        url, seed, nurse_id = parts[1], int(parts[2]), int(parts[3])
        pid = os.fork()
        if pid == 0:
            try:
                run_writer(url, seed, nurse_id)
            finally:
                os._exit(70)
        os.write(1, f"PID {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"EXIT {pid} {status}\n".encode())


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        run_writer(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
