"""Roster editor: who is on site at this clinic during the week (administrators edit)."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.booking_rules import fmt_date, fmt_time
from aurora_desktop.domain.errors import AuroraError, WarningsNeedAcknowledgement
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.services.permissions import Op, allowed
from aurora_desktop.services.scheduling_models import ShiftView
from aurora_desktop.ui.schedule.booking_dialog import acknowledge, reasons_text
from aurora_desktop.ui.schedule.status_style import combo_index
from aurora_desktop.ui.schedule.week_view import week_start
from aurora_desktop.ui.ui_context import UiContext


def _time_combo(default: time) -> QComboBox:
    combo = QComboBox()
    for minutes in range(6 * 60, 22 * 60 + 1, 30):
        at = time(minutes // 60, minutes % 60)
        combo.addItem(fmt_time(at), at)
    combo.setCurrentIndex(combo_index(combo, default))
    return combo


class RosterDialog(QDialog):
    def __init__(self, ui: UiContext, clinic: ClinicView, day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.clinic = ui, clinic
        self.first = week_start(day)
        self.shifts: list[ShiftView] = []
        actor = ui.require_actor()
        self.can_edit = allowed(actor, Op.MANAGE_ROSTER)
        self.setWindowTitle(f"Roster — {clinic.name}")
        self.setMinimumSize(820, 480)
        layout = QVBoxLayout(self)
        nav = QHBoxLayout()
        self.title = QLabel()
        nav.addWidget(self.title, 1)
        for text, step in (("◀ Previous week", -7), ("Next week ▶", 7)):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=step: self.move(s))
            nav.addWidget(button)
        layout.addLayout(nav)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Day", "From", "To", "Who", "Note"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        add = QHBoxLayout()
        self.person = QComboBox()
        for person in ui.services.roster.people(actor):
            self.person.addItem(f"{person.full_name} ({', '.join(person.roles)})", person.id)
        self.date = QDateEdit(QDate(day.year, day.month, day.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MM/dd/yyyy")
        self.start = _time_combo(time(7, 30))
        self.end = _time_combo(time(18, 30))
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note")
        self.add_button = QPushButton("Add shift")
        self.add_button.clicked.connect(self.add_shift)
        self.delete_button = QPushButton("Delete selected")
        self.delete_button.clicked.connect(self.delete_selected)
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.note.setMinimumWidth(160)
        second = QHBoxLayout()
        add.addWidget(QLabel("Who"))
        add.addWidget(self.person)
        add.addStretch(1)
        for label, widget in (("Day", self.date), ("From", self.start), ("To", self.end)):
            second.addWidget(QLabel(label))
            second.addWidget(widget)
        second.addWidget(self.note, 1)
        second.addWidget(self.add_button)
        second.addWidget(self.delete_button)
        for widget in (self.person, self.date, self.start, self.end, self.note,
                       self.add_button, self.delete_button):
            widget.setEnabled(self.can_edit)
        layout.addLayout(add)
        layout.addLayout(second)
        self.error = QLabel("" if self.can_edit else "Read only: administrators edit the roster.")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        layout.addWidget(self.error)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    def move(self, days: int) -> None:
        self.first += timedelta(days=days)
        self.refresh()

    def refresh(self) -> None:
        self.shifts = self.ui.services.roster.shifts(self.ui.require_actor(), self.clinic.id,
                                                     self.first, 7)
        last = self.first + timedelta(days=6)
        self.title.setText(f"{self.clinic.code} on-site staff, {fmt_date(self.first)} – "
                           f"{fmt_date(last)}" + ("" if self.shifts else " — nobody rostered yet"))
        self.table.setRowCount(len(self.shifts))
        for i, s in enumerate(self.shifts):
            values = [f"{s.local_start.strftime('%a')} {fmt_date(s.local_start)}",
                      fmt_time(s.local_start), fmt_time(s.local_end),
                      f"{s.staff_name} ({', '.join(s.staff_roles)})", s.note]
            for col, value in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def add_shift(self) -> None:
        q = self.date.date()
        try:
            self.ui.services.roster.add_shift(
                self.ui.require_actor(), staff_id=self.person.currentData(),
                clinic_id=self.clinic.id, day=date(q.year(), q.month(), q.day()),
                start_time=self.start.currentData(), end_time=self.end.currentData(),
                note=self.note.text())
        except AuroraError as exc:
            self.error.setText(reasons_text(exc))
            return
        self.error.setText("")
        self.ui.events.staff_changed.emit()
        self.refresh()

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.error.setText("Select a shift first.")
            return
        shift = self.shifts[rows[0].row()]
        try:
            self.ui.services.roster.delete_shift(self.ui.require_actor(), shift.id, shift.version)
        except WarningsNeedAcknowledgement as exc:
            if not acknowledge(self.ui, self, "Delete shift", exc.warnings):
                self.error.setText("Shift kept.")
                return
            try:
                self.ui.services.roster.delete_shift(self.ui.require_actor(), shift.id,
                                                     shift.version, exc.warnings)
            except AuroraError as again:
                self.error.setText(reasons_text(again))
                return
        except AuroraError as exc:
            self.error.setText(reasons_text(exc))
            return
        self.ui.events.staff_changed.emit()
        self.refresh()
