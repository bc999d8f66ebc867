"""Report measurements: one session-log PDF, a 500-log batch with the longest event-loop stall."""

from __future__ import annotations

import importlib.util

from benchmarks.env import Env
from benchmarks.measure import NotAvailable, Result


def _reports_available() -> None:
    try:
        found = importlib.util.find_spec("aurora_desktop.reports.session_log")
    except ModuleNotFoundError:
        found = None
    if found is None:
        raise NotAvailable("session-log PDFs are not on main yet")


def session_log_pdf(env: Env) -> Result:
    _reports_available()
    raise NotAvailable("session-log measurement is added when the reports service lands")


def batch_export(env: Env) -> list[Result]:
    _reports_available()
    raise NotAvailable("batch measurement is added when the reports service lands")
