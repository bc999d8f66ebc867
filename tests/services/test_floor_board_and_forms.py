"""Floor board read model (fixed query count, stages, overdue) and the REMS form tracker with PMF CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import event

from aurora_desktop.domain.errors import FieldError, PermissionDenied
from aurora_desktop.services.container import Services
from tests.support.session_day import NORMAL, make_session, ready_to_dose
from tests.support.staff import StaffSet


def _count_queries(services: Services):  # noqa: ANN202
    counter = {"n": 0}

    def on_execute(*_args: object) -> None:
        counter["n"] += 1

    event.listen(services.ctx.db.engine, "before_cursor_execute", on_execute)
    return counter, lambda: event.remove(services.ctx.db.engine, "before_cursor_execute", on_execute)


def _monitoring_session(services: Services, staff: StaffSet, position: int, name: str,
                        second: bool = False, clinic_code: str = "WP") -> int:
    sid = make_session(services, staff.prescriber, clinic_code=clinic_code, chair_position=position,
                       first_name=name).session_id
    ready_to_dose(services, staff.nurse, sid)
    services.administration.record_device(staff.nurse, sid, "LOT-C3")
    if second:
        services.ctx.clock.advance(minutes=5)
        services.administration.record_device(staff.nurse, sid, "LOT-C4")
    return sid


def test_floor_board_states_and_fixed_query_count(services: Services, staff: StaffSet, clock) -> None:
    nurse = staff.nurse
    arrived = make_session(services, staff.prescriber, chair_position=1, first_name="Ari").session_id
    clinic_id = make_session(services, staff.prescriber, chair_position=2, first_name="Bo",
                             checked_in=False).clinic_id
    dosing = _monitoring_session(services, staff, 3, "Cy")
    services.floor_board.floor_board(nurse, clinic_id)  # the clinic's time zone is read once
    counter, stop = _count_queries(services)
    board = services.floor_board.floor_board(nurse, clinic_id)
    few = counter["n"]
    stop()
    stages = {c.session_id: c.stage for c in board.cards}
    assert stages[arrived] == "arrived" and stages[dosing] == "dosing"
    assert [c.chair_label for c in board.cards] == ["Chair 1", "Chair 2", "Chair 3"]

    more = [_monitoring_session(services, staff, p, f"P{p}") for p in (4, 5, 6, 7)]
    clock.advance(minutes=21)  # +15 checkpoint now overdue for all under observation
    counter, stop = _count_queries(services)
    board = services.floor_board.floor_board(nurse, clinic_id)
    stop()
    assert counter["n"] == few  # same number of statements for 3 or 7 sessions
    card = next(c for c in board.cards if c.session_id == more[0])
    assert card.overdue_offsets == (15,) and card.needs_attention
    assert card.next_due.overdue and "OVERDUE: +15 min checkpoint" in card.alert_texts
    assert board.under_observation == 5
    services.monitoring.record_checkpoint(nurse, more[0], NORMAL,
                                          checkpoint_id=services.session_day.session_view(
                                              nurse, more[0]).checkpoints[0].id)
    card = next(c for c in services.floor_board.floor_board(nurse, clinic_id).cards
                if c.session_id == more[0])
    assert card.overdue_offsets == () and card.next_due.offset_minutes == 40
    assert card.alerts_awaiting_action == ("+15 min checkpoint recorded 6 min late",)


def test_rems_form_tracker_and_pmf_csv(services: Services, staff: StaffSet, clock, tmp_path) -> None:
    nurse, doc = staff.nurse, staff.prescriber
    sid = _monitoring_session(services, staff, 1, "Dee", second=True)
    start = services.session_day.session_view(nurse, sid).first_device_at
    for cp in services.session_day.session_view(nurse, sid).checkpoints:
        clock.set(start + timedelta(minutes=cp.offset_minutes))
        services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=cp.id)
    services.discharge.discharge(nurse, sid, ready_at_minutes=95, attest_stable=True)
    clinic_id = services.session_day.session_view(nurse, sid).clinic_id

    rows = services.rems_forms.list_forms(staff.front_desk, clinic_id)
    assert [(r.session_id, r.state, r.days_left) for r in rows] == [(sid, "due", 7)]
    clock.advance(days=8)
    row = services.rems_forms.list_forms(nurse, clinic_id)[0]
    assert row.state == "overdue"
    assert services.floor_board.floor_board(nurse, clinic_id).overdue_forms == 1
    with pytest.raises(PermissionDenied):
        services.rems_forms.mark_submitted(staff.admin, row.id, submitted_on=row.treatment_date,
                                           confirmation="X", version=row.version)
    with pytest.raises(FieldError, match="future"):
        services.rems_forms.mark_submitted(nurse, row.id, confirmation="PMF-1", version=row.version,
                                           submitted_on=row.treatment_date + timedelta(days=30))
    services.rems_forms.mark_submitted(nurse, row.id, submitted_on=row.treatment_date + timedelta(days=2),
                                       confirmation="PMF-778812", version=row.version)
    row = services.rems_forms.list_forms(nurse, clinic_id)[0]
    assert (row.state, row.confirmation, row.submitted_by) == ("submitted", "PMF-778812", "Nina Nurse")

    path = tmp_path / "pmf.csv"
    services.rems_forms.export_pmf_csv(nurse, sid, path)
    data = dict(list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[1:])
    assert data["Patient first name"] == "Dee" and data["Dose"] == "56 mg"
    assert data["Lot number(s)"] == "LOT-C3, LOT-C4"
    assert data["Total minutes, first device to end of monitoring"] == "120"
    assert data["Would have been ready to leave after (minutes)"] == "95"
    assert data["BP before administration"] == "126/80 mmHg"
    assert data["BP at ~40 minutes"] == "130/82 mmHg"
    assert data["First treatment"] == "Yes" and data["Enrolled in the SPRAVATO REMS"] == "Yes"
    assert data["Sedation (MOAA/S ≤ 3)"] == "No" and data["Serious adverse events"] == "None"
    assert data["Monitoring healthcare provider"] == "Nina Nurse, RN"
    assert doc.full_name  # prescriber exists for the plan


def test_overdue_forms_count_follows_submissions_and_days(services: Services, staff: StaffSet, clock) -> None:
    nurse = staff.nurse
    sid = _monitoring_session(services, staff, 1, "Eve", second=True)
    start = services.session_day.session_view(nurse, sid).first_device_at
    for cp in services.session_day.session_view(nurse, sid).checkpoints:
        clock.set(start + timedelta(minutes=cp.offset_minutes))
        services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=cp.id)
    services.discharge.discharge(nurse, sid, ready_at_minutes=95, attest_stable=True)
    clinic_id = services.session_day.session_view(nurse, sid).clinic_id
    board = services.floor_board.floor_board
    assert board(nurse, clinic_id).overdue_forms == 0  # due in 7 days
    clock.advance(days=8)  # a new day: the form is now overdue
    assert board(nurse, clinic_id).overdue_forms == 1
    other = next(c.id for c in services.clinics.list_clinics() if c.id != clinic_id)
    assert board(nurse, other).overdue_forms == 0  # counted per clinic
    row = services.rems_forms.list_forms(nurse, clinic_id)[0]
    services.rems_forms.mark_submitted(nurse, row.id, submitted_on=row.treatment_date + timedelta(days=2),
                                       confirmation="PMF-1", version=row.version)
    assert board(nurse, clinic_id).overdue_forms == 0  # submitted: no longer overdue


def test_overdue_form_at_the_other_clinic_is_not_on_this_board(services: Services, staff: StaffSet,
                                                                clock) -> None:
    nurse = staff.nurse
    sid = _monitoring_session(services, staff, 1, "Bea", second=True, clinic_code="BK")
    start = services.session_day.session_view(nurse, sid).first_device_at
    for cp in services.session_day.session_view(nurse, sid).checkpoints:
        clock.set(start + timedelta(minutes=cp.offset_minutes))
        services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=cp.id)
    services.discharge.discharge(nurse, sid, ready_at_minutes=95, attest_stable=True)
    clock.advance(days=8)
    clinics = {c.code: c.id for c in services.clinics.list_clinics()}
    board = services.floor_board.floor_board
    assert board(nurse, clinics["BK"]).overdue_forms == 1  # the form carries its session's clinic
    assert board(nurse, clinics["WP"]).overdue_forms == 0
    assert [r.session_id for r in services.rems_forms.list_forms(nurse, clinics["BK"])] == [sid]
    assert services.rems_forms.list_forms(nurse, clinics["WP"]) == []


def _discharged(services: Services, staff: StaffSet, clock, position: int, name: str) -> int:  # noqa: ANN001
    nurse = staff.nurse
    sid = _monitoring_session(services, staff, position, name, second=True)
    start = services.session_day.session_view(nurse, sid).first_device_at
    for cp in services.session_day.session_view(nurse, sid).checkpoints:
        clock.set(start + timedelta(minutes=cp.offset_minutes))
        services.monitoring.record_checkpoint(nurse, sid, NORMAL, checkpoint_id=cp.id)
    services.discharge.discharge(nurse, sid, ready_at_minutes=95, attest_stable=True)
    return sid


def test_folded_board_query_devices_forms_and_two_statements(services: Services, staff: StaffSet,
                                                              clock) -> None:
    """Device counts and the REMS form ride in the session query; checkpoints and alerts in one more."""
    nurse = staff.nurse
    form_due = _discharged(services, staff, clock, 4, "Dee")
    form_sent = _discharged(services, staff, clock, 5, "Fay")
    row = next(r for r in services.rems_forms.list_forms(nurse, services.session_day.session_view(
        nurse, form_sent).clinic_id) if r.session_id == form_sent)
    services.rems_forms.mark_submitted(nurse, row.id, submitted_on=row.treatment_date,
                                       confirmation="PMF-5", version=row.version)
    no_device = make_session(services, staff.prescriber, chair_position=1, first_name="Ari")
    one_of_two = _monitoring_session(services, staff, 2, "Bo")
    two_of_two = _monitoring_session(services, staff, 3, "Cy", second=True)
    clinics = {c.code: c.id for c in services.clinics.list_clinics()}
    for clinic_id in clinics.values():
        services.floor_board.floor_board(nurse, clinic_id)  # time zones are read once per process

    counter, stop = _count_queries(services)
    board = services.floor_board.floor_board(nurse, no_device.clinic_id)
    with_cards = counter["n"]
    empty = services.floor_board.floor_board(nurse, clinics["BK"])
    stop()
    statements = with_cards - (1 if services.ctx.db.is_sqlite else 0)  # SQLite's BEGIN
    assert statements == 2
    assert counter["n"] - with_cards == with_cards - 1  # a clinic without sessions: the board row only
    assert empty.cards == () and empty.overdue_forms == 0

    cards = {c.session_id: c for c in board.cards}
    assert [c.chair_label for c in board.cards] == [f"Chair {n}" for n in range(1, 6)]
    assert cards[no_device.session_id].stage == "arrived"
    assert cards[one_of_two].stage == "dosing"  # 1 device of the 2 a 56 mg dose needs
    assert cards[two_of_two].stage == "monitoring"  # 2 of 2: dosing is over
    assert cards[two_of_two].next_due.offset_minutes == 15
    local_day = cards[form_due].local_start.date()
    assert cards[form_due].rems_form_due_on == local_day + timedelta(days=7)
    assert f"REMS form due {local_day + timedelta(days=7):%m/%d/%Y}" in cards[form_due].alert_texts
    assert cards[form_sent].rems_form_due_on is None  # submitted: no longer due
    assert cards[no_device.session_id].rems_form_due_on is None  # no form at all
    assert cards[form_due].stage == cards[form_sent].stage == "discharged"
    assert cards[no_device.session_id].patient_name == "Rivera, Ari"
