"""Report read models for export and printing, with the audit of every PHI document output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import Clinic, Patient
from aurora_desktop.domain.errors import FieldError, NotFound
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.report_models import (
    DayLog,
    DaySheet,
    FormsDueList,
    PatientHistory,
    ReminderList,
    load_day_log,
    load_day_sheet,
    load_forms_due,
    load_patient_history,
    load_reminder_list,
    session_ids_in_range,
)
from aurora_desktop.services.session_record import SessionRecord, load_session_records

OUTPUT_ACTIONS = ("export", "print", "preview")
MAX_RANGE_DAYS = 366


@dataclass(frozen=True)
class OutputItem:
    """One document that left the application: what, about whom."""

    document: str  # e.g. "session_log", "day_log"
    entity: str  # audited entity, e.g. "treatment_session", "clinic", "patient"
    entity_id: object
    patient_id: int | None = None
    detail: str = ""  # file name or printer; never PHI


@dataclass(frozen=True)
class BatchItem:
    session_id: int
    local_date: date
    mrn: str


class ReportService(BaseService):
    @requires(Op.EXPORT_REPORTS)
    def session_record(self, actor: Actor, session_id: int) -> SessionRecord:
        with self.db.read() as session:
            records = load_session_records(session, [session_id])
        if session_id not in records:
            raise NotFound("session", session_id)
        return records[session_id]

    @requires(Op.EXPORT_REPORTS)
    def session_records(self, actor: Actor, session_ids: Sequence[int]) -> list[SessionRecord]:
        """Several complete records in one read (batch export), in the order asked."""
        with self.db.read() as session:
            records = load_session_records(session, session_ids)
        missing = [i for i in session_ids if i not in records]
        if missing:
            raise NotFound("session", ", ".join(map(str, missing)))
        return [records[i] for i in session_ids]

    @requires(Op.EXPORT_REPORTS)
    def day_log(self, actor: Actor, clinic_id: int, day: date) -> DayLog:
        with self.db.read() as session:
            return load_day_log(session, self._clinic(session, clinic_id), day)

    @requires(Op.EXPORT_REPORTS)
    def patient_history(self, actor: Actor, patient_id: int) -> PatientHistory:
        with self.db.read() as session:
            patient = session.get(Patient, patient_id)
            if patient is None:
                raise NotFound("patient", patient_id)
            return load_patient_history(session, patient)

    @requires(Op.EXPORT_REPORTS)
    def patient_history_by_mrn(self, actor: Actor, mrn: str) -> PatientHistory:
        with self.db.read() as session:
            patient = session.scalars(select(Patient).where(Patient.mrn == mrn.strip())).first()
            if patient is None:
                raise NotFound("patient with MRN", f"'{mrn.strip()}'")
            return load_patient_history(session, patient)

    @requires(Op.EXPORT_REPORTS)
    def forms_due(self, actor: Actor, clinic_id: int, as_of: date) -> FormsDueList:
        with self.db.read() as session:
            return load_forms_due(session, self._clinic(session, clinic_id), as_of)

    @requires(Op.EXPORT_REPORTS)
    def reminder_list(self, actor: Actor, clinic_id: int, day: date) -> ReminderList:
        with self.db.read() as session:
            return load_reminder_list(session, self._clinic(session, clinic_id), day)

    @requires(Op.EXPORT_REPORTS)
    def day_sheet(self, actor: Actor, clinic_id: int, day: date) -> DaySheet:
        with self.db.read() as session:
            return load_day_sheet(session, self._clinic(session, clinic_id), day)

    @requires(Op.EXPORT_REPORTS)
    def batch_items(self, actor: Actor, clinic_id: int, first_day: date,
                    last_day: date) -> list[BatchItem]:
        """The sessions a batch export covers (cancelled and no-show sessions excluded)."""
        if last_day < first_day:
            raise FieldError("date range", "the last day must be on or after the first day")
        if (last_day - first_day).days >= MAX_RANGE_DAYS:
            raise FieldError("date range", f"at most {MAX_RANGE_DAYS} days at a time")
        with self.db.read() as session:
            rows = session_ids_in_range(session, self._clinic(session, clinic_id), first_day,
                                        last_day)
        return [BatchItem(sid, day, mrn) for sid, day, mrn in rows]

    @requires(Op.EXPORT_REPORTS)
    def record_output(self, actor: Actor, action: str, items: Sequence[OutputItem]) -> int:
        """Audit documents exported/printed/previewed (a PHI read), all in one unit of work."""
        if action not in OUTPUT_ACTIONS:
            raise FieldError("action", f"must be one of {', '.join(OUTPUT_ACTIONS)}")
        if not items:
            return 0

        def work(session: Session) -> int:
            for item in items:
                details = {"document": item.document}
                if item.detail:
                    details["target"] = item.detail
                self.audit(session, actor, action, item.entity, item.entity_id,
                           patient_id=item.patient_id, details=details)
            return len(items)

        return self.write(work, "audit trail")

    @staticmethod
    def _clinic(session: Session, clinic_id: int) -> Clinic:
        clinic = session.get(Clinic, clinic_id)
        if clinic is None:
            raise NotFound("clinic", clinic_id)
        return clinic
