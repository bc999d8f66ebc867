"""Patient registry and chart services on both backends: the prescriber's whole journey,
permissions, duplicate warning, optimistic locking, plan rules and the audited chart read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from aurora_desktop.db.models import AuditEvent, Clinic, TreatmentChair, TreatmentSession
from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    EnrollmentStatus,
    Indication,
    OralAdStrategy,
    Scale,
    SessionStatus,
    Sex,
    TrialOutcome,
)
from aurora_desktop.domain.errors import (
    FieldError,
    PermissionDenied,
    RuleViolation,
    StaleRecord,
    WarningsNeedAcknowledgement,
)
from aurora_desktop.domain.treatment_phase import Phase
from aurora_desktop.services.container import Services
from aurora_desktop.services.patients import PatientForm

FORM = PatientForm(mrn="WP-000123", first_name="Zoë", last_name="O’Brien",
                   date_of_birth=date(1980, 5, 17), sex=Sex.FEMALE, phone="914-555-0123")


def phq9_items(score: int) -> list[int]:
    return [min(3, max(0, score - 3 * i)) for i in range(9)]


def add_discharged_sessions(services: Services, patient_id: int, plan_id: int,
                            days: list[date]) -> None:
    def work(session) -> None:  # noqa: ANN001
        clinic = session.scalar(select(Clinic).where(Clinic.code == "WP"))
        chair = session.scalar(select(TreatmentChair).where(TreatmentChair.clinic_id == clinic.id))
        for day in days:
            start = datetime(day.year, day.month, day.day, 15, 0, tzinfo=services.ctx.clock.now().tzinfo)
            session.add(TreatmentSession(
                patient_id=patient_id, clinic_id=clinic.id, chair_id=chair.id, plan_id=plan_id,
                scheduled_start=start, scheduled_end=start + timedelta(minutes=150),
                local_date=day, status=SessionStatus.DISCHARGED, planned_dose_mg=56, dose_mg=56,
                created_at=start))
    services.ctx.db.write(work)


def test_prescriber_journey_to_a_complete_chart(services: Services, staff) -> None:  # noqa: ANN001
    doc = staff.prescriber
    p = services.patients.create(doc, FORM)
    assert p.form.phone == "(914) 555-0123" and p.form.first_name == "Zoë"
    assert [h.id for h in services.patient_search.search(doc, "zoe o'brien")] == [p.id]
    services.patients.record_enrollment(doc, p.id, "RP123456", date(2026, 10, 1),
                                        EnrollmentStatus.ACTIVE)
    for drug in ("sertraline", "bupropion"):
        services.patients.add_trial(doc, p.id, drug, "150 mg", 8, adequate_dose=True,
                                    adequate_duration=True, outcome=TrialOutcome.NO_RESPONSE)
    answers = dict.fromkeys(Contraindication, Answer.NO)
    answers[Contraindication.HYPERSENSITIVITY] = Answer.UNKNOWN
    services.patients.screen_contraindications(staff.nurse, p.id, answers)
    plan_id = services.patients.set_plan(doc, p.id, Indication.TRD, OralAdStrategy.MONOTHERAPY,
                                         date(2026, 11, 2), attest_monotherapy=True)
    services.patients.add_oral_antidepressant(doc, p.id, "sertraline", "100 mg", date(2026, 6, 1))
    for day, score in ((date(2026, 11, 2), 20), (date(2026, 11, 16), 12), (date(2026, 11, 30), 4)):
        services.patients.record_outcome(staff.nurse, p.id, Scale.PHQ9, phq9_items(score), day)
    sessions = [date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 9), date(2026, 11, 12),
                date(2026, 11, 16), date(2026, 11, 19), date(2026, 11, 23), date(2026, 11, 26)]
    add_discharged_sessions(services, p.id, plan_id, sessions)

    chart = services.patient_chart.open_chart(doc, p.id)
    assert chart.rems_enrolled and chart.eligibility.met
    assert not chart.screening_status.clear and chart.screening_status.needs_decision
    unknown = next(s for s in chart.screening if s.answer is Answer.UNKNOWN)
    services.patients.decide_contraindication(doc, unknown.id, unknown.version,
                                              "Allergy history reviewed; proceed")
    chart = services.patient_chart.open_chart(doc, p.id)
    assert chart.screening_status.clear
    assert chart.plan is not None and chart.plan.monotherapy_attested
    assert chart.phase is not None and chart.phase.phase is Phase.TRD_WEEKLY  # 12/01 = week 5
    assert chart.phase.next_due is not None
    assert chart.phase.next_due.latest == date(2026, 11, 26) + timedelta(days=9)
    assert [pt.total for pt in chart.phq9] == [20, 12, 4]
    assert chart.phq9[-1].response and chart.phq9[-1].remission
    assert [r.local_date for r in chart.sessions] == sessions
    assert chart.sessions[0].clinic_code == "WP" and chart.sessions[0].phase_label.startswith("Induction")
    assert [o.drug for o in chart.oral_ads if o.current] == ["sertraline"]
    with services.ctx.db.read() as session:
        views = session.scalars(select(AuditEvent.action).where(
            AuditEvent.patient_id == p.id, AuditEvent.entity == "patient_chart")).all()
        actions = set(session.scalars(select(AuditEvent.entity).where(
            AuditEvent.patient_id == p.id)))
    assert list(views) == ["view", "view"]
    assert {"patient", "rems_patient_enrollment", "antidepressant_trial", "treatment_plan",
            "contraindication_screening", "concurrent_antidepressant",
            "outcome_measure"} <= actions


def test_chart_uses_a_fixed_number_of_queries(services: Services, staff) -> None:  # noqa: ANN001
    doc = staff.prescriber
    p = services.patients.create(doc, FORM)
    plan_id = services.patients.set_plan(doc, p.id, Indication.TRD, OralAdStrategy.ADJUNCTIVE,
                                         date(2026, 10, 1))
    counts = []
    statements: list[str] = []

    def count(*_args: object) -> None:
        statements.append("x")

    event.listen(services.ctx.db.engine, "before_cursor_execute", count)
    try:
        for extra in (0, 12):
            add_discharged_sessions(services, p.id, plan_id, [
                date(2026, 10, 1) + timedelta(days=3 * i + 40 * bool(extra)) for i in range(extra)])
            statements.clear()
            services.patient_chart.open_chart(doc, p.id)
            counts.append(len(statements))
    finally:
        event.remove(services.ctx.db.engine, "before_cursor_execute", count)
    assert counts[0] == counts[1]


def test_front_desk_edits_demographics_not_clinical_content(services: Services, staff) -> None:  # noqa: ANN001
    desk = staff.front_desk
    p = services.patients.create(desk, FORM)
    edited = services.patients.update(desk, p.id, p.version, replace(p.form, city="White Plains"))
    assert edited.form.city == "White Plains" and edited.version == p.version + 1
    with pytest.raises(PermissionDenied):
        services.patients.add_trial(desk, p.id, "sertraline", "100 mg", 8, adequate_dose=True,
                                    adequate_duration=True, outcome=TrialOutcome.NO_RESPONSE)
    with pytest.raises(PermissionDenied):
        services.patients.record_outcome(desk, p.id, Scale.PHQ9, [0] * 9, date(2026, 11, 1))
    with pytest.raises(StaleRecord, match="changed by someone else"):
        services.patients.update(desk, p.id, p.version, replace(p.form, city="Rye"))


def test_duplicate_warning_validation_and_plan_rules(services: Services, staff) -> None:  # noqa: ANN001
    doc = staff.prescriber
    p = services.patients.create(doc, FORM)
    twin = replace(FORM, mrn="WP-000999", first_name="ZOE", last_name="o'brien")
    with pytest.raises(WarningsNeedAcknowledgement) as warned:
        services.patients.create(doc, twin)
    assert "WP-000123" in warned.value.warnings[0]
    assert services.patients.create(doc, twin, acknowledged=True).id != p.id
    with pytest.raises(FieldError) as err:
        services.patients.create(doc, replace(FORM, mrn="WP-1", date_of_birth=date(2015, 1, 1)))
    assert err.value.field == "date of birth" and "adults" in err.value.message
    with pytest.raises(FieldError, match="MRN"):
        services.patients.create(doc, replace(FORM, first_name="Ann"))
    with pytest.raises(RuleViolation, match="MDSI"):
        services.patients.set_plan(doc, p.id, Indication.MDSI, OralAdStrategy.MONOTHERAPY,
                                   date(2026, 11, 1), attest_monotherapy=True)
    with pytest.raises(RuleViolation, match="attested"):
        services.patients.set_plan(doc, p.id, Indication.TRD, OralAdStrategy.MONOTHERAPY,
                                   date(2026, 11, 1))
    with pytest.raises(FieldError, match="PHQ-9 item 9"):
        services.patients.record_outcome(doc, p.id, Scale.PHQ9, [0] * 8 + [4], date(2026, 11, 1))
    chart = services.patient_chart.open_chart(staff.front_desk, p.id)
    assert not chart.rems_enrolled and not chart.eligibility.met and chart.plan is None
