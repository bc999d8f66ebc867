"""Recording a checkpoint: a fixed few statements, the audit row, planned fills, and two writers racing."""

from __future__ import annotations

import json
import multiprocessing
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from aurora_desktop.db.models import AuditEvent, MonitoringAlert, MonitoringCheckpoint
from aurora_desktop.domain.enums import AlertKind
from aurora_desktop.domain.errors import FieldError, NotFound
from aurora_desktop.services.container import Services
from tests.support.checkpoint_worker import run_worker
from tests.support.session_day import NORMAL, make_session, ready_to_dose
from tests.support.staff import StaffSet

WORKERS = 2
ROUNDS = 30


def _monitoring_session(services: Services, staff: StaffSet, position: int, name: str) -> int:
    sid = make_session(services, staff.prescriber, chair_position=position, first_name=name).session_id
    ready_to_dose(services, staff.nurse, sid)
    services.administration.record_device(staff.nurse, sid, "LOT-C3")
    return sid


def _statements(services: Services, action) -> tuple[int, object]:  # noqa: ANN001
    seen: list[str] = []

    def on_execute(_conn, _cursor, statement, *_rest) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(services.ctx.db.engine, "before_cursor_execute", on_execute)
    try:
        result = action()
    finally:
        event.remove(services.ctx.db.engine, "before_cursor_execute", on_execute)
    return len([s for s in seen if s.split()[0].upper() not in ("BEGIN", "COMMIT")]), result


def _planned(services: Services, nurse, sid: int) -> dict[int, int]:  # noqa: ANN001
    view = services.session_day.session_view(nurse, sid)
    return {c.offset_minutes: c.id for c in view.checkpoints if c.offset_minutes is not None}


def test_checkpoint_write_is_a_fixed_few_statements_with_its_audit_row(
        services: Services, staff: StaffSet, clock) -> None:  # noqa: ANN001
    nurse = staff.nurse
    sid = _monitoring_session(services, staff, 1, "Ari")
    other = _monitoring_session(services, staff, 2, "Bo")
    clock.advance(minutes=16)
    record = services.monitoring.record_checkpoint
    first, result = _statements(services, lambda: record(nurse, sid, NORMAL, note="  calm  "))
    for _ in range(3):
        record(nurse, sid, NORMAL)
    again, _ = _statements(services, lambda: record(nurse, sid, NORMAL))
    # session facts, insert, overdue check, audit head, audit insert (+ the advisory lock on PostgreSQL)
    assert first == again <= 6
    with_alert, low = _statements(services, lambda: record(nurse, sid, replace(NORMAL, spo2=91)))
    assert with_alert == first + 1 and low.alerts == ("SpO2 91% is below 93%",)

    with services.ctx.db.read() as session:
        cp = session.get(MonitoringCheckpoint, result.checkpoint_id)
        assert (cp.session_id, cp.planned_offset_minutes, cp.note, cp.systolic, cp.version) == (
            sid, None, "calm", 130, 1)
        assert cp.recorded_by_id == nurse.staff_id and cp.measured_at == clock.now()
        audit = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "record_checkpoint").order_by(AuditEvent.id)).all()
        assert audit[0].entity_id == str(result.checkpoint_id) and len(audit) == 6
        details = json.loads(audit[-1].details)
        assert details["alerts"] == ["SpO2 91% is below 93%"] and details["session_id"] == sid
        assert audit[-1].patient_id is not None and audit[-1].actor_id == nurse.staff_id
        alert = session.scalars(select(MonitoringAlert).where(
            MonitoringAlert.checkpoint_id == low.checkpoint_id)).one()
        assert (alert.kind, alert.version, alert.raised_at) == (AlertKind.SPO2_LOW, 1, clock.now())
        assert services.ctx.audit.verify(session).ok

    planned = _planned(services, nurse, sid)
    with pytest.raises(NotFound):
        record(nurse, other, NORMAL, checkpoint_id=planned[15])  # another session's checkpoint
    assert record(nurse, sid, NORMAL, checkpoint_id=planned[15]).alerts == ()  # +16: within grace
    clock.advance(minutes=30)  # +46: the +40 checkpoint is recorded late, nothing else is due
    late = record(nurse, sid, NORMAL, checkpoint_id=planned[40])
    assert late.alerts == ("+40 min checkpoint recorded 6 min late",)
    with pytest.raises(FieldError, match="required at the \\+40"):
        record(nurse, other, replace(NORMAL, systolic=None, diastolic=None),
               checkpoint_id=_planned(services, nurse, other)[40])
    with pytest.raises(FieldError, match="already recorded"):
        record(nurse, sid, NORMAL, checkpoint_id=planned[15])
    with services.ctx.db.read() as session:
        filled = session.get(MonitoringCheckpoint, planned[15])
        assert (filled.version, filled.heart_rate) == (2, 76)
        assert filled.measured_at == clock.now() - timedelta(minutes=30)


def test_two_processes_recording_checkpoints_keep_the_audit_chain(
        services: Services, staff: StaffSet, clock, database_url: str) -> None:  # noqa: ANN001
    sessions = [_monitoring_session(services, staff, p, n) for p, n in ((1, "Cy"), (2, "Dee"))]
    clock.advance(minutes=30)
    planned = [(sid, cp) for sid in sessions for cp in _planned(services, staff.nurse, sid).values()]
    plan = {"now": clock.now(), "nurse_id": staff.nurse.staff_id, "rounds": ROUNDS,
            "planned": planned, "sessions": sessions}
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [ctx.Process(target=run_worker, args=(database_url, i, plan, barrier, results))
             for i in range(WORKERS)]
    for proc in procs:
        proc.start()
    collected = [results.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0

    outcomes = [o for _, worker in collected for o in worker]
    for r in range(len(planned)):
        kinds = sorted(o[0] for o in outcomes if o[1] == r and o[0] in ("planned", "lost"))
        assert kinds == ["lost", "planned"], (r, outcomes)
    written = sorted(o[2] for o in outcomes if o[0] in ("planned", "unscheduled"))
    assert len(written) == len(planned) + WORKERS * ROUNDS
    with services.ctx.db.read() as session:
        audited = sorted(int(e) for e in session.scalars(select(AuditEvent.entity_id).where(
            AuditEvent.action == "record_checkpoint")))
        assert audited == written  # every write audited exactly once, no loser audited
        assert session.scalar(select(func.count()).select_from(MonitoringCheckpoint).where(
            MonitoringCheckpoint.session_id.in_(sessions),
            MonitoringCheckpoint.measured_at.is_not(None))) == len(written)
        chain = services.ctx.audit.verify(session)
    assert chain.ok, chain
