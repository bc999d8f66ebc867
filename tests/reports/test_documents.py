"""Day log, patient history, REMS forms due, reminder list and day sheet PDFs show their data."""

from __future__ import annotations

from datetime import date

from aurora_desktop.reports import jobs
from aurora_desktop.services.container import Services
from tests.reports.test_session_log import pdf_text
from tests.support.session_data import SESSION_DAY, build_session
from tests.support.staff import StaffSet


def _flat(data: bytes) -> tuple[int, str]:
    pages, text = pdf_text(data)
    return len(pages), " ".join(text.split())


def test_front_desk_and_clinic_documents(sqlite_services: Services, sqlite_staff: StaffSet) -> None:
    svc, nurse = sqlite_services, sqlite_staff.nurse
    first = build_session(svc, sqlite_staff)
    second = build_session(svc, sqlite_staff, first="Mary-Kate", last="O’Brien", mrn="MRN-200001",
                           chair_index=1, devices=2)
    build_session(svc, sqlite_staff, patient_id=first.patient_id, day_offset=3)
    wp = svc.clinics.get_by_code("WP").id

    job = jobs.day_log_job(svc, nurse, wp, SESSION_DAY)
    pages, text = _flat(job.build())
    assert job.filename == "day-log_2026-11-30_WP.pdf"
    for value in ["Ğüneş-Łukasz Ψάρρα, Zoë", "O’Brien, Mary-Kate", "MRN-100234", "MRN-200001",
                  "LOT-A1234", "LOT-B5678", "LOT-C9012", "84 mg", "56 mg", "11:17 AM",
                  "Sessions booked 2", "Devices used (28 mg each) 5", "Page 1 of 1"]:
        assert value in text, value

    _, text = _flat(jobs.patient_history_job(svc, nurse, mrn="MRN-100234").build())
    for value in ["Treatment History", "Sertraline", "Adjunctive", "Induction #1", "Induction #2",
                  "alert: BP high", "adverse event: Nausea", "PHQ-9", "MADRS", "21", "34",
                  "11/02/2026", "Depression scores"]:
        assert value in text, value
    assert second.mrn not in text

    _, text = _flat(jobs.forms_due_job(svc, nurse, wp, date(2026, 12, 9)).build())
    assert "2 overdue and 1 due" in text and "OVERDUE 2 days" in text and "12/10/2026" in text

    _, text = _flat(jobs.reminder_list_job(svc, sqlite_staff.front_desk, wp, SESSION_DAY).build())
    for value in ["No food for at least 2 hours", "No liquids for at least 30 minutes",
                  "at least 1 hour", "Bring a driver", "(914) 555-0123", "Sam O’Neil", "8:30 AM"]:
        assert value in text, value

    pages, text = _flat(jobs.day_sheet_job(svc, sqlite_staff.front_desk, wp, SESSION_DAY).build())
    assert pages == 1 and "Chair 8" in text and "O’Brien, Mary-Kate" in text
    assert "8:30 AM–11:30 AM" in text
    _, text = _flat(jobs.day_sheet_job(svc, sqlite_staff.front_desk, wp, date(2026, 12, 6)).build())
    assert "clinic closed" in text
