"""The app's Qt process set-up: painting stays on the GUI thread (see ui/qt_process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from aurora_desktop.ui.qt_process import NO_GUI_THREADPOOL, prepare_qt_process

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import os, sys
os.environ.pop("QT_NO_GUI_THREADPOOL", None)
import PySide6.QtWidgets as widgets

class Probe(widgets.QApplication):  # reports the environment Qt starts with, then stops
    def __init__(self, *args):
        print("at QApplication:", os.environ.get("QT_NO_GUI_THREADPOOL"), flush=True)
        os._exit(0)

widgets.QApplication = Probe
from aurora_desktop import app
app.main([])
"""


def test_prepare_switches_the_gui_thread_pool_off_and_keeps_a_value_already_set(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv(NO_GUI_THREADPOOL, raising=False)
    prepare_qt_process()
    assert os.environ[NO_GUI_THREADPOOL] == "1"
    monkeypatch.setenv(NO_GUI_THREADPOOL, "operator")
    prepare_qt_process()
    assert os.environ[NO_GUI_THREADPOOL] == "operator"


def test_the_app_sets_it_before_its_qapplication_exists() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop(NO_GUI_THREADPOOL, None)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert "at QApplication: 1" in done.stdout, done.stdout + done.stderr
