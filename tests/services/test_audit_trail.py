"""The audit chain verifies, and detects an edited, deleted, inserted or reordered row."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from aurora_desktop.services.audit_trail import AuditTrail, changes
from aurora_desktop.services.container import Services


def _write_events(services: Services, actor, count: int = 5) -> None:  # noqa: ANN001
    trail = AuditTrail()
    for n in range(count):
        services.ctx.db.write(lambda s, n=n: trail.record(
            s, actor, services.ctx.clock.now(), "update", "patient", n, patient_id=n,
            details={"phone": ["(914) 555-0100", f"(914) 555-01{n:02d}"]},
        ))


def _tamper(services: Services, *statements: str) -> None:
    db = services.ctx.db
    with db.engine.begin() as conn:
        if db.backend == "postgresql":
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_event_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_event_no_delete"))
        for statement in statements:
            conn.execute(text(statement))


def _verify(services: Services):  # noqa: ANN202
    with services.ctx.db.read() as session:
        return AuditTrail().verify(session)


def test_intact_chain_verifies(services: Services, staff) -> None:  # noqa: ANN001
    _write_events(services, staff.admin)
    report = _verify(services)
    assert report.ok
    assert report.checked == 7  # 2 clinic seeds + 5


def test_audit_rows_cannot_be_updated_or_deleted_normally(services: Services, staff) -> None:  # noqa: ANN001
    _write_events(services, staff.admin, 1)
    with pytest.raises(Exception, match="append-only"), services.ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET action = 'x' WHERE id = 3"))
    with pytest.raises(Exception, match="append-only"), services.ctx.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = 3"))


@pytest.mark.parametrize(
    "statements, broken_id",
    [
        (["UPDATE audit_event SET details = '{}' WHERE id = 4"], 4),
        (["DELETE FROM audit_event WHERE id = 4"], 5),
        (["UPDATE audit_event SET id = 100 WHERE id = 7",
          "UPDATE audit_event SET id = 7 WHERE id = 6",
          "UPDATE audit_event SET id = 6 WHERE id = 100"], 6),
        (["UPDATE audit_event SET id = id + 10 WHERE id >= 5",
          "INSERT INTO audit_event (id, occurred_at, actor_username, workstation, action, entity,"
          " entity_id, details, break_glass, prev_hash, hash) SELECT 5, occurred_at,"
          " actor_username, workstation, 'view', entity, entity_id, details, break_glass,"
          " hash, 'f' || substr(hash, 2) FROM audit_event WHERE id = 4"], 5),
    ],
    ids=["edited", "deleted", "reordered", "inserted"],
)
def test_tampering_is_detected(services: Services, staff, statements, broken_id) -> None:  # noqa: ANN001
    _write_events(services, staff.admin)
    _tamper(services, *statements)
    report = _verify(services)
    assert not report.ok
    assert report.first_broken_id == broken_id


def test_changes_lists_only_changed_fields() -> None:
    assert changes({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}
