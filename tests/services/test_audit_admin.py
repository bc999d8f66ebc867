"""Audit viewer queries: keyset pages, filters, CSV export and verification."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from aurora_desktop.domain.errors import FieldError, PermissionDenied
from aurora_desktop.services.audit_admin import AuditCursor, AuditFilter, day_bounds, page_statement
from aurora_desktop.services.audit_trail import AuditTrail
from aurora_desktop.services.container import Services


def _events(services: Services, staff, count: int) -> None:  # noqa: ANN001
    trail, clock = AuditTrail(), services.ctx.clock
    actors = [staff.nurse, staff.front_desk]

    def work(session) -> None:  # noqa: ANN001
        for n in range(count):
            clock.advance(hours=5)
            trail.record(session, actors[n % 2], clock.now(), "update", "patient", n % 3,
                         patient_id=n % 3, details={"n": n})

    services.ctx.db.write(work)


def test_pages_filters_export(services: Services, staff) -> None:  # noqa: ANN001
    _events(services, staff, 30)  # 5 hours apart: spans Dec 1 .. Dec 7
    audit = services.audit_admin
    seen, cursor = [], None
    while True:
        page = audit.page(staff.admin, AuditFilter(), after=cursor, limit=7)
        seen += [r.id for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == list(range(32, 0, -1))  # 2 clinic seeds + 30, newest first, none twice

    nurse_rows = audit.page(staff.admin, AuditFilter(actor_id=staff.nurse.staff_id), limit=100).rows
    assert len(nurse_rows) == 15 and {r.actor_username for r in nurse_rows} == {"nurse"}
    patient = audit.page(staff.admin, AuditFilter(patient_id=2, entity="patient"), limit=100).rows
    assert len(patient) == 10 and all(r.entity_id == "2" for r in patient)
    day = audit.page(staff.admin, AuditFilter(start=date(2026, 12, 2), end=date(2026, 12, 2)),
                     limit=100).rows
    assert 4 <= len(day) <= 5  # one event every 5 hours
    low, high = day_bounds(date(2026, 12, 2), date(2026, 12, 2), "America/New_York")
    assert all(low <= r.occurred_at < high for r in day)
    with pytest.raises(FieldError, match="end date"):
        audit.page(staff.admin, AuditFilter(start=date(2026, 12, 3), end=date(2026, 12, 2)))

    out = io.StringIO()
    count = audit.export_csv(staff.admin, date(2026, 12, 1), date(2026, 12, 31), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) == 32 and rows[0]["id"] == "1" and rows[-1]["hash"]
    assert audit.verify(staff.admin).ok  # the export itself was audited and chained
    assert audit.page(staff.admin, AuditFilter(action="export")).rows[0].actor_username == "admin"
    with pytest.raises(PermissionDenied, match="read audit"):
        audit.page(staff.nurse)


@pytest.mark.parametrize("flt", [
    AuditFilter(), AuditFilter(actor_id=3), AuditFilter(patient_id=9),
    AuditFilter(start=date(2026, 1, 1), end=date(2026, 1, 31)),
    AuditFilter(actor_id=3, start=date(2026, 1, 1)), AuditFilter(entity="patient", entity_id="9"),
], ids=["all", "user", "patient", "dates", "user+dates", "entity"])
def test_viewer_queries_use_an_index(sqlite_services: Services, flt: AuditFilter) -> None:
    """Never a full scan or a sort of the whole trail (benchmarks/bench_audit_viewer.py times it)."""
    cursor = AuditCursor(datetime(2026, 6, 1, tzinfo=UTC), 500)
    engine = sqlite_services.ctx.db.engine
    with engine.connect() as conn:
        for after in (None, cursor):
            stmt = page_statement(flt, after, 201).compile(engine, compile_kwargs={"literal_binds": True})
            plan = " | ".join(row[-1] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {stmt}")))
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
            assert "SCAN audit_event" not in plan.replace("SCAN audit_event USING", ""), plan
