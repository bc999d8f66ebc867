"""Checkpoints step: the planned list with due times and overdue marks, and the entry form."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import Dissociation, SessionStatus
from aurora_desktop.domain.vitals import Reading
from aurora_desktop.ui.session.common import (
    ALERT_BG,
    OVERDUE_BG,
    WARN_MARK,
    Panel,
    VitalSpin,
    fmt_time,
    run_action,
)

HEADERS = ["Checkpoint", "Due", "Status", "BP", "HR", "SpO2", "RR", "MOAA/S", "Dissociation", "Recorded by"]
UNSCHEDULED = -1


def _status(cp, zone) -> str:  # noqa: ANN001
    if cp.measured_at is not None:
        return f"✔ {fmt_time(cp.measured_at, zone)}"
    if cp.overdue:
        return f"{WARN_MARK} OVERDUE"
    return "pending"


class CheckpointsPanel(Panel):
    def __init__(self, ui, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ui, parent)
        self._shown_id: int | None = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("checkpoint_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        box = QGroupBox("Record a checkpoint")
        form = QFormLayout(box)
        self.target = QComboBox()
        form.addRow("Checkpoint:", self.target)
        bp = QHBoxLayout()
        self.sbp, self.dbp = VitalSpin("systolic"), VitalSpin("diastolic")
        self.hr, self.spo2 = VitalSpin("heart_rate"), VitalSpin("spo2")
        self.rr, self.moaas = VitalSpin("respiratory_rate"), VitalSpin("moaas")
        self.cadss = VitalSpin("cadss")
        for label, widget in (("BP", self.sbp), ("/", self.dbp), ("HR", self.hr), ("SpO2 %", self.spo2),
                              ("RR", self.rr)):
            bp.addWidget(QLabel(label))
            bp.addWidget(widget)
        bp.addStretch(1)
        form.addRow("Vitals:", bp)
        sed = QHBoxLayout()
        sed.addWidget(QLabel("MOAA/S (0–5)"))
        sed.addWidget(self.moaas)
        self.dissociation = QComboBox()
        self.dissociation.addItem("— not rated —", None)
        for level in Dissociation:
            self.dissociation.addItem(level.value, level)
        sed.addWidget(QLabel("Dissociation"))
        sed.addWidget(self.dissociation)
        sed.addWidget(QLabel("CADSS (optional, 0–92)"))
        sed.addWidget(self.cadss)
        self.nausea, self.vomiting = QCheckBox("Nausea"), QCheckBox("Vomiting")
        sed.addWidget(self.nausea)
        sed.addWidget(self.vomiting)
        sed.addStretch(1)
        form.addRow("Sedation:", sed)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Free note (optional)")
        form.addRow("Note:", self.note)
        self.record_button = QPushButton("Record checkpoint (Ctrl+Enter)")
        self.record_button.clicked.connect(self.record)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.record)
        form.addRow(self.record_button)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        form.addRow(self.result_label)
        layout.addWidget(box)

    def show_view(self, view) -> None:  # noqa: ANN001
        super().show_view(view)
        zone = self.zone
        flagged: dict[int, int] = {}
        for alert in view.alerts:
            if alert.checkpoint_id is not None and alert.kind != "overdue":
                flagged[alert.checkpoint_id] = flagged.get(alert.checkpoint_id, 0) + 1
        self.table.setRowCount(len(view.checkpoints))
        for r, cp in enumerate(view.checkpoints):
            bp = f"{cp.systolic}/{cp.diastolic}" if cp.systolic is not None else (
                "required" if cp.bp_required and cp.measured_at is None else "")
            status = _status(cp, zone)
            if cp.id in flagged:
                status += f" {WARN_MARK} {flagged[cp.id]} alert{'s' if flagged[cp.id] > 1 else ''}"
            values = [cp.label + (" (BP)" if cp.bp_required else ""), fmt_time(cp.due_at, zone),
                      status, bp, _s(cp.heart_rate), _s(cp.spo2), _s(cp.respiratory_rate),
                      _s(cp.moaas), cp.dissociation or "", cp.recorded_by]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if cp.overdue:
                    item.setBackground(QBrush(QColor(OVERDUE_BG)))
                elif cp.id in flagged:
                    item.setBackground(QBrush(QColor(ALERT_BG)))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        same_session = self._shown_id == view.id
        self._shown_id = view.id
        keep = self.target.currentData() if same_session else None
        self.target.clear()
        for cp in view.checkpoints:
            if cp.offset_minutes is not None and cp.measured_at is None:
                mark = f" {WARN_MARK} overdue" if cp.overdue else ""
                req = ", BP required" if cp.bp_required else ""
                self.target.addItem(f"{cp.label} (due {fmt_time(cp.due_at, zone)}{req}){mark}", cp.id)
        self.target.addItem("Unscheduled checkpoint", UNSCHEDULED)
        index = self.target.findData(keep) if keep is not None else -1
        self.target.setCurrentIndex(max(index, 0))
        self.record_button.setEnabled(view.status == SessionStatus.MONITORING and not view.locked)

    def reading(self) -> Reading:
        return Reading(systolic=self.sbp.value(), diastolic=self.dbp.value(), heart_rate=self.hr.value(),
                       spo2=self.spo2.value(), respiratory_rate=self.rr.value(), moaas=self.moaas.value(),
                       dissociation=self.dissociation.currentData(), cadss=self.cadss.value())

    def clear_entry(self) -> None:
        for spin in (self.sbp, self.dbp, self.hr, self.spo2, self.rr, self.moaas, self.cadss):
            spin.set_value(None)
        self.dissociation.setCurrentIndex(0)
        self.nausea.setChecked(False)
        self.vomiting.setChecked(False)
        self.note.clear()

    def record(self) -> None:
        if self.view is None or not self.record_button.isEnabled():
            return
        target = self.target.currentData()
        reading = self.reading()
        service = self.ui.services.monitoring
        result = run_action(self.ui, self, "Record checkpoint", lambda: service.record_checkpoint(
            self.actor, self.view.id, reading, checkpoint_id=None if target == UNSCHEDULED else target,
            nausea=self.nausea.isChecked(), vomiting=self.vomiting.isChecked(), note=self.note.text()),
            "Checkpoint saved")
        if result:
            self.clear_entry()
            if result.alerts:
                self.result_label.setText(
                    f"<b style='color:#9b1c1c'>{WARN_MARK} Alerts raised — add an action note on the "
                    "Alerts step:</b><br>" + "<br>".join(result.alerts))
            else:
                self.result_label.setText("✔ Checkpoint saved — no alerts.")


def _s(value: int | None) -> str:
    return "" if value is None else str(value)
