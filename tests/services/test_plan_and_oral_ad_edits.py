"""Editing the active treatment plan and stopping an oral antidepressant with a reason, on both
backends: fields, audit, version check, rules."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.domain.enums import Indication, OralAdStrategy
from aurora_desktop.domain.errors import (
    FieldError,
    PermissionDenied,
    RuleViolation,
    StaleRecord,
)
from aurora_desktop.services.container import Services
from tests.services.test_patients import FORM


def test_edit_active_plan_audits_checks_version_and_rules(services: Services, staff) -> None:  # noqa: ANN001
    doc = staff.prescriber
    p = services.patients.create(doc, FORM)
    services.patients.set_plan(doc, p.id, Indication.TRD, OralAdStrategy.ADJUNCTIVE,
                               date(2026, 10, 1))
    chart = services.patient_chart.open_chart(doc, p.id)
    plan = chart.plan
    assert chart.staff_name(plan.prescriber_id) == "Dr. Paul Prescott"
    assert plan.version >= 1 and not plan.monotherapy_attested

    with pytest.raises(PermissionDenied):
        services.patients.update_plan(staff.nurse, plan.id, plan.version,
                                      strategy=OralAdStrategy.ADJUNCTIVE,
                                      start_date=plan.start_date, target_dose_mg=84,
                                      prescriber_id=plan.prescriber_id)
    with pytest.raises(RuleViolation, match="attested"):
        services.patients.update_plan(doc, plan.id, plan.version,
                                      strategy=OralAdStrategy.MONOTHERAPY,
                                      start_date=plan.start_date, target_dose_mg=56,
                                      prescriber_id=plan.prescriber_id)
    services.patients.update_plan(doc, plan.id, plan.version, strategy=OralAdStrategy.MONOTHERAPY,
                                  start_date=date(2026, 10, 2), target_dose_mg=84,
                                  prescriber_id=plan.prescriber_id, attest_monotherapy=True,
                                  notes="switch to monotherapy")
    edited = services.patient_chart.open_chart(doc, p.id).plan
    assert edited.id == plan.id and edited.version == plan.version + 1
    assert (edited.strategy, edited.start_date, edited.target_dose_mg, edited.notes) == (
        OralAdStrategy.MONOTHERAPY, date(2026, 10, 2), 84, "switch to monotherapy")
    assert edited.monotherapy_attested
    with pytest.raises(StaleRecord):  # the copy loaded before the edit
        services.patients.update_plan(doc, plan.id, plan.version,
                                      strategy=OralAdStrategy.ADJUNCTIVE,
                                      start_date=plan.start_date, target_dose_mg=56,
                                      prescriber_id=plan.prescriber_id)
    services.patients.update_plan(doc, plan.id, edited.version, strategy=OralAdStrategy.ADJUNCTIVE,
                                  start_date=edited.start_date, target_dose_mg=84,
                                  prescriber_id=plan.prescriber_id)
    back = services.patient_chart.open_chart(doc, p.id).plan
    assert back.strategy is OralAdStrategy.ADJUNCTIVE and not back.monotherapy_attested

    with services.ctx.db.read() as session:
        updates = list(session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "treatment_plan", AuditEvent.action == "update",
            AuditEvent.entity_id == str(plan.id)).order_by(AuditEvent.id)))
    assert len(updates) == 2
    first = json.loads(updates[0].details)
    assert first["oral_ad_strategy"] == ["adjunctive", "monotherapy"]
    assert first["target_dose_mg"] == [56, 84]

    services.patients.set_plan(doc, p.id, Indication.MDSI, OralAdStrategy.ADJUNCTIVE,
                               date(2026, 11, 1), 84)
    mdsi = services.patient_chart.open_chart(doc, p.id).plan
    with pytest.raises(RuleViolation, match="MDSI"):
        services.patients.update_plan(doc, mdsi.id, mdsi.version,
                                      strategy=OralAdStrategy.MONOTHERAPY,
                                      start_date=mdsi.start_date, target_dose_mg=84,
                                      prescriber_id=mdsi.prescriber_id, attest_monotherapy=True)
    with pytest.raises(RuleViolation, match="active"):  # the first plan was completed
        services.patients.update_plan(doc, plan.id, back.version + 1,
                                      strategy=OralAdStrategy.ADJUNCTIVE,
                                      start_date=plan.start_date, target_dose_mg=56,
                                      prescriber_id=plan.prescriber_id)


def test_stop_oral_antidepressant_keeps_history_with_reason(services: Services, staff) -> None:  # noqa: ANN001
    nurse = staff.nurse
    p = services.patients.create(nurse, FORM)
    row_id = services.patients.add_oral_antidepressant(
        nurse, p.id, "sertraline", "100 mg", date(2026, 6, 1), prescriber_name="Dr. Lee")
    oral = services.patient_chart.open_chart(nurse, p.id).oral_ads[0]
    assert oral.current and oral.stop_reason == ""
    with pytest.raises(FieldError, match="stop date"):
        services.patients.stop_oral_antidepressant(nurse, row_id, oral.version,
                                                   date(2026, 5, 1))
    with pytest.raises(FieldError, match="future"):
        services.patients.stop_oral_antidepressant(nurse, row_id, oral.version,
                                                   date(2027, 1, 1))
    services.patients.stop_oral_antidepressant(nurse, row_id, oral.version, date(2026, 11, 20),
                                               reason="  sexual side effects ")
    stopped = services.patient_chart.open_chart(nurse, p.id).oral_ads[0]
    assert (stopped.current, stopped.stopped_on, stopped.stop_reason) == (
        False, date(2026, 11, 20), "sexual side effects")
    with pytest.raises(StaleRecord):
        services.patients.stop_oral_antidepressant(nurse, row_id, oral.version,
                                                   date(2026, 11, 21))
    with pytest.raises(RuleViolation, match="already stopped"):
        services.patients.stop_oral_antidepressant(nurse, row_id, stopped.version,
                                                   date(2026, 11, 21))
    with services.ctx.db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "concurrent_antidepressant",
            AuditEvent.action == "update")).one()
    assert json.loads(event.details)["stop_reason"] == ["", "sexual side effects"]
