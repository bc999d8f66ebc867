"""Prebuilt Core statements for recording a checkpoint: a fixed few, only the columns needed."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, insert, select, update

from aurora_desktop.db.models import (
    Clinic,
    MonitoringAlert,
    MonitoringCheckpoint,
    PreDoseChecklist,
    Signature,
    TreatmentSession,
)

READING_COLUMNS = ("systolic", "diastolic", "heart_rate", "spo2", "respiratory_rate", "moaas",
                   "dissociation", "cadss")
_RECORDED = (*READING_COLUMNS, "measured_at", "nausea", "vomiting", "note", "recorded_by_id",
             "recorded_at")

_ts = TreatmentSession.__table__
_checklist = PreDoseChecklist.__table__
_clinic = Clinic.__table__
_signature = Signature.__table__
_cp = MonitoringCheckpoint.__table__
_alert = MonitoringAlert.__table__

# The session with its pre-dose baseline, clinic alert settings and any signature (the lock).
SESSION_FACTS = (
    select(_ts.c.id, _ts.c.patient_id, _ts.c.status, _ts.c.first_device_at,
           _checklist.c.pre_systolic, _checklist.c.pre_diastolic, _checklist.c.baseline_moaas,
           _clinic.c.spo2_alert_threshold, _clinic.c.overdue_grace_minutes,
           _signature.c.id.label("signature_id"))
    .join(_checklist, _checklist.c.session_id == _ts.c.id)
    .join(_clinic, _clinic.c.id == _ts.c.clinic_id)
    .outerjoin(_signature, _signature.c.session_id == _ts.c.id)
    .where(_ts.c.id == bindparam("sid"))
    .limit(1)
)

PLANNED = select(_cp.c.session_id, _cp.c.planned_offset_minutes, _cp.c.bp_required,
                 _cp.c.measured_at, _cp.c.version).where(_cp.c.id == bindparam("cid"))

INSERT_CHECKPOINT = insert(_cp)

# Fill a planned checkpoint; the version guard makes a concurrent fill a stale edit.
FILL_PLANNED = (
    update(_cp)
    .where(_cp.c.id == bindparam("cid"), _cp.c.version == bindparam("expected_version"),
           _cp.c.measured_at.is_(None))
    .values({**{name: bindparam(f"v_{name}") for name in _RECORDED}, "version": _cp.c.version + 1})
)

# Planned checkpoints of a session without an overdue alert yet. session_id in the join lets
# the database use the alerts' session index (there is none on checkpoint_id).
UNALERTED_PLANNED = (
    select(_cp.c.id, _cp.c.planned_offset_minutes, _cp.c.measured_at)
    .outerjoin(_alert, and_(_alert.c.checkpoint_id == _cp.c.id,
                            _alert.c.session_id == bindparam("sid"),
                            _alert.c.kind == bindparam("overdue")))
    .where(_cp.c.session_id == bindparam("sid"), _cp.c.planned_offset_minutes.is_not(None),
           _alert.c.id.is_(None))
)

INSERT_ALERT = insert(_alert)
