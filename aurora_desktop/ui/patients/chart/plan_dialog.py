"""The Set plan / Edit plan dialog of the Treatment plan tab (the service enforces the rules)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QWidget

from aurora_desktop.domain.enums import Indication, OralAdStrategy
from aurora_desktop.services.scheduling_models import RosterPerson
from aurora_desktop.ui.patients.chart.chart_forms import ChartDialog, date_edit, date_of, set_date

INDICATION_TEXT = {
    Indication.TRD: "TRD — treatment-resistant depression",
    Indication.MDSI: "MDSI — depressive symptoms with acute suicidal ideation or behavior",
}
STRATEGY_TEXT = {
    OralAdStrategy.ADJUNCTIVE: "Adjunctive — with an oral antidepressant",
    OralAdStrategy.MONOTHERAPY: "Monotherapy — esketamine alone (TRD only)",
}
ATTEST_TEXT = "I attest, as the prescriber, that monotherapy is appropriate"


@dataclass(frozen=True)
class PlanFormState:
    indication: Indication
    strategy: OralAdStrategy
    prescriber_id: int | None
    start_date: date
    target_dose_mg: int
    attest_monotherapy: bool = False
    notes: str = ""


class PlanDialog(ChartDialog):
    """``save(state)`` runs the service call; ``editing`` fixes the indication."""

    def __init__(self, state: PlanFormState, prescribers: Sequence[RosterPerson],
                 save: Callable[[PlanFormState], object], *, editing: bool,
                 replaces: str = "", parent: QWidget | None = None) -> None:
        title = "Edit the treatment plan" if editing else "Set a treatment plan"
        intro = ("Changes apply to the current plan; its phase and session count continue. "
                 "A different indication needs a new plan." if editing else
                 "Monotherapy is for TRD only and needs the prescriber's attestation; MDSI is "
                 "always treated together with an oral antidepressant.")
        if replaces:
            intro += f" {replaces}"
        super().__init__(title, intro, parent)
        self._save = save
        self.indication = QComboBox()
        self.indication.setObjectName("indication")
        for value, text in INDICATION_TEXT.items():
            self.indication.addItem(text, value)
        self.indication.setEnabled(not editing)
        self.strategy = QComboBox()
        self.strategy.setObjectName("strategy")
        for value, text in STRATEGY_TEXT.items():
            self.strategy.addItem(text, value)
        self.attest = QCheckBox(ATTEST_TEXT)
        self.attest.setObjectName("attest_monotherapy")
        self.attest.setToolTip("Esketamine without an oral antidepressant, for this TRD "
                               "patient; recorded with your name and the time.")
        self.prescriber = QComboBox()
        self.prescriber.setObjectName("prescriber")
        for person in prescribers:
            suffix = f", {person.credentials}" if person.credentials else ""
            self.prescriber.addItem(f"{person.full_name}{suffix}", person.id)
        self.start = date_edit("start_date", state.start_date)
        self.dose = QComboBox()
        self.dose.setObjectName("target_dose")
        for mg in (56, 84):
            self.dose.addItem(f"{mg} mg ({mg // 28} devices)", mg)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setFixedHeight(70)
        self.add_row("&Indication:", self.indication, "indication")
        self.add_row("Oral AD &strategy:", self.strategy, "strategy")
        self.add_row("", self.attest, "attestation")
        self.add_row("&Prescriber:", self.prescriber, "prescriber")
        self.add_row("S&tart date:", self.start, "start date")
        self.add_row("Target &dose:", self.dose, "target dose")
        self.add_row("&Notes:", self.notes, "notes")
        self.strategy.currentIndexChanged.connect(self._sync)
        self.finish("&Save plan")
        self.setMinimumWidth(620)
        self.set_state(state)

    def _sync(self) -> None:
        mono = self.strategy.currentData() == OralAdStrategy.MONOTHERAPY
        self.attest.setVisible(mono)

    def set_state(self, state: PlanFormState) -> None:
        self.indication.setCurrentIndex(self.indication.findData(state.indication))
        self.strategy.setCurrentIndex(self.strategy.findData(state.strategy))
        index = self.prescriber.findData(state.prescriber_id)
        self.prescriber.setCurrentIndex(index if index >= 0 else 0)
        set_date(self.start, state.start_date)
        self.dose.setCurrentIndex(max(0, self.dose.findData(state.target_dose_mg)))
        self.attest.setChecked(state.attest_monotherapy)
        self.notes.setPlainText(state.notes)
        self._sync()

    def get_state(self) -> PlanFormState:
        strategy = OralAdStrategy(self.strategy.currentData())
        return PlanFormState(
            Indication(self.indication.currentData()), strategy,
            self.prescriber.currentData(), date_of(self.start), int(self.dose.currentData()),
            strategy is OralAdStrategy.MONOTHERAPY and self.attest.isChecked(),
            self.notes.toPlainText())

    def submit(self) -> None:
        self._save(self.get_state())
