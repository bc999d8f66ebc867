"""Crash-test writer: records treatment sessions unit by unit, printing COMMITTED after each commit.

Run as `python crash_writer.py serve`: a pre-imported zygote that forks one writer per
`run URL SEED NURSE_ID PRESCRIBER_ID` line on stdin (so each of hundreds of kills costs a fork, not a
Python start-up), prints `PID n`, and `EXIT n status` when the writer has died.

Each unit is one call of the real session-day services (checklist, devices, checkpoints,
discharge); booking writes through an ORM unit of work with its audit event until the
scheduling service lands on main.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session, configure_mappers  # noqa: E402

from aurora_desktop.db.database import Database  # noqa: E402
from aurora_desktop.db.models import (  # noqa: E402
    ChecklistAnswer,
    DeviceAdministration,
    MonitoringCheckpoint,
    Patient,
    PreDoseChecklist,
    RemsPatientEnrollment,
    TreatmentChair,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.enums import (  # noqa: E402
    EnrollmentStatus,
    Indication,
    OralAdStrategy,
    PlanStatus,
    Role,
    SessionStatus,
    Sex,
)
from aurora_desktop.services.actor import Actor  # noqa: E402
from aurora_desktop.services.clock import FakeClock  # noqa: E402
from aurora_desktop.services.container import Services  # noqa: E402
from aurora_desktop.services.context import ServiceContext  # noqa: E402
from tests.support.session_day import NORMAL, complete_form  # noqa: E402

BASE = datetime(2027, 1, 4, 14, 0, tzinfo=UTC)
NY = ZoneInfo("America/New_York")


def book(services: Services, nurse: Actor, prescriber_id: int) -> str:
    """Booking (the scheduling service is not on main yet): patient, plan, session + audit."""

    def work(session: Session) -> str:
        k = (session.scalar(select(func.max(TreatmentSession.id))) or 0) + 1
        start = BASE + timedelta(hours=3 * k)
        services.ctx.clock.set(start)
        patient = Patient(
            mrn=f"CR{k:07d}", first_name="Zoë", last_name=f"Crash{k}", search_name=f"zoe crash{k}",
            first_name_key="zoe", last_name_key=f"crash{k}", date_of_birth=date(1980, 1, 1),
            sex=Sex.FEMALE, created_at=start,
        )
        session.add(patient)
        session.flush()
        session.add(RemsPatientEnrollment(
            patient_id=patient.id, rems_patient_id=f"RP{patient.id:06d}", enrolled_on=date(2026, 1, 5),
            status=EnrollmentStatus.ACTIVE, recorded_at=start))
        plan = TreatmentPlan(
            patient_id=patient.id, indication=Indication.TRD, oral_ad_strategy=OralAdStrategy.ADJUNCTIVE,
            prescriber_id=prescriber_id, start_date=date(2026, 11, 1), target_dose_mg=56,
            status=PlanStatus.ACTIVE, created_at=start)
        session.add(plan)
        session.flush()
        chairs = session.scalars(select(TreatmentChair.id).where(TreatmentChair.clinic_id == 1)
                                 .order_by(TreatmentChair.id)).all()
        visit = TreatmentSession(
            patient_id=patient.id, clinic_id=1, chair_id=chairs[k % len(chairs)], plan_id=plan.id,
            scheduled_start=start, scheduled_end=start + timedelta(minutes=150),
            local_date=start.astimezone(NY).date(), status=SessionStatus.CHECKED_IN,
            booked_by_id=nurse.staff_id, planned_dose_mg=56, ride_driver_name="Sam Crash",
            ride_driver_phone="(914) 555-0199", ride_confirmed=True, ride_confirmed_at=start,
            arrived_at=start, created_at=start,
        )
        session.add(visit)
        session.flush()
        services.ctx.audit.record(session, nurse, start, "create", "treatment_session", visit.id,
                                  patient_id=patient.id)
        return f"book {visit.id}"

    return services.ctx.db.write(work)


def next_step(services: Services, nurse: Actor, rng: random.Random) -> str | None:
    """Take one open session one step further through the real session-day services."""
    clock: FakeClock = services.ctx.clock  # type: ignore[assignment]
    with services.ctx.db.read() as session:
        open_ids = session.scalars(select(TreatmentSession.id).where(TreatmentSession.status.in_(
            [SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS, SessionStatus.MONITORING]))
            .order_by(TreatmentSession.id)).all()
        if not open_ids:
            return None
        sid = rng.choice(open_ids[:2])
        ts = session.get(TreatmentSession, sid)
        checklist = session.scalar(select(PreDoseChecklist).where(PreDoseChecklist.session_id == sid))
        answers = session.scalar(select(func.count(ChecklistAnswer.id))
                                 .where(ChecklistAnswer.session_id == sid))
        devices = session.scalars(select(DeviceAdministration).where(DeviceAdministration.session_id == sid)
                                  .order_by(DeviceAdministration.sequence)).all()
        open_point = session.scalars(select(MonitoringCheckpoint).where(
            MonitoringCheckpoint.session_id == sid, MonitoringCheckpoint.measured_at.is_(None))
            .order_by(MonitoringCheckpoint.planned_offset_minutes)).first()
    start = ts.scheduled_start
    if ts.status == SessionStatus.CHECKED_IN:
        clock.set(start + timedelta(minutes=1))
        services.checklist.start_checklist(nurse, sid)
        return f"start_checklist {sid}"
    if not answers:
        clock.set(start + timedelta(minutes=2))
        services.checklist.save_answers(nurse, sid, complete_form(clock.now()), checklist.version)
        return f"answers {sid}"
    if checklist.pre_vitals_at is None:
        clock.set(start + timedelta(minutes=3))
        services.checklist.record_pre_dose_vitals(nurse, sid, systolic=126, diastolic=80, heart_rate=72,
                                                  spo2=98, baseline_moaas=5, version=checklist.version)
        return f"vitals {sid}"
    if len(devices) < 2:
        first = devices[0].administered_at if devices else start + timedelta(minutes=10)
        clock.set(first + timedelta(minutes=6 * len(devices)))
        result = services.administration.record_device(nurse, sid, f"LOT-{sid % 7}")
        return f"device {sid * 10 + result.sequence}"
    first = devices[0].administered_at
    if open_point is not None:
        clock.set(first + timedelta(minutes=(open_point.planned_offset_minutes or 0) + 1))
        services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=open_point.id)
        return f"checkpoint {open_point.id}"
    clock.set(first + timedelta(minutes=122))
    services.discharge.discharge(nurse, sid, ready_at_minutes=90, attest_stable=True)
    return f"discharge {sid}"


def run_writer(url: str, seed: int, nurse_id: int, prescriber_id: int) -> None:
    """Write units forever (until killed), acknowledging each commit on stdout."""
    rng = random.Random(seed)
    nurse = Actor(nurse_id, "nurse", "Nina Nurse", frozenset({Role.NURSE}), "crash-pc")
    services = Services.build(ServiceContext(db=Database(url), clock=FakeClock(BASE)))
    while True:
        done = None if rng.random() < 0.15 else next_step(services, nurse, rng)
        if done is None:
            done = book(services, nurse, prescriber_id)
        os.write(1, f"COMMITTED {done}\n".encode())


def serve() -> None:
    """Zygote: fork a writer per `run` command, report its pid and its exit."""
    configure_mappers()  # done once here, inherited by every forked writer
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "run":
            break
        url, seed, nurse_id, prescriber_id = parts[1], int(parts[2]), int(parts[3]), int(parts[4])
        pid = os.fork()
        if pid == 0:
            try:
                run_writer(url, seed, nurse_id, prescriber_id)
            finally:
                os._exit(70)
        os.write(1, f"PID {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"EXIT {pid} {status}\n".encode())


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        run_writer(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
