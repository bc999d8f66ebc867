"""Search-as-you-type over patients: name parts, MRN, date of birth or phone digits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import Patient, RemsPatientEnrollment
from aurora_desktop.domain.enums import EnrollmentStatus
from aurora_desktop.domain.text import digits, fold
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class PatientHit:
    id: int
    mrn: str
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    rems_enrolled: bool

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


def parse_date_query(text: str) -> date | None:
    for pattern, order in ((_US_DATE, "mdy"), (_ISO_DATE, "ymd")):
        m = pattern.match(text.strip())
        if m:
            a, b, c = (int(g) for g in m.groups())
            y, mo, d = (c, a, b) if order == "mdy" else (a, b, c)
            try:
                return date(y, mo, d)
            except ValueError:
                return None
    return None


# A pasted page of text must not become thousands of LIKE terms (SQLite refuses such a
# statement): only the start of the query and its first few distinct words are used.
MAX_QUERY_CHARS = 120
MAX_NAME_TERMS = 6


def search_patients(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[PatientHit]:
    text = query.strip()[:MAX_QUERY_CHARS].strip()
    if not text:
        return []
    stmt = select(Patient).where(Patient.active.is_(True))
    as_date = parse_date_query(text)
    if as_date is not None:
        stmt = stmt.where(Patient.date_of_birth == as_date)
    elif text.upper().startswith("MRN") or (text.isalnum() and any(c.isdigit() for c in text)
                                              and not text.isdigit()):
        stmt = stmt.where(Patient.mrn.like(f"{text.upper().removeprefix('MRN').strip()}%"))
    elif len(digits(text)) >= 4 and len(digits(text)) >= len(text.replace(" ", "")) - 4:
        d = digits(text)
        stmt = stmt.where(or_(Patient.phone_digits.like(f"%{d}%"), Patient.mrn.like(f"%{d}%")))
    else:
        tokens = list(dict.fromkeys(fold(text).split()))[:MAX_NAME_TERMS]
        stmt = stmt.where(and_(*(Patient.search_name.like(f"%{t}%") for t in tokens)))
    stmt = stmt.order_by(Patient.last_name_key, Patient.first_name_key, Patient.id).limit(limit)
    patients = session.scalars(stmt).all()
    if not patients:
        return []
    enrolled = set(session.scalars(
        select(RemsPatientEnrollment.patient_id)
        .where(RemsPatientEnrollment.patient_id.in_([p.id for p in patients]))
        .where(RemsPatientEnrollment.status == EnrollmentStatus.ACTIVE)
    ))
    return [
        PatientHit(p.id, p.mrn, p.first_name, p.last_name, p.date_of_birth, p.phone,
                   p.id in enrolled)
        for p in patients
    ]


class PatientSearchService(BaseService):
    @requires(Op.VIEW_PATIENTS)
    def search(self, actor: Actor, query: str, limit: int = DEFAULT_LIMIT) -> list[PatientHit]:
        with self.db.read() as session:
            return search_patients(session, query, limit)


