"""Book one session: patient search, clinic chair or any free chair, date/time, prescriber, ride."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.booking_rules import fmt_date, fmt_time
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.services.scheduling_models import BookingResult
from aurora_desktop.ui.schedule.form_rows import (  # noqa: F401 - re-exported for callers
    ANY_CHAIR,
    acknowledge,
    chair_combo,
    date_edit,
    day_of,
    error_label,
    fill_slot_times,
    reasons_text,
    ride_rows,
    save_acknowledging,
)
from aurora_desktop.ui.schedule.status_style import combo_index
from aurora_desktop.ui.ui_context import UiContext


@dataclass(frozen=True)
class BookingForm:
    patient_id: int | None
    chair_id: int | None
    day: date
    start_time: time | None
    prescriber_id: int | None
    driver_name: str
    driver_phone: str
    planned_dose_mg: int | None


class PatientPicker(QWidget):
    """Search-as-you-type over patients (name, MRN, DOB MM/DD/YYYY or phone)."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name, MRN, date of birth (MM/DD/YYYY) or phone")
        self.results = QListWidget()
        self.results.setMaximumHeight(110)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.search.textChanged.connect(self.run_search)

    def run_search(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < 2:
            return
        for hit in self.ui.services.patient_search.search(self.ui.require_actor(), text, 30):
            rems = "REMS ✔" if hit.rems_enrolled else "REMS not enrolled ⚠"
            item = QListWidgetItem(f"{hit.display_name} · {hit.mrn} · DOB "
                                   f"{fmt_date(hit.date_of_birth)} · {rems}")
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.results.addItem(item)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    def patient_id(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None


class BookingDialog(QDialog):
    def __init__(self, ui: UiContext, clinic: ClinicView, day: date, chair_id: int | None = None,
                 at: time | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.clinic = ui, clinic
        self.result_booking: BookingResult | None = None
        self.setWindowTitle(f"New booking — {clinic.name}")
        self.setMinimumWidth(560)
        form = QFormLayout()
        self.patient = PatientPicker(ui)
        form.addRow("Patient", self.patient)
        self.chair = chair_combo(clinic, chair_id)
        form.addRow("Chair", self.chair)
        self.date = date_edit(day)
        self.time = QComboBox()
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(self.time)
        self.next_free = QPushButton("Find next free slot")
        self.next_free.clicked.connect(self.find_next_free)
        when.addWidget(self.next_free)
        form.addRow("Date and start", when)
        self.block_label = QLabel(f"Block length: {clinic.session_block_minutes} minutes "
                                  "(clinic setting)")
        form.addRow("", self.block_label)
        self.date.dateChanged.connect(lambda _d: self._fill_times(None))
        self._fill_times(at)
        self.prescriber = QComboBox()
        self.prescriber.addItem("Whoever is on site (from the roster)", None)
        for person in ui.services.roster.people(ui.require_actor()):
            if "prescriber" in person.roles:
                self.prescriber.addItem(person.full_name, person.id)
        form.addRow("Supervising prescriber", self.prescriber)
        self.dose = QComboBox()
        for text, value in (("Not set yet", None), ("56 mg (2 devices)", 56),
                            ("84 mg (3 devices)", 84)):
            self.dose.addItem(text, value)
        form.addRow("Planned dose", self.dose)
        self.driver_name, self.driver_phone = ride_rows(
            form, "Who drives the patient home (can be filled at check-in)")
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.book_button = buttons.addButton("Book", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.patient.search.setFocus()

    def _fill_times(self, wanted: time | None) -> None:
        fill_slot_times(self.time, self.clinic, self.day(), wanted)

    def day(self) -> date:
        return day_of(self.date)

    def form(self) -> BookingForm:
        return BookingForm(self.patient.patient_id(), self.chair.currentData(), self.day(),
                           self.time.currentData(), self.prescriber.currentData(),
                           self.driver_name.text(), self.driver_phone.text(),
                           self.dose.currentData())

    def find_next_free(self) -> None:
        f = self.form()
        if f.patient_id is None:
            self.error.setText("Choose the patient first.")
            return
        slot = self.ui.services.scheduling.find_next_free_slot(
            self.ui.require_actor(), f.patient_id, f.day, [self.clinic.id])
        if slot is None:
            self.error.setText("No free slot in the next 4 weeks at this clinic.")
            return
        self.date.setDate(QDate(slot.day.year, slot.day.month, slot.day.day))
        self._fill_times(slot.start_time)
        self.chair.setCurrentIndex(max(0, combo_index(self.chair, slot.chair_id)))
        self.error.setText(f"Next free: {fmt_date(slot.day)} {fmt_time(slot.start_time)} "
                           f"in {slot.chair_label}.")

    def submit(self) -> None:
        f = self.form()
        if f.patient_id is None:
            self.error.setText("Choose the patient: type part of the name and pick from the list.")
            return
        if f.start_time is None:
            self.error.setText("The clinic is closed on that day: choose another date.")
            return
        self.result_booking = save_acknowledging(
            self.ui, self, "Booking warnings", self.error,
            "Not booked: the warnings were not acknowledged.",
            lambda acknowledged: self.ui.services.scheduling.book(
                self.ui.require_actor(), patient_id=f.patient_id, clinic_id=self.clinic.id,
                day=f.day, start_time=f.start_time, chair_id=f.chair_id,
                prescriber_id=f.prescriber_id, ride_driver_name=f.driver_name,
                ride_driver_phone=f.driver_phone, planned_dose_mg=f.planned_dose_mg,
                acknowledged=acknowledged))
        b = self.result_booking
        if b is None:
            return
        self.ui.events.status_message.emit(
            f"Booked {b.chair_label} {fmt_date(b.local_start)} {fmt_time(b.local_start)}")
        self.ui.events.sessions_changed.emit()
        self.accept()
