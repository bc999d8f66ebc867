"""Small dialogs of the chart tabs: REMS enrollment, prior trial, contraindication screening.
Each exposes set_state()/get_state(); the tab calls the service and explains refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.contraindications import LABELS
from aurora_desktop.domain.enums import Answer, Contraindication, EnrollmentStatus, TrialOutcome
from aurora_desktop.ui.patients.formatting import ANSWER_LABELS, ENROLLMENT_LABELS, OUTCOME_LABELS


def _date_edit(today: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    edit.setDate(QDate(today.year, today.month, today.day))
    return edit


def _combo(labels: dict) -> QComboBox:
    combo = QComboBox()
    for value, text in labels.items():
        combo.addItem(text, value)
    return combo


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)

    def finish(self, ok_text: str) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)


@dataclass(frozen=True)
class EnrollmentState:
    rems_patient_id: str
    enrolled_on: date
    status: EnrollmentStatus


class EnrollmentDialog(_FormDialog):
    def __init__(self, today: date, title: str = "REMS enrollment",
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.rems_id = QLineEdit()
        self.rems_id.setMaxLength(40)
        self.rems_id.setPlaceholderText("REMS patient id from the enrollment form")
        self.rems_id.setMinimumWidth(260)
        self.enrolled_on = _date_edit(today)
        self.status = _combo(ENROLLMENT_LABELS)
        self.form.addRow("REMS patient id *", self.rems_id)
        self.form.addRow("Enrollment date", self.enrolled_on)
        self.form.addRow("Status", self.status)
        self.finish("Save")

    def set_state(self, state: EnrollmentState) -> None:
        self.rems_id.setText(state.rems_patient_id)
        d = state.enrolled_on
        self.enrolled_on.setDate(QDate(d.year, d.month, d.day))
        self.status.setCurrentIndex(self.status.findData(EnrollmentStatus(state.status)))

    def get_state(self) -> EnrollmentState:
        return EnrollmentState(self.rems_id.text(), self.enrolled_on.date().toPython(),
                               self.status.currentData())


@dataclass(frozen=True)
class TrialState:
    drug: str
    dose_text: str
    duration_weeks: int
    adequate_dose: bool
    adequate_duration: bool
    current_episode: bool
    outcome: TrialOutcome


class TrialDialog(_FormDialog):
    def __init__(self, title: str = "Prior antidepressant trial",
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.drug = QLineEdit()
        self.drug.setMaxLength(80)
        self.drug.setPlaceholderText("e.g. sertraline")
        self.drug.setMinimumWidth(240)
        self.dose = QLineEdit()
        self.dose.setMaxLength(40)
        self.dose.setPlaceholderText("e.g. 150 mg daily")
        self.weeks = QSpinBox()
        self.weeks.setRange(0, 520)
        self.weeks.setSuffix(" weeks")
        self.adequate_dose = QCheckBox("Adequate dose")
        self.adequate_duration = QCheckBox("Adequate duration")
        self.current_episode = QCheckBox("In the current depressive episode")
        self.current_episode.setChecked(True)
        self.outcome = _combo(OUTCOME_LABELS)
        self.form.addRow("Drug *", self.drug)
        self.form.addRow("Dose *", self.dose)
        self.form.addRow("Duration", self.weeks)
        self.form.addRow("", self.adequate_dose)
        self.form.addRow("", self.adequate_duration)
        self.form.addRow("", self.current_episode)
        self.form.addRow("Response", self.outcome)
        self.finish("Save")

    def set_state(self, state: TrialState) -> None:
        self.drug.setText(state.drug)
        self.dose.setText(state.dose_text)
        self.weeks.setValue(state.duration_weeks)
        self.adequate_dose.setChecked(state.adequate_dose)
        self.adequate_duration.setChecked(state.adequate_duration)
        self.current_episode.setChecked(state.current_episode)
        self.outcome.setCurrentIndex(self.outcome.findData(TrialOutcome(state.outcome)))

    def get_state(self) -> TrialState:
        return TrialState(self.drug.text(), self.dose.text(), self.weeks.value(),
                          self.adequate_dose.isChecked(), self.adequate_duration.isChecked(),
                          self.current_episode.isChecked(), self.outcome.currentData())


class ScreeningDialog(_FormDialog):
    """One answer per label contraindication; nothing is pre-answered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Contraindication screening", parent)
        note = QLabel("Answer every item. Any “Yes” blocks dosing; “Unknown” needs a "
                      "prescriber decision before dosing.")
        note.setWordWrap(True)
        self.layout_.insertWidget(0, note)
        self.answers: dict[Contraindication, QComboBox] = {}
        for item in Contraindication:
            combo = QComboBox()
            combo.addItem("— not answered —", None)
            for answer, text in ANSWER_LABELS.items():
                combo.addItem(text, answer)
            combo.setObjectName(f"answer_{item.value}")
            label = QLabel(LABELS[item])
            label.setWordWrap(True)
            self.answers[item] = combo
            self.form.addRow(label, combo)
        self.setMinimumWidth(560)
        self.finish("Record screening")

    def set_state(self, answers: dict[Contraindication, Answer | None]) -> None:
        for item, combo in self.answers.items():
            combo.setCurrentIndex(max(combo.findData(answers.get(item)), 0))

    def get_state(self) -> dict[Contraindication, Answer | None]:
        return {item: combo.currentData() for item, combo in self.answers.items()}

    def answered(self) -> dict[Contraindication, Answer]:
        return {item: a for item, a in self.get_state().items() if a is not None}
