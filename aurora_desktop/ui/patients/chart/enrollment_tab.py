"""REMS enrollment tab: status, REMS patient id, enrollment date; record / edit / end."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import EnrollmentStatus
from aurora_desktop.services.patient_chart import PatientChart
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.record_dialogs import EnrollmentDialog, EnrollmentState
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.patients.formatting import (
    ENROLLMENT_LABELS,
    FLAG_RED,
    NOT_ENROLLED,
    OK_GREEN,
    fmt_date,
)
from aurora_desktop.ui.ui_context import UiContext


class EnrollmentTab(ChartTab):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        self.flag = QLabel()
        self.flag.setObjectName("enrollment_flag")
        self.flag.setWordWrap(True)
        layout.addWidget(self.flag)
        box = QGroupBox("Latest SPRAVATO REMS patient enrollment")
        form = QFormLayout(box)
        self.values: dict[str, QLabel] = {}
        for key in ("Status", "REMS patient id", "Enrollment date", "Recorded by", "Ended"):
            self.values[key] = QLabel()
            self.values[key].setWordWrap(True)
            form.addRow(f"{key}:", self.values[key])
        layout.addWidget(box)
        buttons = QHBoxLayout()
        self.record_button = QPushButton("Record new enrollment…")
        self.record_button.setObjectName("record_enrollment")
        self.record_button.clicked.connect(self.record)
        self.edit_button = QPushButton("Edit enrollment…")
        self.edit_button.setObjectName("edit_enrollment")
        self.edit_button.clicked.connect(self.edit)
        self.end_button = QPushButton("End enrollment…")
        self.end_button.setObjectName("end_enrollment")
        self.end_button.clicked.connect(self.end)
        for button in (self.record_button, self.edit_button, self.end_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        note = QLabel("A patient without an active enrollment is flagged everywhere and the "
                      "session workflow refuses to dose them. Ending an enrollment keeps it as "
                      "history with the day, who ended it and why (also in the audit trail).")
        note.setWordWrap(True)
        note.setStyleSheet("color: #4a5566;")
        layout.addWidget(note)
        layout.addStretch(1)

    def show_chart(self, chart: PatientChart) -> None:
        super().show_chart(chart)
        e = chart.enrollment
        if chart.rems_enrolled:
            self.flag.setText("✔ REMS enrolled — dosing allowed as far as enrollment goes.")
            self.flag.setStyleSheet(f"color: {OK_GREEN}; font-weight: 600; font-size: 11pt;")
        else:
            self.flag.setText(f"⚠ {NOT_ENROLLED} — no active enrollment; no dose can be given.")
            self.flag.setStyleSheet(f"color: {FLAG_RED}; font-weight: 700; font-size: 11pt;")
        self.values["Status"].setText(ENROLLMENT_LABELS[e.status] if e else "No enrollment recorded")
        self.values["REMS patient id"].setText(e.rems_patient_id if e else "—")
        self.values["Enrollment date"].setText(fmt_date(e.enrolled_on) if e else "—")
        self.values["Recorded by"].setText(chart.staff_name(e.recorded_by_id) if e else "—")
        self.values["Ended"].setText(_ended_text(chart))
        self.gate(self.record_button, Op.EDIT_ENROLLMENT)
        self.gate(self.edit_button, Op.EDIT_ENROLLMENT, extra=e is not None,
                  why="No enrollment recorded yet.")
        self.gate(self.end_button, Op.EDIT_ENROLLMENT,
                  extra=e is not None and e.status is not EnrollmentStatus.INACTIVE,
                  why="There is no current enrollment to end.")

    def _dialog(self, title: str) -> EnrollmentDialog:
        return EnrollmentDialog(self.today(), title, self)

    def record(self, state: EnrollmentState | None = None) -> bool:
        if self.chart is None:
            return False
        if state is None:
            dialog = self._dialog("Record REMS enrollment")
            if not dialog.exec():
                return False
            state = dialog.get_state()
        patient_id = self.chart.patient.id
        return self.run("Record REMS enrollment", lambda: self.ui.services.patients
                        .record_enrollment(self.ui.require_actor(), patient_id,
                                           state.rems_patient_id, state.enrolled_on,
                                           state.status), "REMS enrollment recorded")

    def edit(self, state: EnrollmentState | None = None) -> bool:
        e = self.chart.enrollment if self.chart else None
        if e is None:
            return False
        if state is None:
            dialog = self._dialog("Edit REMS enrollment")
            dialog.set_state(EnrollmentState(e.rems_patient_id, e.enrolled_on, e.status))
            if not dialog.exec():
                return False
            state = dialog.get_state()
        return self.run("Edit REMS enrollment", lambda: self.ui.services.patients
                        .update_enrollment(self.ui.require_actor(), e.id, e.version,
                                           state.rems_patient_id, state.enrolled_on,
                                           state.status), "REMS enrollment updated")

    def end(self, reason: str | None = None) -> bool:
        e = self.chart.enrollment if self.chart else None
        if e is None:
            return False
        if reason is None:
            reason = self.ui.dialogs.ask_text(
                self, "End REMS enrollment",
                "Why does this enrollment end? (required; the patient can no longer be dosed)")
            if not reason:
                return False
        return self.run("End REMS enrollment", lambda: self.ui.services.patients.end_enrollment(
            self.ui.require_actor(), e.id, e.version, reason), "REMS enrollment ended")


def _ended_text(chart: PatientChart) -> str:
    """When, by whom and why the latest enrollment ended ("—" while it has not)."""
    e = chart.enrollment
    if e is None or e.status is not EnrollmentStatus.INACTIVE:
        return "—"
    if e.ended_on is None:
        return "Recorded as inactive (no end date)"
    by = chart.staff_name(e.ended_by_id) if e.ended_by_id is not None else "unknown"
    reason = f" — {e.end_reason}" if e.end_reason else ""
    return f"{fmt_date(e.ended_on)} by {by}{reason}"
