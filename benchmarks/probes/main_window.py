"""Probe run in a fresh process: sign in, open the main window on today's schedule, then the
floor board; prints the timings and the peak resident memory (VmHWM) as JSON.

Before the clock starts it does what the app has done by the time Sign in is pressed: the
database opened by `open_services` and the main window's modules imported (`ui/warm_up.py`).

    python -m benchmarks.probes.main_window DATABASE_URL NOW_ISO USERNAME PASSWORD
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path


def peak_rss_kb() -> int:
    """This process's own peak RSS. Not ru_maxrss: Linux carries the parent's peak across
    fork + exec, so the harness's size (e.g. a 220,000-patient search index) showed up here."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    url, now_iso, username, password = sys.argv[1:5]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from aurora_desktop.app import create_main_window
    from aurora_desktop.services.clock import FakeClock
    from aurora_desktop.settings import resolve
    from aurora_desktop.startup import open_services
    from aurora_desktop.ui.main_window import DEFAULT_SIZE
    from aurora_desktop.ui.qt_process import prepare_qt_process
    from aurora_desktop.ui.warm_up import warm_up_main_window

    prepare_qt_process()  # as aurora_desktop.app.main does
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        resolved = resolve(database_url=url, data_dir=Path(tmp))
        # Opened as the app opens it before its Sign in button works (no daily backup here).
        services = open_services(resolved, FakeClock(datetime.fromisoformat(now_iso)),
                                 defer_backup=True)
        warm_up_main_window()  # the app does this while the user types their password
        start = time.perf_counter()
        actor = services.auth.sign_in(username, password)
        signed_in = time.perf_counter()
        window = create_main_window(services, resolved, actor, QSettings(str(Path(tmp) / "q.ini"),
                                                                         QSettings.Format.IniFormat))
        window.resize(DEFAULT_SIZE)  # (offscreen the screen is 800 x 600: a clinic PC's size)
        window.show_page("schedule")
        window.show()
        app.processEvents()
        window.repaint()
        painted = time.perf_counter()
        window.show_page("floor")
        app.processEvents()
        window.repaint()
        app.processEvents()
        rss_kb = peak_rss_kb()
        print(json.dumps({"sign_in_ms": (signed_in - start) * 1000, "window_ms": (painted - start) * 1000,
                          "rss_mb": rss_kb / 1024}), flush=True)
        window.close()
        services.ctx.db.dispose()


if __name__ == "__main__":
    main()
