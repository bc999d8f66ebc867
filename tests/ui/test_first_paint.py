"""Start-up work deferred until the first window has painted (the daily backup uses it)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from aurora_desktop.services import backup
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.settings import resolve
from aurora_desktop.startup import open_services, start_daily_backup
from aurora_desktop.ui.first_paint import AfterFirstPaint
from tests.conftest import DEFAULT_NOW


def test_work_runs_once_after_the_first_window_paint(qtbot) -> None:  # noqa: ANN001
    calls = []
    deferred = AfterFirstPaint(QApplication.instance(), lambda: calls.append("ran"), delay_ms=0)
    assert calls == [] and deferred.pending
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: calls == ["ran"])
    window.repaint()
    deferred.run_now_if_pending()  # e.g. at quit: nothing left to run
    assert calls == ["ran"] and not deferred.pending


def test_deferred_daily_backup_runs_when_started(tmp_path: Path) -> None:
    settings = resolve(data_dir=tmp_path, environ={})
    services = open_services(settings, FakeClock(DEFAULT_NOW), defer_backup=True)
    try:
        assert not settings.backup_dir.exists() or not list(settings.backup_dir.iterdir())
        assert not [t for t in threading.enumerate() if t.name == "aurora-daily-backup"]
        worker = start_daily_backup(settings, services)
        assert worker is not None and not worker.daemon
        worker.join(timeout=120)
        assert not worker.is_alive()
    finally:
        services.ctx.db.dispose()
    made = list(settings.backup_dir.glob("*.aurora-backup"))
    assert [p.name for p in made] == ["aurora-2026-12-01.aurora-backup"]
    assert backup.read_manifest(made[0]).backend == "sqlite"
