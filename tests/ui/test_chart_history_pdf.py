"""The chart's "Treatment history PDF…" button: the open patient's history, saved and audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.domain.enums import Scale
from aurora_desktop.services.container import Services
from aurora_desktop.ui.patients.chart.chart_view import ChartView
from tests.support.patients_ui import documented_patient, make_ui, save_screen
from tests.support.staff import StaffSet


def test_chart_saves_the_patients_treatment_history(qtbot, sqlite_services: Services,
                                                    sqlite_staff: StaffSet, tmp_path: Path) -> None:
    doc = sqlite_staff.prescriber
    p = documented_patient(sqlite_services, doc, sqlite_staff.nurse)
    sqlite_services.patients.record_outcome(doc, p.id, Scale.PHQ9, [3, 3, 3, 3, 3, 3, 2, 1, 0],
                                            date(2026, 11, 2))
    sqlite_services.patients.record_outcome(doc, p.id, Scale.PHQ9, [1, 1, 1, 1, 0, 0, 0, 0, 0],
                                            date(2026, 11, 9))
    target = tmp_path / "history.pdf"
    ui = make_ui(sqlite_services, doc, tmp_path)
    ui.dialogs.save_file = lambda parent, title, suggested, filter_: str(target)
    view = ChartView(ui)
    qtbot.addWidget(view)
    view.resize(1150, 720)
    assert view.history_pdf("save") is None  # nothing open yet: nothing happens
    assert view.open(p.id)
    entries = {a.text(): a for a in view.pdf_menu.actions()}
    assert list(entries) == ["Preview…", "Print…", "Save PDF…"]
    save_screen(view, "15-chart-history-pdf-button.png")

    entries["Save PDF…"].trigger()
    text = " ".join(" ".join(pg.extract_text() for pg in PdfReader(str(target)).pages).split())
    assert "Patient: O’Brien, Zoë MRN WP-000123" in text
    assert "11/02/2026 PHQ-9 21 severe baseline — No" in text
    assert "11/09/2026 PHQ-9 4 minimal -17 Yes Yes" in text
    assert "Depression scores" in text and "Page 2 of 2" in text
    assert ui.dialogs.errors == []
    with sqlite_services.ctx.db.read() as session:
        actions = session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "patient", AuditEvent.entity_id == str(p.id))).all()
    assert actions[-1] == "export"
