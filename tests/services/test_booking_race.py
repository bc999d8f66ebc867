"""Several processes book contested chair/time and patient/day slots at once: 0 double bookings."""

from __future__ import annotations

import multiprocessing
import os
from datetime import date

from sqlalchemy import select, text

from aurora_desktop.db.models import Clinic
from tests.support.race_worker import plan_now, run_worker
from tests.support.scheduling import make_patient, roster_days

WORKERS = 4
ROUNDS = int(os.environ.get("RACE_ROUNDS", "126"))  # 4 x 126 = 504 attempts per backend

DOUBLE_CHAIR_SQL = """
SELECT count(*) FROM treatment_session a JOIN treatment_session b
  ON a.chair_id = b.chair_id AND a.id < b.id
 AND a.scheduled_start < b.scheduled_end AND b.scheduled_start < a.scheduled_end
WHERE a.status NOT IN ('cancelled', 'no_show') AND b.status NOT IN ('cancelled', 'no_show')
"""
DOUBLE_PATIENT_SQL = """
SELECT count(*) FROM treatment_session a JOIN treatment_session b
  ON a.patient_id = b.patient_id AND a.id < b.id AND a.local_date = b.local_date
WHERE a.status NOT IN ('cancelled', 'no_show') AND b.status NOT IN ('cancelled', 'no_show')
"""


def test_concurrent_bookings_never_double_book(services, staff, database_url: str) -> None:
    first_day = date(2026, 12, 2)
    with services.ctx.db.write_once() as session:
        for clinic in session.scalars(select(Clinic)):
            clinic.opening_hours = [["08:00", "18:00"]] * 7
    wp = services.clinics.get_by_code("WP")
    roster_days(services, staff.admin, staff.prescriber.staff_id, wp.id, first_day, ROUNDS)
    own = [[make_patient(services, f"W{w}", f"R{r}") if r % 2 == 0 else 0
            for r in range(ROUNDS)] for w in range(WORKERS)]
    shared = [make_patient(services, "Shared", f"R{r}") if r % 2 else 0 for r in range(ROUNDS)]
    plan = {"now": plan_now(), "actor_id": staff.front_desk.staff_id, "first_day": first_day,
            "rounds": ROUNDS, "own_patients": own, "shared_patients": shared,
            "chairs": [c.id for c in wp.chairs], "clinic_id": wp.id}
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [ctx.Process(target=run_worker, args=(database_url, i, plan, barrier, results))
             for i in range(WORKERS)]
    for proc in procs:
        proc.start()
    collected = dict(results.get(timeout=300) for _ in procs)
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0

    by_round: dict[int, list[tuple]] = {}
    for outcomes in collected.values():
        for outcome in outcomes:
            by_round.setdefault(outcome[0], []).append(outcome)
    attempts = sum(len(v) for v in by_round.values())
    assert attempts == WORKERS * ROUNDS
    for r, outcomes in by_round.items():
        kinds = sorted(o[1] for o in outcomes)
        assert kinds == ["conflict"] * (WORKERS - 1) + ["won"], (r, outcomes)
        winner = next(o[2] for o in outcomes if o[1] == "won")
        for o in outcomes:
            if o[1] == "conflict":  # the loser is told which booking won
                assert f"#{winner}" in o[3] or "first" in o[3], o[3]
    with services.ctx.db.read() as session:
        assert session.scalar(text(DOUBLE_CHAIR_SQL)) == 0
        assert session.scalar(text(DOUBLE_PATIENT_SQL)) == 0
        booked = session.scalar(text("SELECT count(*) FROM treatment_session"))
    assert booked == ROUNDS
