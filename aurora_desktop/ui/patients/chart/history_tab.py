"""Session history tab: every session of the patient; double-click opens the session record."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import INACTIVE_SESSION_STATUSES
from aurora_desktop.services.patient_chart import PatientChart
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.patients.formatting import SESSION_STATUS_LABELS, fmt_date
from aurora_desktop.ui.patients.table_model import Row, RowsModel, rows_table
from aurora_desktop.ui.ui_context import UiContext
from aurora_desktop.ui.widgets.empty_state import EmptyState

HEADERS = ["Date", "Clinic", "Dose", "Phase", "Status"]


class SessionRecordWindow(QDialog):
    """The session screen in its own window (Esc / Close returns to the chart)."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        from aurora_desktop.ui.session.session_screen import SessionScreen

        super().__init__(parent)
        self.setWindowTitle("Session record")
        self.resize(1100, 760)
        layout = QVBoxLayout(self)
        self.screen = SessionScreen(ui)
        for button in self.screen.findChildren(QPushButton):
            if button.text().startswith("← Floor board"):
                button.setText("Close (Esc)")
        self.screen.back_requested.connect(self.accept)
        layout.addWidget(self.screen)


class SessionHistoryTab(ChartTab):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.model = RowsModel(HEADERS, self)
        self.table = rows_table(self.model, "session_history")
        self.table.doubleClicked.connect(lambda index: self.open_session(index.row()))
        QShortcut(QKeySequence("Return"), self.table,
                  activated=lambda: self.open_session(self.table.currentIndex().row()))
        layout.addWidget(self.table, 1)
        self.empty = EmptyState("No sessions yet", "Sessions booked for this patient on the "
                                "Schedule page appear here.")
        layout.addWidget(self.empty, 1)
        self.window: SessionRecordWindow | None = None

    def show_chart(self, chart: PatientChart) -> None:
        super().show_chart(chart)
        rows = []
        for s in reversed(chart.sessions):
            inactive = s.status in INACTIVE_SESSION_STATUSES
            rows.append(Row(
                (fmt_date(s.local_date), s.clinic_code,
                 f"{s.dose_mg} mg" if s.dose_mg else "—", s.phase_label or "—",
                 SESSION_STATUS_LABELS[s.status]),
                s.session_id, {4: "#6b6b6b"} if inactive else {},
                "Double-click or Enter opens the session record"))
        self.model.set_rows(rows)
        done = sum(1 for s in chart.sessions if s.status.value == "discharged")
        self.count_label.setText(f"{len(rows)} session(s), {done} completed (newest first). "
                                 "Double-click or Enter opens the session record.")
        self.table.setVisible(bool(rows))
        self.count_label.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def open_session(self, row: int) -> bool:
        session_id = self.model.key_at(row)
        if session_id is None:
            return False
        window = SessionRecordWindow(self.ui, self)
        if not window.screen.load(session_id):
            return False
        self.window = window
        window.show()
        return True

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
