"""The Patients page: search-as-you-type (debounced) with a results table; Enter or
double-click opens the chart in the same page (stacked view, Esc goes back)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.patient_search import PatientHit
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.chart_view import ChartView
from aurora_desktop.ui.patients.formatting import (
    ENROLLED,
    FLAG_RED,
    NOT_ENROLLED,
    OK_GREEN,
    denied_tip,
    fmt_date,
    may,
)
from aurora_desktop.ui.patients.table_model import Row, RowsModel, rows_table
from aurora_desktop.ui.ui_context import UiContext
from aurora_desktop.ui.widgets.empty_state import EmptyState

DEBOUNCE_MS = 150
HEADERS = ["Name", "Date of birth", "MRN", "Phone", "REMS status"]
COL_REMS = 4


def hit_row(hit: PatientHit) -> Row:
    rems = ENROLLED if hit.rems_enrolled else f"⚠ {NOT_ENROLLED}"
    return Row((hit.display_name, fmt_date(hit.date_of_birth), hit.mrn, hit.phone, rems), hit.id,
               {COL_REMS: OK_GREEN if hit.rems_enrolled else FLAG_RED})


class PatientsPage(QStackedWidget):
    """Search (index 0) and the chart (index 1)."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.searches = 0  # service calls made, for tests of the debounce
        self.addWidget(self._build_search())
        self.chart_view = ChartView(ui)
        self.chart_view.back_requested.connect(self.show_search)
        self.addWidget(self.chart_view)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _text: self.timer.start())
        ui.events.user_changed.connect(self._on_user_changed)
        ui.events.patient_changed.connect(lambda _pid: self._refresh_results())
        self._on_user_changed()

    def _build_search(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setObjectName("patient_query")
        self.query.setPlaceholderText("Search by name, MRN, date of birth (MM/DD/YYYY) or phone")
        self.query.setClearButtonEnabled(True)
        self.query.setStyleSheet("font-size: 12pt; padding: 4px;")
        self.query.returnPressed.connect(self.open_selected)
        self.query.installEventFilter(self)
        QShortcut(QKeySequence("Ctrl+F"), page, activated=self.focus_search)
        top.addWidget(self.query, 1)
        self.new_button = QPushButton("New patient (Ctrl+N)")
        self.new_button.setObjectName("new_patient")
        self.new_button.clicked.connect(self.new_patient)
        QShortcut(QKeySequence("Ctrl+N"), page, activated=self.new_patient)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.count_label = QLabel()
        self.count_label.setObjectName("result_count")
        layout.addWidget(self.count_label)
        self.model = RowsModel(HEADERS, self)
        self.table = rows_table(self.model, "patient_results", stretch_column=0)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        QShortcut(QKeySequence("Return"), self.table, activated=self.open_selected)
        layout.addWidget(self.table, 1)
        self.empty = EmptyState("Find a patient", "Type part of a name, an MRN, a date of birth "
                                "(MM/DD/YYYY) or a phone number. Ctrl+N adds a new patient.")
        self.empty.setObjectName("patients_empty")
        layout.addWidget(self.empty, 1)
        return page

    # behaviour ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search field move the selection in the results (typing stays)."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(event.key())
            if step is not None and self.model.rowCount():
                row = min(max(self.table.currentIndex().row() + step, 0),
                          self.model.rowCount() - 1)
                self.table.selectRow(row)
                return True
        return super().eventFilter(watched, event)

    def _on_user_changed(self) -> None:
        allowed = may(self.ui.actor, Op.EDIT_DEMOGRAPHICS)
        self.new_button.setEnabled(allowed)
        self.new_button.setToolTip("" if allowed else denied_tip(Op.EDIT_DEMOGRAPHICS))
        if self.ui.actor is None:
            self.query.clear()
            self.model.set_rows([])
            self.setCurrentIndex(0)
        self.run_search()

    def focus_search(self) -> None:
        self.setCurrentIndex(0)
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        if self.currentIndex() == 0:
            self.query.setFocus(Qt.FocusReason.OtherFocusReason)

    def run_search(self) -> None:
        self.timer.stop()
        text = self.query.text().strip()
        if not text or self.ui.actor is None:
            self.model.set_rows([])
            self._show_empty("Find a patient", "Type part of a name, an MRN, a date of birth "
                             "(MM/DD/YYYY) or a phone number. Ctrl+N adds a new patient.")
            return
        try:
            self.searches += 1
            hits = self.ui.services.patient_search.search(self.ui.actor, text)
        except AuroraError as exc:
            self.model.set_rows([])
            self._show_empty("Search failed", str(exc))
            return
        self.model.set_rows([hit_row(h) for h in hits])
        if not hits:
            self._show_empty("No patient found", f"No patient matches '{text}'. Check the "
                             "spelling, or add a new patient with Ctrl+N.")
            return
        flagged = sum(1 for h in hits if not h.rems_enrolled)
        more = " (showing the first 200 — type more to narrow)" if len(hits) >= 200 else ""
        self.count_label.setText(f"{len(hits)} patient(s){more}"
                                 + (f" · {flagged} {NOT_ENROLLED}" if flagged else ""))
        self.count_label.show()
        self.empty.hide()
        self.table.show()
        if self.table.currentIndex().row() < 0:
            self.table.selectRow(0)

    def _show_empty(self, title: str, hint: str) -> None:
        self.empty.heading.setText(title)
        self.empty.body.setText(hint)
        self.count_label.hide()
        self.table.hide()
        self.empty.show()

    def _refresh_results(self) -> None:
        if self.query.text().strip():
            self.run_search()

    def open_selected(self) -> None:
        if self.timer.isActive():
            self.run_search()
        row = self.table.currentIndex().row()
        self.open_row(row if row >= 0 else 0)

    def open_row(self, row: int) -> bool:
        patient_id = self.model.key_at(row)
        return patient_id is not None and self.open_patient(patient_id)

    def open_patient(self, patient_id: int) -> bool:
        if not self.chart_view.open(patient_id):
            return False
        self.setCurrentIndex(1)
        self.chart_view.tabs.setFocus()
        return True

    def show_search(self) -> None:
        self.setCurrentIndex(0)
        self._refresh_results()
        self.query.setFocus(Qt.FocusReason.OtherFocusReason)

    def new_patient(self) -> bool:
        from aurora_desktop.ui.patients.patient_dialog import PatientDialog

        if not self.new_button.isEnabled():
            return False
        dialog = PatientDialog(self.ui, None, self)
        if dialog.exec() and dialog.saved is not None:
            return self.open_patient(dialog.saved.id)
        return False
