"""Add / Stop dialogs of the Oral antidepressants tab (the service validates and saves)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from aurora_desktop.ui.patients.chart.chart_forms import ChartDialog, date_edit, date_of, set_date

FREQUENCIES = ("daily", "twice daily", "at bedtime", "every morning", "every other day")


@dataclass(frozen=True)
class OralAdFormState:
    drug: str
    dose_text: str
    frequency: str
    started_on: date
    prescriber_name: str = ""


@dataclass(frozen=True)
class StopFormState:
    stopped_on: date
    reason: str = ""


def _line(name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(300)
    return edit


class OralAdDialog(ChartDialog):
    def __init__(self, state: OralAdFormState, save: Callable[[OralAdFormState], object],
                 parent: QWidget | None = None) -> None:
        super().__init__("Add an oral antidepressant",
                         "The antidepressant the patient takes now (for adjunctive treatment "
                         "and the REMS forms). Stopping it later keeps it in the history.",
                         parent)
        self._save = save
        self.drug = _line("drug", "e.g. sertraline")
        self.dose = _line("dose", "e.g. 100 mg")
        self.frequency = QComboBox()
        self.frequency.setObjectName("frequency")
        self.frequency.setEditable(True)
        self.frequency.addItems(FREQUENCIES)
        self.started = date_edit("started_on", state.started_on)
        self.prescriber = _line("prescriber", "who prescribes it (optional)")
        self.add_row("&Drug:", self.drug, "drug")
        self.add_row("D&ose:", self.dose, "dose")
        self.add_row("&Frequency:", self.frequency, "frequency")
        self.add_row("&Start date:", self.started, "start date")
        self.add_row("&Prescriber:", self.prescriber, "prescriber")
        self.finish("&Add")
        self.setMinimumWidth(520)
        self.set_state(state)

    def set_state(self, state: OralAdFormState) -> None:
        self.drug.setText(state.drug)
        self.dose.setText(state.dose_text)
        self.frequency.setCurrentText(state.frequency)
        set_date(self.started, state.started_on)
        self.prescriber.setText(state.prescriber_name)

    def get_state(self) -> OralAdFormState:
        return OralAdFormState(self.drug.text(), self.dose.text(), self.frequency.currentText(),
                               date_of(self.started), self.prescriber.text())

    def submit(self) -> None:
        self._save(self.get_state())


class StopOralAdDialog(ChartDialog):
    def __init__(self, drug_text: str, state: StopFormState,
                 save: Callable[[StopFormState], object], parent: QWidget | None = None) -> None:
        super().__init__(f"Stop {drug_text}",
                         "The medicine moves to the history with its stop date and reason.",
                         parent)
        self._save = save
        self.stopped = date_edit("stopped_on", state.stopped_on)
        self.reason = _line("reason", "e.g. side effects, switched to bupropion")
        self.add_row("S&top date:", self.stopped, "stop date")
        self.add_row("&Reason:", self.reason, "reason")
        self.finish("S&top medicine")
        self.setMinimumWidth(480)
        self.set_state(state)

    def set_state(self, state: StopFormState) -> None:
        set_date(self.stopped, state.stopped_on)
        self.reason.setText(state.reason)

    def get_state(self) -> StopFormState:
        return StopFormState(date_of(self.stopped), self.reason.text())

    def submit(self) -> None:
        self._save(self.get_state())
