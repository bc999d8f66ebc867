"""Sign-off step: nurse signature, prescriber co-signature, amendments and the PMF data export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
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

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.ui.session.common import Panel, fmt_date, fmt_time, heading, run_action

AMEND_HEADERS = ["When", "What", "Was", "Now", "Why", "Who"]


class SignoffPanel(Panel):
    def __init__(self, ui, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Sign-off — a signed session is read-only"))
        self.signatures = QLabel()
        self.signatures.setObjectName("signatures")
        self.signatures.setWordWrap(True)
        layout.addWidget(self.signatures)
        row = QHBoxLayout()
        self.nurse_button = QPushButton("Sign as nurse")
        self.nurse_button.clicked.connect(self.sign_nurse)
        self.prescriber_button = QPushButton("Co-sign as prescriber")
        self.prescriber_button.clicked.connect(self.sign_prescriber)
        self.view_pmf_button = QPushButton("View REMS form data")
        self.view_pmf_button.clicked.connect(self.view_pmf)
        self.export_button = QPushButton("Export REMS form data (CSV)…")
        self.export_button.clicked.connect(self.export_pmf)
        for w in (self.nurse_button, self.prescriber_button, self.view_pmf_button, self.export_button):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(heading("Amendments (corrections to the signed record)"))
        self.amendments = QTableWidget(0, len(AMEND_HEADERS))
        self.amendments.setHorizontalHeaderLabels(AMEND_HEADERS)
        self.amendments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.amendments.verticalHeader().setVisible(False)
        self.amendments.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.amendments, 1)
        self.amend_box = QGroupBox("Add an amendment")
        form = QFormLayout(self.amend_box)
        self.what, self.old, self.new, self.why = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.what.setPlaceholderText("e.g. device 2 lot number")
        form.addRow("What is corrected:", self.what)
        form.addRow("Original value:", self.old)
        form.addRow("Corrected value:", self.new)
        form.addRow("Reason:", self.why)
        self.amend_button = QPushButton("Record amendment")
        self.amend_button.clicked.connect(self.amend)
        form.addRow(self.amend_button)
        layout.addWidget(self.amend_box)

    def show_view(self, view) -> None:  # noqa: ANN001
        super().show_view(view)
        zone = self.zone
        lines = [f"✔ <b>{s.role.title()}</b>: {s.signer}, {fmt_date(s.signed_at.astimezone(zone))} "
                 f"{fmt_time(s.signed_at, zone)} — {s.meaning}" for s in view.signatures]
        if not view.signatures:
            lines.append("Not signed yet." if view.status == SessionStatus.DISCHARGED
                         else "Sign-off is possible after discharge.")
        if view.locked:
            lines.append("<b>LOCKED — read-only:</b> corrections are recorded as amendments below.")
        self.signatures.setText("<br>".join(lines))
        roles = {s.role for s in view.signatures}
        self.nurse_button.setEnabled(view.status == SessionStatus.DISCHARGED and "nurse" not in roles)
        self.prescriber_button.setEnabled("nurse" in roles and "prescriber" not in roles)
        self.amend_box.setEnabled(view.locked)
        self.amendments.setRowCount(len(view.amendments))
        for r, a in enumerate(view.amendments):
            when = f"{fmt_date(a.amended_at.astimezone(zone))} {fmt_time(a.amended_at, zone)}"
            for c, value in enumerate([when, a.field, a.old_value, a.new_value, a.reason, a.amended_by]):
                self.amendments.setItem(r, c, QTableWidgetItem(value))
        self.amendments.resizeColumnsToContents()

    def sign_nurse(self) -> None:
        if self.ui.dialogs.confirm(self, "Sign as nurse", "Sign this session? It becomes read-only."):
            run_action(self.ui, self, "Sign", lambda: self.ui.services.signoff.sign_as_nurse(
                self.actor, self.view.id), "Session signed")

    def sign_prescriber(self) -> None:
        run_action(self.ui, self, "Co-sign", lambda: self.ui.services.signoff.sign_as_prescriber(
            self.actor, self.view.id), "Session co-signed")

    def amend(self) -> None:
        what, old, new, why = self.what.text(), self.old.text(), self.new.text(), self.why.text()
        if run_action(self.ui, self, "Amendment", lambda: self.ui.services.signoff.amend(
                self.actor, self.view.id, what=what, old_value=old, new_value=new, reason=why),
                "Amendment recorded"):
            for w in (self.what, self.old, self.new, self.why):
                w.clear()

    def view_pmf(self) -> None:
        """The REMS Patient Monitoring Form fields for this session (an audited PHI read)."""
        try:
            fields = self.ui.services.rems_forms.pmf_data(self.actor, self.view.id)
        except AuroraError as exc:
            self.ui.dialogs.error(self, "REMS form data", str(exc))
            return
        text = "\n".join(f"{label}: {value or '—'}" for label, value in fields)
        self.ui.dialogs.info(self, "REMS Patient Monitoring Form data", text)

    def export_pmf(self) -> None:
        suggested = f"pmf-session-{self.view.id}.csv"
        path = self.ui.dialogs.save_file(self, "Export REMS form data", suggested, "CSV files (*.csv)")
        if path:
            run_action(self.ui, self, "Export", lambda: self.ui.services.rems_forms.export_pmf_csv(
                self.actor, self.view.id, Path(path)), f"REMS form data exported to {Path(path).name}")
