"""Run a snippet in a fresh interpreter (nothing imported yet) and return what it printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_fresh(code: str) -> str:
    """stdout of *code* run by a new Python on this source tree, offscreen; fails on an error."""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                           "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()
