"""The session log PDF prints every recorded value, any name, page X of Y, same bytes twice."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlalchemy import event

from aurora_desktop.reports.session_log import build_session_log, session_log_filename
from aurora_desktop.services.container import Services
from aurora_desktop.services.session_record import load_session_records
from tests.support.session_data import build_session
from tests.support.staff import StaffSet

GENERATED = "12/01/2026 9:00 AM by Nina Nurse, RN"


def pdf_text(data: bytes) -> tuple[list[str], str]:
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    return pages, "\n".join(pages)


def test_session_log_contains_every_recorded_value(services: Services, staff: StaffSet) -> None:
    built = build_session(services, staff, checkpoints=8, devices=3)
    record = services.reports.session_record(staff.nurse, built.session_id)
    assert len(record.checkpoints) == 8 and len(record.devices) == 3
    pages, text = pdf_text(build_session_log(record, GENERATED))
    flat = " ".join(text.split())
    for bp in built.bps:  # every BP reading, not only the first
        assert bp in flat, bp
    for lot in built.lots:
        assert text.count(lot) >= 2, lot  # device table and lot summary / REMS block
    for note in built.notes:
        assert note in flat, note
    for value in ["Zoë", "Ğüneş-Łukasz", "MRN-100234", "04/09/1981", "REMS-P-778899",
                  "HCS-NY-WP-0001", "125 Mamaroneck Avenue", "Chair 1", "Dr. Paul Prescott, MD",
                  "Nina Nurse, RN", "Sam O’Neil", "(914) 555-0188", "Sertraline 100 mg",
                  "144/88", "Benefit outweighs transient BP rise", "84 mg (3 devices)",
                  "Induction (weeks 1-4)", "Prescriber notified; recheck in 20 minutes",
                  "Mild nausea at +60", "Clinically stable and ready to leave", "137",
                  "Recorded and reviewed", "Co-signed", "corrected note", "Typo fixed",
                  "BP at ~40 minutes", "152/94 mmHg", "131/83 mmHg", "Due; due 12/07/2026",
                  "Mild / CADSS 6", "9:00 AM", "9:05 AM", "9:10 AM", "50458-028-02"]:
        assert value in flat, value
    total = len(pages)
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {total}" in page
        assert "Generated 12/01/2026 9:00 AM by Nina Nurse, RN" in page
        assert "MRN MRN-100234" in " ".join(page.split())  # patient on every page


def test_long_notes_overflow_onto_more_pages_with_repeated_headers(
    sqlite_services: Services, sqlite_staff: StaffSet
) -> None:
    built = build_session(sqlite_services, sqlite_staff, note_words=90)
    record = sqlite_services.reports.session_record(sqlite_staff.nurse, built.session_id)
    pages, text = pdf_text(build_session_log(record, GENERATED))
    assert len(pages) >= 4
    flat = " ".join(text.split())
    for note in built.notes:  # nothing cut off, however long
        assert note in flat
    checkpoint_pages = [p for p in pages if re.search(r"Checkpoint \d observation", p)]
    assert len(checkpoint_pages) >= 2
    assert all("MOAA/S" in p and "Recorded by" in p for p in checkpoint_pages)
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_same_record_gives_the_same_bytes(sqlite_services: Services, sqlite_staff: StaffSet) -> None:
    built = build_session(sqlite_services, sqlite_staff)
    record = sqlite_services.reports.session_record(sqlite_staff.nurse, built.session_id)
    first = build_session_log(record, GENERATED)
    again = sqlite_services.reports.session_record(sqlite_staff.nurse, built.session_id)
    assert build_session_log(again, GENERATED) == first
    assert first.startswith(b"%PDF")
    assert session_log_filename(record) == "session-log_2026-11-30_WP_MRN-MRN-100234_S1.pdf"


def test_records_load_in_a_fixed_number_of_queries(services: Services, staff: StaffSet) -> None:
    one = build_session(services, staff)
    more = [build_session(services, staff, patient_id=one.patient_id, day_offset=d).session_id
            for d in (3, 7)]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = services.ctx.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with services.ctx.db.read() as session:
            load_session_records(session, [one.session_id])  # warm-up: connection set-up
            statements.clear()
            load_session_records(session, [one.session_id])
            single = len(statements)
            statements.clear()
            records = load_session_records(session, [one.session_id, *more])
            several = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert several == single <= 20
    numbers = [records[sid].plan.session_number for sid in [one.session_id, *more]]
    assert numbers == [1, 2, 3]
    assert records[one.session_id].first_treatment and not records[more[0]].first_treatment
