"""The main window opens offscreen on a real database, switches clinics and remembers it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from aurora_desktop.app import create_main_window
from aurora_desktop.services.container import Services
from aurora_desktop.settings import resolve


def _qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def test_main_window_switches_clinics_and_remembers(qtbot, sqlite_services: Services, sqlite_url: str,
                                                    tmp_path: Path) -> None:
    settings = resolve(database_url=sqlite_url, data_dir=tmp_path)
    window = create_main_window(sqlite_services, settings, None, _qsettings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    from aurora_desktop.ui.schedule.schedule_page import SchedulePage
    schedule = window.findChild(SchedulePage)  # nobody signed in: no calendar, no legend
    assert schedule.stack.currentWidget() is schedule.empty and schedule.legend.isHidden()
    assert window.clinic_combo.count() == 2
    assert window.ui.clinic_id == sqlite_services.clinics.list_clinics()[0].id
    with qtbot.waitSignal(window.ui.events.clinic_changed) as blocker:
        window.clinic_combo.setCurrentIndex(1)
    brooklyn = sqlite_services.clinics.get_by_code("BK")
    assert blocker.args == [brooklyn.id]
    assert "Brooklyn" in window.user_label.text()
    assert window.backend_label.text().startswith("SQLite: ")
    assert int(window.qsettings.value("main/last_clinic_id")) == brooklyn.id
    window.show_page("patients")
    assert window.current_page_key() == "patients"
    window.close()

    reopened = create_main_window(sqlite_services, settings, None, _qsettings(tmp_path))
    qtbot.addWidget(reopened)
    assert reopened.clinic_combo.currentText() == "Aurora Wellness Brooklyn"


def test_every_page_and_view_fits_a_1280_px_wide_window(qtbot, sqlite_services: Services,
                                                        sqlite_staff, sqlite_url: str,
                                                        tmp_path: Path) -> None:
    """The main window's minimum width (what its widest page needs) stays within 1280 px in
    every page and in both schedule views, with the widest header texts they show (the week's
    title; a busy day's counts), so the window fits a 1366 px laptop screen; it opens at
    DEFAULT_SIZE bounded by the screen."""
    from aurora_desktop.ui.main_window import DEFAULT_SIZE
    from aurora_desktop.ui.schedule.schedule_page import DAY, WEEK, SchedulePage

    settings = resolve(database_url=sqlite_url, data_dir=tmp_path)
    window = create_main_window(sqlite_services, settings, sqlite_staff.admin, _qsettings(tmp_path))
    qtbot.addWidget(window)
    screen = window.screen().availableGeometry().size()
    assert window.size() == DEFAULT_SIZE.boundedTo(screen).expandedTo(window.minimumSize())
    window.show()
    widths = {}
    for page in window._pages:
        window.show_page(page.key)
        qtbot.wait(1)
        widths[page.key] = window.minimumSizeHint().width()
    window.show_page("schedule")
    schedule = window.findChild(SchedulePage)
    for mode in (WEEK, DAY):
        schedule.set_mode(mode)
        schedule.summary.setText("888 booked · 88 cancelled/no-show")  # a busy week's counts
        qtbot.wait(1)
        widths[f"schedule {mode}"] = window.minimumSizeHint().width()
    assert schedule.title.text().startswith("WP · ") and schedule.legend.isVisible()
    assert max(widths.values()) <= 1280, widths
    window.resize(1280, 800)
    assert window.width() == 1280
    qtbot.wait(1)  # the page takes the whole width beside the navigation (no empty slot)
    assert window.stack.geometry().left() - window.nav.geometry().right() <= 8
    assert window.stack.width() >= 1280 - window.nav.width() - 8
    window.close()
