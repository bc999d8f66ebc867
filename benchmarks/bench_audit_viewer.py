"""Audit viewer on a large trail: keyset page queries vs a raw indexed fetch (median and ratio).

    python -m benchmarks.bench_audit_viewer [--events 1000000] [--database-url URL]

Builds a throw-away SQLite database (or uses an empty migrated --database-url) with N audit
events spread over five years, then times the AuditAdminService page queries the viewer runs:
first page, a page deep in the trail, by user, by patient, by date range. The floor is the
raw `SELECT ... ORDER BY id DESC LIMIT 200` in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database
from aurora_desktop.db.models import AuditEvent
from aurora_desktop.domain.enums import Role
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_admin import AuditCursor, AuditFilter
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext
from aurora_desktop.services.passwords import Passwords

START = datetime(2021, 12, 1, 13, 0, tzinfo=UTC)
ADMIN = Actor(None, "bench", "Benchmark", frozenset({Role.ADMIN}), "bench")


def fill(db: Database, events: int) -> None:
    step = timedelta(days=5 * 365) / events
    batch: list[dict] = []
    with db.engine.begin() as conn:
        for n in range(1, events + 1):
            batch.append({
                "id": n, "occurred_at": START + step * n, "actor_id": n % 40 + 1,
                "actor_username": f"user{n % 40 + 1}", "workstation": "bench", "action": "update",
                "entity": "patient" if n % 3 else "treatment_session", "entity_id": str(n % 20000),
                "patient_id": n % 20000 + 1, "details": "{}", "break_glass": n % 997 == 0,
                "prev_hash": "0" * 64, "hash": hashlib.sha256(str(n).encode()).hexdigest(),
            })
            if len(batch) == 20000:
                conn.execute(insert(AuditEvent), batch)
                batch.clear()
        if batch:
            conn.execute(insert(AuditEvent), batch)
        if db.backend == "postgresql":
            conn.execute(text("ANALYZE audit_event"))
        else:
            conn.execute(text("ANALYZE"))


def median_ms(work, runs: int = 15) -> float:  # noqa: ANN001 - a callable
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db = Database(url)
    migrations.upgrade(db.engine)
    print(f"filling {args.events:,} audit events ({db.backend}) ...")
    fill(db, args.events)
    services = Services.build(ServiceContext(db, FakeClock(datetime.now(UTC))), Passwords.fast_for_tests())
    audit = services.audit_admin
    deep = AuditCursor(START + timedelta(days=200), args.events // 20)

    def floor() -> None:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT * FROM audit_event ORDER BY id DESC LIMIT 200")).all()

    cases = {
        "first page": lambda: audit.page(ADMIN, AuditFilter()),
        "deep page (keyset)": lambda: audit.page(ADMIN, AuditFilter(), after=deep),
        "by user": lambda: audit.page(ADMIN, AuditFilter(actor_id=7)),
        "by patient": lambda: audit.page(ADMIN, AuditFilter(patient_id=4242)),
        "by date range": lambda: audit.page(
            ADMIN, AuditFilter(start=date(2024, 3, 1), end=date(2024, 3, 31))),
        "user + date range": lambda: audit.page(ADMIN, AuditFilter(actor_id=7, start=date(2023, 1, 1),
                                                                   end=date(2023, 6, 30))),
    }
    base = median_ms(floor)
    print(f"{'floor: raw SQL 200 newest rows':34s} {base:8.2f} ms")
    for name, work in cases.items():
        ms = median_ms(work)
        print(f"{'viewer page: ' + name:34s} {ms:8.2f} ms   ratio {ms / base:5.1f}x")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
