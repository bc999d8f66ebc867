"""Reports UI: preview pages, print onto a PDF-file QPrinter, save, batch export with cancel."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.reports import jobs
from aurora_desktop.services.container import Services
from aurora_desktop.settings import resolve
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.reports.report_actions import ReportActions
from aurora_desktop.ui.reports.reports_page import ReportsPage
from aurora_desktop.ui.ui_context import UiContext
from tests.support.session_data import SESSION_DAY, build_session
from tests.support.staff import StaffSet

SCREENS = Path("/work/screens/reports")


class FakeDialogs:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.errors.append(text)

    def info(self, parent, title, text) -> None:  # noqa: ANN001
        self.infos.append(text)

    def confirm(self, parent, title, text) -> bool:  # noqa: ANN001
        return True

    def save_file(self, parent, title, suggested, filter_):  # noqa: ANN001, ANN201
        return None

    def choose_folder(self, parent, title):  # noqa: ANN001, ANN201
        return None


def _ui(services: Services, staff: StaffSet, tmp_path: Path) -> UiContext:
    settings = resolve(database_url=services.ctx.db.url, data_dir=tmp_path)
    return UiContext(services=services, settings=settings, events=EventHub(),
                     dialogs=FakeDialogs(), actor=staff.nurse,
                     clinic_id=services.clinics.get_by_code("WP").id)


def _actions(services: Services) -> list[str]:
    with services.ctx.db.read() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _save_screen(widget, name: str) -> None:  # noqa: ANN001
    if SCREENS.parent.exists():
        SCREENS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SCREENS / name))


def test_preview_print_to_pdf_printer_and_save(qtbot, sqlite_services: Services,
                                               sqlite_staff: StaffSet, tmp_path: Path) -> None:
    built = build_session(sqlite_services, sqlite_staff)
    ui = _ui(sqlite_services, sqlite_staff, tmp_path)
    actions = ReportActions(ui)

    def factory() -> jobs.ReportJob:
        return jobs.session_log_job(sqlite_services, sqlite_staff.nurse, built.session_id)

    expected_pages = len(PdfReader(__import__("io").BytesIO(factory().build())).pages)
    dialog = actions.preview(factory)
    assert dialog is not None, ui.dialogs.errors
    qtbot.addWidget(dialog)
    assert len(dialog.page_labels) == expected_pages
    assert dialog.page_labels[0].pixmap().width() > 600
    dialog.set_zoom(0.75)
    _save_screen(dialog, "preview-dialog.png")
    dialog.close()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert actions.print_job(factory, printer=printer), ui.dialogs.errors
    assert len(PdfReader(str(printed)).pages) == expected_pages

    saved = actions.save(factory, path=str(tmp_path / "saved"))
    assert saved == tmp_path / "saved.pdf" and saved.read_bytes() == factory().build()
    assert _actions(sqlite_services)[-3:] == ["preview", "print", "export"]
    assert actions.save(lambda: jobs.session_log_job(sqlite_services, sqlite_staff.nurse, 9999),
                        path=str(tmp_path / "missing.pdf")) is None
    assert "session 9999 not found" in ui.dialogs.errors[-1]


def test_reports_page_lists_sessions_and_batch_exports_with_cancel(
    qtbot, sqlite_services: Services, sqlite_staff: StaffSet, tmp_path: Path
) -> None:
    first = build_session(sqlite_services, sqlite_staff)
    build_session(sqlite_services, sqlite_staff, first="Mary-Kate", last="O’Brien",
                  mrn="MRN-200001", chair_index=1, devices=2)
    build_session(sqlite_services, sqlite_staff, patient_id=first.patient_id, day_offset=1)
    ui = _ui(sqlite_services, sqlite_staff, tmp_path)
    page = ReportsPage(ui)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.day.setDate(page.day.date().fromString(SESSION_DAY.strftime("%m/%d/%Y"), "MM/dd/yyyy"))
    assert page.choices.topLevelItemCount() == 2 and page.preview_button.isEnabled()
    assert page.choices.topLevelItem(1).text(2) == "O’Brien, Mary-Kate"
    _save_screen(page, "reports-page.png")
    page.select_document("patient_history")
    page.patient_query.setText("zoe")
    assert page.choices.topLevelItemCount() == 1
    page.select_document("day_log")
    assert page.choices.isHidden() and page.save_button.isEnabled()

    page.batch_from.setDate(page.day.date())
    page.batch_to.setDate(page.day.date().addDays(1))
    folder = tmp_path / "batch"
    dialog = page.batch_export(str(folder), confirm=False)
    with qtbot.waitSignal(dialog.done, timeout=120_000) as done:
        pass
    result = done.args[0]
    assert not result.cancelled and result.error is None
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 5  # 3 session logs + 2 day logs
    assert names[0].startswith("day-log_2026-11-30_WP") and not list(folder.glob("*.part"))
    assert _actions(sqlite_services).count("export") == 5

    cancelled = tmp_path / "cancelled"
    dialog = page.batch_export(str(cancelled), confirm=False)
    dialog.task.signals.progress.connect(lambda *_: dialog.task.cancel())
    with qtbot.waitSignal(dialog.done, timeout=120_000) as done:
        pass
    result = done.args[0]
    assert result.cancelled and 1 <= len(result.written) < 5
    files = list(cancelled.iterdir())
    assert len(files) == len(result.written) and not [f for f in files if f.suffix != ".pdf"]
    assert all(PdfReader(str(f)).pages for f in files)  # every file left is complete
    assert any("Cancelled" in text for text in ui.dialogs.infos)
