"""Monitoring after the dose: checkpoints (durable, audited, alerts raised), alert notes, adverse events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Row
from sqlalchemy.orm import Session

from aurora_desktop.db.models import AdverseEvent, MonitoringAlert
from aurora_desktop.domain.enums import AlertKind, Dissociation, SessionStatus, Severity
from aurora_desktop.domain.errors import FieldError, NotFound, RecordLocked, StaleRecord
from aurora_desktop.domain.monitoring_plan import is_overdue, recorded_late
from aurora_desktop.domain.vitals import Baseline, Reading, reading_alerts
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService, check_version
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day import checkpoint_sql
from aurora_desktop.services.session_day._common import (
    LOCKED_MESSAGE,
    clean_text,
    ensure_unlocked,
    load_session,
    require_status,
    thresholds_for,
)

# Label adverse reactions (>= 5 %) plus the serious ones the REMS asks about.
ADVERSE_EVENT_TYPES = (
    "dissociation", "dizziness", "nausea", "sedation", "vertigo", "hypoesthesia", "anxiety",
    "lethargy", "increased blood pressure", "vomiting", "feeling drunk", "respiratory depression",
    "loss of consciousness", "other",
)
MAX_BACKDATE = timedelta(minutes=60)


@dataclass(frozen=True)
class CheckpointResult:
    checkpoint_id: int
    alerts: tuple[str, ...]


class MonitoringService(BaseService):
    @requires(Op.RECORD_CHECKPOINT)
    def record_checkpoint(
        self, actor: Actor, session_id: int, reading: Reading, *, checkpoint_id: int | None = None,
        measured_at: datetime | None = None, nausea: bool = False, vomiting: bool = False,
        note: str = "",
    ) -> CheckpointResult:
        """Save one checkpoint (planned or unscheduled) and raise its alerts, in one durable commit."""
        reading.validate()
        if reading.cadss is not None and reading.dissociation is None:
            raise FieldError("dissociation", "rate dissociation (none/mild/moderate/severe) with CADSS")
        note = clean_text(note, "note", 2000, required=False)
        now = self.now()
        at = measured_at or now
        if at > now + timedelta(minutes=2):
            raise FieldError("checkpoint time", "cannot be in the future")

        def work(session: Session) -> CheckpointResult:
            conn = session.connection()
            facts = conn.execute(checkpoint_sql.SESSION_FACTS, {"sid": session_id}).first()
            if facts is None:
                raise NotFound("session under monitoring", session_id)
            if facts.signature_id is not None:
                raise RecordLocked(LOCKED_MESSAGE)
            require_status(facts, {SessionStatus.MONITORING}, "record a checkpoint")
            if at < facts.first_device_at or at < now - MAX_BACKDATE:
                raise FieldError("checkpoint time", "must be after the first device and within the last hour")
            values = {name: getattr(reading, name) for name in checkpoint_sql.READING_COLUMNS}
            values.update(measured_at=at, nausea=nausea, vomiting=vomiting, note=note,
                          recorded_by_id=actor.staff_id, recorded_at=now)
            offset = None
            if checkpoint_id is None:
                cp_id = conn.execute(checkpoint_sql.INSERT_CHECKPOINT, {
                    **values, "session_id": session_id, "planned_offset_minutes": None,
                    "bp_required": False, "version": 1}).inserted_primary_key[0]
            else:
                planned = conn.execute(checkpoint_sql.PLANNED, {"cid": checkpoint_id}).first()
                if planned is None or planned.session_id != session_id:
                    raise NotFound("checkpoint", checkpoint_id)
                if planned.measured_at is not None:
                    raise FieldError("checkpoint", "already recorded; add an unscheduled checkpoint instead")
                offset = planned.planned_offset_minutes
                if planned.bp_required and not reading.has_bp:
                    raise FieldError("blood pressure", f"is required at the +{offset} minute checkpoint")
                updated = conn.execute(checkpoint_sql.FILL_PLANNED, {
                    **{f"v_{k}": v for k, v in values.items()}, "cid": checkpoint_id,
                    "expected_version": planned.version})
                if updated.rowcount != 1:
                    raise StaleRecord("checkpoint")
                cp_id = checkpoint_id
            baseline = Baseline(facts.pre_systolic, facts.pre_diastolic, facts.baseline_moaas)
            raised = [(cp_id, f.kind, f.detail)
                      for f in reading_alerts(reading, baseline, thresholds_for(facts))]
            raised += self._overdue_alerts(conn, facts, cp_id, at, now)
            if raised:
                conn.execute(checkpoint_sql.INSERT_ALERT, [
                    {"session_id": session_id, "checkpoint_id": alert_cp, "kind": kind,
                     "detail": detail[:400], "raised_at": now, "version": 1}
                    for alert_cp, kind, detail in raised])
            details = [detail for _, _, detail in raised]
            self.audit(session, actor, "record_checkpoint", "monitoring_checkpoint", cp_id,
                       patient_id=facts.patient_id,
                       details={"session_id": session_id, "offset": offset, "measured_at": at,
                                "bp": f"{reading.systolic}/{reading.diastolic}" if reading.has_bp else None,
                                "hr": reading.heart_rate, "spo2": reading.spo2,
                                "rr": reading.respiratory_rate, "moaas": reading.moaas,
                                "dissociation": reading.dissociation, "alerts": details})
            return CheckpointResult(cp_id, tuple(details))

        return self.write(work, "checkpoint")

    @staticmethod
    def _overdue_alerts(conn: Connection, facts: Row, current_id: int, at: datetime,
                        now: datetime) -> list[tuple[int, AlertKind, str]]:
        """This checkpoint recorded late, and earlier planned ones missed: one overdue alert each, once."""
        grace = facts.overdue_grace_minutes
        found = []
        for cp_id, offset, measured_at in conn.execute(checkpoint_sql.UNALERTED_PLANNED,
                                                       {"sid": facts.id, "overdue": AlertKind.OVERDUE}):
            due = facts.first_device_at + timedelta(minutes=offset)
            if cp_id == current_id and recorded_late(due, at, grace):
                late = int((at - due).total_seconds() // 60)
                found.append((cp_id, AlertKind.OVERDUE, f"+{offset} min checkpoint recorded {late} min late"))
            elif cp_id != current_id and measured_at is None and is_overdue(due, None, now, grace):
                found.append((cp_id, AlertKind.OVERDUE,
                              f"+{offset} min checkpoint missed (not recorded in time)"))
        return found

    @requires(Op.RECORD_ALERT_ACTION)
    def record_alert_action(self, actor: Actor, alert_id: int, note: str, version: int) -> None:
        """The action taken for an alert (needed before discharge)."""
        note = clean_text(note, "action note", 2000)

        def work(session: Session) -> None:
            alert = session.get(MonitoringAlert, alert_id)
            if alert is None:
                raise NotFound("alert", alert_id)
            ts = load_session(session, alert.session_id)
            ensure_unlocked(session, ts.id)
            check_version(alert.version, version, "alert")
            before = alert.action_note
            alert.action_note, alert.action_by_id, alert.action_at = note, actor.staff_id, self.now()
            session.flush()
            self.audit(session, actor, "record_alert_action", "monitoring_alert", alert.id,
                       patient_id=ts.patient_id, details={"action_note": [before, note]})

        self.write(work, "alert")

    @requires(Op.RECORD_ADVERSE_EVENT)
    def record_adverse_event(
        self, actor: Actor, session_id: int, *, event_type: str, severity: Severity, serious: bool,
        onset_at: datetime, action_taken: str, outcome: str, description: str = "",
    ) -> int:
        if event_type not in ADVERSE_EVENT_TYPES:
            raise FieldError("event type", "choose one of: " + ", ".join(ADVERSE_EVENT_TYPES))
        description = clean_text(description, "description", 2000, required=event_type == "other")
        action_taken = clean_text(action_taken, "action taken", 2000)
        outcome = clean_text(outcome, "outcome", 200)
        severity = Severity(severity)
        now = self.now()
        if onset_at > now + timedelta(minutes=2):
            raise FieldError("onset time", "cannot be in the future")

        def work(session: Session) -> int:
            ts = load_session(session, session_id)
            ensure_unlocked(session, session_id)
            require_status(ts, {SessionStatus.IN_PROGRESS, SessionStatus.MONITORING,
                                SessionStatus.DISCHARGED}, "record an adverse event")
            event = AdverseEvent(
                session_id=ts.id, event_type=event_type, description=description, severity=severity,
                serious=serious, onset_at=onset_at, action_taken=action_taken, outcome=outcome,
                recorded_by_id=actor.staff_id, recorded_at=now)
            session.add(event)
            session.flush()
            self.audit(session, actor, "record_adverse_event", "adverse_event", event.id,
                       patient_id=ts.patient_id,
                       details={"session_id": ts.id, "type": event_type, "severity": severity,
                                "serious": serious})
            return event.id

        return self.write(work, "adverse event")


__all__ = ["ADVERSE_EVENT_TYPES", "CheckpointResult", "Dissociation", "MonitoringService"]
