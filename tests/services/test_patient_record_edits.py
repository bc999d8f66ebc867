"""The shared edit path of patient records: not found, stale copy, audited changes, no-op edits."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from aurora_desktop.db.models import ContraindicationScreening
from aurora_desktop.domain.enums import Answer, Contraindication, EnrollmentStatus
from aurora_desktop.domain.errors import NotFound, StaleRecord
from aurora_desktop.services.container import Services
from aurora_desktop.services.patients import PatientForm
from tests.support.audit_rows import audit_rows

FORM = PatientForm(mrn="WP-000777", first_name="Nora", last_name="Quinn",
                   date_of_birth=date(1980, 3, 4), phone="(914) 555-0177")


def test_edits_share_not_found_stale_audit_and_no_op_rules(services: Services, staff) -> None:  # noqa: ANN001
    doc, nurse = staff.prescriber, staff.nurse
    p = services.patients.create(nurse, FORM)
    with pytest.raises(NotFound, match="treatment plan"):
        services.patients.update_plan(doc, 999_999, 1, strategy="adjunctive", start_date=date(2026, 11, 2),
                                      target_dose_mg=56, prescriber_id=doc.staff_id)
    with pytest.raises(NotFound, match="oral antidepressant"):
        services.patients.stop_oral_antidepressant(nurse, 999_999, 1, date(2026, 11, 20))

    answers = dict.fromkeys(Contraindication, Answer.NO)
    answers[Contraindication.HYPERSENSITIVITY] = Answer.UNKNOWN
    services.patients.screen_contraindications(nurse, p.id, answers)
    with services.ctx.db.read() as session:
        row = session.scalars(select(ContraindicationScreening).where(
            ContraindicationScreening.patient_id == p.id,
            ContraindicationScreening.answer == Answer.UNKNOWN)).one()
    services.patients.decide_contraindication(doc, row.id, row.version, "Reviewed; proceed")
    with pytest.raises(StaleRecord):
        services.patients.decide_contraindication(doc, row.id, row.version, "Reviewed again")
    services.patients.decide_contraindication(doc, row.id, row.version + 1, "  Reviewed; proceed ")
    with services.ctx.db.read() as session:
        assert session.get(ContraindicationScreening, row.id).version == row.version + 1  # no-op kept
    decisions = audit_rows(services, "contraindication_screening")
    assert [a for a, _ in decisions].count("decide") == 1
    assert decisions[-1][1]["prescriber_decision"] == [None, "Reviewed; proceed"]

    enrollment = services.patients.record_enrollment(nurse, p.id, "RP-7", date(2026, 11, 1),
                                                     EnrollmentStatus.ACTIVE)
    services.patients.end_enrollment(nurse, enrollment, 1, "moved away")
    ended = audit_rows(services, "rems_patient_enrollment")[-1]
    assert ended == ("end", {"status": ["active", "inactive"], "reason": "moved away",
                             "ended_on": [None, services.patients._today().isoformat()],
                             "ended_by_id": [None, nurse.staff_id]})
