"""Report jobs: load a read model through the services, name the file, build bytes, audit output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aurora_desktop.reports.day_log import (
    build_day_log,
    build_forms_due,
    day_log_filename,
    forms_due_filename,
)
from aurora_desktop.reports.formatting import fmt_datetime
from aurora_desktop.reports.front_desk import (
    build_day_sheet,
    build_reminder_list,
    day_sheet_filename,
    reminder_list_filename,
)
from aurora_desktop.reports.patient_history import build_patient_history, patient_history_filename
from aurora_desktop.reports.session_log import build_session_log, session_log_filename
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from aurora_desktop.services.reports import OutputItem
from aurora_desktop.services.session_record import SessionRecord

DEFAULT_ZONE = "America/New_York"


@dataclass(frozen=True)
class ReportJob:
    """One document: its title and file name, how to build it, and what to audit when it leaves."""

    title: str
    filename: str
    build: Callable[[], bytes]
    audit_items: tuple[OutputItem, ...]


def generated_text(now: datetime, actor: Actor, zone: str = DEFAULT_ZONE) -> str:
    """The footer's "MM/DD/YYYY h:mm AM by Name" in the clinic's zone."""
    return f"{fmt_datetime(now, ZoneInfo(zone))} by {actor.full_name}"


def record_output(services: Services, actor: Actor, action: str, job: ReportJob,
                  target: str = "") -> None:
    """Audit that *job* was exported/printed (a PHI read); *target* is a file name or printer."""
    items = [OutputItem(i.document, i.entity, i.entity_id, i.patient_id, target or i.detail)
             for i in job.audit_items]
    services.reports.record_output(actor, action, items)


def session_log_job_for(record: SessionRecord, now: datetime, actor: Actor) -> ReportJob:
    """A job for an already-loaded record (batch export loads many records at once)."""
    generated = generated_text(now, actor, record.clinic.time_zone)
    return ReportJob(
        f"Session log: {record.patient.display_name}, {record.local_date:%m/%d/%Y}",
        session_log_filename(record), lambda: build_session_log(record, generated),
        (OutputItem("session_log", "treatment_session", record.session_id, record.patient.id),),
    )


def session_log_job(services: Services, actor: Actor, session_id: int) -> ReportJob:
    record = services.reports.session_record(actor, session_id)
    return session_log_job_for(record, services.ctx.clock.now(), actor)


def day_log_job(services: Services, actor: Actor, clinic_id: int, day: date) -> ReportJob:
    log = services.reports.day_log(actor, clinic_id, day)
    generated = generated_text(services.ctx.clock.now(), actor, log.clinic.time_zone)
    return ReportJob(f"Day log: {log.clinic.name}, {day:%m/%d/%Y}", day_log_filename(log),
                     lambda: build_day_log(log, generated),
                     (OutputItem("day_log", "clinic", clinic_id, None, day.isoformat()),))


def patient_history_job(services: Services, actor: Actor, patient_id: int | None = None,
                        mrn: str | None = None) -> ReportJob:
    history = (services.reports.patient_history(actor, patient_id) if patient_id is not None
               else services.reports.patient_history_by_mrn(actor, mrn or ""))
    generated = generated_text(services.ctx.clock.now(), actor, history.clinic.time_zone)
    p = history.patient
    return ReportJob(f"Treatment history: {p.display_name}", patient_history_filename(history),
                     lambda: build_patient_history(history, generated),
                     (OutputItem("patient_history", "patient", p.id, p.id),))


def forms_due_job(services: Services, actor: Actor, clinic_id: int, as_of: date) -> ReportJob:
    forms = services.reports.forms_due(actor, clinic_id, as_of)
    generated = generated_text(services.ctx.clock.now(), actor, forms.clinic.time_zone)
    return ReportJob(f"REMS forms due: {forms.clinic.name}", forms_due_filename(forms),
                     lambda: build_forms_due(forms, generated),
                     (OutputItem("rems_forms_due", "clinic", clinic_id, None, as_of.isoformat()),))


def reminder_list_job(services: Services, actor: Actor, clinic_id: int, day: date) -> ReportJob:
    reminders = services.reports.reminder_list(actor, clinic_id, day)
    generated = generated_text(services.ctx.clock.now(), actor, reminders.clinic.time_zone)
    return ReportJob(f"Reminder list: {reminders.clinic.name}, {day:%m/%d/%Y}",
                     reminder_list_filename(reminders),
                     lambda: build_reminder_list(reminders, generated),
                     (OutputItem("reminder_list", "clinic", clinic_id, None, day.isoformat()),))


def day_sheet_job(services: Services, actor: Actor, clinic_id: int, day: date) -> ReportJob:
    sheet = services.reports.day_sheet(actor, clinic_id, day)
    generated = generated_text(services.ctx.clock.now(), actor, sheet.clinic.time_zone)
    return ReportJob(f"Day sheet: {sheet.clinic.name}, {day:%m/%d/%Y}", day_sheet_filename(sheet),
                     lambda: build_day_sheet(sheet, generated),
                     (OutputItem("day_sheet", "clinic", clinic_id, None, day.isoformat()),))
