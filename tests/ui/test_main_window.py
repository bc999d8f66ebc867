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
