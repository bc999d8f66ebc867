"""`aurora-desktop --self-test`: prove an installed (or frozen) build works end to end."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from aurora_desktop import __version__


class SelfTestFailed(RuntimeError):
    """One step failed; the message names it."""


def _pdf_step(services: Any, folder: Path) -> str:
    """A real session-log PDF: the demo data's fullest discharged session through the
    services' read model and the reports code (fonts, tables, vitals chart, REMS block)."""
    import re

    from sqlalchemy import func, select

    from aurora_desktop.db.models import MonitoringCheckpoint, TreatmentSession
    from aurora_desktop.domain.enums import SessionStatus
    from aurora_desktop.reports import jobs
    from aurora_desktop.services.actor import Actor

    with services.ctx.db.read() as session:
        session_id = session.scalar(
            select(TreatmentSession.id)
            .join(MonitoringCheckpoint, MonitoringCheckpoint.session_id == TreatmentSession.id)
            .where(TreatmentSession.status == SessionStatus.DISCHARGED)
            .group_by(TreatmentSession.id)
            .order_by(func.count(MonitoringCheckpoint.id).desc(), TreatmentSession.id)
            .limit(1))
    if session_id is None:
        raise SelfTestFailed("the demo data has no discharged session to print")
    actor = Actor.command_line()
    record = services.reports.session_record(actor, session_id)
    job = jobs.session_log_job_for(record, services.ctx.clock.now(), actor)
    data = job.build()
    (folder / job.filename).write_bytes(data)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-64:] or pages < 1:
        raise SelfTestFailed("the session log written is not a PDF")
    if not record.checkpoints or not record.devices or not record.pmf:
        raise SelfTestFailed("the session record is missing checkpoints, devices or REMS data")
    return (f"session log, {pages} pages, {len(record.checkpoints)} checkpoints, "
            f"{len(data) // 1024} KB")


def _window_step(services: Any, settings: Any) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from aurora_desktop.app import create_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    qsettings = QSettings(str(settings.data_dir / "ui.ini"), QSettings.Format.IniFormat)
    window = create_main_window(services, settings, None, qsettings)
    window.show()
    app.processEvents()
    shown = window.isVisible() and window.clinic_combo.count() == 2
    window.close()
    app.processEvents()
    if not shown:
        raise SelfTestFailed("the main window did not show both clinics")
    return f"{app.platformName()} platform"


def run(out: IO[str] | None = None) -> int:
    """Run every step in a fresh temporary data folder; 0 when all pass."""
    out = out or sys.stdout
    from aurora_desktop import settings as settings_module
    from aurora_desktop.services import backup
    from aurora_desktop.startup import open_services

    print(f"aurora-desktop {__version__} self-test", file=out)
    with tempfile.TemporaryDirectory(prefix="aurora-self-test-") as tmp:
        folder = Path(tmp)
        resolved = settings_module.resolve(data_dir=folder / "data", environ={})
        state: dict[str, Any] = {}

        def open_db() -> str:
            state["services"] = open_services(resolved)
            return resolved.describe_backend()

        def data() -> str:
            clinics = state["services"].clinics.list_clinics()
            if [c.code for c in clinics] != ["WP", "BK"]:
                raise SelfTestFailed(f"expected clinics WP and BK, found {[c.code for c in clinics]}")
            return f"{len(clinics)} clinics, {sum(len(c.chairs) for c in clinics)} chairs"

        def demo() -> str:
            from aurora_desktop.demo_data import build_demo_data
            from aurora_desktop.services.actor import Actor

            services = state["services"]
            report = build_demo_data(services.ctx.db, Actor.command_line(), services.ctx.clock.now(),
                                     "small", seed=1)
            return (f"{report.total('patient')} patients, {report.total('treatment_session')} sessions "
                    f"in {report.seconds:.1f} s")

        def integrity() -> str:
            report = backup.check_database(state["services"].ctx.db)
            if not report.ok:
                raise SelfTestFailed("; ".join(report.lines()))
            return "integrity, foreign keys, audit chain ok"

        def backup_restore() -> str:
            file = folder / "self-test.aurora-backup"
            manifest = backup.backup_database(state["services"].ctx.db, file,
                                              state["services"].ctx.clock.now())
            restored = backup.restore_backup(file, f"sqlite:///{folder / 'restored.db'}")
            return f"{restored.rows} rows in {len(manifest.tables)} tables round-tripped"

        steps: list[tuple[str, Callable[[], str]]] = [
            ("open database and migrate", open_db),
            ("first-run data", data),
            ("demo data (small)", demo),
            ("integrity check", integrity),
            ("backup and restore", backup_restore),
            ("PDF", lambda: _pdf_step(state["services"], folder)),
            ("main window", lambda: _window_step(state["services"], resolved)),
        ]
        try:
            for name, step in steps:
                started = time.perf_counter()
                try:
                    detail = step()
                except Exception as exc:  # noqa: BLE001 - the step's name is the report
                    print(f"self-test FAILED at step '{name}': {type(exc).__name__}: {exc}", file=out)
                    return 1
                ms = (time.perf_counter() - started) * 1000
                print(f"  ok  {name}: {detail} ({ms:.0f} ms)", file=out)
        finally:
            if "services" in state:
                state["services"].ctx.db.dispose()
    print("self-test passed", file=out)
    return 0
