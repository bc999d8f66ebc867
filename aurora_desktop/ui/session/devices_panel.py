"""Devices step: the dose, one entry per device with lot and time, and the 5-minute rest countdown."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.administration import REST_MINUTES
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.ui.session.common import WARN_MARK, Panel, fmt_time, reasons_label, run_action

HEADERS = ["Device", "Time", "Lot", "Early reason", "Observed by"]


class DevicesPanel(Panel):
    def __init__(self, ui, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        self.dose_label = QLabel()
        self.dose_label.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.dose_label.setWordWrap(True)
        layout.addWidget(self.dose_label)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(150)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        self.rest_label = QLabel()
        self.rest_label.setObjectName("rest_countdown")
        self.rest_label.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(self.rest_label)
        box = QGroupBox("Record the next device (observed self-administration)")
        form = QFormLayout(box)
        self.lot = QComboBox()
        self.lot.setEditable(True)
        self.lot.lineEdit().setMaxLength(40)
        self.lot.lineEdit().setPlaceholderText("Pick a lot on record or type the lot number")
        form.addRow("Lot number:", self.lot)
        row = QHBoxLayout()
        self.time = QTimeEdit()
        self.time.setDisplayFormat("hh:mm AP")
        self.now_button = QPushButton("Now")
        self.now_button.clicked.connect(self._set_now)
        row.addWidget(self.time)
        row.addWidget(self.now_button)
        row.addStretch(1)
        form.addRow("Time given:", row)
        self.early_reason = QLineEdit()
        self.early_reason.setPlaceholderText(
            f"Only if less than {REST_MINUTES} minutes after the previous device")
        form.addRow("Reason if early:", self.early_reason)
        self.record_button = QPushButton("Record device")
        self.record_button.clicked.connect(self.record)
        form.addRow(self.record_button)
        layout.addWidget(box)
        self.override_box = QGroupBox("Dose override (prescriber)")
        form = QFormLayout(self.override_box)
        self.override_dose = QSpinBox()
        self.override_dose.setRange(28, 168)
        self.override_dose.setSingleStep(28)
        self.override_dose.setSuffix(" mg")
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText("Reason for the dose (required)")
        self.override_button = QPushButton("Override dose")
        self.override_button.clicked.connect(self.override)
        form.addRow("Dose:", self.override_dose)
        form.addRow("Reason:", self.override_reason)
        form.addRow(self.override_button)
        layout.addWidget(self.override_box)
        self.gate_label = QLabel()
        self.gate_label.setWordWrap(True)
        layout.addWidget(self.gate_label)
        layout.addStretch(1)
        self._time_touched = False
        self.time.editingFinished.connect(lambda: setattr(self, "_time_touched", True))

    def _set_now(self) -> None:
        local = self.ui.clock.now().astimezone(self.zone)
        self.time.setTime(QTime(local.hour, local.minute))
        self._time_touched = False

    def show_view(self, view) -> None:  # noqa: ANN001
        super().show_view(view)
        done = len(view.devices)
        dose = f"{view.dose_mg} mg = {view.devices_needed} devices" if view.dose_mg else "no dose set"
        override = f" (override: {view.dose_override_reason})" if view.dose_override_reason else ""
        self.dose_label.setText(f"Dose {dose}{override} · {done} of {view.devices_needed} recorded")
        self.table.setRowCount(done)
        for r, d in enumerate(view.devices):
            for c, value in enumerate([str(d.sequence), fmt_time(d.administered_at, self.zone), d.lot_number,
                                       d.early_reason, d.observed_by]):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        current = self.lot.currentText()
        self.lot.clear()
        for lot_id, number in view.lots_on_record:
            self.lot.addItem(number, lot_id)
        self.lot.setEditText(current or (view.devices[-1].lot_number if view.devices else ""))
        can_record = (view.status in (SessionStatus.IN_PROGRESS, SessionStatus.MONITORING)
                      and done < view.devices_needed and not view.locked)
        self.record_button.setEnabled(can_record)
        self.record_button.setText(f"Record device {done + 1}" if can_record else "All devices recorded"
                                   if done and done >= view.devices_needed else "Record device")
        self.override_box.setEnabled(view.status in (SessionStatus.IN_PROGRESS, SessionStatus.MONITORING)
                                     and not view.locked)
        if view.dose_mg:
            self.override_dose.setValue(view.dose_mg)
        if view.status == SessionStatus.IN_PROGRESS:
            reasons = list(view.checklist_unmet) + list(view.dose_unmet)
            self.gate_label.setText(reasons_label(reasons, "Ready for the first device"))
        else:
            self.gate_label.setText("")
        if not self._time_touched:
            self._set_now()
        self.tick()

    def tick(self) -> None:
        if self.view is None:
            return
        devices = self.view.devices
        if not devices or len(devices) >= self.view.devices_needed:
            self.rest_label.setText("")
            return
        elapsed = (self.ui.clock.now() - devices[-1].administered_at).total_seconds()
        left = int(REST_MINUTES * 60 - elapsed)
        if left > 0:
            self.rest_label.setText(f"{WARN_MARK} Rest: {left // 60}:{left % 60:02d} left before device "
                                    f"{len(devices) + 1} (earlier needs a reason)")
            self.rest_label.setStyleSheet("font-size: 14pt; font-weight: 600; color: #9b5c00;")
        else:
            self.rest_label.setText(f"✔ Rest complete — device {len(devices) + 1} may be given")
            self.rest_label.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1b6e2a;")

    def _device_time(self) -> datetime:
        now = self.ui.clock.now()
        if not self._time_touched:
            return now
        local = now.astimezone(self.zone)
        t = self.time.time()
        return local.replace(hour=t.hour(), minute=t.minute(), second=0, microsecond=0)

    def record(self) -> None:
        text = self.lot.currentText()
        found = self.lot.findText(text.strip())
        lot_id = self.lot.itemData(found) if found >= 0 else None
        at = self._device_time()
        reason = self.early_reason.text()
        if run_action(self.ui, self, "Record device", lambda: self.ui.services.administration.record_device(
                self.actor, self.view.id, text, administered_at=at, lot_id=lot_id, early_reason=reason),
                "Device recorded"):
            self.early_reason.clear()
            self._time_touched = False

    def override(self) -> None:
        dose, reason = self.override_dose.value(), self.override_reason.text()
        if run_action(self.ui, self, "Dose override", lambda: self.ui.services.checklist.override_dose(
                self.actor, self.view.id, dose, reason), "Dose override recorded"):
            self.override_reason.clear()
