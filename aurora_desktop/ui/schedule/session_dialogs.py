"""Small schedule dialogs: session details, reschedule and check-in (with the ride home)."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.booking_rules import fmt_date, fmt_time
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.services.scheduling_models import SessionDetail
from aurora_desktop.ui.schedule.form_rows import (
    chair_combo,
    date_edit,
    day_of,
    error_label,
    fill_slot_times,
)
from aurora_desktop.ui.schedule.status_style import dose_text, span, style_for


def detail_text(d: SessionDetail) -> str:
    style = style_for(d.status)
    ride = "no ride planned"
    if d.ride_driver_name:
        ride = (f"{d.ride_driver_name} {d.ride_driver_phone} — "
                f"{'confirmed ✔' if d.ride_confirmed else 'not confirmed'}")
    lines = [
        f"Patient: {d.patient_name} (MRN {d.patient_mrn}) · {d.patient_phone}",
        f"When: {d.local_start.strftime('%A')} {fmt_date(d.local_start)} "
        f"{span(d.local_start, d.local_end)}",
        f"Where: {d.clinic_code} · {d.chair_label}",
        f"Status: {style.icon} {style.label}",
        f"Dose: {dose_text(d.planned_dose_mg, d.dose_mg)}",
        f"Supervising prescriber: {d.supervising_prescriber or '—'}",
        f"Ride home: {ride}",
        f"Booked by: {d.booked_by or '—'}",
    ]
    if d.arrived_at:
        lines.append(f"Arrived: {fmt_time(d.arrived_at.astimezone(d.local_start.tzinfo))}")
    if d.cancel_reason:
        lines.append(f"Cancel reason: {d.cancel_reason}")
    if d.rescheduled_from_id:
        lines.append(f"Rescheduled from booking #{d.rescheduled_from_id}")
    if d.booking_warnings:
        lines.append("Warnings acknowledged at booking:")
        lines += [f"  ⚠ {w}" for w in d.booking_warnings]
    return "\n".join(lines)


class RescheduleDialog(QDialog):
    def __init__(self, clinic: ClinicView, detail: SessionDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.setWindowTitle(f"Reschedule — {detail.patient_name}")
        form = QFormLayout()
        form.addRow("Now", QLabel(f"{fmt_date(detail.local_start)} "
                                  f"{span(detail.local_start, detail.local_end)} · "
                                  f"{detail.chair_label}"))
        day = detail.local_start.date()
        self.date = date_edit(day)
        self.time = QComboBox()
        self.date.dateChanged.connect(lambda _d: self._fill_times())
        self._fill_times(detail.local_start.time())
        self.chair = chair_combo(clinic)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Required, e.g. patient asked for a later time")
        form.addRow("New date", self.date)
        form.addRow("New start", self.time)
        form.addRow("Chair", self.chair)
        form.addRow("Reason", self.reason)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _fill_times(self, wanted: time | None = None) -> None:
        fill_slot_times(self.time, self.clinic, self.day(), wanted, closed_text=None)

    def day(self) -> date:
        return day_of(self.date)

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.error.setText("Enter the reason for rescheduling.")
            return
        if self.time.currentData() is None:
            self.error.setText("The clinic is closed on that day.")
            return
        self.accept()


class CheckInDialog(QDialog):
    def __init__(self, detail: SessionDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Check in — {detail.patient_name}")
        form = QFormLayout()
        form.addRow("Session", QLabel(f"{fmt_date(detail.local_start)} "
                                      f"{span(detail.local_start, detail.local_end)} · "
                                      f"{detail.chair_label}"))
        self.driver_name = QLineEdit(detail.ride_driver_name)
        self.driver_phone = QLineEdit(detail.ride_driver_phone)
        self.driver_phone.setPlaceholderText("(914) 555-0123")
        self.confirmed = QCheckBox("Ride home confirmed with the driver")
        self.confirmed.setChecked(detail.ride_confirmed)
        form.addRow("Driver", self.driver_name)
        form.addRow("Driver phone", self.driver_phone)
        form.addRow("", self.confirmed)
        form.addRow("", QLabel("The patient must not drive until the next day after a "
                               "restful sleep."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Check in", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
