"""Batch export of session logs and day logs into a folder, in a worker thread, cancellable."""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.reports.base import register_fonts, styles
from aurora_desktop.reports.jobs import day_log_job, session_log_job_for
from aurora_desktop.reports.output import write_atomically
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from aurora_desktop.services.reports import BatchItem, OutputItem

log = logging.getLogger(__name__)
CHUNK = 20  # records loaded per read (a fixed number of queries each)


@dataclass(frozen=True)
class BatchPlan:
    clinic_id: int
    first_day: date
    last_day: date
    folder: Path
    items: tuple[BatchItem, ...]

    @property
    def days(self) -> list[date]:
        return sorted({item.local_date for item in self.items})

    @property
    def total(self) -> int:
        return len(self.items) + len(self.days)


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    cancelled: bool = False
    error: str | None = None


class BatchSignals(QObject):
    progress = Signal(int, int, str)  # files done, files in total, latest file name
    finished = Signal(object)  # BatchResult


class BatchExportTask(QRunnable):
    """Writes each file to a temporary name and renames it, so a cancel leaves no partial file."""

    def __init__(self, services: Services, actor: Actor, plan: BatchPlan) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.services = services
        self.actor = actor
        self.plan = plan
        self.signals = BatchSignals()
        self._cancel = threading.Event()
        self.result = BatchResult()
        register_fonts()  # once, on the calling (GUI) thread
        styles()
        # A full (generation 2) garbage collection walks every tracked object and, holding the
        # interpreter lock, stalls the GUI thread: with the fonts' glyph tables loaded it took
        # 0.5 s during a batch. Objects alive now (modules, mappers, fonts) stay for the whole
        # session anyway: moving them out of the collector's reach keeps those passes short.
        gc.freeze()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            self._run()
        except AuroraError as exc:
            self.result.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - reported to the user, details in the log
            log.exception("batch export failed")
            self.result.error = f"unexpected {type(exc).__name__} (see the log)"
        self.result.cancelled = self.cancelled
        self.signals.finished.emit(self.result)

    def _write(self, name: str, data: bytes) -> None:
        self.result.written.append(write_atomically(self.plan.folder / name, data))
        self.signals.progress.emit(len(self.result.written), self.plan.total, name)

    def _run(self) -> None:
        plan, reports = self.plan, self.services.reports
        now = self.services.ctx.clock.now()
        ids = [item.session_id for item in plan.items]
        for start in range(0, len(ids), CHUNK):
            if self.cancelled:
                return
            audited: list[OutputItem] = []
            for record in reports.session_records(self.actor, ids[start:start + CHUNK]):
                if self.cancelled:
                    break
                job = session_log_job_for(record, now, self.actor)
                self._write(job.filename, job.build())
                audited += [OutputItem(i.document, i.entity, i.entity_id, i.patient_id,
                                       job.filename) for i in job.audit_items]
            reports.record_output(self.actor, "export", audited)
        for day in plan.days:
            if self.cancelled:
                return
            job = day_log_job(self.services, self.actor, plan.clinic_id, day)
            self._write(job.filename, job.build())
            reports.record_output(self.actor, "export", [
                OutputItem(i.document, i.entity, i.entity_id, i.patient_id, job.filename)
                for i in job.audit_items])


class BatchExportDialog(QProgressDialog):
    """Progress with Cancel; the export runs on the global thread pool, the window stays live."""

    done = Signal(object)  # BatchResult

    def __init__(self, task: BatchExportTask, parent: QWidget | None = None) -> None:
        super().__init__("Preparing…", "Cancel", 0, max(1, task.plan.total), parent)
        self.setWindowTitle("Batch export")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(460)
        self.task = task
        task.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        task.signals.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.canceled.connect(self._on_cancel)

    def start(self, pool: QThreadPool | None = None) -> None:
        self.setValue(0)
        self.show()
        (pool or QThreadPool.globalInstance()).start(self.task)

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.setMaximum(max(1, total))
        self.setValue(done)
        self.setLabelText(f"Exported {done} of {total} files\n{name}")

    def _on_cancel(self) -> None:
        self.task.cancel()
        self.setLabelText("Cancelling after the current file…")

    def _on_finished(self, result: BatchResult) -> None:
        self.hide()
        self.done.emit(result)
