"""Book one session: patient search, clinic chair or any free chair, date/time, prescriber, ride."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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

from aurora_desktop.domain.booking_rules import fmt_date, fmt_time, slot_times
from aurora_desktop.domain.errors import AuroraError, RuleViolation, WarningsNeedAcknowledgement
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.services.scheduling_models import BookingResult
from aurora_desktop.ui.schedule.status_style import combo_index
from aurora_desktop.ui.ui_context import UiContext

ANY_CHAIR = "Any free chair"


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


def reasons_text(exc: AuroraError) -> str:
    if isinstance(exc, RuleViolation):
        return "Cannot book:\n" + "\n".join(f"• {r}" for r in exc.reasons)
    return str(exc)


def acknowledge(ui: UiContext, parent: QWidget, title: str, warnings: Sequence[str]) -> bool:
    """The acknowledgement step: the user sees every warning; the answer is recorded."""
    text = ("Please review before saving. If you continue, these warnings and your name are "
            "recorded with the booking:\n\n" + "\n".join(f"⚠ {w}" for w in warnings)
            + "\n\nAcknowledge and save?")
    return ui.dialogs.confirm(parent, title, text)


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
        self.chair = QComboBox()
        self.chair.addItem(ANY_CHAIR, None)
        for chair in clinic.chairs:
            if chair.active:
                self.chair.addItem(chair.label, chair.id)
        if chair_id is not None:
            self.chair.setCurrentIndex(max(0, combo_index(self.chair, chair_id)))
        form.addRow("Chair", self.chair)
        self.date = QDateEdit(QDate(day.year, day.month, day.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MM/dd/yyyy")
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
        self.driver_name = QLineEdit()
        self.driver_name.setPlaceholderText("Who drives the patient home (can be filled at check-in)")
        self.driver_phone = QLineEdit()
        self.driver_phone.setPlaceholderText("(914) 555-0123")
        form.addRow("Ride home: driver", self.driver_name)
        form.addRow("Ride home: phone", self.driver_phone)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
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
        keep = wanted or self.time.currentData()
        self.time.clear()
        for at in slot_times(self.clinic.opening_hours, self.day(), self.clinic.session_block_minutes):
            self.time.addItem(fmt_time(at), at)
        if self.time.count() == 0:
            self.time.addItem("closed", None)
        if keep is not None:
            index = combo_index(self.time, keep)
            self.time.setCurrentIndex(max(0, index))

    def day(self) -> date:
        q = self.date.date()
        return date(q.year(), q.month(), q.day())

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
        acknowledged: list[str] = []
        while True:
            try:
                self.result_booking = self.ui.services.scheduling.book(
                    self.ui.require_actor(), patient_id=f.patient_id, clinic_id=self.clinic.id,
                    day=f.day, start_time=f.start_time, chair_id=f.chair_id,
                    prescriber_id=f.prescriber_id, ride_driver_name=f.driver_name,
                    ride_driver_phone=f.driver_phone, planned_dose_mg=f.planned_dose_mg,
                    acknowledged=acknowledged)
            except WarningsNeedAcknowledgement as exc:
                if not acknowledge(self.ui, self, "Booking warnings", exc.warnings):
                    self.error.setText("Not booked: the warnings were not acknowledged.")
                    return
                acknowledged += exc.warnings
                continue
            except AuroraError as exc:
                self.error.setText(reasons_text(exc))
                return
            break
        b = self.result_booking
        self.ui.events.status_message.emit(
            f"Booked {b.chair_label} {fmt_date(b.local_start)} {fmt_time(b.local_start)}")
        self.ui.events.sessions_changed.emit()
        self.accept()
