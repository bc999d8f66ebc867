"""Patient service gaps on both backends: edit/end a REMS enrollment, edit a prior trial
(version-checked, audited), and clinical fields refused to demographics-only editors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from aurora_desktop.domain.enums import EnrollmentStatus, PregnancyStatus, TrialOutcome
from aurora_desktop.domain.errors import (
    FieldError,
    PermissionDenied,
    RuleViolation,
    StaleRecord,
)
from aurora_desktop.services.container import Services
from aurora_desktop.services.patients import PatientForm
from tests.support.audit_rows import audit_rows

FORM = PatientForm(mrn="WP-000450", first_name="Ruth", last_name="Rivera",
                   date_of_birth=date(1972, 8, 9), phone="(914) 555-0142")


def test_enrollment_is_edited_and_ended_with_version_checks(services: Services, staff,  # noqa: ANN001
                                                            clock) -> None:  # noqa: ANN001
    desk = staff.front_desk
    p = services.patients.create(desk, FORM)
    row_id = services.patients.record_enrollment(desk, p.id, "RP-1", date(2026, 11, 1),
                                                 EnrollmentStatus.PENDING)
    e = services.patient_chart.open_chart(desk, p.id).enrollment
    assert (e.id, e.status, e.recorded_by_id) == (row_id, EnrollmentStatus.PENDING, desk.staff_id)
    services.patients.update_enrollment(desk, e.id, e.version, " RP-100 ", date(2026, 11, 2),
                                        EnrollmentStatus.ACTIVE)
    with pytest.raises(StaleRecord, match="changed by someone else"):
        services.patients.update_enrollment(desk, e.id, e.version, "RP-2", date(2026, 11, 2),
                                            EnrollmentStatus.ACTIVE)
    with pytest.raises(FieldError, match="enrollment date"):
        services.patients.update_enrollment(desk, e.id, e.version + 1, "RP-2", date(2026, 12, 25),
                                            EnrollmentStatus.ACTIVE)
    with pytest.raises(PermissionDenied):
        services.patients.end_enrollment(staff.admin, e.id, e.version + 1, "moved away")
    chart = services.patient_chart.open_chart(desk, p.id)
    assert chart.rems_enrolled and chart.enrollment.rems_patient_id == "RP-100"
    with pytest.raises(FieldError, match="reason"):
        services.patients.end_enrollment(desk, e.id, chart.enrollment.version, "  ")
    services.patients.end_enrollment(desk, e.id, chart.enrollment.version, "moved away")
    chart = services.patient_chart.open_chart(desk, p.id)
    ended = chart.enrollment
    assert not chart.rems_enrolled and ended.status is EnrollmentStatus.INACTIVE
    today = clock.now().astimezone(ZoneInfo("America/New_York")).date()
    assert (ended.ended_on, ended.ended_by_id, ended.end_reason) == (today, desk.staff_id,
                                                                     "moved away")
    assert chart.staff_name(ended.ended_by_id) == desk.full_name
    with pytest.raises(RuleViolation, match="already ended"):
        services.patients.end_enrollment(desk, e.id, ended.version, "again")
    # Ended by mistake: corrected back to active, the end is cleared (and audited).
    services.patients.update_enrollment(desk, e.id, ended.version, "RP-100", date(2026, 11, 2),
                                        EnrollmentStatus.ACTIVE)
    back = services.patient_chart.open_chart(desk, p.id).enrollment
    assert (back.status, back.ended_on, back.ended_by_id, back.end_reason) == (
        EnrollmentStatus.ACTIVE, None, None, None)
    actions = audit_rows(services, "rems_patient_enrollment")
    assert [a for a, _ in actions] == ["create", "update", "end", "update"]
    assert actions[1][1]["rems_patient_id"] == ["RP-1", "RP-100"]
    assert actions[2][1]["reason"] == "moved away"
    assert actions[2][1]["ended_on"] == [None, today.isoformat()]
    assert actions[3][1]["end_reason"] == ["moved away", None]


def test_trial_is_edited_and_the_verdict_follows(services: Services, staff) -> None:  # noqa: ANN001
    nurse = staff.nurse
    p = services.patients.create(nurse, FORM)
    for drug in ("sertraline", "citalopram"):
        services.patients.add_trial(nurse, p.id, drug, "20 mg", 3, adequate_dose=True,
                                    adequate_duration=False, outcome=TrialOutcome.NO_RESPONSE)
    chart = services.patient_chart.open_chart(nurse, p.id)
    assert not chart.eligibility.met
    trial = chart.trials[1]
    services.patients.update_trial(nurse, trial.id, trial.version, "citalopram", "40 mg", 8,
                                   adequate_dose=True, adequate_duration=True,
                                   outcome=TrialOutcome.PARTIAL_RESPONSE)
    with pytest.raises(StaleRecord):
        services.patients.update_trial(nurse, trial.id, trial.version, "citalopram", "40 mg", 9,
                                       adequate_dose=True, adequate_duration=True,
                                       outcome=TrialOutcome.PARTIAL_RESPONSE)
    with pytest.raises(PermissionDenied):
        services.patients.update_trial(staff.front_desk, trial.id, trial.version + 1, "x", "1", 1,
                                       adequate_dose=True, adequate_duration=True,
                                       outcome=TrialOutcome.NO_RESPONSE)
    first = chart.trials[0]
    services.patients.update_trial(nurse, first.id, first.version, "sertraline", "200 mg", 10,
                                   adequate_dose=True, adequate_duration=True,
                                   outcome=TrialOutcome.NO_RESPONSE)
    chart = services.patient_chart.open_chart(nurse, p.id)
    assert chart.eligibility.met and chart.trials[1].dose_text == "40 mg"
    updates = [d for a, d in audit_rows(services, "antidepressant_trial") if a == "update"]
    assert updates[0]["duration_weeks"] == [3, 8] and "drug" not in updates[0]


def test_front_desk_cannot_change_clinical_fields(services: Services, staff) -> None:  # noqa: ANN001
    desk, nurse = staff.front_desk, staff.nurse
    with pytest.raises(PermissionDenied, match="pregnancy status"):
        services.patients.create(desk, replace(FORM, pregnancy_status=PregnancyStatus.UNKNOWN))
    p = services.patients.create(nurse, replace(FORM, takes_opioids=True,
                                                can_become_pregnant=True,
                                                pregnancy_status=PregnancyStatus.NOT_PREGNANT))
    with pytest.raises(PermissionDenied, match="opioids, .*MAOIs") as refused:
        services.patients.update(desk, p.id, p.version,
                                 replace(p.form, takes_opioids=False, takes_maois=True))
    assert "clinical staff only" in str(refused.value)
    edited = services.patients.update(desk, p.id, p.version, replace(p.form, city="Rye"))
    assert edited.form.city == "Rye" and edited.form.takes_opioids  # demographics still edited
    again = services.patients.update(nurse, p.id, edited.version,
                                     replace(edited.form, pregnancy_status=PregnancyStatus.PREGNANT))
    assert again.form.pregnancy_status is PregnancyStatus.PREGNANT
