"""Alerts and adverse events step: action notes for every alert, adverse-event entry."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import Severity
from aurora_desktop.services.session_day.monitoring import ADVERSE_EVENT_TYPES
from aurora_desktop.ui.session.common import ALERT_BG, WARN_MARK, Panel, fmt_time, heading, run_action

ALERT_HEADERS = ["Raised", "Alert", "Action note", "By"]
AE_HEADERS = ["Onset", "Event", "Severity", "Serious", "Action taken", "Outcome"]


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class AlertsPanel(Panel):
    def __init__(self, ui, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Alerts — each needs an action note before discharge"))
        self.alerts = _table(ALERT_HEADERS)
        self.alerts.setObjectName("alerts_table")
        layout.addWidget(self.alerts, 1)
        row = QHBoxLayout()
        self.action_note = QLineEdit()
        self.action_note.setPlaceholderText(
            "Action taken for the selected alert (e.g. repositioned, O2 applied, prescriber informed)")
        self.action_button = QPushButton("Save action note")
        self.action_button.clicked.connect(self.save_action)
        self.all_button = QPushButton("Apply to all open alerts")
        self.all_button.clicked.connect(self.save_action_all)
        row.addWidget(self.action_note, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.all_button)
        layout.addLayout(row)
        layout.addWidget(heading("Adverse events"))
        self.events = _table(AE_HEADERS)
        layout.addWidget(self.events, 1)
        box = QGroupBox("Record an adverse event")
        form = QFormLayout(box)
        self.ae_type = QComboBox()
        self.ae_type.addItems(list(ADVERSE_EVENT_TYPES))
        self.severity = QComboBox()
        for level in Severity:
            self.severity.addItem(level.value, level)
        self.serious = QCheckBox("Serious adverse event")
        self.onset = QTimeEdit()
        self.onset.setDisplayFormat("hh:mm AP")
        top = QHBoxLayout()
        for w in (self.ae_type, self.severity, self.serious):
            top.addWidget(w)
        top.addWidget(self.onset)
        top.addStretch(1)
        form.addRow("Event:", top)
        self.description = QLineEdit()
        self.description.setPlaceholderText("Description (required for 'other')")
        self.action_taken = QLineEdit()
        self.outcome = QLineEdit()
        self.outcome.setMaxLength(200)
        form.addRow("Description:", self.description)
        form.addRow("Action taken:", self.action_taken)
        form.addRow("Outcome:", self.outcome)
        self.ae_button = QPushButton("Record adverse event")
        self.ae_button.clicked.connect(self.record_event)
        form.addRow(self.ae_button)
        layout.addWidget(box)

    def show_view(self, view) -> None:  # noqa: ANN001
        super().show_view(view)
        zone = self.zone
        self.alerts.setRowCount(len(view.alerts))
        for r, a in enumerate(view.alerts):
            open_ = a.action_note is None
            values = [fmt_time(a.raised_at, zone), (f"{WARN_MARK} " if open_ else "✔ ") + a.detail,
                      a.action_note or "— needs an action note —", a.action_by]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if open_:
                    item.setBackground(QBrush(QColor(ALERT_BG)))
                self.alerts.setItem(r, c, item)
        self.alerts.resizeColumnsToContents()
        self.events.setRowCount(len(view.adverse_events))
        for r, e in enumerate(view.adverse_events):
            what = e.event_type + (f": {e.description}" if e.description else "")
            values = [fmt_time(e.onset_at, zone), what, e.severity, "yes" if e.serious else "no",
                      e.action_taken, e.outcome]
            for c, value in enumerate(values):
                self.events.setItem(r, c, QTableWidgetItem(value))
        self.events.resizeColumnsToContents()
        editable = not view.locked
        for w in (self.action_button, self.all_button, self.ae_button):
            w.setEnabled(editable)
        local = self.ui.clock.now().astimezone(zone)
        self.onset.setTime(QTime(local.hour, local.minute))

    def _open_alerts(self) -> list:
        return [a for a in self.view.alerts if a.action_note is None] if self.view else []

    def save_action(self) -> None:
        rows = self.alerts.selectionModel().selectedRows()
        if not rows:
            open_alerts = self._open_alerts()
            if not open_alerts:
                self.ui.dialogs.error(self, "Action note", "There is no alert awaiting an action note.")
                return
            alert = open_alerts[0]
        else:
            alert = self.view.alerts[rows[0].row()]
        note = self.action_note.text()
        if run_action(self.ui, self, "Action note", lambda: self.ui.services.monitoring.record_alert_action(
                self.actor, alert.id, note, alert.version), "Action note saved"):
            self.action_note.clear()

    def save_action_all(self) -> None:
        note = self.action_note.text()
        alerts = self._open_alerts()
        for alert in alerts:
            if not run_action(self.ui, self, "Action note", lambda a=alert: self.ui.services.monitoring
                              .record_alert_action(self.actor, a.id, note, a.version)):
                return
        if alerts:
            self.action_note.clear()

    def _onset(self) -> datetime:
        local = self.ui.clock.now().astimezone(self.zone)
        t = self.onset.time()
        return local.replace(hour=t.hour(), minute=t.minute(), second=0, microsecond=0)

    def record_event(self) -> None:
        args = dict(event_type=self.ae_type.currentText(), severity=self.severity.currentData(),
                    serious=self.serious.isChecked(), onset_at=self._onset(),
                    action_taken=self.action_taken.text(), outcome=self.outcome.text(),
                    description=self.description.text())
        service = self.ui.services.monitoring
        if run_action(self.ui, self, "Adverse event", lambda: service.record_adverse_event(
                self.actor, self.view.id, **args), "Adverse event recorded"):
            for w in (self.description, self.action_taken, self.outcome):
                w.clear()
            self.serious.setChecked(False)
