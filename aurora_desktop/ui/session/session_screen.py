"""The session screen: a header with the clock and countdowns, and one tab per step of the day."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.domain.monitoring_plan import format_countdown
from aurora_desktop.services.permissions import Op, allowed
from aurora_desktop.services.session_day.session_view import SessionDayView
from aurora_desktop.ui.reports.report_actions import ReportActions
from aurora_desktop.ui.session.alerts_panel import AlertsPanel
from aurora_desktop.ui.session.checklist_panel import ChecklistPanel
from aurora_desktop.ui.session.checkpoints_panel import CheckpointsPanel
from aurora_desktop.ui.session.common import WARN_MARK, fmt_date, fmt_time
from aurora_desktop.ui.session.devices_panel import DevicesPanel
from aurora_desktop.ui.session.discharge_panel import DischargePanel
from aurora_desktop.ui.session.signoff_panel import SignoffPanel
from aurora_desktop.ui.ui_context import UiContext

STEP_FOR_STATUS = {
    SessionStatus.CHECKED_IN: 0, SessionStatus.IN_PROGRESS: 0, SessionStatus.MONITORING: 2,
    SessionStatus.DISCHARGED: 5,
}


class SessionScreen(QWidget):
    back_requested = Signal()

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.session_id: int | None = None
        self.view: SessionDayView | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        back = QPushButton("← Floor board (Esc)")
        back.clicked.connect(self.back_requested.emit)
        QShortcut(QKeySequence("Escape"), self, activated=self.back_requested.emit)
        top.addWidget(back)
        self.header = QLabel()
        self.header.setObjectName("session_header")
        self.header.setStyleSheet("font-size: 12pt;")
        self.header.setWordWrap(True)
        top.addWidget(self.header, 1)
        self.reports = ReportActions(ui, self)
        self.pdf_button = self.reports.menu_button(
            "Session log PDF…", "session_log_pdf",
            "Preview (Ctrl+Shift+P), print (Ctrl+P) or save this session's log as a PDF",
            self._log_factory, self)
        self.pdf_menu = self.pdf_button.menu()
        top.addWidget(self.pdf_button)
        layout.addLayout(top)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("session_clock")
        self.clock_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        layout.addWidget(self.clock_label)
        self.tabs = QTabWidget()
        self.checklist = ChecklistPanel(ui)
        self.devices = DevicesPanel(ui)
        self.checkpoints = CheckpointsPanel(ui)
        self.alerts = AlertsPanel(ui)
        self.discharge = DischargePanel(ui)
        self.signoff = SignoffPanel(ui)
        self.panels = [self.checklist, self.devices, self.checkpoints, self.alerts, self.discharge,
                       self.signoff]
        titles = ["1 Checklist", "2 Devices", "3 Checkpoints", "4 Alerts && AEs", "5 Discharge", "6 Sign-off"]
        for index, (panel, title) in enumerate(zip(self.panels, titles, strict=True)):
            self.tabs.addTab(panel, title)
            QShortcut(QKeySequence(f"Alt+{index + 1}"), self,
                      activated=lambda i=index: self.tabs.setCurrentIndex(i))
        layout.addWidget(self.tabs, 1)
        ui.events.sessions_changed.connect(self._on_changed)

    def load(self, session_id: int) -> bool:
        """Open a session (audited chart open) and jump to the step its status calls for."""
        try:
            view = self.ui.services.session_day.open_session(self.ui.require_actor(), session_id)
        except AuroraError as exc:
            self.ui.dialogs.error(self, "Open session", str(exc))
            return False
        self.session_id = session_id
        self._show(view)
        self.tabs.setCurrentIndex(STEP_FOR_STATUS.get(view.status, 0))
        return True

    def _log_factory(self):  # noqa: ANN202 - JobFactory | None
        if self.session_id is None or not self.pdf_button.isEnabled():
            return None
        return self.reports.session_log_factory(self.session_id)

    def _session_log(self, action: str) -> None:
        """Run a ReportActions method ("preview", "print_job", "save") on this session's log."""
        self.reports.run(action, self._log_factory)

    def refresh(self) -> None:
        if self.session_id is None or self.ui.actor is None:
            return
        self._show(self.ui.services.session_day.session_view(self.ui.actor, self.session_id))

    def _on_changed(self) -> None:
        if self.session_id is not None:
            self.refresh()

    def _show(self, view: SessionDayView) -> None:
        self.view = view
        zone = view.zone
        lock = " · LOCKED: signed, read-only" if view.locked else ""
        self.header.setText(
            f"<b>{view.patient_name}</b> (MRN {view.patient_mrn}, DOB {fmt_date(view.date_of_birth)}) · "
            f"{view.chair_label} · {fmt_date(view.local_date)} {fmt_time(view.scheduled_start, zone)} · "
            f"<b>{view.status_label}</b>{lock}")
        for panel in self.panels:
            panel.show_view(view)
        self.pdf_button.setEnabled(self.ui.actor is not None
                                   and allowed(self.ui.actor, Op.EXPORT_REPORTS))
        open_alerts = sum(1 for a in view.alerts if a.action_note is None)
        self.tabs.setTabText(3, f"4 Alerts && AEs ({WARN_MARK} {open_alerts})" if open_alerts
                             else "4 Alerts && AEs")
        self.tick()

    def tick(self) -> None:
        view = self.view
        if view is None:
            return
        for panel in self.panels:
            panel.tick()
        if view.first_device_at is None or view.status != SessionStatus.MONITORING:
            self.clock_label.setText("")
            return
        now = self.ui.clock.now()
        minutes = int((now - view.first_device_at).total_seconds() // 60)
        pending = [c for c in view.checkpoints if c.due_at is not None and c.measured_at is None]
        text = f"{minutes} min since first device"
        if pending:
            nxt = min(pending, key=lambda c: c.due_at)
            seconds = int((nxt.due_at - now).total_seconds())
            overdue = nxt.overdue or seconds < -300
            mark = f"{WARN_MARK} OVERDUE " if overdue else ""
            text += f" · next {nxt.label}: {mark}{format_countdown(seconds)}"
            self.clock_label.setStyleSheet("font-size: 13pt; font-weight: 600; color: %s;"
                                           % ("#9b1c1c" if overdue else "#2d3b4e"))
        self.clock_label.setText(text)
