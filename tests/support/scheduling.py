"""Scheduling test helpers: patients straight in the database, and prescriber shifts."""

from __future__ import annotations

from datetime import date, time, timedelta

from aurora_desktop.db.models import Patient, RemsPatientEnrollment
from aurora_desktop.domain.enums import EnrollmentStatus
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from tests.support.patient_rows import patient_row


def make_patient(services: Services, first: str = "Maria", last: str = "Lopez", *,
                 enrolled: bool = True, phone: str = "(914) 555-0123", mrn: str | None = None
                 ) -> int:
    return make_patients(services, [(first, last)], enrolled=enrolled, phone=phone, mrn=mrn)[0]


def make_patients(services: Services, names: list[tuple[str, str]], *, enrolled: bool = True,
                  phone: str = "(914) 555-0123", mrn: str | None = None) -> list[int]:
    """Patients (REMS-enrolled unless told otherwise) in one unit of work; returns ids."""
    now = services.ctx.clock.now()

    def work(session) -> list[int]:  # noqa: ANN001
        count = session.query(Patient).count()
        return [one(session, count + i, first, last) for i, (first, last) in enumerate(names)]

    def one(session, count: int, first: str, last: str) -> int:  # noqa: ANN001
        patient = patient_row(mrn=mrn or f"MRN{count + 1:06d}", first=first, last=last,
                              now=now, phone=phone)
        session.add(patient)
        session.flush()
        if enrolled:
            session.add(RemsPatientEnrollment(
                patient_id=patient.id, rems_patient_id=f"REMS{patient.id:06d}",
                enrolled_on=date(2026, 1, 5), status=EnrollmentStatus.ACTIVE, recorded_at=now))
        return patient.id

    return services.ctx.db.write(work)


def roster_days(services: Services, admin: Actor, prescriber_id: int, clinic_id: int,
                first: date, days: int, start: time = time(7), end: time = time(19)) -> None:
    """Daily on-site shifts, written in one unit of work (the roster service is tested apart)."""
    from zoneinfo import ZoneInfo

    from aurora_desktop.db.models import StaffShift
    from aurora_desktop.domain.booking_rules import local_to_utc

    zone = ZoneInfo("America/New_York")

    def work(session) -> None:  # noqa: ANN001
        for offset in range(days):
            day = first + timedelta(days=offset)
            session.add(StaffShift(staff_id=prescriber_id, clinic_id=clinic_id,
                                   starts_at=local_to_utc(day, start, zone),
                                   ends_at=local_to_utc(day, end, zone), note=admin.username))

    services.ctx.db.write(work)


def make_prescriber(services: Services, username: str = "bklein",
                    full_name: str = "Dr. Bea Klein") -> int:
    from aurora_desktop.db.models import StaffMember

    now = services.ctx.clock.now()

    def work(session) -> int:  # noqa: ANN001
        member = StaffMember(username=username, full_name=full_name, credentials="MD",
                             roles=["prescriber"], npi="1245319599", must_change_password=False,
                             created_at=now)
        session.add(member)
        session.flush()
        return member.id

    return services.ctx.db.write(work)


def make_plan(services: Services, patient_id: int, prescriber_id: int, start: date,
              indication: str = "trd") -> int:
    from aurora_desktop.db.models import TreatmentPlan
    from aurora_desktop.domain.enums import Indication, OralAdStrategy, PlanStatus

    def work(session) -> int:  # noqa: ANN001
        plan = TreatmentPlan(patient_id=patient_id, indication=Indication(indication),
                             oral_ad_strategy=OralAdStrategy.ADJUNCTIVE,
                             prescriber_id=prescriber_id, start_date=start, target_dose_mg=56,
                             status=PlanStatus.ACTIVE, created_at=services.ctx.clock.now())
        session.add(plan)
        session.flush()
        return plan.id

    return services.ctx.db.write(work)
