"""Discharge step: the gate's unmet conditions, prescriber BP acceptance, attestation and discharge."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.discharge_gate import ATTESTATION_TEXT
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.ui.session.common import Panel, fmt_time, heading, reasons_label, run_action


class DischargePanel(Panel):
    def __init__(self, ui, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Discharge — at least 120 minutes after the first device"))
        self.gate_label = QLabel()
        self.gate_label.setObjectName("discharge_gate")
        self.gate_label.setWordWrap(True)
        layout.addWidget(self.gate_label)
        self.bp_box = QGroupBox("Prescriber: accept the latest blood pressure for discharge")
        form = QFormLayout(self.bp_box)
        self.bp_reason = QLineEdit()
        self.bp_reason.setPlaceholderText("Reason (required)")
        self.bp_button = QPushButton("Accept BP (prescriber)")
        self.bp_button.clicked.connect(self.accept_bp)
        form.addRow("Reason:", self.bp_reason)
        form.addRow(self.bp_button)
        layout.addWidget(self.bp_box)
        box = QGroupBox("Discharge")
        form = QFormLayout(box)
        self.ready_at = QSpinBox()
        self.ready_at.setRange(-1, 720)
        self.ready_at.setSpecialValueText("— not assessed —")
        self.ready_at.setSuffix(" min")
        self.ready_at.setValue(-1)
        form.addRow("Would have been ready to leave at (REMS form):", self.ready_at)
        self.attest = QCheckBox(ATTESTATION_TEXT)
        form.addRow("Attestation:", self.attest)
        self.discharge_button = QPushButton("Discharge patient")
        self.discharge_button.clicked.connect(self.discharge)
        form.addRow(self.discharge_button)
        layout.addWidget(box)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def show_view(self, view) -> None:  # noqa: ANN001
        super().show_view(view)
        monitoring = view.status == SessionStatus.MONITORING and not view.locked
        if view.status == SessionStatus.DISCHARGED:
            self.gate_label.setText(reasons_label([], "Discharged"))
            ready = "not assessed" if view.ready_at_minutes is None else f"{view.ready_at_minutes} min"
            form = f"REMS monitoring form due {view.form_due_on:%m/%d/%Y}" if view.form_due_on else ""
            self.summary.setText(
                f"Discharged at {fmt_time(view.discharged_at, self.zone)} after {view.discharge_minutes} "
                f"minutes of monitoring · would have been ready at: {ready} · {form}")
        elif view.discharge is not None:
            self.gate_label.setText(reasons_label(view.discharge.unmet, "All discharge conditions are met"))
            minutes = view.discharge.minutes_since_first_device
            self.summary.setText(f"{minutes} minutes since the first device." if minutes is not None else "")
        else:
            self.gate_label.setText("Discharge becomes possible once monitoring has started.")
            self.summary.setText("")
        self.bp_box.setVisible(bool(view.discharge and view.discharge.bp_needs_acceptance))
        self.bp_box.setEnabled(monitoring)
        self.discharge_button.setEnabled(monitoring)
        self.attest.setEnabled(monitoring)
        if view.discharge and view.discharge.minutes_since_first_device is not None:
            self.ready_at.setMaximum(max(view.discharge.minutes_since_first_device, 0))

    def accept_bp(self) -> None:
        reason = self.bp_reason.text()
        if run_action(self.ui, self, "Accept BP", lambda: self.ui.services.discharge.accept_bp(
                self.actor, self.view.id, reason), "Discharge BP accepted"):
            self.bp_reason.clear()

    def discharge(self) -> None:
        ready = self.ready_at.value()
        attest = self.attest.isChecked()
        if run_action(self.ui, self, "Discharge", lambda: self.ui.services.discharge.discharge(
                self.actor, self.view.id, ready_at_minutes=None if ready < 0 else ready,
                attest_stable=attest), "Patient discharged"):
            self.attest.setChecked(False)
