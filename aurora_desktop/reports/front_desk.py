"""Front-desk PDFs: tomorrow's reminder call list and the printable day sheet (chairs x times)."""

from __future__ import annotations

import math
from datetime import timedelta
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.reports.base import (
    FONT,
    HEAD_FILL,
    RULE,
    DocInfo,
    build_pdf,
    content_width,
    data_table,
    esc,
    none_recorded,
    section,
    styles,
)
from aurora_desktop.reports.formatting import DASH, fmt_date, fmt_time, label
from aurora_desktop.services.record_parts import ClinicHeader
from aurora_desktop.services.report_models import DaySheet, ReminderList

PRE_VISIT_INSTRUCTIONS = (
    "No food for at least 2 hours before the appointment.",
    "No liquids for at least 30 minutes before the appointment.",
    "Nasal corticosteroid or decongestant sprays at least 1 hour before the appointment.",
    "Bring a driver: no driving or operating machinery until the next day after a restful sleep.",
)
SLOT_MINUTES = 15
STATUS_FILL = {
    SessionStatus.SCHEDULED: colors.HexColor("#E3F2FD"),
    SessionStatus.CHECKED_IN: colors.HexColor("#FFF8E1"),
    SessionStatus.IN_PROGRESS: colors.HexColor("#FCE4EC"),
    SessionStatus.MONITORING: colors.HexColor("#FCE4EC"),
    SessionStatus.DISCHARGED: colors.HexColor("#E8F5E9"),
}


def _info(clinic: ClinicHeader, title: str, subject: str, generated: str) -> DocInfo:
    return DocInfo(title, clinic.name, clinic.address, clinic.phone, clinic.rems_setting_id,
                   subject, generated)


def reminder_list_filename(reminders: ReminderList) -> str:
    return f"reminder-list_{reminders.day.isoformat()}_{reminders.clinic.code}.pdf"


def build_reminder_list(reminders: ReminderList, generated: str) -> bytes:
    """Who to call, with phone, ride plan and the pre-visit instructions to read out."""
    zone = ZoneInfo(reminders.clinic.time_zone)
    width = content_width()
    st = styles()
    items = "<br/>".join(f"•  {esc(text)}" for text in PRE_VISIT_INSTRUCTIONS)
    story: list[Flowable] = section(
        "Pre-visit instructions to read to every patient",
        Paragraph(items, st.note))
    rows = []
    for r in reminders.rows:
        ride = r.ride_driver_name or "NO RIDE PLANNED"
        if r.ride_driver_phone:
            ride += f", {r.ride_driver_phone}"
        ride += " (confirmed)" if r.ride_confirmed else ""
        rows.append((fmt_time(r.local_start, zone), r.patient_name, r.mrn, r.phone or DASH,
                     r.chair_label, ride, f"{r.planned_dose_mg} mg" if r.planned_dose_mg else DASH,
                     "☐ reached\n☐ message"))
    story += section(f"Patients booked on {fmt_date(reminders.day)} ({len(rows)})", data_table(
        ["Time", "Patient", "MRN", "Phone", "Chair", "Ride home", "Dose", "Called"], rows,
        [width * w for w in (0.09, 0.18, 0.11, 0.13, 0.08, 0.2, 0.07, 0.14)],
        empty="no patients booked on this day"))
    subject = f"Reminder calls for {fmt_date(reminders.day)} ({reminders.day:%A})"
    return build_pdf(story, _info(reminders.clinic, "Reminder List", subject, generated))


def day_sheet_filename(sheet: DaySheet) -> str:
    return f"day-sheet_{sheet.day.isoformat()}_{sheet.clinic.code}.pdf"


def build_day_sheet(sheet: DaySheet, generated: str) -> bytes:
    """Chairs across, 15-minute rows down; each session spans the rows of its chair time."""
    page = landscape(letter)
    subject = f"Day sheet for {fmt_date(sheet.day)} ({sheet.day:%A})"
    info = _info(sheet.clinic, "Day Sheet", subject, generated)
    if sheet.opens is None or sheet.closes is None or not sheet.chairs:
        return build_pdf(section("Schedule", none_recorded("clinic closed: no sessions booked")),
                         info, page)
    return build_pdf(_grid(sheet, content_width(page)), info, page)


def _grid(sheet: DaySheet, width: float) -> list[Flowable]:
    zone = ZoneInfo(sheet.clinic.time_zone)
    st = styles()
    opens = sheet.opens.astimezone(zone)
    slots = max(1, math.ceil((sheet.closes - sheet.opens).total_seconds() / 60 / SLOT_MINUTES))
    chair_col = {label_: n + 1 for n, label_ in enumerate(sheet.chairs)}
    data: list[list] = [[Paragraph("Time", st.head_cell)]
                        + [Paragraph(esc(c), st.head_cell) for c in sheet.chairs]]
    for n in range(slots):
        at = opens + timedelta(minutes=SLOT_MINUTES * n)
        text = fmt_time(at, zone) if at.minute in (0, 30) else f"{at.hour % 12 or 12}:{at:%M}"
        data.append([text] + [""] * len(sheet.chairs))
    commands: list[tuple] = []
    taken: dict[int, int] = {}
    for e in sheet.entries:
        col = chair_col.get(e.chair_label)
        if col is None:
            continue
        start = int((e.local_start - sheet.opens).total_seconds() // 60 // SLOT_MINUTES)
        end = math.ceil((e.local_end - sheet.opens).total_seconds() / 60 / SLOT_MINUTES)
        start = max(start, taken.get(col, 0), 0)
        end = min(max(end, start + 1), slots)
        if start >= slots:
            continue
        taken[col] = end
        text = (f"<b>{esc(e.patient_name)}</b><br/>{esc(e.mrn)}<br/>"
                f"{fmt_time(e.local_start, zone)}–{fmt_time(e.local_end, zone)}<br/>"
                f"{esc(label(e.status))}"
                + (f" · {e.planned_dose_mg} mg" if e.planned_dose_mg else ""))
        data[start + 1][col] = Paragraph(text, st.cell)
        fill = STATUS_FILL.get(e.status, colors.white)
        commands += [("SPAN", (col, start + 1), (col, end)),
                     ("BACKGROUND", (col, start + 1), (col, end), fill),
                     ("BOX", (col, start + 1), (col, end), 0.8, colors.HexColor("#52606D"))]
    time_w = 0.085 * width
    chair_w = (width - time_w) / len(sheet.chairs)
    table = Table(data, colWidths=[time_w] + [chair_w] * len(sheet.chairs),
                  rowHeights=[14] + [10.5] * slots, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 1), (0, -1), FONT), ("FONTSIZE", (0, 1), (0, -1), 6.5),
        ("TEXTCOLOR", (0, 1), (0, -1), colors.HexColor("#52606D")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#D9DEE4")),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
    ] + commands))
    return [table]
