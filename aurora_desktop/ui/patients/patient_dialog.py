"""New/Edit patient dialog: field errors next to the fields, the possible-duplicate warning
with an explicit "Save anyway", and "changed by someone else — reload" (never overwrites)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import (
    AuroraError,
    FieldError,
    StaleRecord,
    WarningsNeedAcknowledgement,
)
from aurora_desktop.domain.patient_validation import field_errors
from aurora_desktop.services.patients import PatientForm, PatientView
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.formatting import FLAG_BG, FLAG_RED, NEW_YORK, denied_tip, may
from aurora_desktop.ui.patients.patient_form import PatientFormWidget
from aurora_desktop.ui.ui_context import UiContext

_BANNER = f"background: {FLAG_BG}; border: 1px solid {FLAG_RED}; padding: 6px;"


class PatientDialog(QDialog):
    """Create (``patient`` None) or edit the loaded copy of a patient (its version)."""

    def __init__(self, ui: UiContext, patient: PatientView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.patient = patient
        self.saved: PatientView | None = None
        self.acknowledged = False
        self._warned_identity: tuple[str, str, object] | None = None
        self.setWindowTitle("Edit patient" if patient else "New patient")
        layout = QVBoxLayout(self)
        clinics = [(c.id, c.name) for c in ui.services.clinics.list_clinics()]
        self.form = PatientFormWidget(clinics)
        clinical = may(ui.actor, Op.EDIT_CLINICAL_HISTORY)
        self.form.set_clinical_editable(clinical, denied_tip(Op.EDIT_CLINICAL_HISTORY)
                                        + " Clinical fields are kept as they are.")
        layout.addWidget(self.form)
        self.banner = QLabel()
        self.banner.setObjectName("dialog_banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setStyleSheet(_BANNER)
        self.banner.hide()
        row = QHBoxLayout()
        row.addWidget(self.banner, 1)
        self.save_anyway = QPushButton("Save anyway — not a duplicate")
        self.save_anyway.setObjectName("save_anyway")
        self.save_anyway.clicked.connect(self._save_anyway)
        self.save_anyway.hide()
        self.reload_button = QPushButton("Reload")
        self.reload_button.setObjectName("reload")
        self.reload_button.clicked.connect(self.reload)
        self.reload_button.hide()
        row.addWidget(self.save_anyway, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save (Ctrl+S)")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        layout.addWidget(buttons)
        if not may(ui.actor, Op.EDIT_DEMOGRAPHICS):
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(denied_tip(Op.EDIT_DEMOGRAPHICS))
        if patient is not None:
            self.form.set_state(patient.form)
        elif ui.clinic_id is not None:
            self.form.set_state(PatientForm(mrn="", first_name="", last_name="",
                                            date_of_birth=None, home_clinic_id=ui.clinic_id))
        self.form.edits["mrn" if patient is None else "first_name"].setFocus()

    # state ------------------------------------------------------------------------------
    def set_state(self, form: PatientForm) -> None:
        self.form.set_state(form)

    def get_state(self) -> PatientForm:
        return self.form.get_state()

    # saving -----------------------------------------------------------------------------
    def _local_errors(self, form: PatientForm) -> dict[str, str]:
        today = self.ui.clock.now().astimezone(NEW_YORK).date()
        errors = field_errors(mrn=form.mrn, first_name=form.first_name,
                              middle_name=form.middle_name, last_name=form.last_name,
                              date_of_birth=form.date_of_birth, phone=form.phone,
                              alt_phone=form.alt_phone, today=today)
        if form.date_of_birth is None and self.form.date_of_birth_text():
            errors["date of birth"] = "is not a date: use MM/DD/YYYY, e.g. 05/17/1980"
        return errors

    def _hide_banner(self) -> None:
        self.banner.hide()
        self.save_anyway.hide()
        self.reload_button.hide()

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()
        self.adjustSize()

    def save(self) -> bool:
        form = self.get_state()
        self.form.clear_errors()
        self._hide_banner()
        errors = self._local_errors(form)
        if errors:
            for field, message in errors.items():
                self.form.show_error(field, message)
            self._show_banner(f"<b>Not saved:</b> {len(errors)} field(s) need attention.")
            self.adjustSize()
            return False
        identity = (form.first_name.strip().casefold(), form.last_name.strip().casefold(),
                    form.date_of_birth)
        if self.acknowledged and identity != self._warned_identity:
            self.acknowledged = False  # the acknowledgement covered another name/DOB
        actor = self.ui.require_actor()
        patients = self.ui.services.patients
        try:
            if self.patient is None:
                self.saved = patients.create(actor, form, acknowledged=self.acknowledged)
            else:
                self.saved = patients.update(actor, self.patient.id, self.patient.version, form,
                                             acknowledged=self.acknowledged)
        except FieldError as exc:
            if not self.form.show_error(exc.field, exc.message):
                self._show_banner(f"<b>Not saved:</b> {html.escape(str(exc))}")
            self.adjustSize()
            return False
        except WarningsNeedAcknowledgement as exc:
            items = "".join(f"<li>{html.escape(w)}</li>" for w in exc.warnings)
            self._show_banner(f"<b style='color:{FLAG_RED}'>⚠ Possible duplicate patient</b>"
                              f"<ul>{items}</ul>Check the existing chart first. Save only if "
                              "this is a different person.")
            self.save_anyway.show()
            self._warned_identity = identity
            return False
        except StaleRecord:
            self._show_banner(
                f"<b style='color:{FLAG_RED}'>⚠ This patient was changed by someone else — "
                "reload.</b> Your edits were not saved; Reload shows the current record.")
            self.reload_button.show()
            return False
        except AuroraError as exc:
            self._show_banner(f"<b>Not saved:</b> {html.escape(str(exc))}")
            return False
        self.ui.events.patient_changed.emit(self.saved.id)
        self.ui.events.status_message.emit(
            f"Patient {self.saved.form.mrn} {'updated' if self.patient else 'created'}")
        self.accept()
        return True

    def _save_anyway(self) -> None:
        self.acknowledged = True
        self.save()

    def reload(self) -> None:
        """Load the current copy (and its version) of the patient, discarding these edits."""
        if self.patient is None:
            return
        try:
            self.patient = self.ui.services.patients.get(self.ui.require_actor(), self.patient.id)
        except AuroraError as exc:
            self._show_banner(html.escape(str(exc)))
            return
        self.form.set_state(self.patient.form)
        self._hide_banner()
