"""Search-as-you-type over patients: name parts, MRN, date of birth or phone digits."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from datetime import date

from sqlalchemy import Connection, and_, or_, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import Patient, RemsPatientEnrollment
from aurora_desktop.domain.enums import EnrollmentStatus
from aurora_desktop.domain.text import digits, fold
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService, ServiceContext
from aurora_desktop.services.patient_search_index import PatientHit, PatientSearchIndex, Snapshot
from aurora_desktop.services.patient_write_watch import watch_patient_writes
from aurora_desktop.services.permissions import Op, requires

__all__ = ["PatientHit", "PatientSearchService", "parse_date_query", "search_patients"]

_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DEFAULT_LIMIT = 200


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


def _clean(query: str) -> str:
    return query.strip()[:MAX_QUERY_CHARS].strip()


def _is_mrn(text: str) -> bool:
    return text.upper().startswith("MRN") or (text.isalnum() and any(c.isdigit() for c in text)
                                              and not text.isdigit())


def _is_phone(text: str) -> bool:
    return len(digits(text)) >= 4 and len(digits(text)) >= len(text.replace(" ", "")) - 4


def _name_tokens(text: str) -> list[str]:
    return list(dict.fromkeys(fold(text).split()))[:MAX_NAME_TERMS]


def search_patients(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[PatientHit]:
    """The same search straight in SQL (LIKE scans; the service uses the in-memory index)."""
    text = _clean(query)
    if not text:
        return []
    stmt = select(Patient).where(Patient.active.is_(True))
    as_date = parse_date_query(text)
    if as_date is not None:
        stmt = stmt.where(Patient.date_of_birth == as_date)
    elif _is_mrn(text):
        stmt = stmt.where(Patient.mrn.like(f"{text.upper().removeprefix('MRN').strip()}%"))
    elif _is_phone(text):
        d = digits(text)
        stmt = stmt.where(or_(Patient.phone_digits.like(f"%{d}%"), Patient.mrn.like(f"%{d}%")))
    else:
        tokens = _name_tokens(text)
        if not tokens:
            return []
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
    """Search-as-you-type from an in-memory index (`patient_search_index`), fresh per fingerprint."""

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        self.index = PatientSearchIndex()
        # This process committed a patient or enrollment change: re-check before the next search.
        watch_patient_writes(self.db.engine, self.index.mark_dirty)

    def _connect(self) -> AbstractContextManager[Connection]:
        engine = self.db.engine
        if self.db.backend == "postgresql":  # fingerprint and rows from one snapshot
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        return engine.connect()

    @requires(Op.VIEW_PATIENTS)
    def search(self, actor: Actor, query: str, limit: int = DEFAULT_LIMIT) -> list[PatientHit]:
        text = _clean(query)
        if not text or limit <= 0:
            return []
        snap = self.index.current(self._connect)
        if snap is None:  # the index is being rebuilt after a change: search in SQL meanwhile
            with self.db.read() as session:
                return search_patients(session, text, limit)
        return search_snapshot(snap, text, limit)


def search_snapshot(snap: Snapshot, text: str, limit: int) -> list[PatientHit]:
    """The search rules of `search_patients`, answered from an in-memory snapshot."""
    as_date = parse_date_query(text)
    if as_date is not None:
        return snap.born_on(as_date, limit)
    if _is_mrn(text):
        return snap.mrn_prefix(text.upper().removeprefix("MRN").strip(), limit)
    if _is_phone(text):
        return snap.digits(digits(text), limit)
    tokens = _name_tokens(text)
    return snap.names(tokens, limit) if tokens else []
