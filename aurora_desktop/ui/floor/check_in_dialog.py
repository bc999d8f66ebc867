"""Check-in and ride-home dialog for the floor board (the scheduling service records it)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)


@dataclass(frozen=True)
class RideState:
    driver_name: str = ""
    driver_phone: str = ""
    ride_confirmed: bool = False


class CheckInDialog(QDialog):
    """Arrival (check-in) with the ride home, or confirming the ride of an arrived patient."""

    def __init__(self, patient_name: str, checking_in: bool, state: RideState,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checking_in = checking_in
        self.setWindowTitle("Check in" if checking_in else "Confirm ride home")
        form = QFormLayout(self)
        note = QLabel(f"<b>{patient_name}</b> — no ride, no dose: the patient must not drive until the "
                      "next day after a restful sleep.")
        note.setWordWrap(True)
        form.addRow(note)
        self.driver_name = QLineEdit()
        self.driver_name.setMaxLength(120)
        self.driver_phone = QLineEdit()
        self.driver_phone.setPlaceholderText("(914) 555-0123")
        self.confirmed = QCheckBox("Ride home confirmed")
        form.addRow("Driver name:", self.driver_name)
        form.addRow("Driver phone:", self.driver_phone)
        form.addRow(self.confirmed)
        self.confirmed.setVisible(checking_in)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.button(ok).setText("Check in" if checking_in else "Confirm ride")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.set_state(state)

    def set_state(self, state: RideState) -> None:
        self.driver_name.setText(state.driver_name)
        self.driver_phone.setText(state.driver_phone)
        self.confirmed.setChecked(state.ride_confirmed)

    def get_state(self) -> RideState:
        return RideState(self.driver_name.text(), self.driver_phone.text(),
                         self.confirmed.isChecked() or not self.checking_in)
