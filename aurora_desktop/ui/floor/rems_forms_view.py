"""The REMS Patient Monitoring Form tracker: due, overdue and submitted forms of one clinic."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.session_day.rems_forms import FormRow
from aurora_desktop.ui.session.common import OVERDUE_BG, WARN_MARK, fmt_date, heading, run_action
from aurora_desktop.ui.ui_context import UiContext

HEADERS = ["Status", "Patient", "Treatment date", "Due", "Submitted", "Confirmation", "By"]


class RemsFormsView(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.rows: list[FormRow] = []
        self.zone = ZoneInfo("America/New_York")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("REMS Patient Monitoring Forms — submit within 7 days of the session"))
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        form = QHBoxLayout()
        form.addWidget(QLabel("Submitted on:"))
        self.submitted_on = QDateEdit()
        self.submitted_on.setDisplayFormat("MM/dd/yyyy")
        self.submitted_on.setCalendarPopup(True)
        form.addWidget(self.submitted_on)
        form.addWidget(QLabel("Confirmation:"))
        self.confirmation = QLineEdit()
        self.confirmation.setMaxLength(80)
        self.confirmation.setPlaceholderText("REMS confirmation or fax reference")
        form.addWidget(self.confirmation, 1)
        self.submit_button = QPushButton("Mark submitted")
        self.submit_button.clicked.connect(self.mark_submitted)
        form.addWidget(self.submit_button)
        layout.addLayout(form)

    def refresh(self) -> None:
        if self.ui.actor is None or self.ui.clinic_id is None:
            return
        selected = self.selected_form()
        try:
            self.rows = self.ui.services.rems_forms.list_forms(self.ui.actor, self.ui.clinic_id)
        except AuroraError as exc:
            self.summary.setText(str(exc))
            return
        today = self.ui.clock.now().astimezone(self.zone).date()
        self.submitted_on.setDate(today)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            status = {"overdue": f"{WARN_MARK} OVERDUE ({-row.days_left} days)",
                      "due": f"due in {row.days_left} days", "submitted": "✔ submitted"}[row.state]
            values = [status, row.patient_name, fmt_date(row.treatment_date), fmt_date(row.due_on),
                      fmt_date(row.submitted_on), row.confirmation, row.submitted_by]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.state == "overdue":
                    item.setBackground(QBrush(QColor(OVERDUE_BG)))
                self.table.setItem(r, c, item)
            if selected is not None and row.id == selected.id:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        counts = {s: sum(1 for r in self.rows if r.state == s) for s in ("overdue", "due", "submitted")}
        self.summary.setText(f"{counts['overdue']} overdue · {counts['due']} due · "
                             f"{counts['submitted']} submitted" if self.rows else
                             "No forms yet: each discharged session adds one, due 7 days later.")

    def selected_form(self) -> FormRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def mark_submitted(self) -> None:
        form = self.selected_form()
        if form is None or self.ui.actor is None:
            self.ui.dialogs.error(self, "Mark submitted", "Select a form in the list first.")
            return
        qd = self.submitted_on.date()
        when = date(qd.year(), qd.month(), qd.day())
        if run_action(self.ui, self, "Mark submitted", lambda: self.ui.services.rems_forms.mark_submitted(
                self.ui.actor, form.id, submitted_on=when, confirmation=self.confirmation.text(),
                version=form.version), "REMS form marked submitted"):
            self.confirmation.clear()
            self.refresh()
