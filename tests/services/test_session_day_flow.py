"""A whole session driven with the fake clock on both backends: every gate refuses, then allows."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aurora_desktop.db.models import AuditEvent, MonitoringCheckpoint, RemsMonitoringForm
from aurora_desktop.domain.enums import AlertKind, Dissociation, SessionStatus, Severity
from aurora_desktop.domain.errors import (
    Conflict,
    FieldError,
    PermissionDenied,
    RecordLocked,
    RuleViolation,
)
from aurora_desktop.services.container import Services
from aurora_desktop.services.session_day.checklist import ChecklistForm
from tests.support.session_day import NORMAL, complete_form, make_session
from tests.support.staff import StaffSet


def _planned(services: Services, nurse, sid: int) -> dict[int, int]:  # noqa: ANN001
    view = services.session_day.session_view(nurse, sid)
    return {c.offset_minutes: c.id for c in view.checkpoints if c.offset_minutes is not None}


def test_whole_session_every_gate_refuses_then_allows(services: Services, staff: StaffSet, clock) -> None:
    nurse, doc = staff.nurse, staff.prescriber
    s = make_session(services, doc, checked_in=False)
    with pytest.raises(RuleViolation, match="must be arrived"):
        services.checklist.start_checklist(nurse, s.session_id)
    s = make_session(services, doc, chair_position=2, first_name="Blake", ride=False)
    sid = s.session_id
    with pytest.raises(PermissionDenied):
        services.checklist.start_checklist(staff.front_desk, sid)
    services.checklist.start_checklist(nurse, sid)

    # First device refused: every unmet item is listed.
    with pytest.raises(RuleViolation) as err:
        services.administration.record_device(nurse, sid, "LOT-A1")
    assert len(err.value.reasons) >= 15
    assert "ride home not confirmed" in err.value.reasons

    view = services.session_day.session_view(nurse, sid)
    unmet = services.checklist.save_answers(nurse, sid, complete_form(clock.now()), view.checklist_version)
    with pytest.raises(Exception, match="changed by someone else"):
        services.checklist.save_answers(nurse, sid, ChecklistForm(), view.checklist_version)
    view = services.session_day.session_view(nurse, sid)
    assert view.answered_by["ci_hypersensitivity"].startswith("Nina Nurse")
    with pytest.raises(FieldError, match="systolic BP"):
        services.checklist.record_pre_dose_vitals(nurse, sid, systolic=400, diastolic=80, heart_rate=70,
                                                  spo2=98, baseline_moaas=5, version=view.checklist_version)
    unmet = services.checklist.record_pre_dose_vitals(
        nurse, sid, systolic=150, diastolic=92, heart_rate=80, spo2=98, baseline_moaas=5,
        version=view.checklist_version)
    assert any("above 140/90" in r for r in unmet) and "ride home not confirmed" in unmet
    with pytest.raises(PermissionDenied):
        services.checklist.acknowledge_bp(nurse, sid, "ok")
    services.checklist.acknowledge_bp(doc, sid, "Chronic hypertension, benefit outweighs transient rise")
    # Ride confirmation belongs to scheduling.
    version = services.session_day.session_view(nurse, sid).version
    services.scheduling.confirm_ride(staff.front_desk, sid, version, driver_name="Sam Rivera",
                                     driver_phone="9145550199")
    assert services.session_day.session_view(nurse, sid).checklist_unmet == ()

    first = services.administration.record_device(nurse, sid, " lot-a1 ")
    assert (first.sequence, first.devices_for_dose) == (1, 2)
    view = services.session_day.session_view(nurse, sid)
    assert view.status == SessionStatus.MONITORING and view.rest_seconds_remaining == 300
    assert [c.offset_minutes for c in view.checkpoints] == [15, 40, 60, 90, 120]
    assert [c.bp_required for c in view.checkpoints] == [False, True, False, False, False]
    clock.advance(minutes=3)
    with pytest.raises(RuleViolation, match="less than 5 minutes"):
        services.administration.record_device(nurse, sid, "LOT-A1")
    services.administration.record_device(nurse, sid, "LOT-A1", early_reason="patient ready, observed")
    with pytest.raises(RuleViolation, match="already recorded"):
        services.administration.record_device(nurse, sid, "LOT-A1", early_reason="x")

    planned = _planned(services, nurse, sid)
    clock.set(first.first_device_at + timedelta(minutes=15))
    assert services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=planned[15]).alerts == ()
    clock.set(first.first_device_at + timedelta(minutes=41))
    with pytest.raises(FieldError, match="required at the \\+40"):
        services.monitoring.record_checkpoint(nurse, sid, replace(NORMAL, systolic=None, diastolic=None),
                                              checkpoint_id=planned[40])
    high = services.monitoring.record_checkpoint(
        nurse, sid, replace(NORMAL, systolic=192, diastolic=118, moaas=3, dissociation=Dissociation.MILD),
        checkpoint_id=planned[40])
    assert len(high.alerts) == 3  # BP high, BP rise, sedation
    services.monitoring.record_adverse_event(
        nurse, sid, event_type="increased blood pressure", severity=Severity.MODERATE, serious=False,
        onset_at=clock.now(), action_taken="Rechecked in 15 min, prescriber informed", outcome="resolved")
    unscheduled = services.monitoring.record_checkpoint(nurse, sid, replace(NORMAL, spo2=91))
    assert "below 93%" in unscheduled.alerts[0]

    clock.set(first.first_device_at + timedelta(minutes=100))  # +60 and +90 are overdue now
    board = services.floor_board.floor_board(nurse, s.clinic_id)
    card = next(c for c in board.cards if c.session_id == sid)
    assert card.overdue_offsets == (60, 90) and len(card.alerts_awaiting_action) == 4
    services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=planned[60])
    services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=planned[90])

    clock.set(first.first_device_at + timedelta(minutes=110))
    with pytest.raises(RuleViolation) as err:
        services.discharge.discharge(nurse, sid, ready_at_minutes=90, attest_stable=True)
    reasons = "\n".join(err.value.reasons)
    assert "only 110 of the required 120" in reasons
    assert "6 alert(s) without an action note" in reasons  # 3 + SpO2 + +60 late + +90 missed
    view = services.session_day.session_view(nurse, sid)
    overdue = sorted(a.detail for a in view.alerts if a.kind == AlertKind.OVERDUE)
    assert overdue == ["+60 min checkpoint recorded 40 min late",
                       "+90 min checkpoint missed (not recorded in time)"]
    for alert in view.alerts:
        services.monitoring.record_alert_action(nurse, alert.id, "Assessed; prescriber informed",
                                                alert.version)
    clock.set(first.first_device_at + timedelta(minutes=121))
    with pytest.raises(RuleViolation, match="older than 15 minutes"):
        services.discharge.discharge(nurse, sid, ready_at_minutes=90, attest_stable=True)
    services.monitoring.record_checkpoint(nurse, sid, replace(NORMAL, systolic=152, diastolic=88),
                                          checkpoint_id=planned[120])
    assessment = services.discharge.assessment(nurse, sid)
    assert assessment.bp_needs_acceptance and len(assessment.unmet) == 1
    with pytest.raises(FieldError, match="attestation"):
        services.discharge.discharge(nurse, sid, ready_at_minutes=90, attest_stable=False)
    with pytest.raises(PermissionDenied):
        services.discharge.accept_bp(nurse, sid, "fine")
    services.discharge.accept_bp(doc, sid, "At patient's usual level; asymptomatic")
    with pytest.raises(FieldError, match="from 0 to 121"):
        services.discharge.discharge(nurse, sid, ready_at_minutes=200, attest_stable=True)
    services.discharge.discharge(nurse, sid, ready_at_minutes=90, attest_stable=True)

    view = services.session_day.session_view(nurse, sid)
    assert view.status == SessionStatus.DISCHARGED and view.discharge_minutes == 121
    assert view.form_due_on == view.local_date + timedelta(days=7) and view.form_status == "due"
    assert {a.kind for a in view.alerts} >= {AlertKind.BP_HIGH, AlertKind.OVERDUE, AlertKind.SPO2_LOW}

    with pytest.raises(RuleViolation, match="nurse has not signed"):
        services.signoff.sign_as_prescriber(doc, sid)
    with pytest.raises(Conflict, match="not signed yet"):
        services.signoff.amend(nurse, sid, what="note", new_value="x", reason="y")
    services.signoff.sign_as_nurse(nurse, sid)
    with pytest.raises(RecordLocked):
        services.monitoring.record_alert_action(nurse, view.alerts[0].id, "later", view.alerts[0].version + 1)
    with pytest.raises(RecordLocked):
        services.monitoring.record_adverse_event(
            nurse, sid, event_type="nausea", severity=Severity.MILD, serious=False, onset_at=clock.now(),
            action_taken="none", outcome="resolved")
    services.signoff.sign_as_prescriber(doc, sid)
    services.signoff.amend(nurse, sid, what="device 2 lot number", old_value="LOT-A1", new_value="LOT-A2",
                           reason="Wrong lot picked; verified against the kit")
    view = services.session_day.session_view(nurse, sid)
    assert view.locked and [s.role for s in view.signatures] == ["nurse", "prescriber"]
    assert view.amendments[0].amended_by == "Nina Nurse" and view.amendments[0].new_value == "LOT-A2"

    with services.ctx.db.read() as session:
        assert services.ctx.audit.verify(session).ok
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.patient_id == s.patient_id)))
        checkpoints = session.scalar(select(func.count(MonitoringCheckpoint.id)).where(
            MonitoringCheckpoint.session_id == sid))
        forms = session.scalar(select(func.count(RemsMonitoringForm.id)))
    assert {"start_checklist", "answer_checklist", "record_pre_dose_vitals", "acknowledge_bp",
            "record_device", "record_checkpoint", "record_alert_action", "record_adverse_event",
            "accept_discharge_bp", "discharge", "sign", "cosign", "amend"} <= actions
    assert checkpoints == 6 and forms == 1


def test_dose_override_and_monotherapy(services: Services, staff: StaffSet, clock) -> None:
    from aurora_desktop.domain.enums import OralAdStrategy

    nurse, doc = staff.nurse, staff.prescriber
    sid = make_session(services, doc, strategy=OralAdStrategy.MONOTHERAPY, dose_mg=84).session_id
    services.checklist.start_checklist(nurse, sid)
    view = services.session_day.session_view(nurse, sid)
    form = replace(complete_form(clock.now()), oral_ad_drug="", oral_ad_dose="",
                   oral_ad_taking_as_prescribed=None)
    unmet = services.checklist.save_answers(nurse, sid, form, view.checklist_version)
    assert any("monotherapy statement" in r for r in unmet)
    view = services.session_day.session_view(nurse, sid)
    services.checklist.save_answers(nurse, sid, replace(form, monotherapy_confirmed=True),
                                    view.checklist_version)
    view = services.session_day.session_view(nurse, sid)
    services.checklist.record_pre_dose_vitals(nurse, sid, systolic=120, diastolic=80, heart_rate=70,
                                              spo2=98, baseline_moaas=5, version=view.checklist_version)
    with pytest.raises(RuleViolation) as err:
        services.administration.record_device(nurse, sid, "LOT-B2")
    assert err.value.reasons == [
        "The first TRD induction dose is 56 mg (84 mg ordered) — prescriber override with a reason needed"]
    with pytest.raises(PermissionDenied):
        services.checklist.override_dose(nurse, sid, 84, "x")
    with pytest.raises(FieldError, match="28 mg steps"):
        services.checklist.override_dose(doc, sid, 70, "x")
    services.checklist.override_dose(doc, sid, 84, "Prior ketamine response; tolerability reviewed")
    result = services.administration.record_device(nurse, sid, "LOT-B2")
    assert result.devices_for_dose == 3
    view = services.session_day.session_view(nurse, sid)
    assert view.checklist.monotherapy_confirmed
    with pytest.raises(FieldError, match="lot number"):
        services.administration.record_device(nurse, sid, "bad\x00lot", early_reason="x")
