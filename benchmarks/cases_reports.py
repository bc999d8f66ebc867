"""Report measurements: one session-log PDF, a 500-log batch with the longest event-loop stall."""

from __future__ import annotations

import importlib.util
import io
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from aurora_desktop.db.models import TreatmentSession
from aurora_desktop.domain.enums import SessionStatus
from benchmarks.env import Env
from benchmarks.measure import NotAvailable, Result, sample

BATCH_SIZE = 500


def _reports_available() -> None:
    try:
        found = importlib.util.find_spec("aurora_desktop.reports.session_log")
    except ModuleNotFoundError:
        found = None
    if found is None:
        raise NotAvailable("session-log PDFs are not on main yet")


def _discharged(env: Env, limit: int, clinic_id: int | None = None) -> list[int]:
    """The most recent discharged sessions before today (full records: checkpoints, devices)."""
    with env.db.read() as s:
        stmt = (select(TreatmentSession.id)
                .where(TreatmentSession.status == SessionStatus.DISCHARGED,
                       TreatmentSession.local_date < env.today)
                .order_by(TreatmentSession.scheduled_start.desc()).limit(limit))
        if clinic_id is not None:
            stmt = stmt.where(TreatmentSession.clinic_id == clinic_id)
        return list(s.scalars(stmt))


def _bare_pdf() -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=letter).build(
        [Paragraph("Bare one-page document", getSampleStyleSheet()["Normal"])])
    return buf.getvalue()


def session_log_pdf(env: Env) -> Result:
    """Load one session's record through the service and build its PDF (what Export does)."""
    _reports_available()
    from aurora_desktop.reports.jobs import session_log_job

    result = Result("one session-log PDF", 150)
    ids = _discharged(env, 8)
    if not ids:
        raise NotAvailable("no discharged session in the data set")
    actor = env.actors["nurse"]
    counter = iter(range(10**6))

    def once() -> int:
        job = session_log_job(env.services, actor, ids[next(counter) % len(ids)])
        return len(job.build())

    size = once()
    result.samples_ms = sample(once, env.runs, env.warmup)
    result.floor_ms = statistics.median(sample(_bare_pdf, env.runs, env.warmup))
    result.note = (f"record load + build, {size // 1024} KB; "
                   "floor: a bare one-page reportlab document")
    return result


def batch_export(env: Env) -> list[Result]:
    """The Reports page's batch export (worker thread) of 500 session logs + their day logs.

    A 5 ms timer on the GUI thread records the longest gap between its ticks while the batch
    runs: that is the longest the event loop stalled.
    """
    _reports_available()
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QThreadPool, QTimer

    from aurora_desktop.services.reports import BatchItem
    from aurora_desktop.ui.reports.batch_export import BatchExportTask, BatchPlan
    from benchmarks.cases_gui import qt_app

    app = qt_app()
    size = BATCH_SIZE if env.size != "small" else 20
    clinic_id = env.clinic_ids[0]
    actor = env.actors["admin"] if "admin" in env.actors else env.actors["nurse"]
    ids = set(_discharged(env, size, clinic_id))
    if len(ids) < size:
        raise NotAvailable(f"only {len(ids)} discharged sessions in the data set")
    with env.db.read() as s:
        rows = s.execute(select(TreatmentSession.id, TreatmentSession.local_date)
                         .where(TreatmentSession.id.in_(ids))).all()
    mrn = "bench"
    items = tuple(BatchItem(sid, day, mrn) for sid, day in sorted(rows, key=lambda r: r[1]))
    total = Result("batch export of 500 session logs", 60000)
    stall = Result("longest event-loop stall during the batch", 100)
    with tempfile.TemporaryDirectory() as tmp:
        plan = BatchPlan(clinic_id, items[0].local_date, items[-1].local_date, Path(tmp), items)
        task = BatchExportTask(env.services, actor, plan)
        loop = QEventLoop()
        task.signals.finished.connect(loop.quit)
        clock = QElapsedTimer()
        gaps: list[float] = []
        last = [0.0]

        def tick() -> None:
            now = clock.nsecsElapsed() / 1e6
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(tick)
        started = time.perf_counter()
        clock.start()
        timer.start()
        QThreadPool.globalInstance().start(task)
        loop.exec()
        timer.stop()
        elapsed = (time.perf_counter() - started) * 1000
        app.processEvents()
        if task.result.error:
            raise RuntimeError(f"batch export failed: {task.result.error}")
        written = len(task.result.written)
    total.samples_ms = [elapsed]
    stall.samples_ms = [max(gaps, default=0.0)]
    total.note = (f"{len(items)} session logs + {written - len(items)} day logs written in a "
                  "worker thread (one run)")
    stall.note = "longest gap between ticks of a 5 ms GUI-thread timer during the batch"
    return [total, stall]
