"""The New/Edit patient form: every PatientForm field in US formats, with an error line under
each field; ``set_state``/``get_state`` round-trip a PatientForm."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import PregnancyStatus, Sex
from aurora_desktop.services.patient_search import parse_date_query
from aurora_desktop.services.patients import PatientForm
from aurora_desktop.ui.patients.formatting import FLAG_RED, PREGNANCY_LABELS, SEX_LABELS, fmt_date

# Service/domain field names (FieldError.field) -> form key.
FIELD_KEYS = {
    "MRN": "mrn", "first name": "first_name", "middle name": "middle_name",
    "last name": "last_name", "date of birth": "date_of_birth", "phone": "phone",
    "alternate phone": "alt_phone", "email": "email", "address line 1": "address_line1",
    "address line 2": "address_line2", "city": "city", "state": "state",
    "postal code": "postal_code", "emergency contact name": "emergency_contact_name",
    "emergency contact phone": "emergency_contact_phone",
}
TEXT_FIELDS = {
    "mrn": ("MRN *", "e.g. WP-000123"), "first_name": ("First name *", ""),
    "middle_name": ("Middle name", ""), "last_name": ("Last name *", ""),
    "date_of_birth": ("Date of birth *", "MM/DD/YYYY"),
    "phone": ("Phone *", "(914) 555-0123"), "alt_phone": ("Alternate phone", "(914) 555-0123"),
    "email": ("Email", "name@example.com"), "address_line1": ("Address line 1", ""),
    "address_line2": ("Address line 2", ""), "city": ("City", ""), "state": ("State", "NY"),
    "postal_code": ("ZIP code", "10601"),
    "emergency_contact_name": ("Emergency contact", "name"),
    "emergency_contact_phone": ("Emergency contact phone", "(914) 555-0123"),
}
MEDICINES = {
    "takes_benzodiazepines": "Benzodiazepines",
    "takes_sedative_hypnotics": "Non-benzodiazepine sedative hypnotics",
    "takes_opioids": "Opioids",
    "takes_psychostimulants": "Psychostimulants",
    "takes_maois": "MAOIs",
}
CLINICAL_KEYS = ("can_become_pregnant", "pregnancy_status", *MEDICINES)


class PatientFormWidget(QWidget):
    def __init__(self, clinics: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        groups = [
            ("Identity", ["mrn", "first_name", "middle_name", "last_name", "date_of_birth"]),
            ("Contact", ["phone", "alt_phone", "email", "emergency_contact_name",
                         "emergency_contact_phone"]),
            ("Address", ["address_line1", "address_line2", "city", "state", "postal_code"]),
        ]
        self.forms: dict[str, QFormLayout] = {}
        for index, (title, keys) in enumerate(groups):
            box = QGroupBox(title)
            form = QFormLayout(box)
            self.forms[title] = form
            for key in keys:
                label, placeholder = TEXT_FIELDS[key]
                edit = QLineEdit()
                edit.setObjectName(f"field_{key}")
                edit.setPlaceholderText(placeholder)
                edit.setAccessibleName(label.rstrip(" *"))
                edit.setMinimumWidth(250)
                self.edits[key] = edit
                form.addRow(label, self._with_error(key, edit))
            if title == "Identity":
                self.sex = QComboBox()
                for sex, text in SEX_LABELS.items():
                    self.sex.addItem(text, sex)
                form.addRow("Sex", self._with_error("sex", self.sex))
            if title == "Address":
                self.home_clinic = QComboBox()
                self.home_clinic.addItem("— none —", None)
                for clinic_id, name in clinics:
                    self.home_clinic.addItem(name, clinic_id)
                form.addRow("Home clinic", self._with_error("home_clinic_id", self.home_clinic))
            grid.addWidget(box, index // 2, index % 2)
        grid.addWidget(self._clinical_box(), 1, 1)
        self.edits["state"].setMaxLength(2)
        self.edits["date_of_birth"].setMaxLength(10)

    def _clinical_box(self) -> QGroupBox:
        box = QGroupBox("Clinical (REMS monitoring form)")
        self.clinical_box = box
        layout = QVBoxLayout(box)
        self.can_become_pregnant = QCheckBox("Can become pregnant")
        layout.addWidget(self.can_become_pregnant)
        form = QFormLayout()
        self.pregnancy = QComboBox()
        for status, text in PREGNANCY_LABELS.items():
            self.pregnancy.addItem(text, status)
        form.addRow("Pregnancy status", self.pregnancy)
        layout.addLayout(form)
        layout.addWidget(QLabel("Concomitant medicines:"))
        self.medicines: dict[str, QCheckBox] = {}
        for key, text in MEDICINES.items():
            check = QCheckBox(text)
            check.setObjectName(f"field_{key}")
            self.medicines[key] = check
            layout.addWidget(check)
        layout.addStretch(1)
        return box

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(f"color: {FLAG_RED};")
        error.hide()
        column.addWidget(error)
        self.errors[key] = error
        return holder

    # state ------------------------------------------------------------------------------
    def set_state(self, form: PatientForm) -> None:
        for key, edit in self.edits.items():
            value = getattr(form, key)
            edit.setText(fmt_date(value) if key == "date_of_birth" else str(value or ""))
        self.sex.setCurrentIndex(max(self.sex.findData(Sex(form.sex)), 0))
        self.home_clinic.setCurrentIndex(max(self.home_clinic.findData(form.home_clinic_id), 0))
        self.can_become_pregnant.setChecked(form.can_become_pregnant)
        self.pregnancy.setCurrentIndex(
            max(self.pregnancy.findData(PregnancyStatus(form.pregnancy_status)), 0))
        for key, check in self.medicines.items():
            check.setChecked(bool(getattr(form, key)))
        self.clear_errors()

    def get_state(self) -> PatientForm:
        text = {key: edit.text() for key, edit in self.edits.items()}
        born = parse_date_query(text.pop("date_of_birth"))
        return PatientForm(
            **text, date_of_birth=born, sex=self.sex.currentData(),
            home_clinic_id=self.home_clinic.currentData(),
            can_become_pregnant=self.can_become_pregnant.isChecked(),
            pregnancy_status=self.pregnancy.currentData(),
            **{key: check.isChecked() for key, check in self.medicines.items()})

    def date_of_birth_text(self) -> str:
        return self.edits["date_of_birth"].text().strip()

    def set_clinical_editable(self, editable: bool, why: str) -> None:
        self.clinical_box.setEnabled(editable)
        self.clinical_box.setToolTip("" if editable else why)

    # errors -----------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_error(self, field: str, message: str) -> bool:
        """Show *message* under the field the service named; False if no such field here."""
        key = FIELD_KEYS.get(field, field)
        label = self.errors.get(key)
        if label is None:
            return False
        label.setText(f"⚠ {message}")
        label.show()
        widget = self.edits.get(key)
        if widget is not None:
            widget.setFocus()
        return True

    def visible_errors(self) -> dict[str, str]:
        return {key: label.text() for key, label in self.errors.items() if label.text()}
