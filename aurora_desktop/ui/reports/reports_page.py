"""The Reports page: choose a document, clinic, date or patient; preview, print, save, batch export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.reports import jobs
from aurora_desktop.reports.formatting import fmt_date, fmt_time, label
from aurora_desktop.ui.reports.batch_export import BatchExportDialog, BatchExportTask, BatchPlan
from aurora_desktop.ui.reports.report_actions import JobFactory, ReportActions
from aurora_desktop.ui.ui_context import UiContext

# key, title, what it needs ("session", "patient", "date")
DOCUMENTS = [
    ("session_log", "Session log", "session"),
    ("day_log", "Day log", "date"),
    ("patient_history", "Patient treatment history", "patient"),
    ("forms_due", "REMS monitoring forms due / overdue", "date"),
    ("reminder_list", "Front-desk reminder list", "date"),
    ("day_sheet", "Day sheet (chairs × times)", "date"),
]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setCalendarPopup(True)
    return edit


class ReportsPage(QWidget):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.actions = ReportActions(ui, self)
        self.batch_dialog: BatchExportDialog | None = None
        self.clinics = ui.services.clinics.list_clinics()
        today = self._today()
        root = QVBoxLayout(self)
        heading = QLabel("Reports")
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        root.addWidget(heading)
        root.addWidget(QLabel("Every preview, print and saved PDF is recorded in the audit trail."))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.document = QComboBox()
        for key, title, _ in DOCUMENTS:
            self.document.addItem(title, key)
        self.clinic = QComboBox()
        for clinic in self.clinics:
            self.clinic.addItem(f"{clinic.name} ({clinic.code})", clinic.id)
        self.day = _date_edit(today)
        self.patient_query = QLineEdit()
        self.patient_query.setMinimumWidth(380)
        self.document.setMinimumWidth(380)
        self.clinic.setMinimumWidth(380)
        self.patient_query.setPlaceholderText("Name, MRN, date of birth (MM/DD/YYYY) or phone")
        form.addRow("&Document:", self.document)
        form.addRow("C&linic:", self.clinic)
        form.addRow("D&ate:", self.day)
        form.addRow("&Patient:", self.patient_query)
        root.addLayout(form)

        self.list_label = QLabel()
        self.list_label.setStyleSheet("font-weight: 600;")
        self.choices = QTreeWidget()
        self.choices.setObjectName("report_choices")
        self.choices.setRootIsDecorated(False)
        self.choices.setAlternatingRowColors(True)
        self.choices.setUniformRowHeights(True)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #4a5566; padding: 12px;")
        root.addWidget(self.list_label)
        root.addWidget(self.choices, 1)
        root.addWidget(self.empty_label)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setToolTip("Preview the document (Ctrl+Shift+P)")
        self.print_button = QPushButton("P&rint…")
        self.print_button.setToolTip("Print with the print dialog (Ctrl+P)")
        self.save_button = QPushButton("&Save PDF…")
        self.save_button.setToolTip("Save as a PDF file (Ctrl+S)")
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        root.addLayout(buttons)

        batch = QGroupBox("Batch export: every session log of a clinic and date range, plus day logs")
        batch_row = QHBoxLayout(batch)
        self.batch_from = _date_edit(today)
        self.batch_to = _date_edit(today)
        self.batch_button = QPushButton("&Batch export…")
        self.batch_button.setToolTip("Export into a folder in the background (Ctrl+E)")
        for widget in (QLabel("From:"), self.batch_from, QLabel("To:"), self.batch_to,
                       self.batch_button):
            batch_row.addWidget(widget)
        batch_row.addStretch(1)
        root.addWidget(batch)

        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save)
        self.batch_button.clicked.connect(self.batch_export)
        self.document.currentIndexChanged.connect(self.refresh)
        self.clinic.currentIndexChanged.connect(self.refresh)
        self.day.dateChanged.connect(self.refresh)
        self.patient_query.returnPressed.connect(self.refresh)
        self.patient_query.textChanged.connect(self._patient_typed)
        self.choices.itemSelectionChanged.connect(self._update_buttons)
        self.choices.itemDoubleClicked.connect(lambda *_: self.preview())
        for keys, slot in (("Ctrl+Shift+P", self.preview), ("Ctrl+P", self.print_),
                           ("Ctrl+S", self.save), ("Ctrl+E", self.batch_export)):
            QShortcut(QKeySequence(keys), self, activated=slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ui.events.clinic_changed.connect(self.select_clinic)
        ui.events.sessions_changed.connect(self.refresh)
        ui.events.user_changed.connect(self.refresh)
        if ui.clinic_id is not None:
            self.select_clinic(ui.clinic_id)
        self.refresh()

    # state ------------------------------------------------------------------------
    def _today(self) -> date:
        zone = ZoneInfo(self.clinics[0].time_zone if self.clinics else "America/New_York")
        return self.ui.clock.now().astimezone(zone).date()

    def needs(self) -> str:
        return DOCUMENTS[self.document.currentIndex()][2]

    def document_key(self) -> str:
        return self.document.currentData()

    def clinic_id(self) -> int:
        return int(self.clinic.currentData())

    def select_clinic(self, clinic_id: int) -> None:
        index = self.clinic.findData(clinic_id)
        if index >= 0:
            self.clinic.setCurrentIndex(index)

    def select_document(self, key: str) -> None:
        self.document.setCurrentIndex(self.document.findData(key))

    def _patient_typed(self, text: str) -> None:
        if self.needs() == "patient" and (len(text.strip()) >= 2 or not text.strip()):
            self.refresh()

    def refresh(self) -> None:
        """Fill the list the chosen document needs (sessions of the day or matching patients)."""
        needs = self.needs()
        self.patient_query.setEnabled(needs == "patient")
        self.day.setEnabled(needs != "patient")
        self.choices.clear()
        self.empty_label.hide()
        self.choices.setVisible(needs != "date")
        self.list_label.setVisible(needs != "date")
        if self.ui.actor is None:
            self._show_empty("Sign in to choose a session or a patient.")
            self._update_buttons()
            return
        try:
            if needs == "session":
                self._fill_sessions()
            elif needs == "patient":
                self._fill_patients()
        except AuroraError as exc:
            self._show_empty(str(exc))
        self._update_buttons()

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.show()

    def _fill_sessions(self) -> None:
        day = _pydate(self.day.date())
        self.list_label.setText(f"Sessions on {fmt_date(day)} — choose one")
        rows = self.ui.services.session_queries.sessions_for_days(
            self.ui.require_actor(), self.clinic_id(), day)
        zone = ZoneInfo(self.clinics[self.clinic.currentIndex()].time_zone)
        self._columns(["Time", "Chair", "Patient", "MRN", "Status", "Dose"])
        for row in rows:
            dose = row.dose_mg or row.planned_dose_mg
            self._add([fmt_time(row.scheduled_start, zone), row.chair_label, row.patient_name,
                       row.patient_mrn, label(row.status), f"{dose} mg" if dose else "—"], row.id)
        self._fit_columns()
        if rows:
            self.choices.setCurrentItem(self.choices.topLevelItem(0))
        else:
            self._show_empty(f"No sessions at this clinic on {fmt_date(day)}. Choose another date "
                             "or clinic.")

    def _fill_patients(self) -> None:
        self.list_label.setText("Matching patients — choose one")
        query = self.patient_query.text().strip()
        if len(query) < 2:
            self._show_empty("Type at least two letters of a name, an MRN, a date of birth or a "
                             "phone number, then choose the patient.")
            return
        hits = self.ui.services.patient_search.search(self.ui.require_actor(), query, limit=50)
        self._columns(["Patient", "MRN", "Date of birth", "Phone", "REMS"])
        for hit in hits:
            self._add([hit.display_name, hit.mrn, fmt_date(hit.date_of_birth), hit.phone or "—",
                       "enrolled" if hit.rems_enrolled else "NOT enrolled"], hit.id)
        self._fit_columns()
        if hits:
            self.choices.setCurrentItem(self.choices.topLevelItem(0))
        else:
            self._show_empty(f"No patient matches “{query}”.")

    def _columns(self, names: list[str]) -> None:
        self.choices.setColumnCount(len(names))
        self.choices.setHeaderLabels(names)

    def _add(self, values: list[str], key: int) -> None:
        item = QTreeWidgetItem(values)
        item.setData(0, Qt.ItemDataRole.UserRole, key)
        self.choices.addTopLevelItem(item)

    def _fit_columns(self) -> None:
        for column in range(self.choices.columnCount()):
            self.choices.resizeColumnToContents(column)
            self.choices.setColumnWidth(column, self.choices.columnWidth(column) + 18)

    def _selected_id(self) -> int | None:
        item = self.choices.currentItem()
        return None if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        ready = self.ui.actor is not None and (self.needs() == "date"
                                               or self._selected_id() is not None)
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(ready)

    # actions ----------------------------------------------------------------------
    def job_factory(self) -> JobFactory | None:
        """How to build the chosen document (None if a session/patient must be chosen first)."""
        if self.ui.actor is None:
            return None
        services, actor = self.ui.services, self.ui.require_actor()
        key, clinic, day = self.document_key(), self.clinic_id(), _pydate(self.day.date())
        chosen = self._selected_id()
        if self.needs() != "date" and chosen is None:
            return None
        return {
            "session_log": lambda: jobs.session_log_job(services, actor, chosen),
            "patient_history": lambda: jobs.patient_history_job(services, actor, patient_id=chosen),
            "day_log": lambda: jobs.day_log_job(services, actor, clinic, day),
            "forms_due": lambda: jobs.forms_due_job(services, actor, clinic, day),
            "reminder_list": lambda: jobs.reminder_list_job(services, actor, clinic, day),
            "day_sheet": lambda: jobs.day_sheet_job(services, actor, clinic, day),
        }[key]

    def preview(self) -> None:
        factory = self.job_factory()
        if factory is not None:
            self.actions.preview(factory)

    def print_(self) -> None:
        factory = self.job_factory()
        if factory is not None:
            self.actions.print_job(factory)

    def save(self) -> None:
        factory = self.job_factory()
        if factory is not None:
            self.actions.save(factory)

    def batch_plan(self, folder: str) -> BatchPlan | None:
        first, last = _pydate(self.batch_from.date()), _pydate(self.batch_to.date())
        try:
            items = self.ui.services.reports.batch_items(self.ui.require_actor(), self.clinic_id(),
                                                         first, last)
        except AuroraError as exc:
            self.ui.dialogs.error(self, "Batch export", str(exc))
            return None
        return BatchPlan(self.clinic_id(), first, last, Path(folder), tuple(items))

    def batch_export(self, folder: str | None = None, confirm: bool = True) -> BatchExportDialog | None:
        if self.ui.actor is None:
            return None
        folder = folder or self.ui.dialogs.choose_folder(self, "Export session logs into folder")
        if not folder:
            return None
        plan = self.batch_plan(folder)
        if plan is None:
            return None
        if not plan.items:
            self.ui.dialogs.info(self, "Batch export", "No sessions at this clinic in that date range.")
            return None
        if confirm and not self.ui.dialogs.confirm(
            self, "Batch export",
            f"Export {len(plan.items)} session log(s) and {len(plan.days)} day log(s) from "
            f"{fmt_date(plan.first_day)} to {fmt_date(plan.last_day)} into\n{folder}?",
        ):
            return None
        task = BatchExportTask(self.ui.services, self.ui.require_actor(), plan)
        dialog = BatchExportDialog(task, self)
        dialog.done.connect(self._batch_done)
        self.batch_dialog = dialog
        self.batch_button.setEnabled(False)
        dialog.start()
        return dialog

    def _batch_done(self, result: object) -> None:
        self.batch_button.setEnabled(True)
        written = len(result.written)
        if result.error:
            self.ui.dialogs.error(self, "Batch export", f"Stopped after {written} file(s): "
                                                       f"{result.error}")
        elif result.cancelled:
            self.ui.dialogs.info(self, "Batch export", f"Cancelled: {written} complete file(s) "
                                                      "were written; no partial files were left.")
        else:
            self.ui.events.status_message.emit(f"Batch export finished: {written} file(s)")
