"""Reports share one definition of the REMS form fields and take the phase from the domain rule."""

from __future__ import annotations

from sqlalchemy import select

from aurora_desktop.db.models import TreatmentPlan, TreatmentSession
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.treatment_phase import PHASE_LABELS, Phase, position
from aurora_desktop.services.container import Services
from tests.support.session_data import build_session
from tests.support.staff import StaffSet


def test_single_session_and_batch_pmf_fields_are_identical(services: Services,
                                                           staff: StaffSet) -> None:
    first = build_session(services, staff)
    later = build_session(services, staff, patient_id=first.patient_id, day_offset=3, devices=2)
    other = build_session(services, staff, first="Mary-Kate", last="O’Brien", mrn="MRN-200001",
                          chair_index=1, checkpoints=3)
    ids = [first.session_id, later.session_id, other.session_id]
    batch = services.reports.session_records(staff.nurse, ids)
    for sid, record in zip(ids, batch, strict=True):
        single = services.rems_forms.pmf_data(staff.nurse, sid)
        assert single == list(record.pmf)
        assert single == list(services.reports.session_record(staff.nurse, sid).pmf)
    fields = [dict(r.pmf) for r in batch]
    assert [f["First treatment"] for f in fields] == ["Yes", "No", "Yes"]
    assert fields[1]["Dose"] == "56 mg" and fields[1]["Lot number(s)"] == "LOT-A1234-3, LOT-B5678-3"
    assert fields[0]["Pulse-oximetry checks"] == "8 (lowest 96 %)"


def test_report_phase_is_the_domain_phase_across_a_gap_and_a_missed_session(
    services: Services, staff: StaffSet
) -> None:
    one = build_session(services, staff)
    pid = one.patient_id
    # 11/30, 12/03, a no-show on 12/07, then back after a gap on 01/04 (treatment week 6).
    sids = [one.session_id] + [
        build_session(services, staff, patient_id=pid, day_offset=d).session_id for d in (3, 7, 35)]

    def mark_missed(session) -> None:  # noqa: ANN001
        session.get(TreatmentSession, sids[2]).status = SessionStatus.NO_SHOW

    services.ctx.db.write(mark_missed)
    with services.ctx.db.read() as session:
        plan = session.scalars(select(TreatmentPlan).where(TreatmentPlan.patient_id == pid)).one()
        rows = session.scalars(select(TreatmentSession).where(TreatmentSession.patient_id == pid)
                               .order_by(TreatmentSession.local_date)).all()
        indication, start = plan.indication, plan.start_date
        completed = [ts.local_date for ts in rows if ts.status is SessionStatus.DISCHARGED]
        days = {ts.id: ts.local_date for ts in rows}

    records = services.reports.session_records(staff.nurse, sids)
    for record in records:
        expected = position(indication, start, completed, days[record.session_id])
        assert record.plan.phase == PHASE_LABELS[expected.phase]
        assert record.plan.session_in_phase == expected.number_in_phase
    back = records[3].plan
    assert (back.phase, back.session_in_phase, back.session_number) == (
        PHASE_LABELS[Phase.TRD_WEEKLY], 1, 3)  # not "induction #4": the gap moved the week on

    history = services.reports.patient_history(staff.nurse, pid)
    phases = {s.session_id: s.phase for s in history.sessions}
    assert phases == {sids[0]: "Induction #1", sids[1]: "Induction #2", sids[2]: "",
                      sids[3]: "Maintenance #1"}


def test_report_rems_line_shows_the_day_an_enrollment_ended() -> None:
    from datetime import date

    from aurora_desktop.domain.enums import EnrollmentStatus
    from aurora_desktop.reports.formatting import fmt_rems

    assert fmt_rems("RP-1", EnrollmentStatus.INACTIVE, date(2026, 1, 2), date(2026, 11, 3)) == (
        "RP-1 (Inactive, enrolled 01/02/2026, ended 11/03/2026)")
    assert fmt_rems("RP-1", EnrollmentStatus.ACTIVE, date(2026, 1, 2), None) == (
        "RP-1 (Active, enrolled 01/02/2026)")
    assert fmt_rems("", None, None, None) == "not enrolled"
