"""The main window's areas, in navigation order; each later capability fills its own entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from aurora_desktop.ui.ui_context import UiContext


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    shortcut: str
    factory: Callable[[UiContext], QWidget]


def _floor_board(ui: UiContext) -> QWidget:
    from aurora_desktop.ui.floor.floor_page import FloorBoardPage

    return FloorBoardPage(ui)


def _admin_page(ui: UiContext) -> QWidget:
    from aurora_desktop.ui.admin.admin_page import AdminPage

    return AdminPage(ui)


def _schedule(ui: UiContext) -> QWidget:
    from aurora_desktop.ui.schedule.schedule_page import SchedulePage

    return SchedulePage(ui)


def _patients_page(ui: UiContext) -> QWidget:
    from aurora_desktop.ui.patients.patients_page import PatientsPage

    return PatientsPage(ui)


def _reports_page(ui: UiContext) -> QWidget:
    from aurora_desktop.ui.reports.reports_page import ReportsPage

    return ReportsPage(ui)


def default_pages() -> list[Page]:
    return [
        Page("schedule", "Schedule", "Ctrl+1", _schedule),
        Page("floor", "Floor board", "Ctrl+2", _floor_board),
        Page("patients", "Patients", "Ctrl+3", _patients_page),
        Page("reports", "Reports", "Ctrl+4", _reports_page),
        Page("admin", "Administration", "Ctrl+5", _admin_page),
    ]
