"""REMS Patient Monitoring Form tracker: due/overdue/submitted per clinic, submission, PMF data CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import (
    Clinic,
    Patient,
    RemsMonitoringForm,
    StaffMember,
    TreatmentSession,
)
from aurora_desktop.domain.enums import FormStatus
from aurora_desktop.domain.errors import FieldError, NotFound
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_trail import changes
from aurora_desktop.services.context import BaseService, check_version
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day._common import clean_text, load_session
from aurora_desktop.services.session_record import load_session_records


def pmf_fields(session: Session, ts: TreatmentSession) -> list[tuple[str, str]]:
    """The PMF label/value pairs of one session: the same builder as the session log PDF and
    the batch exports (``services.session_record``), so every path shows the same fields."""
    return list(load_session_records(session, [ts.id])[ts.id].pmf)


@dataclass(frozen=True)
class FormRow:
    id: int
    session_id: int
    patient_id: int
    patient_name: str
    treatment_date: date
    due_on: date
    state: str  # "due", "overdue" or "submitted"
    days_left: int
    submitted_on: date | None
    confirmation: str
    submitted_by: str
    version: int


def form_state(status: FormStatus, due_on: date, today: date) -> str:
    if status == FormStatus.SUBMITTED:
        return "submitted"
    return "overdue" if today > due_on else "due"


class RemsFormService(BaseService):
    def _today(self, clinic: Clinic) -> date:
        return self.now().astimezone(ZoneInfo(clinic.time_zone)).date()

    @requires(Op.TRACK_REMS_FORMS)
    def list_forms(self, actor: Actor, clinic_id: int, *, include_submitted: bool = True) -> list[FormRow]:
        """Every form of the clinic: overdue first, then due by date, then submitted (newest first)."""
        with self.db.read() as session:
            clinic = session.get(Clinic, clinic_id)
            if clinic is None:
                raise NotFound("clinic", clinic_id)
            today = self._today(clinic)
            stmt = (select(RemsMonitoringForm, TreatmentSession.local_date, TreatmentSession.patient_id,
                           Patient.first_name, Patient.last_name, StaffMember.full_name)
                    .join(TreatmentSession, TreatmentSession.id == RemsMonitoringForm.session_id)
                    .join(Patient, Patient.id == TreatmentSession.patient_id)
                    .outerjoin(StaffMember, StaffMember.id == RemsMonitoringForm.submitted_by_id)
                    .where(TreatmentSession.clinic_id == clinic_id))
            if not include_submitted:
                stmt = stmt.where(RemsMonitoringForm.status == FormStatus.DUE)
            rows = [
                FormRow(form.id, form.session_id, patient_id, f"{last}, {first}", local_date, form.due_on,
                        form_state(form.status, form.due_on, today), (form.due_on - today).days,
                        form.submitted_on, form.confirmation or "", submitter or "", form.version)
                for form, local_date, patient_id, first, last, submitter in session.execute(stmt)
            ]
        order = {"overdue": 0, "due": 1}

        def key(row: FormRow) -> tuple[int, int, int]:
            if row.state == "submitted":
                return (2, -(row.submitted_on or row.due_on).toordinal(), row.id)
            return (order[row.state], row.due_on.toordinal(), row.id)

        return sorted(rows, key=key)

    @requires(Op.TRACK_REMS_FORMS)
    def mark_submitted(self, actor: Actor, form_id: int, *, submitted_on: date, confirmation: str,
                       version: int) -> None:
        confirmation = clean_text(confirmation, "confirmation", 80)

        def work(session: Session) -> None:
            form = session.get(RemsMonitoringForm, form_id)
            if form is None:
                raise NotFound("REMS monitoring form", form_id)
            check_version(form.version, version, "REMS monitoring form")
            ts = load_session(session, form.session_id)
            clinic = session.get(Clinic, ts.clinic_id)
            if submitted_on > self._today(clinic):
                raise FieldError("submitted date", "cannot be in the future")
            if submitted_on < ts.local_date:
                raise FieldError("submitted date", f"cannot be before the session ({ts.local_date:%m/%d/%Y})")
            before = {"status": form.status, "submitted_on": form.submitted_on,
                      "confirmation": form.confirmation}
            after = {"status": FormStatus.SUBMITTED, "submitted_on": submitted_on,
                     "confirmation": confirmation}
            if not changes(before, after):
                return  # submitted again with the same date and confirmation: nothing to record
            form.status, form.submitted_on = FormStatus.SUBMITTED, submitted_on
            form.confirmation = confirmation
            form.submitted_by_id, form.recorded_at = actor.staff_id, self.now()
            session.flush()
            self.audit(session, actor, "submit_form", "rems_monitoring_form", form.id,
                       patient_id=ts.patient_id, details=changes(before, after))

        self.write(work, "REMS monitoring form")

    @requires(Op.TRACK_REMS_FORMS)
    def pmf_data(self, actor: Actor, session_id: int) -> list[tuple[str, str]]:
        """The PMF fields (reference section 7) for one session, as label/value pairs (audited view)."""

        def work(session: Session) -> list[tuple[str, str]]:
            ts = load_session(session, session_id)
            fields = pmf_fields(session, ts)
            self.audit(session, actor, "view_pmf", "treatment_session", ts.id, patient_id=ts.patient_id)
            return fields

        return self.write(work, "session")

    @requires(Op.EXPORT_REPORTS)
    def export_pmf_csv(self, actor: Actor, session_id: int, path: Path | None = None) -> str:
        """The PMF data as CSV (field,value); written to *path* when given. Audited as an export."""

        def work(session: Session) -> str:
            ts = load_session(session, session_id)
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(["field", "value"])
            writer.writerows(pmf_fields(session, ts))
            self.audit(session, actor, "export_pmf_csv", "treatment_session", ts.id,
                       patient_id=ts.patient_id, details={"file": path.name if path else None})
            return buffer.getvalue()

        text = self.write(work, "session")
        if path is not None:
            path.write_text(text, encoding="utf-8", newline="")
        return text


__all__ = ["FormRow", "RemsFormService"]
