"""A plausible clinic day for screenshots and UI tests: 8 chairs, staggered starts, all statuses."""

from __future__ import annotations

from datetime import date, time, timedelta

from aurora_desktop.db.models import TreatmentSession
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.container import Services
from tests.support.scheduling import make_patients, make_prescriber, roster_days
from tests.support.staff import StaffSet

NAMES = [
    ("Maria", "Lopez"), ("James", "O'Connor"), ("Aisha", "Rahman"), ("Wei", "Chen"),
    ("Daniel", "Goldberg"), ("Priya", "Venkataraman"), ("Luis", "Hernández"), ("Sarah", "Kim"),
    ("Tomasz", "Wiśniewski"), ("Grace", "Adeyemi"), ("Michael", "Russo"), ("Elena", "Petrova"),
    ("Kevin", "Brown"), ("Fatima", "Al-Sayed"), ("Robert", "Fitzgerald-Nakamura"),
    ("Nora", "Quinn"), ("Samuel", "Osei"), ("Hannah", "Müller"), ("Carlos", "Medina"),
    ("Julia", "Santos"), ("Anthony", "DeLuca"), ("Mei", "Tanaka"), ("Omar", "Haddad"),
    ("Lucy", "Park"),
]
# (chair index, start) — staggered so the nurses are not dosing everyone at once
DAY_PLAN = [(0, time(8)), (1, time(8, 15)), (2, time(8, 30)), (3, time(8, 45)), (4, time(9)),
            (5, time(9, 30)), (6, time(10)), (7, time(10, 30)), (0, time(10, 45)),
            (1, time(11)), (2, time(11, 30)), (3, time(12)), (4, time(12, 30)), (5, time(13)),
            (6, time(13, 15)), (0, time(13, 30)), (1, time(14)), (2, time(14, 30)),
            (3, time(15)), (7, time(14))]


def book_demo_week(services: Services, staff: StaffSet, monday: date) -> list[int]:
    """A Monday-to-Saturday week at WP (day plan each weekday) with statuses set for Monday."""
    wp = services.clinics.get_by_code("WP")
    bk = services.clinics.get_by_code("BK")
    roster_days(services, staff.admin, staff.prescriber.staff_id, wp.id, monday, 6,
                start=time(7, 30), end=time(18, 30))
    roster_days(services, staff.admin, make_prescriber(services), bk.id, monday, 6)
    patients = make_patients(services, NAMES)
    ids: list[int] = []
    fd = staff.front_desk
    for offset in range(5):
        day = monday + timedelta(days=offset)
        plan = DAY_PLAN if offset == 0 else DAY_PLAN[offset:offset + 12]
        for n, (chair, at) in enumerate(plan):
            patient = patients[(n + offset * 5) % len(patients)]
            result = services.scheduling.book(
                fd, patient_id=patient, clinic_id=wp.id, day=day, start_time=at,
                chair_id=wp.chairs[chair].id, planned_dose_mg=56 if n % 3 else 84,
                ride_driver_name="Family driver", ride_driver_phone="(914) 555-0190")
            ids.append(result.session_id)
    statuses = [SessionStatus.DISCHARGED, SessionStatus.MONITORING, SessionStatus.IN_PROGRESS,
                SessionStatus.CHECKED_IN, SessionStatus.CHECKED_IN, SessionStatus.NO_SHOW]

    def work(session) -> None:  # noqa: ANN001
        for sid, status in zip(ids, statuses, strict=False):
            row = session.get(TreatmentSession, sid)
            row.status = status
            if status in (SessionStatus.DISCHARGED, SessionStatus.MONITORING):
                row.dose_mg = row.planned_dose_mg

    services.ctx.db.write(work)
    return ids
