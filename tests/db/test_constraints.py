"""Database constraints carry the clinical ranges and make double booking impossible."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from aurora_desktop.db.models import (
    MonitoringCheckpoint,
    Patient,
    TreatmentChair,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.domain.enums import Indication, OralAdStrategy, PlanStatus, SessionStatus, Sex
from aurora_desktop.services.container import Services

T0 = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _patient(session, mrn: str = "A1") -> Patient:  # noqa: ANN001
    p = Patient(mrn=mrn, first_name="Ann", last_name="Lee", search_name="ann lee",
                first_name_key="ann", last_name_key="lee", date_of_birth=date(1980, 1, 2),
                sex=Sex.FEMALE, created_at=T0)
    session.add(p)
    session.flush()
    return p


def _session_row(patient_id: int, chair_id: int, start: datetime, **kw) -> TreatmentSession:  # noqa: ANN003
    return TreatmentSession(
        patient_id=patient_id, clinic_id=1, chair_id=chair_id, scheduled_start=start,
        scheduled_end=start + timedelta(minutes=150), local_date=start.date(),
        status=kw.pop("status", SessionStatus.SCHEDULED), created_at=T0, **kw,
    )


def _chairs(session) -> list[int]:  # noqa: ANN001
    return list(session.scalars(select(TreatmentChair.id).where(TreatmentChair.clinic_id == 1)))


def test_spo2_above_100_is_rejected(services: Services) -> None:
    with pytest.raises(IntegrityError), services.ctx.db.write_once() as session:
        p = _patient(session)
        s = _session_row(p.id, _chairs(session)[0], T0)
        session.add(s)
        session.flush()
        session.add(MonitoringCheckpoint(session_id=s.id, spo2=101))
        session.flush()


def test_mdsi_monotherapy_plan_is_rejected(services: Services, staff) -> None:  # noqa: ANN001
    with pytest.raises(IntegrityError), services.ctx.db.write_once() as session:
        p = _patient(session)
        session.add(TreatmentPlan(
            patient_id=p.id, indication=Indication.MDSI, oral_ad_strategy=OralAdStrategy.MONOTHERAPY,
            prescriber_id=staff.prescriber.staff_id, start_date=date(2026, 12, 1),
            target_dose_mg=84, status=PlanStatus.ACTIVE, created_at=T0,
        ))
        session.flush()


def test_dose_outside_56_84_needs_an_override_reason(services: Services) -> None:
    with pytest.raises(IntegrityError), services.ctx.db.write_once() as session:
        p = _patient(session)
        session.add(_session_row(p.id, _chairs(session)[0], T0, dose_mg=112))
        session.flush()


def test_one_active_session_per_patient_per_day(services: Services) -> None:
    db = services.ctx.db
    with db.write_once() as session:
        p = _patient(session)
        chairs = _chairs(session)
        session.add(_session_row(p.id, chairs[0], T0, status=SessionStatus.CANCELLED))
        session.add(_session_row(p.id, chairs[1], T0 + timedelta(hours=4)))
    with pytest.raises(IntegrityError), db.write_once() as session:
        session.add(_session_row(p.id, chairs[2], T0 + timedelta(hours=6)))
        session.flush()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_excludes_overlapping_chair_bookings(services: Services) -> None:
    db = services.ctx.db
    with db.write_once() as session:
        a, b = _patient(session, "A1"), _patient(session, "B2")
        chair = _chairs(session)[0]
        session.add(_session_row(a.id, chair, T0))
    overlap = pytest.raises(IntegrityError, match="ex_treatment_session_chair_overlap")
    with overlap, db.write_once() as session:
        session.add(_session_row(b.id, chair, T0 + timedelta(minutes=60)))
        session.flush()
    with db.write_once() as session:  # back-to-back is fine: ranges are half-open
        session.add(_session_row(b.id, chair, T0 + timedelta(minutes=150)))
