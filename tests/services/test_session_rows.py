"""Calendar rows on both backends: driver values turned into aware instants and the status
enum exactly as the ORM gives them; unchanged rows come back as the same objects, changed
ones (a booking's edit, a patient's new name) as new ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from aurora_desktop.db.models import Patient, TreatmentSession
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.session_queries import _to_utc
from tests.support.scheduling import make_patient, roster_days

WED = date(2026, 12, 2)
RIDE = {"ride_driver_name": "Ana Lopez", "ride_driver_phone": "9145550188"}


def test_rows_match_the_orm_and_are_reused_until_something_changes(services, staff) -> None:
    wp = services.clinics.get_by_code("WP")
    roster_days(services, staff.admin, staff.prescriber.staff_id, wp.id, WED, 1)
    fd = staff.front_desk
    a = services.scheduling.book(fd, patient_id=make_patient(services), clinic_id=wp.id,
                                 day=WED, start_time=time(9), chair_id=wp.chairs[0].id, **RIDE)
    b = services.scheduling.book(fd, patient_id=make_patient(services, "Sam", "Reed"),
                                 clinic_id=wp.id, day=WED, start_time=time(9, 15),
                                 chair_id=wp.chairs[1].id, **RIDE)
    rows = services.scheduling.calendar(fd, wp.id, WED)
    assert [r.id for r in rows] == [a.session_id, b.session_id]
    zone = ZoneInfo("America/New_York")
    with services.ctx.db.read() as session:
        for row in rows:
            orm = session.get(TreatmentSession, row.id)
            assert row.scheduled_start == orm.scheduled_start and row.scheduled_end == orm.scheduled_end
            assert row.scheduled_start.utcoffset() == timedelta(0)
            assert row.local_start == orm.scheduled_start.astimezone(zone)
            assert row.local_start.tzinfo == zone and row.local_start.time() in (time(9), time(9, 15))
            assert row.status is SessionStatus.SCHEDULED and row.version == orm.version
    assert rows[0].patient_name == "Lopez, Maria"

    again = services.session_queries.sessions_for_days(fd, wp.id, WED)
    assert again == rows and all(x is y for x, y in zip(again, rows, strict=True))

    with services.ctx.db.write_once() as session:  # another PC renames a patient
        session.execute(update(Patient).where(Patient.id == rows[1].patient_id)
                        .values(last_name="Reed-Ortiz"))
    services.scheduling.cancel(fd, a.session_id, rows[0].version, "patient unwell")
    changed = services.scheduling.calendar(fd, wp.id, WED)
    assert changed[0] is not rows[0] and changed[0].status is SessionStatus.CANCELLED
    assert changed[0].version == rows[0].version + 1
    assert changed[1] is not rows[1] and changed[1].patient_name == "Reed-Ortiz, Sam"


def test_stored_instants_from_either_driver_become_aware_utc() -> None:
    assert _to_utc("2026-12-02 14:00:00.000000").isoformat() == "2026-12-02T14:00:00+00:00"
    assert _to_utc("2026-12-02 14:00:00").tzinfo is UTC
    # PostgreSQL's text, in whatever time zone the session has (ISO DateStyle)
    eastern = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    for text in ("2026-12-02 09:00:00-05", "2026-12-02 14:00:00+00",
                 "2026-12-02 19:30:00.000000+05:30"):
        assert _to_utc(text) == eastern and _to_utc(text).tzinfo is UTC
    assert _to_utc("2026-12-02 14:00:00.25+00").microsecond == 250000
    with pytest.raises(TypeError, match="stored timestamp's text"):
        _to_utc(eastern)


def test_postgresql_sends_the_instants_as_text_in_any_session_time_zone(services, staff) -> None:
    """The calendar asks PostgreSQL for its instants as text (parsed once per distinct value
    instead of psycopg parsing every one): the same instants whatever the session's zone."""
    from sqlalchemy import text

    from aurora_desktop.services import session_queries as sq

    if services.ctx.db.backend != "postgresql":
        assert "CAST" not in sq._SQLITE_SQL  # SQLite stores them as text already
        return
    wp = services.clinics.get_by_code("WP")
    roster_days(services, staff.admin, staff.prescriber.staff_id, wp.id, WED, 1)
    booked = services.scheduling.book(staff.front_desk, patient_id=make_patient(services),
                                      clinic_id=wp.id, day=WED, start_time=time(9),
                                      chair_id=wp.chairs[0].id, **RIDE)
    zone = ZoneInfo("America/New_York")
    seen = []
    with services.ctx.db.read_connection() as conn:
        for session_zone in ("UTC", "Asia/Kolkata", "America/Los_Angeles"):
            conn.execute(text(f"SET TIME ZONE '{session_zone}'"))
            raw = sq._fetch(conn, wp.id, *sq.local_day_bounds(zone, WED))
            assert [r[0] for r in raw] == [booked.session_id]
            assert isinstance(raw[0][8], str) and isinstance(raw[0][9], str)
            seen.append((raw[0][8], sq._to_utc(raw[0][8]), sq._to_utc(raw[0][9])))
        conn.execute(text("RESET TIME ZONE"))
    assert len({text_ for text_, _, _ in seen}) == 3  # three texts ...
    with services.ctx.db.read() as session:  # ... of one and the same booking
        orm = session.get(TreatmentSession, booked.session_id)
        assert {(a, b) for _, a, b in seen} == {(orm.scheduled_start, orm.scheduled_end)}
    assert orm.scheduled_start == datetime.combine(WED, time(9), tzinfo=zone)


def test_calendar_reads_give_what_sqlalchemy_gives(services, staff) -> None:
    """The calendar's read runs its statement compiled once and takes the driver's rows (SQLite:
    straight on the driver; PostgreSQL: SQLAlchemy's execution, psycopg's tuples): the same
    rows as SQLAlchemy's execution of the statement, around both DST changes and at the edges
    of the range (local midnight), and the driver's errors raised as SQLAlchemy's."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from aurora_desktop.services import session_queries as sq

    wp = services.clinics.get_by_code("WP")
    roster_days(services, staff.admin, staff.prescriber.staff_id, wp.id, WED, 1)
    zone = ZoneInfo("America/New_York")
    days = [date(2026, 3, 8), date(2026, 11, 1), WED]  # DST starts, ends; an ordinary day
    edges = [time(0), time(23, 59, 59, 999999), time(12)]  # local midnight, just before, noon
    booked = [services.scheduling.book(
        staff.front_desk, patient_id=make_patient(services, f"P{n}", f"Edge{n}"), clinic_id=wp.id,
        day=WED, start_time=time(9 + 3 * (n // 3)), chair_id=wp.chairs[n % 3].id, **RIDE)
        for n in range(len(days) * len(edges))]
    with services.ctx.db.write_once() as session:  # moved to the range's edges
        for booking, (day, at) in zip(booked, [(d, t) for d in days for t in edges], strict=True):
            start = datetime.combine(day, at, tzinfo=zone)
            session.execute(update(TreatmentSession)
                            .where(TreatmentSession.id == booking.session_id)
                            .values(scheduled_start=start, scheduled_end=start + timedelta(hours=2)))
    backend = services.ctx.db.backend
    with services.ctx.db.read_connection() as conn:
        for day in days:
            for count in (1, 2):
                start, end = sq.local_day_bounds(zone, day, count)
                fetched = sq._fetch(conn, wp.id, start, end)
                expected = conn.execute(sq._SESSION_ROWS_BY_BACKEND[backend],
                                        {"clinic_id": wp.id, "start": start, "end": end}).all()
                assert fetched == [tuple(r) for r in expected] and len(fetched) == 3  # (a day each)
                assert all(type(row) is tuple for row in fetched)
        conn.execute(text("CREATE TEMP TABLE patient (x INTEGER)"))  # hides the real one
        try:
            with pytest.raises(DBAPIError):
                sq._fetch(conn, wp.id, *sq.local_day_bounds(zone, WED))
        finally:
            conn.execute(text("DROP TABLE temp.patient" if backend == "sqlite"
                              else "DROP TABLE pg_temp.patient"))
