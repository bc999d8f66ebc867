"""Patient rows for test data, with the search keys derived exactly as the patient service does."""

from __future__ import annotations

from datetime import date, datetime

from aurora_desktop.db.models import Patient
from aurora_desktop.domain.enums import Sex
from aurora_desktop.domain.patient_validation import Demographics


def patient_row(*, mrn: str, first: str, last: str, now: datetime,
                date_of_birth: date = date(1980, 5, 17), sex: Sex = Sex.FEMALE,
                phone: str = "", home_clinic_id: int | None = None) -> Patient:
    """An unsaved Patient; search_name / name keys / phone digits from ``Demographics``."""
    keys = Demographics(mrn, first, "", last, date_of_birth, phone, "", "")
    return Patient(
        mrn=mrn, first_name=first, last_name=last, search_name=keys.search_name,
        first_name_key=keys.first_name_key, last_name_key=keys.last_name_key,
        date_of_birth=date_of_birth, sex=sex, phone=phone, phone_digits=keys.phone_digits,
        home_clinic_id=home_clinic_id, created_at=now,
    )
