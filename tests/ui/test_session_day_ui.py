"""One session walked end to end through the real floor board and session widgets (offscreen)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QTime

from aurora_desktop.domain.enums import Dissociation
from aurora_desktop.services.container import Services
from aurora_desktop.settings import resolve
from aurora_desktop.ui.dialog_service import DialogService
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.floor.check_in_dialog import CheckInDialog, RideState
from aurora_desktop.ui.floor.floor_page import FloorBoardPage
from aurora_desktop.ui.ui_context import UiContext
from tests.support.session_day import make_session
from tests.support.staff import StaffSet


class FakeDialogs(DialogService):
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, parent, title: str, text: str) -> None:  # noqa: ANN001
        self.errors.append(f"{title}: {text}")

    def info(self, parent, title: str, text: str) -> None:  # noqa: ANN001
        pass

    def confirm(self, parent, title: str, text: str) -> bool:  # noqa: ANN001
        return True


def _qtime(dt, zone) -> QTime:  # noqa: ANN001
    local = dt.astimezone(zone)
    return QTime(local.hour, local.minute)


def _fill_checkpoint(panel, *, sbp: int, dbp: int, moaas: int = 5) -> None:  # noqa: ANN001
    panel.sbp.set_value(sbp)
    panel.dbp.set_value(dbp)
    panel.hr.set_value(74)
    panel.spo2.set_value(97)
    panel.rr.set_value(14)
    panel.moaas.set_value(moaas)
    panel.dissociation.setCurrentIndex(panel.dissociation.findData(Dissociation.NONE))


def test_one_session_end_to_end_through_the_widgets(
    qtbot, sqlite_services: Services, sqlite_staff: StaffSet, sqlite_url: str, clock, tmp_path: Path,
) -> None:
    services, staff = sqlite_services, sqlite_staff
    fixture = make_session(services, staff.prescriber, checked_in=False, ride=False)
    dialogs = FakeDialogs()
    ui = UiContext(services=services, settings=resolve(database_url=sqlite_url, data_dir=tmp_path),
                   events=EventHub(), dialogs=dialogs, actor=staff.nurse, clinic_id=fixture.clinic_id)
    page = FloorBoardPage(ui)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    assert page.model.rowCount() == 1 and page.model.card(0).stage == "scheduled"
    assert "no ride home confirmed" in page.model.index(0, 7).data()
    page.table.selectRow(0)
    # Check-in with the ride home through the dialog.
    dialog = CheckInDialog(page.model.card(0).patient_name, True, RideState())
    qtbot.addWidget(dialog)
    dialog.driver_name.setText("Sam Rivera")
    dialog.driver_phone.setText("914 555 0199")
    dialog.confirmed.setChecked(True)
    assert page.apply_check_in(page.model.card(0), dialog.get_state())
    card = page.model.card(0)
    assert card.stage == "arrived" and card.ride_confirmed and card.ride_driver_phone == "(914) 555-0199"
    assert page.selected_session_id() == card.session_id
    page.open_selected()
    screen = page.session_screen
    assert page.currentIndex() == 1 and screen.tabs.currentIndex() == 0

    # Check-in done at the desk -> checklist.
    checklist = screen.checklist
    checklist.start_button.click()
    assert screen.view.status_label == "checklist"
    assert "condition(s) unmet" in checklist.unmet_label.text()
    zone = screen.view.zone
    now = clock.now()
    for combo in [*checklist.ci.values(), *checklist.meds.values()]:
        combo.set_value(False)
    checklist.food.asked.setChecked(True)
    checklist.food.time.setTime(_qtime(now - timedelta(hours=3), zone))
    checklist.liquid.asked.setChecked(True)
    checklist.liquid.time.setTime(_qtime(now - timedelta(minutes=45), zone))
    checklist.nasal.setCurrentIndex(1)
    checklist.oral_drug.setText("escitalopram")
    checklist.oral_dose.setText("20 mg daily")
    checklist.oral_taking.set_value(True)
    checklist.save_button.click()
    for spin, value in zip((checklist.sbp, checklist.dbp, checklist.hr, checklist.spo2, checklist.moaas),
                           (124, 78, 70, 98, 5), strict=True):
        spin.set_value(value)
    checklist.vitals_button.click()
    assert dialogs.errors == []
    assert "ready to dose" in checklist.unmet_label.text()
    assert screen.view.answered_by["oral_ad_drug"].startswith("Nina Nurse")

    # Devices with the rest countdown.
    devices = screen.devices
    devices.lot.setEditText("L4471-A")
    devices.record_button.click()
    assert screen.view.status_label == "monitoring" and len(screen.view.devices) == 1
    clock.advance(minutes=2)
    screen.tick()
    assert "Rest: 3:00 left" in devices.rest_label.text()
    clock.advance(minutes=3)
    devices.record_button.click()
    assert len(screen.view.devices) == 2 and dialogs.errors == []

    # Planned checkpoints (the +40 one needs BP), then discharge.
    first = screen.view.first_device_at
    cps = screen.checkpoints
    for offset in (15, 40, 60, 90, 120):
        clock.set(first + timedelta(minutes=offset, seconds=30))
        page.refresh()
        cps.target.setCurrentIndex(0)
        assert cps.target.currentText().startswith(f"+{offset} min")
        _fill_checkpoint(cps, sbp=132, dbp=84)
        cps.record_button.click()
        assert dialogs.errors == [], dialogs.errors
    assert "no alerts" in cps.result_label.text()
    discharge = screen.discharge
    assert "All discharge conditions are met" in discharge.gate_label.text()
    discharge.ready_at.setValue(95)
    discharge.discharge_button.click()
    assert dialogs.errors and "attestation" in dialogs.errors[-1]
    dialogs.errors.clear()
    discharge.attest.setChecked(True)
    discharge.discharge_button.click()
    assert screen.view.status_label == "discharged" and dialogs.errors == []

    # Nurse signs, prescriber co-signs: read-only.
    screen.signoff.nurse_button.click()
    ui.actor = staff.prescriber
    screen.refresh()
    screen.signoff.prescriber_button.click()
    assert screen.view.locked and len(screen.view.signatures) == 2
    assert not cps.record_button.isEnabled() and screen.signoff.amend_box.isEnabled()
    screen.back_requested.emit()
    assert page.currentIndex() == 0 and page.model.card(0).stage == "discharged"
    assert "REMS form due" in page.model.card(0).alert_texts[0]
    page.tabs.setCurrentIndex(1)
    assert page.forms.table.rowCount() == 1 and dialogs.errors == []


def test_pmf_data_viewed_and_exported_from_the_session(
    qtbot, sqlite_services: Services, sqlite_staff: StaffSet, sqlite_url: str, tmp_path: Path,
) -> None:
    from tests.support.session_day import ready_to_dose

    services, staff = sqlite_services, sqlite_staff
    fixture = make_session(services, staff.prescriber)
    ready_to_dose(services, staff.nurse, fixture.session_id)
    shown: list[str] = []
    target = tmp_path / "pmf.csv"

    class Dialogs(FakeDialogs):
        def info(self, parent, title: str, text: str) -> None:  # noqa: ANN001
            shown.append(text)

        def save_file(self, parent, title: str, suggested: str, filter_: str) -> str:  # noqa: ANN001
            return str(target)

    ui = UiContext(services=services, settings=resolve(database_url=sqlite_url, data_dir=tmp_path),
                   events=EventHub(), dialogs=Dialogs(), actor=staff.nurse, clinic_id=fixture.clinic_id)
    page = FloorBoardPage(ui)
    qtbot.addWidget(page)
    page.open_session(fixture.session_id)
    page.session_screen.signoff.view_pmf_button.click()
    assert "BP before administration: 126/80 mmHg" in shown[0]
    page.session_screen.signoff.export_button.click()
    assert "Lot number(s)" in target.read_text(encoding="utf-8")
    assert ui.dialogs.errors == []


def test_floor_board_refresh_keeps_the_selection_and_marks_overdue(
    qtbot, sqlite_services: Services, sqlite_staff: StaffSet, sqlite_url: str, clock, tmp_path: Path,
) -> None:
    from aurora_desktop.ui.floor.floor_model import COL_ALERTS, COL_COUNTDOWN
    from tests.support.session_day import ready_to_dose

    services, staff = sqlite_services, sqlite_staff
    first = make_session(services, staff.prescriber, chair_position=1, first_name="Ann")
    second = make_session(services, staff.prescriber, chair_position=2, first_name="Ben")
    ready_to_dose(services, staff.nurse, second.session_id)
    services.administration.record_device(staff.nurse, second.session_id, "LOT-9")
    ui = UiContext(services=services, settings=resolve(database_url=sqlite_url, data_dir=tmp_path),
                   events=EventHub(), dialogs=FakeDialogs(), actor=staff.nurse, clinic_id=first.clinic_id)
    page = FloorBoardPage(ui)
    qtbot.addWidget(page)
    page.select_session(second.session_id)
    clock.advance(minutes=21)
    make_session(services, staff.prescriber, chair_position=1, first_name="Cy", start=clock.now()
                 - timedelta(hours=1))  # a new row sorts above the selected one
    ui.events.sessions_changed.emit()
    assert page.selected_session_id() == second.session_id
    row = page.model.row_of(second.session_id)
    assert "OVERDUE" in page.model.index(row, COL_COUNTDOWN).data()
    assert "OVERDUE: +15 min checkpoint" in page.model.index(row, COL_ALERTS).data()
    assert page.model.rowCount() == 3
