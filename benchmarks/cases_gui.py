"""GUI measurements: cold start in a fresh process, screens painted, peak memory."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.env import Env
from benchmarks.measure import NotAvailable, Result

ROOT = Path(__file__).resolve().parents[1]


def _probe(args: list[str], env_vars: dict[str, str]) -> tuple[float, float | None, str]:
    """(ms to the first window painted, ms to sign-in ready or None, the window's class)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env_vars)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    start = time.time()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.probes.cold_start", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"probe {args[0]} printed nothing: {proc.stderr.strip()[-300:]}")
    data = json.loads(lines[-1])
    ready = (data["ready"] - start) * 1000 if "ready" in data else None
    return (data["painted"] - start) * 1000, ready, data["window"]


def _compile_bytecode() -> None:
    """An installed copy has its bytecode compiled (pip does it); so does the measured source tree."""
    import compileall

    compileall.compile_dir(ROOT / "aurora_desktop", quiet=1)


def cold_start(env: Env) -> list[Result]:
    painted = Result("cold start -> first window painted", 1500, 4)
    ready = Result("cold start -> sign-in ready (database open)", 1500)
    runs = 1 if env.size == "small" else max(3, env.runs // 2)
    _compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        extra = {"AURORA_DATA_DIR": tmp, "AURORA_DATABASE_URL": env.dataset.url}
        windows = set()
        for k in range(runs + 1):
            painted_ms, ready_ms, window = _probe(["app"], extra)
            windows.add(window)
            if k:  # the first run warms the OS file cache (and any first-start-of-day work)
                painted.samples_ms.append(painted_ms)
                if ready_ms is not None:
                    ready.samples_ms.append(ready_ms)
        floor = [_probe(["bare"], {})[0] for _ in range(runs + 1)][1:]
    painted.floor_ms = statistics.median(floor)
    painted.note = ("first window: " + ", ".join(sorted(windows))
                    + " (painted before the database layer loads); floor: bare PySide6 window process")
    ready.note = "the Sign in button works: database opened, schema checked, services built"
    return [painted, ready]


def qt_app():  # noqa: ANN201 - QApplication
    from PySide6.QtWidgets import QApplication

    from aurora_desktop.ui.qt_process import prepare_qt_process

    prepare_qt_process()  # as the app does before its QApplication
    return QApplication.instance() or QApplication([])


def _real_page(key: str) -> None:
    qt_app()
    from aurora_desktop.ui.pages import default_pages
    from aurora_desktop.ui.widgets.empty_state import EmptyState

    page = next((p for p in default_pages() if p.key == key), None)
    if page is None:
        raise NotAvailable(f"no '{key}' page")
    probe = getattr(page.factory, "__name__", "")
    if probe == "<lambda>":
        try:
            widget = page.factory(None)  # placeholders ignore their UiContext
        except Exception:  # noqa: BLE001 - a real page needs a UiContext: it is real
            return
        if isinstance(widget, EmptyState):
            widget.deleteLater()
            raise NotAvailable(f"the {key} page is not on main yet")


def login_to_schedule(env: Env) -> list[Result]:
    """Sign-in -> main window painted on today's schedule, then the floor board: in a fresh
    process per run (`probes/main_window.py`), which also reports its peak RSS."""
    _real_page("schedule")
    _real_page("floor")
    from aurora_desktop.demo_data.staffing import DEMO_PASSWORD

    login = Result("sign-in -> main window with today's schedule", 500)
    memory = Result("peak RSS after schedule + floor board open", 300, unit="MB")
    runs = 1 if env.size == "small" else max(3, env.runs // 2)
    env_vars = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env_vars["PYTHONPATH"] = str(ROOT) + os.pathsep + env_vars.get("PYTHONPATH", "")
    sign_in = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.probes.main_window", env.dataset.url,
             env.now.isoformat(), "demo.frontdesk", DEMO_PASSWORD],
            cwd=ROOT, env=env_vars, capture_output=True, text=True, timeout=300)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if not lines:
            raise RuntimeError(f"main-window probe printed nothing: {proc.stderr.strip()[-400:]}")
        data = json.loads(lines[-1])
        login.samples_ms.append(data["window_ms"])
        memory.samples_ms.append(data["rss_mb"])
        sign_in.append(data["sign_in_ms"])
    login.note = (f"fresh process per run; of which the password check (Argon2) "
                  f"{statistics.median(sign_in):.0f} ms; every page is built, schedule painted")
    memory.note = "peak RSS (VmHWM) of that process after the floor board was shown (MB)"
    return [login, memory]
