"""The day log PDF (per clinic and date) and the REMS monitoring forms due/overdue list."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import landscape, letter
from reportlab.platypus import Flowable, Paragraph, Spacer

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.reports.base import (
    DocInfo,
    build_pdf,
    content_width,
    data_table,
    esc,
    field_grid,
    section,
    styles,
)
from aurora_desktop.reports.formatting import DASH, fmt_date, fmt_time, fmt_value, label
from aurora_desktop.services.record_parts import ClinicHeader
from aurora_desktop.services.report_models import DayLog, FormsDueList

PAGE = landscape(letter)


def _info(clinic: ClinicHeader, title: str, subject: str, generated: str) -> DocInfo:
    return DocInfo(title, clinic.name, clinic.address, clinic.phone, clinic.rems_setting_id,
                   subject, generated)


def day_log_filename(log: DayLog) -> str:
    return f"day-log_{log.day.isoformat()}_{log.clinic.code}.pdf"


def build_day_log(log: DayLog, generated: str) -> bytes:
    """Every session of the day with times, dose, lots, discharge and status, plus totals."""
    zone = ZoneInfo(log.clinic.time_zone)
    width = content_width(PAGE)
    rows = []
    for r in log.rows:
        dose = f"{r.dose_mg} mg" if r.dose_mg else DASH
        events = []
        if r.alerts:
            events.append(f"{r.alerts} alert{'s' if r.alerts != 1 else ''}")
        if r.adverse_events:
            events.append(f"{r.adverse_events} adverse event{'s' if r.adverse_events != 1 else ''}")
        rows.append((
            f"{fmt_time(r.local_start, zone)} – {fmt_time(r.local_end, zone)}", r.chair_label,
            r.patient_name, r.mrn, label(r.status), dose, ", ".join(r.lots) or DASH,
            fmt_time(r.first_device_at, zone), fmt_time(r.discharged_at, zone),
            fmt_value(r.monitoring_minutes), "; ".join(events) or "none", r.session_id,
        ))
    widths = [0.12, 0.07, 0.16, 0.09, 0.08, 0.05, 0.12, 0.07, 0.08, 0.04, 0.08, 0.04]
    story: list[Flowable] = section(
        f"Sessions on {fmt_date(log.day)}",
        data_table(["Booked", "Chair", "Patient", "MRN", "Status", "Dose", "Lot(s)",
                    "First device", "Discharged", "Min", "Events", "ID"], rows,
                   [width * w for w in widths], empty="no sessions booked on this day"))
    active = [r for r in log.rows if r.status not in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW)]
    doses = [r.dose_mg for r in log.rows if r.dose_mg]
    totals = [
        ("Sessions booked", len(log.rows)), ("Active (not cancelled/no-show)", len(active)),
        ("Discharged", log.count(SessionStatus.DISCHARGED)),
        ("Cancelled", log.count(SessionStatus.CANCELLED)),
        ("No-show", log.count(SessionStatus.NO_SHOW)),
        ("Doses given", len(doses)), ("56 mg doses", doses.count(56)),
        ("84 mg doses", doses.count(84)), ("Other doses", len(doses) - doses.count(56) - doses.count(84)),
        ("Devices used (28 mg each)", log.devices_used),
        ("Alerts", sum(r.alerts for r in log.rows)),
        ("Adverse events", sum(r.adverse_events for r in log.rows)),
    ]
    story += section("Totals", field_grid(totals, width, columns=3))
    story.append(Spacer(1, 4))
    story.append(Paragraph("Times are clinic local time. Min = monitoring minutes from the first "
                           "device to discharge.", styles().small))
    subject = f"Day log for {fmt_date(log.day)}  ({log.day:%A})"
    return build_pdf(story, _info(log.clinic, "Day Log", subject, generated), PAGE)


def forms_due_filename(forms: FormsDueList) -> str:
    return f"rems-forms-due_{forms.as_of.isoformat()}_{forms.clinic.code}.pdf"


def build_forms_due(forms: FormsDueList, generated: str) -> bytes:
    """REMS Patient Monitoring Forms not yet submitted (due within 7 days), overdue first."""
    width = content_width()
    overdue = [r for r in forms.rows if r.overdue]
    due = [r for r in forms.rows if not r.overdue]

    def rows(items: list) -> list[tuple]:
        return [(fmt_date(r.treatment_date), r.patient_name, r.mrn, fmt_date(r.due_on),
                 f"OVERDUE {r.days_overdue} day{'s' if r.days_overdue != 1 else ''}"
                 if r.overdue else f"due in {(r.due_on - forms.as_of).days} day(s)", r.session_id)
                for r in items]

    widths = [width * w for w in (0.14, 0.3, 0.15, 0.13, 0.18, 0.1)]
    header = ["Treatment", "Patient", "MRN", "Due", "Status", "Session"]
    story: list[Flowable] = [Paragraph(
        f"<b>{len(overdue)}</b> overdue and <b>{len(due)}</b> due, as of "
        f"{esc(fmt_date(forms.as_of))}. Each form is due 7 days after the session.",
        styles().body)]
    story += section("Overdue", data_table(header, rows(overdue), widths, empty="none overdue"))
    story += section("Due", data_table(header, rows(due), widths, empty="none due"))
    subject = f"Forms not yet submitted, as of {fmt_date(forms.as_of)}"
    return build_pdf(story, _info(forms.clinic, "REMS Forms Due", subject, generated))
