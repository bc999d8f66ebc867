"""Scheduling service on both backends: rules, warnings, series, reschedule/cancel, DST, roster."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from aurora_desktop.db.models import AuditEvent, Clinic, TreatmentSession
from aurora_desktop.domain.booking_rules import SlotTaken, induction_dates
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import (
    Conflict,
    FieldError,
    NotFound,
    PermissionDenied,
    RuleViolation,
    StaleRecord,
    WarningsNeedAcknowledgement,
)
from aurora_desktop.services.scheduling_cadence import NO_RIDE, NOT_ENROLLED
from aurora_desktop.services.scheduling_models import SeriesSlot
from tests.support.scheduling import make_patient, make_plan, make_prescriber, roster_days

WED = date(2026, 12, 2)
RIDE = {"ride_driver_name": "Ana Lopez", "ride_driver_phone": "9145550188"}


def _setup(services, staff, days: int = 40):  # noqa: ANN001, ANN202
    wp = services.clinics.get_by_code("WP")
    bk = services.clinics.get_by_code("BK")
    roster_days(services, staff.admin, staff.prescriber.staff_id, wp.id, WED - timedelta(1), days)
    roster_days(services, staff.admin, make_prescriber(services), bk.id, WED - timedelta(1), days)
    return wp, bk


def _audit_actions(services, entity_id: int) -> list[str]:  # noqa: ANN001
    with services.ctx.db.read() as session:
        return list(session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "treatment_session", AuditEvent.entity_id == str(entity_id))
            .order_by(AuditEvent.id)))


def test_book_hard_rules_warnings_and_overlaps(services, staff) -> None:
    wp = services.clinics.get_by_code("WP")
    bk = services.clinics.get_by_code("BK")
    fd = staff.front_desk
    pid = make_patient(services, enrolled=False)
    chair1 = wp.chairs[0]
    with pytest.raises(RuleViolation) as refused:  # no prescriber rostered, Sunday closed
        services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=date(2026, 12, 6),
                                 start_time=time(9), chair_id=chair1.id)
    assert len(refused.value.reasons) == 2
    assert "closed on Sundays" in refused.value.reasons[0]
    assert "no prescriber is rostered on site" in refused.value.reasons[1]
    _setup(services, staff)

    with pytest.raises(WarningsNeedAcknowledgement) as warned:
        services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=WED,
                                 start_time=time(9), chair_id=chair1.id)
    assert warned.value.warnings == [NOT_ENROLLED, NO_RIDE]
    result = services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=WED,
                                      start_time=time(9), chair_id=chair1.id,
                                      acknowledged=warned.value.warnings)
    assert (result.local_start.hour, result.local_end.hour, result.local_end.minute) == (9, 11, 30)
    assert result.supervising_prescriber_id == staff.prescriber.staff_id
    detail = services.scheduling.get_session(fd, result.session_id)
    assert detail.booking_warnings == (NOT_ENROLLED, NO_RIDE)
    assert detail.booked_by == "Fran Desk" and detail.supervising_prescriber == "Dr. Paul Prescott"
    assert _audit_actions(services, result.session_id) == ["book", "view"]

    other = make_patient(services, "Sam", "Reed")
    with pytest.raises(SlotTaken) as taken:  # same chair, overlapping by 15 minutes
        services.scheduling.book(fd, patient_id=other, clinic_id=wp.id, day=WED,
                                 start_time=time(11, 15), chair_id=chair1.id, **RIDE)
    assert f"by booking #{result.session_id}" in str(taken.value)
    assert "9:00 AM–11:30 AM" in str(taken.value)
    back_to_back = services.scheduling.book(fd, patient_id=other, clinic_id=wp.id, day=WED,
                                            start_time=time(11, 30), chair_id=chair1.id, **RIDE)
    assert back_to_back.chair_id == chair1.id
    with pytest.raises(Conflict, match="only one session per day"):  # other clinic, same day
        services.scheduling.book(fd, patient_id=pid, clinic_id=bk.id, day=WED,
                                 start_time=time(15), acknowledged=[NOT_ENROLLED, NO_RIDE])
    any_chair = services.scheduling.book(fd, patient_id=make_patient(services, "Kim", "Ng"),
                                         clinic_id=wp.id, day=WED, start_time=time(10), **RIDE)
    assert any_chair.chair_id == wp.chairs[1].id  # chair 1 is busy: the next free chair
    with pytest.raises(PermissionDenied):
        services.scheduling.book(staff.admin, patient_id=pid, clinic_id=wp.id, day=WED,
                                 start_time=time(9))


def test_cancel_frees_slot_and_reschedule_keeps_history(services, staff) -> None:
    wp, _ = _setup(services, staff)
    fd = staff.front_desk
    pid, other = make_patient(services), make_patient(services, "Sam", "Reed")
    chair = wp.chairs[2].id
    first = services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=WED,
                                     start_time=time(9), chair_id=chair, **RIDE)
    version = services.scheduling.get_session(fd, first.session_id).version
    with pytest.raises(FieldError, match="reason"):
        services.scheduling.cancel(fd, first.session_id, version, "  ")
    moved = services.scheduling.reschedule(fd, first.session_id, version, day=WED + timedelta(1),
                                           start_time=time(13), reason="patient asked")
    with pytest.raises(StaleRecord):
        services.scheduling.cancel(fd, first.session_id, version, "again")
    old = services.scheduling.get_session(fd, first.session_id)
    new = services.scheduling.get_session(fd, moved.session_id)
    assert old.status == SessionStatus.CANCELLED and old.cancel_reason == "Rescheduled: patient asked"
    assert new.rescheduled_from_id == first.session_id and new.ride_driver_name == "Ana Lopez"
    assert (new.local_start.date(), new.local_start.hour) == (WED + timedelta(1), 13)
    assert _audit_actions(services, moved.session_id)[0] == "reschedule"
    # the vacated slot is immediately bookable by someone else
    taker = services.scheduling.book(fd, patient_id=other, clinic_id=wp.id, day=WED,
                                     start_time=time(9), chair_id=chair, **RIDE)
    services.scheduling.cancel(fd, taker.session_id, 1, "no ride available")
    again = services.scheduling.book(fd, patient_id=other, clinic_id=wp.id, day=WED,
                                     start_time=time(9, 30), chair_id=chair, **RIDE)
    assert again.session_id != taker.session_id
    assert "cancel" in _audit_actions(services, taker.session_id)


def test_series_is_all_or_nothing_with_nearest_alternatives(services, staff) -> None:
    wp, _ = _setup(services, staff)
    fd = staff.front_desk
    pid, blocker = make_patient(services), make_patient(services, "Sam", "Reed")
    chair = wp.chairs[0]
    dates = induction_dates(WED, [0, 3])  # Mon + Thu, from Thu 12/03
    slots = [SeriesSlot(d, time(10), chair.id) for d in dates]
    services.scheduling.book(fd, patient_id=blocker, clinic_id=wp.id, day=dates[2],
                             start_time=time(9), chair_id=chair.id, **RIDE)
    result = services.scheduling.book_series(fd, patient_id=pid, clinic_id=wp.id, slots=slots,
                                             **RIDE)
    assert not result.saved and result.session_ids == ()
    with services.ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(TreatmentSession).where(
            TreatmentSession.patient_id == pid)) == 0
    (proposal,) = result.proposals
    assert proposal.index == 2 and "already booked" in proposal.reasons[0]
    first_alt = proposal.alternatives[0]
    assert (first_alt.day, first_alt.chair_id) == (dates[2], wp.chairs[1].id)  # same day, next chair
    slots[2] = SeriesSlot(first_alt.day, first_alt.start_time, first_alt.chair_id)
    saved = services.scheduling.book_series(fd, patient_id=pid, clinic_id=wp.id, slots=slots,
                                            **RIDE)
    assert saved.saved and len(saved.session_ids) == 8
    rows = services.session_queries.sessions_for_days(fd, wp.id, WED, 30)
    assert sum(r.patient_id == pid for r in rows) == 8


def test_check_in_no_show_ride_and_read_models(services, staff, clock) -> None:
    wp, _ = _setup(services, staff)
    fd = staff.front_desk
    pid, other = make_patient(services), make_patient(services, "Sam", "Reed")
    marker = services.scheduling.change_marker(fd, wp.id, WED)
    a = services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=WED,
                                 start_time=time(9), acknowledged=[NO_RIDE])
    b = services.scheduling.book(fd, patient_id=other, clinic_id=wp.id, day=WED,
                                 start_time=time(8), **RIDE)
    assert services.scheduling.change_marker(fd, wp.id, WED) != marker
    reminders = services.scheduling.reminder_list(fd, wp.id)  # tomorrow = WED
    assert [r.session_id for r in reminders.rows] == [b.session_id, a.session_id]
    assert reminders.rows[1].ride_plan == "no ride planned" and reminders.rows[1].phone
    assert reminders.rows[0].ride_plan == "Ana Lopez (914) 555-0188 (not confirmed)"
    with pytest.raises(RuleViolation, match="session day"):
        services.scheduling.check_in(fd, a.session_id, 1, driver_name="", driver_phone="",
                                     ride_confirmed=False)
    clock.set(datetime(2026, 12, 2, 13, 50, tzinfo=UTC))  # 8:50 AM on the day
    with pytest.raises(RuleViolation, match="after its start"):
        services.scheduling.mark_no_show(fd, a.session_id, 1)
    with pytest.raises(FieldError, match="driver phone"):
        services.scheduling.check_in(fd, a.session_id, 1, driver_name="Jo", driver_phone="12",
                                     ride_confirmed=True)
    services.scheduling.check_in(fd, a.session_id, 1, driver_name="Jo Lopez",
                                 driver_phone="914-555-0100", ride_confirmed=True)
    detail = services.scheduling.get_session(fd, a.session_id)
    assert detail.status == SessionStatus.CHECKED_IN and detail.ride_confirmed
    assert detail.ride_driver_phone == "(914) 555-0100" and detail.arrived_at == clock.now()
    clock.set(datetime(2026, 12, 2, 13, 20, tzinfo=UTC))  # 8:20 AM: b started at 8:00
    services.scheduling.mark_no_show(fd, b.session_id, 1)
    assert services.scheduling.get_session(fd, b.session_id).status == SessionStatus.NO_SHOW
    with pytest.raises(RuleViolation, match="no show"):
        services.scheduling.cancel(fd, b.session_id, 2, "x")
    services.scheduling.confirm_ride(staff.nurse, a.session_id, detail.version,
                                     driver_name="Jo Lopez", driver_phone="(914) 555-0100")


@pytest.mark.parametrize("change_day", [date(2026, 3, 8), date(2026, 11, 1)])
def test_dst_days_keep_wall_clock_time(services, staff, clock, change_day: date) -> None:
    """Booked a week before the change (other offset); shown at the same local time after."""
    clock.set(datetime.combine(change_day - timedelta(days=7), time(15), tzinfo=UTC))
    with services.ctx.db.write_once() as session:  # open on Sundays for this test
        for clinic in session.scalars(select(Clinic)):
            clinic.opening_hours = [["08:00", "18:00"]] * 7
    wp = services.clinics.get_by_code("WP")
    roster_days(services, staff.admin, staff.prescriber.staff_id, wp.id,
                change_day - timedelta(days=1), 3)
    fd = staff.front_desk
    booked = [services.scheduling.book(fd, patient_id=make_patient(services, f"P{i}", "Dst"),
                                       clinic_id=wp.id, day=change_day + timedelta(days=i),
                                       start_time=time(9), **RIDE) for i in (-1, 0, 1)]
    clock.set(datetime.combine(change_day + timedelta(days=1), time(12), tzinfo=UTC))
    rows = services.session_queries.sessions_for_days(fd, wp.id, change_day - timedelta(1), 3)
    assert [(r.local_start.date(), r.local_start.time(), r.local_end.time()) for r in rows] == [
        (change_day + timedelta(days=i), time(9), time(11, 30)) for i in (-1, 0, 1)]
    assert [r.id for r in rows] == [b.session_id for b in booked]
    offsets = [r.scheduled_start.hour for r in rows]
    assert offsets == ([14, 13, 13] if change_day.month == 3 else [13, 14, 14])


def test_roster_editing_and_prescriber_cover(services, staff) -> None:
    wp, bk = services.clinics.get_by_code("WP"), services.clinics.get_by_code("BK")
    admin, pres = staff.admin, staff.prescriber.staff_id
    shift = services.roster.add_shift(admin, staff_id=pres, clinic_id=wp.id, day=WED,
                                      start_time=time(8), end_time=time(10), note="morning")
    with pytest.raises(RuleViolation, match="already has a shift at WP"):
        services.roster.add_shift(admin, staff_id=pres, clinic_id=bk.id, day=WED,
                                  start_time=time(9), end_time=time(12))
    with pytest.raises(PermissionDenied):
        services.roster.add_shift(staff.front_desk, staff_id=pres, clinic_id=wp.id, day=WED,
                                  start_time=time(8), end_time=time(10))
    with pytest.raises(FieldError, match="prescribers and nurses"):
        services.roster.add_shift(admin, staff_id=staff.front_desk.staff_id, clinic_id=wp.id,
                                  day=WED, start_time=time(8), end_time=time(10))
    pid = make_patient(services)
    with pytest.raises(RuleViolation, match="no prescriber is rostered"):  # 8:00-10:00 < block
        services.scheduling.book(staff.front_desk, patient_id=pid, clinic_id=wp.id, day=WED,
                                 start_time=time(8), **RIDE)
    services.roster.update_shift(admin, shift.id, shift.version, day=WED, start_time=time(8),
                                 end_time=time(16), note="full day")
    listed = services.roster.shifts(staff.nurse, wp.id, WED, 1)
    assert [(s.local_start.hour, s.local_end.hour, s.note) for s in listed] == [(8, 16, "full day")]
    assert services.scheduling.book(staff.front_desk, patient_id=pid, clinic_id=wp.id, day=WED,
                                    start_time=time(8), **RIDE).supervising_prescriber_id == pres
    free = services.scheduling.find_next_free_slot(staff.front_desk, make_patient(services),
                                                   WED, [wp.id])
    assert free is not None and (free.day, free.start_time) == (WED, time(8))
    assert free.chair_id == wp.chairs[1].id
    with pytest.raises(WarningsNeedAcknowledgement, match="no prescriber on site") as warned:
        services.roster.delete_shift(admin, listed[0].id, listed[0].version)
    services.roster.delete_shift(admin, listed[0].id, listed[0].version, warned.value.warnings)
    assert services.roster.shifts(staff.nurse, wp.id, WED, 1) == []


def test_cadence_warnings_from_the_treatment_phase(services, staff) -> None:
    wp, _ = _setup(services, staff)
    fd = staff.front_desk
    pid = make_patient(services)
    plan_id = make_plan(services, pid, staff.prescriber.staff_id, WED)
    first = services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=WED,
                                     start_time=time(9), **RIDE)
    with pytest.raises(WarningsNeedAcknowledgement) as warned:  # Thursday: 24 hours later
        services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=WED + timedelta(1),
                                 start_time=time(9), **RIDE)
    assert any("48 hours apart" in w for w in warned.value.warnings)
    free = services.scheduling.find_next_free_slot(fd, pid, WED + timedelta(1), [wp.id])
    assert (free.day, free.start_time) == (WED + timedelta(2), time(9))  # 48 h after the first
    acked = services.scheduling.book(fd, patient_id=pid, clinic_id=wp.id, day=WED + timedelta(1),
                                     start_time=time(9), acknowledged=warned.value.warnings,
                                     **RIDE)
    detail = services.scheduling.get_session(fd, acked.session_id)
    assert detail.booking_warnings == tuple(warned.value.warnings)
    with services.ctx.db.read() as session:
        assert session.get(TreatmentSession, first.session_id).plan_id == plan_id
        details = session.scalars(select(AuditEvent.details).where(
            AuditEvent.entity_id == str(acked.session_id), AuditEvent.action == "book")).one()
    assert "48 hours apart" in str(details)


def test_database_backstop_overlap_becomes_slot_taken(services, staff) -> None:
    """If a concurrent insert slips past the check, the constraint's error names the winner."""
    wp, _ = _setup(services, staff)
    fd = staff.front_desk
    first = services.scheduling.book(fd, patient_id=make_patient(services), clinic_id=wp.id,
                                     day=WED, start_time=time(9), chair_id=wp.chairs[0].id, **RIDE)
    other = make_patient(services, "Sam", "Reed")

    def sneaky_insert(session) -> None:  # noqa: ANN001 - bypasses the rules like a racing writer
        session.add(TreatmentSession(
            patient_id=other, clinic_id=wp.id, chair_id=wp.chairs[0].id,
            scheduled_start=datetime(2026, 12, 2, 15, 0, tzinfo=UTC),
            scheduled_end=datetime(2026, 12, 2, 17, 30, tzinfo=UTC), local_date=WED,
            status=SessionStatus.SCHEDULED, created_at=services.ctx.clock.now()))
        session.flush()

    if services.ctx.db.is_sqlite:  # SQLite has no chair exclusion constraint: patient/day only
        def sneaky_insert(session) -> None:  # noqa: ANN001, F811
            session.add(TreatmentSession(
                patient_id=services.scheduling.get_session(fd, first.session_id).patient_id,
                clinic_id=wp.id, chair_id=wp.chairs[5].id,
                scheduled_start=datetime(2026, 12, 2, 19, 0, tzinfo=UTC),
                scheduled_end=datetime(2026, 12, 2, 21, 30, tzinfo=UTC), local_date=WED,
                status=SessionStatus.SCHEDULED, created_at=services.ctx.clock.now()))
            session.flush()
    with pytest.raises(SlotTaken, match="another user booked") as info:
        services.scheduling._guarded_write(sneaky_insert, wp.id, other, WED, time(10),
                                           wp.chairs[0].id)
    assert isinstance(info.value, Conflict)


def test_schedule_reads_are_one_statement_each_outside_a_transaction(services, staff) -> None:
    """The calendar, the sessions list and the change marker (polled every few seconds by every
    Schedule page) send one SELECT each; on PostgreSQL in autocommit, so no BEGIN / COMMIT
    round trips around it (the connection is idle, not in a transaction, after each). Seen on
    the wire (libpq's protocol trace): the calendar's rows are read straight on psycopg, which
    SQLAlchemy's statement events do not see."""
    import tempfile

    import psycopg
    from sqlalchemy import event

    wp, _ = _setup(services, staff)
    fd = staff.front_desk
    services.scheduling.book(fd, patient_id=make_patient(services), clinic_id=wp.id, day=WED,
                             start_time=time(9), **RIDE)
    services.scheduling.calendar(fd, wp.id, WED)  # (each service reads the clinic's time
    services.session_queries.sessions_for_days(fd, wp.id, WED)  # zone once per process)
    postgres = services.ctx.db.backend == "postgresql"
    engine, traced = services.ctx.db.engine, []
    wire = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed below, after the reads

    def on_checkout(dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001
        pgconn = dbapi_connection.pgconn
        pgconn.trace(wire.fileno())
        pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        traced.append(pgconn)

    if postgres:
        event.listen(engine, "checkout", on_checkout)
        with services.ctx.db.read_connection() as conn:  # the one this thread keeps (held_read)
            on_checkout(conn.connection.dbapi_connection, None, None)
    try:
        rows = services.scheduling.calendar(fd, wp.id, WED)
        listed = services.session_queries.sessions_for_days(fd, wp.id, WED)
        marker = services.scheduling.change_marker(fd, wp.id, WED)
    finally:
        if postgres:
            event.remove(engine, "checkout", on_checkout)
            for pgconn in traced:
                pgconn.untrace()
        wire.seek(0)
        trace = wire.read()
        wire.close()
    assert len(rows) == len(listed) == marker.count == 1 and marker.max_id == rows[0].id
    if postgres:  # (SQLite: BEGIN is ours, no round trip)
        # one message per line ("F"rontend / "B"ackend, length, type, fields); a statement's
        # own line breaks continue a line
        messages = [line.split("\t") for line in trace.splitlines()
                    if line[:2] in ("F\t", "B\t")]
        sent = [m[3].split('"', 3)[3].split()[0] if m[2] == "Parse" else m[3].split('"')[1]
                for m in messages if m[0] == "F" and m[2] in ("Query", "Parse")]
        ready = [m[3].strip() for m in messages if m[0] == "B" and m[2] == "ReadyForQuery"]
        # all three on the connection this thread keeps for such reads (none from the pool)
        assert len(traced) == 1 and sent == ["SELECT"] * 3 and ready == ["I"] * 3
        with services.ctx.db.read_connection() as conn:  # that connection: not left in a
            driver = conn.connection.driver_connection  # transaction by those reads
            assert driver.info.transaction_status == driver.info.transaction_status.IDLE
    with pytest.raises(NotFound):
        services.scheduling.change_marker(fd, 987654, WED)
