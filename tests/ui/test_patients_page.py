"""Patients page: debounced search, results with the REMS flag, empty states, New patient
dialog (field errors, duplicate acknowledgement), stale edit message, role gating."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from aurora_desktop.domain.enums import EnrollmentStatus, PregnancyStatus
from aurora_desktop.services.container import Services
from aurora_desktop.ui.patients.formatting import NOT_ENROLLED
from aurora_desktop.ui.patients.patient_dialog import PatientDialog
from aurora_desktop.ui.patients.patients_page import COL_REMS, PatientsPage
from tests.support.patients_ui import form, make_ui, save_screen
from tests.support.staff import StaffSet


def _seed(services: Services, staff: StaffSet) -> None:
    doc = staff.prescriber
    enrolled = services.patients.create(doc, form("WP-000101", "Ana", "Muñoz", date(1975, 3, 4)))
    services.patients.record_enrollment(doc, enrolled.id, "RP1001", date(2026, 9, 1),
                                        EnrollmentStatus.ACTIVE)
    services.patients.create(doc, form("WP-000102", "Marco", "Munoz-Diaz", date(1988, 7, 9),
                                       phone="(718) 555-0199"))
    services.patients.create(doc, form("BK-000200", "Lee", "Chen", date(1990, 1, 2)))


def test_search_is_debounced_and_flags_not_enrolled(qtbot, sqlite_services: Services,
                                                    sqlite_staff: StaffSet, tmp_path: Path) -> None:
    _seed(sqlite_services, sqlite_staff)
    page = PatientsPage(make_ui(sqlite_services, sqlite_staff.front_desk, tmp_path))
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    assert page.focusWidget() is page.query  # focused when the page is shown
    assert page.empty.isVisible() and page.empty.heading.text() == "Find a patient"
    save_screen(page, "01-search-empty.png")
    before = page.searches
    qtbot.keyClicks(page.query, "MUNOZ")  # five keystrokes, one search after the pause
    assert page.searches == before
    qtbot.waitUntil(lambda: page.searches == before + 1)
    assert page.model.rowCount() == 2
    names = [page.model.rows[i].cells[0] for i in range(2)]
    assert names == ["Muñoz, Ana", "Munoz-Diaz, Marco"]
    flag = page.model.index(1, COL_REMS)
    assert NOT_ENROLLED in flag.data()
    assert flag.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert page.model.index(0, COL_REMS).data() == "REMS enrolled"
    assert page.count_label.text() == f"2 patient(s) · 1 {NOT_ENROLLED}"
    save_screen(page, "02-search-results.png")
    qtbot.keyClick(page.query, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 1 and page.query.text() == "MUNOZ"
    qtbot.keyClick(page.query, Qt.Key.Key_Down)  # stays on the last row
    assert page.table.currentIndex().row() == 1
    qtbot.keyClick(page.query, Qt.Key.Key_Up)
    assert page.table.currentIndex().row() == 0
    page.query.setText("(718) 555-0199")
    page.run_search()
    assert [r.cells[2] for r in page.model.rows] == ["WP-000102"]
    page.query.setText("01/02/1990")
    page.run_search()
    assert [r.cells[2] for r in page.model.rows] == ["BK-000200"]
    page.query.setText("zzz")
    page.run_search()
    assert page.model.rowCount() == 0 and page.empty.isVisible()
    assert "No patient matches 'zzz'" in page.empty.body.text()
    save_screen(page, "03-search-no-match.png")
    page.query.setText("chen")
    page.run_search()
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    assert page.currentIndex() == 1
    assert page.chart_view.name_label.text() == "Chen, Lee"
    qtbot.keyClick(page.chart_view, Qt.Key.Key_Escape)
    assert page.currentIndex() == 0


def test_new_patient_dialog_shows_field_errors_then_duplicate_warning(
        qtbot, sqlite_services: Services, sqlite_staff: StaffSet, tmp_path: Path) -> None:
    _seed(sqlite_services, sqlite_staff)
    ui = make_ui(sqlite_services, sqlite_staff.front_desk, tmp_path)
    dialog = PatientDialog(ui)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.form.clinical_box.isEnabled()  # front desk: clinical fields read-only
    assert "may not edit clinical history" in dialog.form.clinical_box.toolTip()
    dialog.form.edits["mrn"].setText("x")
    dialog.form.edits["date_of_birth"].setText("13/45/2000")
    dialog.form.edits["phone"].setText("555-01")
    assert not dialog.save()
    errors = dialog.form.visible_errors()
    assert set(errors) == {"mrn", "first_name", "last_name", "date_of_birth", "phone"}
    assert "MM/DD/YYYY" in errors["date_of_birth"] and "10-digit" in errors["phone"]
    assert "5 field(s) need attention" in dialog.banner.text()
    save_screen(dialog, "04-new-patient-errors.png")
    dialog.set_state(form("WP-000555", "ana", "MUNOZ", date(1975, 3, 4), state="ny"))
    assert not dialog.save()
    assert dialog.save_anyway.isVisible() and "Possible duplicate" in dialog.banner.text()
    assert "WP-000101" in dialog.banner.text()
    save_screen(dialog, "05-duplicate-warning.png")
    # the name changed after the warning: "Save anyway" warns afresh for the new name
    dialog.form.edits["last_name"].setText("Muñoz")
    dialog.save_anyway.click()
    assert dialog.saved is None and "WP-000101" in dialog.banner.text()
    dialog.save_anyway.click()
    assert dialog.saved is not None and dialog.saved.form.last_name == "Muñoz"
    assert dialog.saved.form.state == "NY"
    hits = sqlite_services.patient_search.search(sqlite_staff.front_desk, "WP-000555")
    assert [h.mrn for h in hits] == ["WP-000555"]


def test_form_state_round_trips(qtbot, sqlite_services: Services, sqlite_staff: StaffSet,
                                tmp_path: Path) -> None:
    dialog = PatientDialog(make_ui(sqlite_services, sqlite_staff.nurse, tmp_path))
    qtbot.addWidget(dialog)
    full = form("WP-000777", "Zoë", "O’Brien", date(1980, 5, 17), middle_name="Q",
                alt_phone="(914) 555-0100", email="z@example.com", address_line1="1 Elm St",
                address_line2="Apt 2", city="Rye", state="NY", postal_code="10580",
                emergency_contact_name="Sam", emergency_contact_phone="(914) 555-0111",
                home_clinic_id=sqlite_services.clinics.get_by_code("BK").id,
                can_become_pregnant=True, pregnancy_status=PregnancyStatus.NOT_PREGNANT,
                takes_opioids=True, takes_maois=True)
    dialog.set_state(full)
    assert dialog.get_state() == full


def test_stale_edit_says_changed_by_someone_else_and_reloads(
        qtbot, sqlite_services: Services, sqlite_staff: StaffSet, tmp_path: Path) -> None:
    nurse = sqlite_staff.nurse
    p = sqlite_services.patients.create(nurse, form("WP-000900", "Ida", "Stale", date(1970, 1, 1)))
    dialog = PatientDialog(make_ui(sqlite_services, nurse, tmp_path), p)
    qtbot.addWidget(dialog)
    dialog.show()
    sqlite_services.patients.update(sqlite_staff.front_desk, p.id, p.version,
                                    replace(p.form, city="Yonkers"))
    dialog.form.edits["city"].setText("Rye")
    assert not dialog.save()
    assert "changed by someone else — reload" in dialog.banner.text()
    assert dialog.reload_button.isVisible()
    save_screen(dialog, "06-stale-edit.png")
    assert sqlite_services.patients.get(nurse, p.id).form.city == "Yonkers"  # not overwritten
    dialog.reload_button.click()
    assert dialog.form.edits["city"].text() == "Yonkers" and not dialog.banner.isVisible()
    dialog.form.edits["city"].setText("Rye")
    assert dialog.save()
    assert sqlite_services.patients.get(nurse, p.id).form.city == "Rye"


def test_admin_cannot_add_patients(qtbot, sqlite_services: Services, sqlite_staff: StaffSet,
                                   tmp_path: Path) -> None:
    page = PatientsPage(make_ui(sqlite_services, sqlite_staff.admin, tmp_path))
    qtbot.addWidget(page)
    assert not page.new_button.isEnabled()
    assert "may not edit demographics" in page.new_button.toolTip()
    assert not page.new_patient()
