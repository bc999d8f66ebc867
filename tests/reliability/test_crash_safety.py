"""SIGKILL the session writer at random points: no corruption, no partial units, no lost commits."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from aurora_desktop.db.database import Database
from aurora_desktop.services.audit_trail import AuditTrail
from aurora_desktop.services.container import Services
from tests.support.staff import StaffSet

WRITER = Path(__file__).with_name("crash_writer.py")
ROOT = Path(__file__).resolve().parents[2]
# AURORA_CRASH_KILLS overrides the SQLite count for local experiments (CI uses 200).
KILLS = {"sqlite": int(os.environ.get("AURORA_CRASH_KILLS", 200)), "postgresql": 40}
LINE_TIMEOUT_S = 60

# Each query counts rows that break an all-or-nothing unit; every one must stay 0.
PARTIAL_UNIT_QUERIES = {
    "status ahead of the checklist": """
        SELECT COUNT(*) FROM treatment_session s WHERE (s.status <> 'checked_in') <>
            EXISTS (SELECT 1 FROM pre_dose_checklist c WHERE c.session_id = s.id)""",
    "dose given without the monitoring plan": """
        SELECT COUNT(*) FROM treatment_session s
        WHERE EXISTS (SELECT 1 FROM device_administration d WHERE d.session_id = s.id) <>
              ((SELECT COUNT(*) FROM monitoring_checkpoint m WHERE m.session_id = s.id) = 5)""",
    "monitoring status without a device": """
        SELECT COUNT(*) FROM treatment_session s WHERE (s.status IN ('monitoring', 'discharged')) <>
            EXISTS (SELECT 1 FROM device_administration d WHERE d.session_id = s.id)""",
    "discharge without its status": """
        SELECT COUNT(*) FROM treatment_session s WHERE (s.status = 'discharged') <>
            EXISTS (SELECT 1 FROM discharge d WHERE d.session_id = s.id)""",
    "discharge without its REMS form": """
        SELECT COUNT(*) FROM discharge d
        WHERE NOT EXISTS (SELECT 1 FROM rems_monitoring_form f WHERE f.session_id = d.session_id)""",
    "checkpoint half recorded": """
        SELECT COUNT(*) FROM monitoring_checkpoint
        WHERE (measured_at IS NULL) <> (systolic IS NULL)
           OR (measured_at IS NULL) <> (recorded_at IS NULL)""",
}
# Every unit writes its audit event in the same transaction: counts must agree exactly.
AUDIT_PAIRS = {
    "booking": ("action = 'create' AND entity = 'treatment_session'",
                "SELECT COUNT(*) FROM treatment_session"),
    "checklist start": ("action = 'start_checklist'", "SELECT COUNT(*) FROM pre_dose_checklist"),
    "checklist answers": ("action = 'answer_checklist'",
                          "SELECT COUNT(DISTINCT session_id) FROM checklist_answer"),
    "pre-dose vitals": ("action = 'record_pre_dose_vitals'",
                        "SELECT COUNT(*) FROM pre_dose_checklist WHERE pre_vitals_at IS NOT NULL"),
    "device": ("action = 'record_device'", "SELECT COUNT(*) FROM device_administration"),
    "checkpoint": ("action = 'record_checkpoint'",
                   "SELECT COUNT(*) FROM monitoring_checkpoint WHERE measured_at IS NOT NULL"),
    "discharge": ("action = 'discharge'", "SELECT COUNT(*) FROM discharge"),
}
ACK_QUERIES = {
    "book": "SELECT COUNT(*) FROM treatment_session WHERE id = :id",
    "start_checklist": "SELECT COUNT(*) FROM pre_dose_checklist WHERE session_id = :id",
    "answers": "SELECT COUNT(DISTINCT session_id) FROM checklist_answer WHERE session_id = :id",
    "vitals": "SELECT COUNT(*) FROM pre_dose_checklist WHERE session_id = :id AND pre_vitals_at IS NOT NULL",
    "device": "SELECT COUNT(*) FROM device_administration WHERE session_id * 10 + sequence = :id",
    "checkpoint": "SELECT COUNT(*) FROM monitoring_checkpoint WHERE id = :id AND measured_at IS NOT NULL",
    "discharge": "SELECT COUNT(*) FROM discharge WHERE session_id = :id",
}


class Zygote:
    """The pre-imported writer server (crash_writer.py serve)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), "serve"], cwd=ROOT, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, bufsize=0,
        )
        self._buffer = b""

    def readline(self) -> str:
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self.proc.stdout], [], [], LINE_TIMEOUT_S)
            assert ready, "the writer stopped answering"
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            assert chunk, "the writer server exited"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def send(self, line: str) -> None:
        self.proc.stdin.write(line.encode() + b"\n")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def consistency_problems(db: Database) -> list[str]:
    problems = []
    with db.engine.connect() as conn:
        if db.is_sqlite:
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            if integrity != ["ok"]:
                problems.append(f"integrity_check: {integrity[:3]}")
            if conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                problems.append("foreign_key_check found dangling references")
        for name, sql in PARTIAL_UNIT_QUERIES.items():
            if n := conn.execute(text(sql)).scalar_one():
                problems.append(f"{n} × {name}")
        for name, (where, rows_sql) in AUDIT_PAIRS.items():
            audited = conn.execute(text(f"SELECT COUNT(*) FROM audit_event WHERE {where}")).scalar_one()
            rows = conn.execute(text(rows_sql)).scalar_one()
            if audited != rows:
                problems.append(f"{name}: {rows} rows but {audited} audit events")
    with db.read() as session:
        chain = AuditTrail().verify(session)
    if not chain.ok:
        problems.append(f"audit chain broken at {chain.first_broken_id}: {chain.problem}")
    return problems


def missing_acknowledged(db: Database, acked: list[tuple[str, int]]) -> list[tuple[str, int]]:
    with db.engine.connect() as conn:
        return [(kind, key) for kind, key in acked
                if conn.execute(text(ACK_QUERIES[kind]), {"id": key}).scalar_one() != 1]


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing(services: Services, staff: StaffSet, backend: str) -> None:
    db = services.ctx.db
    url = db.url
    rng = random.Random(20261201)
    kills = KILLS[backend]
    zygote = Zygote()
    acked: list[tuple[str, int]] = []
    mid_unit_kills = 0
    try:
        for attempt in range(kills):
            ids = f"{staff.nurse.staff_id} {staff.prescriber.staff_id}"
            zygote.send(f"run {url} {rng.randrange(1 << 30)} {ids}")
            first = zygote.readline()
            assert first.startswith("PID "), first
            pid = int(first.split()[1])
            wait_for = rng.randint(0, 2)
            seen = 0
            while seen < wait_for:
                line = zygote.readline()
                assert line.startswith("COMMITTED "), line
                _, kind, key = line.split()
                acked.append((kind, int(key)))
                seen += 1
            time.sleep(rng.uniform(0, 0.02))  # a random kill point inside the next unit
            os.kill(pid, signal.SIGKILL)
            while True:
                line = zygote.readline()
                if line.startswith("EXIT "):
                    status = int(line.split()[2])
                    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line
                    break
                _, kind, key = line.split()  # committed before the kill landed: still acknowledged
                acked.append((kind, int(key)))
            problems = consistency_problems(db)
            assert problems == [], f"after kill {attempt + 1}: {problems}"
            lost = missing_acknowledged(db, acked)
            assert lost == [], f"after kill {attempt + 1}: acknowledged but missing {lost}"
            mid_unit_kills += 1
    finally:
        zygote.close()
    kinds = {kind for kind, _ in acked}
    assert mid_unit_kills == kills
    assert kinds == set(ACK_QUERIES), f"every kind of unit was exercised: {kinds}"
    print(f"\n{backend}: {kills} SIGKILLs, {len(acked)} acknowledged commits, "
          "0 corrupt, 0 partial, 0 lost, audit chain valid")
