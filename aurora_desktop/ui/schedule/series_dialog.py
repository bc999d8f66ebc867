"""Book a whole series (induction twice weekly x 4 weeks, or maintenance) all-or-nothing.

Conflicting slots come back with the nearest free alternatives before anything is saved.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.booking_rules import (
    WEEKDAY_NAMES,
    fmt_date,
    fmt_time,
    induction_dates,
    maintenance_dates,
)
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.services.scheduling_models import SeriesResult, SeriesSlot, SlotProposal
from aurora_desktop.ui.schedule.booking_dialog import PatientPicker
from aurora_desktop.ui.schedule.form_rows import (
    chair_combo,
    date_edit,
    error_label,
    ride_rows,
    save_acknowledging,
)
from aurora_desktop.ui.schedule.status_style import combo_index
from aurora_desktop.ui.ui_context import UiContext

INDUCTION, WEEKLY, BIWEEKLY = "induction", "weekly", "biweekly"
KEEP = "keep (cannot book)"


class SeriesDialog(QDialog):
    def __init__(self, ui: UiContext, clinic: ClinicView, day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui, self.clinic = ui, clinic
        self.slots: list[SeriesSlot] = []
        self.proposals: dict[int, SlotProposal] = {}
        self.checked = False
        self.saved: SeriesResult | None = None
        self.setWindowTitle(f"Book a series — {clinic.name}")
        self.setMinimumSize(760, 600)
        form = QFormLayout()
        self.patient = PatientPicker(ui)
        form.addRow("Patient", self.patient)
        self.kind = QComboBox()
        self.kind.addItem("Induction: twice weekly for 4 weeks (8 sessions)", INDUCTION)
        self.kind.addItem("Maintenance: once weekly", WEEKLY)
        self.kind.addItem("Maintenance: every 2 weeks", BIWEEKLY)
        form.addRow("Series", self.kind)
        days = QHBoxLayout()
        self.weekday_boxes = []
        for i, name in enumerate(WEEKDAY_NAMES[:6]):
            box = QCheckBox(name[:3])
            box.setChecked(i in (0, 3))
            self.weekday_boxes.append(box)
            days.addWidget(box)
        form.addRow("Weekdays", days)
        self.first = date_edit(day)
        form.addRow("First date", self.first)
        self.time = QComboBox()
        for minutes in range(7 * 60, 17 * 60 + 1, 15):
            at = time(minutes // 60, minutes % 60)
            self.time.addItem(fmt_time(at), at)
        self.time.setCurrentIndex(combo_index(self.time, time(10)))
        form.addRow("Start time", self.time)
        self.chair = chair_combo(clinic)
        form.addRow("Chair", self.chair)
        self.count = QSpinBox()
        self.count.setRange(1, 26)
        self.count.setValue(4)
        form.addRow("Sessions (maintenance)", self.count)
        self.driver_name, self.driver_phone = ride_rows(form)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Requested", "Status", "Use instead"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.error = error_label()
        preview = QPushButton("Preview dates")
        preview.clicked.connect(self.preview)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.book_button = buttons.addButton("Check and book all",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(preview)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    # slots ------------------------------------------------------------------------------
    def weekdays(self) -> list[int]:
        return [i for i, box in enumerate(self.weekday_boxes) if box.isChecked()]

    def generate(self) -> list[SeriesSlot]:
        q = self.first.date()
        first = date(q.year(), q.month(), q.day())
        kind, days = self.kind.currentData(), self.weekdays()
        if kind == INDUCTION:
            dates = induction_dates(first, days)
        else:
            if len(days) != 1:
                raise AuroraError("maintenance: choose exactly one weekday")
            dates = maintenance_dates(first, days[0], self.count.value(),
                                      1 if kind == WEEKLY else 2)
        return [SeriesSlot(d, self.time.currentData(), self.chair.currentData()) for d in dates]

    def preview(self) -> None:
        try:
            self.slots = self.generate()
        except AuroraError as exc:
            self.error.setText(str(exc))
            return
        self.proposals = {}
        self.checked = False
        self.error.setText("")
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.slots))
        labels = {c.id: c.label for c in self.clinic.chairs}
        for i, slot in enumerate(self.slots):
            chair = labels.get(slot.chair_id, "any free chair")
            when = f"{slot.day.strftime('%a')} {fmt_date(slot.day)} {fmt_time(slot.start_time)} · {chair}"
            self.table.setItem(i, 0, QTableWidgetItem(when))
            proposal = self.proposals.get(i)
            if proposal is not None:
                status = "⚠ " + "; ".join(proposal.reasons)
            else:
                status = "✔ free" if self.checked else "not checked yet"
            item = QTableWidgetItem(status)
            item.setToolTip(status)
            self.table.setItem(i, 1, item)
            self.table.removeCellWidget(i, 2)
            if proposal is not None:
                combo = QComboBox()
                for alt in proposal.alternatives:
                    combo.addItem(f"{alt.day.strftime('%a')} {fmt_date(alt.day)} "
                                  f"{fmt_time(alt.start_time)} · {alt.chair_label}", alt)
                combo.addItem(KEEP, None)
                self.table.setCellWidget(i, 2, combo)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self.table.resizeRowsToContents()

    def choose_alternatives(self) -> None:
        """Replace each conflicting slot by the alternative picked in its row."""
        for i in list(self.proposals):
            combo = self.table.cellWidget(i, 2)
            alt = combo.currentData() if isinstance(combo, QComboBox) else None
            if alt is not None:
                self.slots[i] = SeriesSlot(alt.day, alt.start_time, alt.chair_id)

    # booking ----------------------------------------------------------------------------
    def submit(self) -> None:
        patient_id = self.patient.patient_id()
        if patient_id is None:
            self.error.setText("Choose the patient first.")
            return
        if not self.slots:
            self.preview()
            if not self.slots:
                return
        self.choose_alternatives()
        result = save_acknowledging(
            self.ui, self, "Series warnings", self.error,
            "Nothing booked: the warnings were not acknowledged.",
            lambda acknowledged: self.ui.services.scheduling.book_series(
                self.ui.require_actor(), patient_id=patient_id, clinic_id=self.clinic.id,
                slots=self.slots, ride_driver_name=self.driver_name.text(),
                ride_driver_phone=self.driver_phone.text(), acknowledged=acknowledged))
        if result is None:
            return
        if not result.saved:
            self.proposals = {p.index: p for p in result.proposals}
            self.checked = True
            self._fill_table()
            self.error.setText(f"Nothing saved yet: {len(result.proposals)} date(s) cannot be "
                               "booked. Pick an alternative in 'Use instead', then book again.")
            return
        self.saved = result
        self.ui.events.status_message.emit(f"Series booked: {len(result.session_ids)} sessions")
        self.ui.events.sessions_changed.emit()
        self.accept()
