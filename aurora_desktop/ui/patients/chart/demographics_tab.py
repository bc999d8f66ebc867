"""Demographics tab: a read-only summary of the patient row with an Edit button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.services.patient_chart import PatientChart
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.patients.formatting import (
    PREGNANCY_LABELS,
    SEX_LABELS,
    fmt_date,
    yes_no,
)
from aurora_desktop.ui.patients.patient_form import MEDICINES
from aurora_desktop.ui.ui_context import UiContext


class DemographicsTab(ChartTab):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addStretch(1)
        self.edit_button = QPushButton("Edit demographics… (Ctrl+E)")
        self.edit_button.setObjectName("edit_demographics")
        self.edit_button.setShortcut("Ctrl+E")
        self.edit_button.clicked.connect(self.edit)
        top.addWidget(self.edit_button)
        layout.addLayout(top)
        row = QHBoxLayout()
        self.values: dict[str, QLabel] = {}
        row.addWidget(self._box("Identity", ["Name", "MRN", "Date of birth", "Sex"]))
        row.addWidget(self._box("Contact", ["Phone", "Alternate phone", "Email", "Address",
                                            "Emergency contact"]))
        row.addWidget(self._box("Clinical (REMS form)", ["Can become pregnant",
                                                         "Pregnancy status",
                                                         "Concomitant medicines"]))
        layout.addLayout(row)
        layout.addStretch(1)

    def _box(self, title: str, keys: list[str]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for key in keys:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"demo_{key.lower().replace(' ', '_')}")
            self.values[key] = value
            form.addRow(f"{key}:", value)
        return box

    def show_chart(self, chart: PatientChart) -> None:
        super().show_chart(chart)
        f = chart.patient.form
        middle = f" {f.middle_name}" if f.middle_name else ""
        address = ", ".join(x for x in (f.address_line1, f.address_line2, f.city,
                                        f"{f.state} {f.postal_code}".strip()) if x)
        if not (f.address_line1 or f.address_line2 or f.city or f.postal_code):
            address = ""
        emergency = " ".join(x for x in (f.emergency_contact_name, f.emergency_contact_phone) if x)
        meds = [text for key, text in MEDICINES.items() if getattr(f, key)]
        texts = {
            "Name": f"{f.last_name}, {f.first_name}{middle}", "MRN": f.mrn,
            "Date of birth": fmt_date(f.date_of_birth), "Sex": SEX_LABELS[f.sex],
            "Phone": f.phone, "Alternate phone": f.alt_phone or "—", "Email": f.email or "—",
            "Address": address or "—", "Emergency contact": emergency or "—",
            "Can become pregnant": yes_no(f.can_become_pregnant),
            "Pregnancy status": PREGNANCY_LABELS[f.pregnancy_status],
            "Concomitant medicines": ", ".join(meds) if meds else "None recorded",
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        self.gate(self.edit_button, Op.EDIT_DEMOGRAPHICS)

    def edit(self) -> bool:
        from aurora_desktop.ui.patients.patient_dialog import PatientDialog

        if self.chart is None or not self.edit_button.isEnabled():
            return False
        dialog = PatientDialog(self.ui, self.chart.patient, self)
        if dialog.exec() and dialog.saved is not None:
            self.changed.emit()
            return True
        return False
