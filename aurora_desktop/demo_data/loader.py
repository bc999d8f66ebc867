"""Builds a demo data set through the real models with Core bulk inserts, audited per step."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from aurora_desktop.db.base import Base
from aurora_desktop.db.database import Database
from aurora_desktop.db.models import (
    DEFAULT_OPENING_HOURS,
    Clinic,
    Patient,
    StaffMember,
    TreatmentChair,
    TreatmentSession,
)
from aurora_desktop.demo_data.context import BuildContext, ClinicInfo, IdAllocator
from aurora_desktop.demo_data.patients import build_history, build_patients
from aurora_desktop.demo_data.records import TABLE_ORDER, Chunk, LotBook, RecordWriter
from aurora_desktop.demo_data.scheduler import Scheduler
from aurora_desktop.demo_data.sizes import SIZES
from aurora_desktop.demo_data.staffing import build_roster, build_staff
from aurora_desktop.domain.enums import INACTIVE_SESSION_STATUSES
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_trail import AuditTrail

log = logging.getLogger(__name__)
INSERT_BATCH = 20_000


class DemoDataRefused(AuroraError):
    """The database already holds patients or sessions and --force was not given."""


@dataclass
class DemoReport:
    size: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def total(self, table: str) -> int:
        return self.counts.get(table, 0)


class _Writer:
    """Inserts rows table by table and writes one audit event per bulk step."""

    def __init__(self, session: Session, actor: Actor, now: datetime, audit: AuditTrail,
                 report: DemoReport) -> None:
        self.session, self.actor, self.now, self.audit, self.report = session, actor, now, audit, report

    def insert(self, table: str, rows: list[dict], step: str | None = None) -> None:
        if not rows:
            return
        tbl = Base.metadata.tables[table]
        for i in range(0, len(rows), INSERT_BATCH):
            self.session.execute(insert(tbl), rows[i:i + INSERT_BATCH])
        self.report.counts[table] = self.report.counts.get(table, 0) + len(rows)
        if step is not None:
            self.record(step, table, rows)

    def record(self, step: str, table: str, rows: list[dict], **extra: object) -> None:
        self.audit.record(
            self.session, self.actor, self.now, "demo_data_load", table,
            f"{rows[0]['id']}-{rows[-1]['id']}" if rows else "",
            details={"step": step, "rows": len(rows), "size": self.report.size,
                     "seed": self.report.seed, **extra},
        )


def build_demo_data(
    db: Database, actor: Actor, now: datetime, size: str = "small", seed: int = 1,
    *, force: bool = False, audit: AuditTrail | None = None,
    progress: Callable[[str], None] | None = None, busy_now: bool = False,
) -> DemoReport:
    """Fill *db* (migrated, clinics seeded) with the demo data set; one transaction.

    busy_now books every chair in the slot running at *now* (the benchmark's floor board).
    """
    if size not in SIZES:
        raise AuroraError(f"size: '{size}' is not one of {', '.join(SIZES)}")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC).replace(microsecond=0)
    report = DemoReport(size, seed)
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    with db.write_once() as session:
        existing = session.scalar(select(func.count(Patient.id))) or 0
        existing += session.scalar(select(func.count(TreatmentSession.id))) or 0
        if existing and not force:
            raise DemoDataRefused(
                "the database already has patients or sessions; demo data goes into an empty "
                "database (use --force to add it alongside, never replacing anything)"
            )
        writer = _Writer(session, actor, now, audit or AuditTrail(), report)
        ctx = _context(session, writer, SIZES[size], seed, now, force)
        _generate(ctx, writer, say, busy_now)
        if db.backend == "postgresql":
            _reset_sequences(session)
    report.seconds = time.perf_counter() - started
    log.info("demo data %s seed %d built in %.1f s", size, seed, report.seconds)
    return report


def _context(session: Session, writer: _Writer, size, seed: int, now: datetime,
             force: bool) -> BuildContext:  # noqa: ANN001
    clinics = session.scalars(select(Clinic).where(Clinic.active.is_(True)).order_by(Clinic.id)).all()
    if not clinics:
        raise AuroraError("no clinics: run the app or `aurora-admin db upgrade` first")
    starts = {t: session.scalar(select(func.max(tbl.c.id))) or 0
              for t, tbl in Base.metadata.tables.items() if "id" in tbl.c}
    ids = IdAllocator(starts)
    if size.extra_clinics:
        _add_network_clinics(session, writer, ids, size.extra_clinics, now)
        clinics = session.scalars(select(Clinic).where(Clinic.active.is_(True)).order_by(Clinic.id)).all()
    chairs = session.execute(
        select(TreatmentChair.clinic_id, TreatmentChair.id)
        .where(TreatmentChair.active.is_(True))
        .order_by(TreatmentChair.clinic_id, TreatmentChair.position, TreatmentChair.id)
    ).all()
    infos = []
    for c in clinics:
        chair_ids = [cid for clinic_id, cid in chairs if clinic_id == c.id]
        if not chair_ids:
            continue
        infos.append(ClinicInfo(
            index=len(infos), id=c.id, code=c.code, name=c.name, chair_ids=chair_ids,
            opening_hours=list(c.opening_hours), block_minutes=c.session_block_minutes,
            checkpoint_offsets=sorted(c.checkpoint_offsets),
            bp_required_offsets=list(c.bp_required_offsets),
        ))
    ctx = BuildContext(size=size, seed=seed, now=now, clinics=infos, ids=ids)
    if force:
        _load_taken(session, ctx)
    return ctx


def _add_network_clinics(session: Session, writer: _Writer, ids: IdAllocator, n: int,
                         now: datetime) -> None:
    """The large set's extra sites (codes N01...), 8 chairs each, added once."""
    have = set(session.scalars(select(Clinic.code)))
    clinic_rows, chair_rows = [], []
    for k in range(1, n + 1):
        code = f"N{k:02d}"
        if code in have:
            continue
        cid = ids.take("clinic")
        clinic_rows.append({
            "id": cid, "code": code, "name": f"Aurora Wellness Network Site {k:02d}",
            "address_line1": f"{100 + k} Network Plaza", "city": "New York", "state": "NY",
            "postal_code": "10001", "phone": f"(212) 555-01{k:02d}", "time_zone": "America/New_York",
            "rems_setting_id": f"HCS-NY-N{k:02d}", "rems_certified": True,
            "rems_certified_on": date(2024, 1, 15), "opening_hours": DEFAULT_OPENING_HOURS,
            "session_block_minutes": 150, "checkpoint_offsets": [15, 40, 60, 90, 120],
            "bp_required_offsets": [40], "spo2_alert_threshold": 93, "overdue_grace_minutes": 5,
            "idle_lock_minutes": 10, "active": True, "created_at": now, "version": 1,
        })
        for pos in range(1, 9):
            chair_rows.append({"id": ids.take("treatment_chair"), "clinic_id": cid,
                               "label": f"Chair {pos}", "position": pos, "active": True, "version": 1})
    writer.insert("clinic", clinic_rows, "network clinics")
    writer.insert("treatment_chair", chair_rows, "network clinic chairs")


def _load_taken(session: Session, ctx: BuildContext) -> None:
    """With --force: keep clear of existing bookings, MRNs, usernames and lot numbers."""
    ctx.taken_mrns.update(session.scalars(select(Patient.mrn)))
    ctx.taken_usernames.update(session.scalars(select(StaffMember.username)))
    lot_tbl = Base.metadata.tables["drug_lot"]
    ctx.taken_lots.update((c, lot) for c, lot in session.execute(
        select(lot_tbl.c.clinic_id, lot_tbl.c.lot_number)))
    zone = ctx.clinics[0].zone
    lo = datetime.combine(ctx.first_day - timedelta(days=1), datetime.min.time(), tzinfo=zone)
    rows = session.execute(
        select(TreatmentSession.chair_id, TreatmentSession.scheduled_start,
               TreatmentSession.scheduled_end, TreatmentSession.status)
        .where(TreatmentSession.scheduled_end >= lo)
    )
    for chair_id, start, end, status in rows:
        if status in INACTIVE_SESSION_STATUSES:
            continue
        day = start.astimezone(zone).date()
        for d in (day - timedelta(days=1), day, day + timedelta(days=1)):
            ctx.occupied.setdefault((chair_id, d), []).append((start, end))


def _generate(ctx: BuildContext, writer: _Writer, say: Callable[[str], None], busy_now: bool) -> None:
    seed = ctx.seed
    staffing = build_staff(ctx, random.Random(f"{seed}:staff"))
    build_roster(ctx, staffing)
    writer.insert("staff_member", staffing.rows, "staff accounts")
    writer.insert("staff_shift", staffing.shifts, "roster shifts")
    say(f"staff: {len(staffing.rows)}, shifts: {len(staffing.shifts)}")

    patient_rows, facts, homes = build_patients(ctx, random.Random(f"{seed}:patients"),
                                                ctx.size.patients)
    scheduler = Scheduler(ctx, random.Random(f"{seed}:schedule"), homes, busy_now)
    visits = scheduler.run()
    say(f"schedule: {len(visits)} sessions for {len(scheduler.courses)} treatment courses")
    history = build_history(ctx, random.Random(f"{seed}:history"), patient_rows, facts,
                            scheduler.courses, staffing)
    writer.insert("patient", patient_rows, "patients")
    writer.insert("rems_patient_enrollment", history.enrollments, "REMS enrollments")
    writer.insert("treatment_plan", history.plans, "treatment plans")
    writer.insert("antidepressant_trial", history.trials, "prior antidepressant trials")
    writer.insert("concurrent_antidepressant", history.concurrent, "oral antidepressants")
    writer.insert("contraindication_screening", history.screenings, "contraindication screening")
    say(f"patients: {len(patient_rows)}")

    rng = random.Random(f"{seed}:records")
    lots = LotBook(ctx, rng)
    writer.insert("drug_lot", lots.rows, "drug lots received")
    records = RecordWriter(ctx, rng, facts, staffing, lots)
    step = ctx.size.chunk_sessions
    for first in range(0, len(visits), step):
        chunk = Chunk()
        for visit in visits[first:first + step]:
            records.visit(visit, chunk)
        for table in TABLE_ORDER:
            writer.insert(table, chunk.rows[table])
        sessions = chunk.rows["treatment_session"]
        writer.record("session records", "treatment_session", sessions,
                      tables={t: len(chunk.rows[t]) for t in TABLE_ORDER})
        say(f"sessions: {first + len(sessions)}/{len(visits)}")


def _reset_sequences(session: Session) -> None:
    """Explicit ids were inserted: move each PostgreSQL sequence past the highest id."""
    for name, tbl in Base.metadata.tables.items():
        if "id" not in tbl.c:
            continue
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
        ))
