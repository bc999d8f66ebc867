"""Eligibility & contraindications tab: prior trials with the TRD verdict and its reasons,
and the contraindication screening panel."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.services.patient_chart import PatientChart, TrialView
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.record_dialogs import TrialDialog, TrialState
from aurora_desktop.ui.patients.chart.screening_panel import ScreeningPanel
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.patients.formatting import FLAG_RED, OK_GREEN, OUTCOME_LABELS, yes_no
from aurora_desktop.ui.patients.table_model import Row, RowsModel, rows_table
from aurora_desktop.ui.ui_context import UiContext

HEADERS = ["Drug", "Dose", "Weeks", "Adequate dose?", "Adequate duration?", "Current episode?",
           "Response", "Counts toward TRD?"]


class EligibilityTab(ChartTab):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        trials_box = QGroupBox("TRD eligibility — prior oral antidepressant trials")
        box_layout = QVBoxLayout(trials_box)
        self.verdict = QLabel()
        self.verdict.setObjectName("trd_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        box_layout.addWidget(self.verdict)
        self.model = RowsModel(HEADERS, self)
        self.table = rows_table(self.model, "trials")
        self.table.doubleClicked.connect(lambda index: self.edit_trial(index.row()))
        box_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add trial…")
        self.add_button.setObjectName("add_trial")
        self.add_button.clicked.connect(lambda: self.add_trial())
        self.edit_button = QPushButton("Edit selected trial…")
        self.edit_button.setObjectName("edit_trial")
        self.edit_button.clicked.connect(lambda: self.edit_trial(self.table.currentIndex().row()))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        box_layout.addLayout(buttons)
        layout.addWidget(trials_box, 1)
        self.screening = ScreeningPanel(self)
        layout.addWidget(self.screening, 1)

    def show_chart(self, chart: PatientChart) -> None:
        super().show_chart(chart)
        verdict = chart.eligibility
        if verdict.met:
            self.verdict.setText(f"<b style='color:{OK_GREEN}'>✔ {html.escape(verdict.summary)}</b>")
        else:
            items = "".join(f"<li>{html.escape(r)}</li>" for r in verdict.reasons)
            self.verdict.setText(f"<b style='color:{FLAG_RED}'>✘ Does not meet the TRD "
                                 f"definition (≥ 2 adequate trials without adequate response "
                                 f"in the current episode):</b><ul>{items}</ul>")
        qualifying = list(verdict.qualifying_trials)
        rows = []
        for t in chart.trials:
            counts = t.drug in qualifying
            if counts:
                qualifying.remove(t.drug)
            rows.append(Row((t.drug, t.dose_text, str(t.duration_weeks), yes_no(t.adequate_dose),
                             yes_no(t.adequate_duration), yes_no(t.current_episode),
                             OUTCOME_LABELS[t.outcome], "✔ Yes" if counts else "✘ No"),
                            t, {7: OK_GREEN if counts else FLAG_RED}))
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.gate(self.add_button, Op.EDIT_CLINICAL_HISTORY)
        self.gate(self.edit_button, Op.EDIT_CLINICAL_HISTORY, extra=bool(rows),
                  why="No trial recorded yet.")
        self.screening.show_chart(chart)

    def add_trial(self, state: TrialState | None = None) -> bool:
        if self.chart is None:
            return False
        if state is None:
            dialog = TrialDialog("Add prior antidepressant trial", self)
            if not dialog.exec():
                return False
            state = dialog.get_state()
        patient_id = self.chart.patient.id
        return self.run("Add trial", lambda: self.ui.services.patients.add_trial(
            self.ui.require_actor(), patient_id, state.drug, state.dose_text,
            state.duration_weeks, adequate_dose=state.adequate_dose,
            adequate_duration=state.adequate_duration, outcome=state.outcome,
            current_episode=state.current_episode), "Trial recorded")

    def edit_trial(self, row: int, state: TrialState | None = None) -> bool:
        trial: TrialView | None = self.model.key_at(row)
        if trial is None or not self.edit_button.isEnabled():
            return False
        if state is None:
            dialog = TrialDialog("Edit prior antidepressant trial", self)
            dialog.set_state(TrialState(trial.drug, trial.dose_text, trial.duration_weeks,
                                        trial.adequate_dose, trial.adequate_duration,
                                        trial.current_episode, trial.outcome))
            if not dialog.exec():
                return False
            state = dialog.get_state()
        return self.run("Edit trial", lambda: self.ui.services.patients.update_trial(
            self.ui.require_actor(), trial.id, trial.version, state.drug, state.dose_text,
            state.duration_weeks, adequate_dose=state.adequate_dose,
            adequate_duration=state.adequate_duration, outcome=state.outcome,
            current_episode=state.current_episode), "Trial updated")
