"""Preview, print and save for any report job: the helper other screens call (session, chart, day)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMenu, QPushButton, QWidget

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.reports.output import write_atomically
from aurora_desktop.ui.reports.printing import print_pdf
from aurora_desktop.ui.reports.rasterize import RenderUnavailable, render_pages
from aurora_desktop.ui.ui_context import UiContext

if TYPE_CHECKING:  # reportlab is imported when a document is first built, not at start-up
    from aurora_desktop.reports.jobs import ReportJob

log = logging.getLogger(__name__)

JobFactory = Callable[[], "ReportJob"]
SESSION_LOG_MENU = "Session log PDF"
PREVIEW_TEXT, PRINT_TEXT, SAVE_TEXT = "Preview…", "Print…", "Save PDF…"


class _Busy:
    """A wait cursor for the few hundred milliseconds a document takes to build."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class ReportActions:
    """Build a report job and preview, print or save it, auditing each output (a PHI read).

    Screens pass a factory (``lambda: jobs.session_log_job(ui.services, ui.require_actor(), 42)``)
    so the data is loaded when the user asks, with the permission check of the service call.
    """

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        self.ui = ui
        self.parent = parent
        self.last_error: str | None = None

    # building ---------------------------------------------------------------------
    def _make(self, factory: JobFactory) -> tuple[ReportJob, bytes] | None:
        try:
            with _Busy():
                job = factory()
                return job, job.build()
        except AuroraError as exc:
            self._error("Report", str(exc))
        except Exception:  # noqa: BLE001 - shown as one message, details in the log
            log.exception("building a report failed")
            self._error("Report", "The document could not be built (see the log).")
        return None

    def _error(self, title: str, text: str) -> None:
        self.last_error = text
        self.ui.dialogs.error(self.parent, title, text)

    def _audit(self, action: str, job: ReportJob, target: str) -> None:
        from aurora_desktop.reports.jobs import record_output

        record_output(self.ui.services, self.ui.require_actor(), action, job, target)

    # other screens' menus --------------------------------------------------------------
    def session_log_factory(self, session_id: int) -> JobFactory:
        """The session log of one session, loaded when asked (EXPORT_REPORTS is checked then)."""
        def factory() -> ReportJob:
            from aurora_desktop.reports.jobs import session_log_job

            return session_log_job(self.ui.services, self.ui.require_actor(), session_id)

        return factory

    def run(self, action: str, factory: Callable[[], JobFactory | None]) -> object:
        """Run "preview", "print_job" or "save" on the job *factory* gives now (None: nothing
        is chosen, nothing happens)."""
        chosen = factory()
        return None if chosen is None else getattr(self, action)(chosen)

    def fill_menu(self, menu: QMenu, factory: Callable[[], JobFactory | None]) -> None:
        """Preview… / Print… / Save PDF… entries; *factory* gives the job factory at click
        time (None: nothing chosen, the entry does nothing)."""
        for text, name in ((PREVIEW_TEXT, "preview"), (PRINT_TEXT, "print_job"),
                           (SAVE_TEXT, "save")):
            menu.addAction(text).triggered.connect(
                lambda _checked=False, name=name: self.run(name, factory))

    def menu_button(self, text: str, name: str, tooltip: str,
                    factory: Callable[[], JobFactory | None], owner: QWidget) -> QPushButton:
        """A "… PDF…" button with the Preview/Print/Save menu (as ``button.menu()``), plus
        Ctrl+Shift+P (preview) and Ctrl+P (print) anywhere inside *owner*."""
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tooltip)
        menu = QMenu(button)
        self.fill_menu(menu, factory)
        button.setMenu(menu)
        for keys, action in (("Ctrl+Shift+P", "preview"), ("Ctrl+P", "print_job")):
            QShortcut(QKeySequence(keys), owner, context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                      activated=lambda action=action: self.run(action, factory))
        return button

    def session_log_menu(self, session_id: int, parent: QWidget | None = None) -> QMenu:
        """A "Session log PDF" submenu for one session (schedule context menu)."""
        menu = QMenu(SESSION_LOG_MENU, parent or self.parent)
        self.fill_menu(menu, lambda: self.session_log_factory(session_id))
        return menu

    # actions ----------------------------------------------------------------------
    def preview(self, factory: JobFactory) -> QDialog | None:
        """Open the preview window (page images) with Print… and Save PDF… buttons."""
        made = self._make(factory)
        if made is None:
            return None
        job, data = made
        try:
            with _Busy():
                images = render_pages(data)
        except (RenderUnavailable, RuntimeError, OSError) as exc:
            self._error("Preview", str(exc))
            return None
        from aurora_desktop.ui.reports.preview_dialog import PreviewDialog

        self._audit("preview", job, "screen")
        dialog = PreviewDialog(job.title, images, parent=self.parent)
        dialog.print_requested.connect(lambda: self.print_bytes(job, data))
        dialog.save_requested.connect(lambda: self.save_bytes(job, data))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_job(self, factory: JobFactory, printer: QPrinter | None = None) -> bool:
        """Print via the Qt print dialog (or straight onto *printer*, e.g. a PDF-file printer)."""
        made = self._make(factory)
        return made is not None and self.print_bytes(*made, printer=printer)

    def print_bytes(self, job: ReportJob, data: bytes, printer: QPrinter | None = None) -> bool:
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self.parent)
            dialog.setWindowTitle(f"Print {job.title}")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        try:
            with _Busy():
                pages = print_pdf(printer, data, job.title)
        except (RenderUnavailable, RuntimeError, OSError) as exc:
            self._error("Print", str(exc))
            return False
        target = printer.outputFileName() and Path(printer.outputFileName()).name
        self._audit("print", job, target or printer.printerName() or "printer")
        self.ui.events.status_message.emit(f"Sent {pages} page(s) to the printer")
        return True

    def save(self, factory: JobFactory, path: str | None = None) -> Path | None:
        """Save the PDF (asks for the file unless *path* is given); atomic write."""
        made = self._make(factory)
        return None if made is None else self.save_bytes(*made, path=path)

    def save_bytes(self, job: ReportJob, data: bytes, path: str | None = None) -> Path | None:
        if path is None:
            path = self.ui.dialogs.save_file(self.parent, f"Save {job.title}", job.filename,
                                             "PDF documents (*.pdf)")
            if not path:
                return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            written = write_atomically(path, data)
        except OSError as exc:
            self._error("Save PDF", f"Cannot write {path}: {exc.strerror or exc}")
            return None
        self._audit("export", job, written.name)
        self.ui.events.status_message.emit(f"Saved {written.name}")
        return written
