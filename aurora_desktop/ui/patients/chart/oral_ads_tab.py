"""Oral antidepressants tab: current medicines and the history of stopped ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.services.patient_chart import OralAdView, PatientChart
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.chart_forms import guard_button, us_date
from aurora_desktop.ui.patients.chart.oral_ad_dialogs import (
    OralAdDialog,
    OralAdFormState,
    StopFormState,
    StopOralAdDialog,
)
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.ui_context import UiContext

CLINICAL_ONLY = "oral antidepressants are recorded by nurses and prescribers"
CURRENT_COLUMNS = ("Drug", "Dose", "Frequency", "Started", "Prescriber")
HISTORY_COLUMNS = ("Drug", "Dose", "Frequency", "Started", "Stopped", "Reason", "Prescriber")


def _table(name: str, columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: 600; color: #2d3b4e;")
    return label


class OralAdsTab(ChartTab):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        self.current_rows: list[OralAdView] = []
        layout = QVBoxLayout(self)
        actions = QHBoxLayout()
        self.add_button = self.button("&Add antidepressant…", "add_oral_ad", self.add_medicine)
        self.stop_button = self.button("S&top selected…", "stop_oral_ad", self.stop_selected)
        actions.addWidget(self.add_button)
        actions.addWidget(self.stop_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        layout.addWidget(_heading("Current oral antidepressants"))
        self.current_empty = QLabel("None recorded. Adjunctive plans need the oral "
                                    "antidepressant the patient takes.")
        self.current_empty.setObjectName("current_empty")
        self.current_empty.setWordWrap(True)
        layout.addWidget(self.current_empty)
        self.current = _table("current", CURRENT_COLUMNS)
        self.current.itemSelectionChanged.connect(self._sync_buttons)
        self.current.doubleClicked.connect(self.stop_selected)
        layout.addWidget(self.current, 1)
        layout.addWidget(_heading("History (stopped)"))
        self.history_empty = QLabel("No stopped oral antidepressants.")
        self.history_empty.setObjectName("history_empty")
        layout.addWidget(self.history_empty)
        self.history = _table("history", HISTORY_COLUMNS)
        layout.addWidget(self.history, 1)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        guard_button(self.add_button, self.ui, Op.EDIT_CLINICAL_HISTORY, CLINICAL_ONLY)
        guard_button(self.stop_button, self.ui, Op.EDIT_CLINICAL_HISTORY, CLINICAL_ONLY)
        if self.stop_button.isEnabled() and self.selected() is None:
            self.stop_button.setEnabled(False)
            self.stop_button.setToolTip("Select a current antidepressant first.")

    def show_chart(self, chart: PatientChart) -> None:
        self.chart = chart
        self.current_rows = [o for o in chart.oral_ads if o.current]
        stopped = sorted((o for o in chart.oral_ads if not o.current),
                         key=lambda o: (o.stopped_on or date.min, o.id), reverse=True)
        _fill(self.current, [(o.drug, o.dose_text, o.frequency, us_date(o.started_on),
                              o.prescriber_name or "—") for o in self.current_rows])
        _fill(self.history, [(o.drug, o.dose_text, o.frequency, us_date(o.started_on),
                              us_date(o.stopped_on), o.stop_reason or "—",
                              o.prescriber_name or "—") for o in stopped])
        self.current_empty.setVisible(not self.current_rows)
        self.current.setVisible(bool(self.current_rows))
        self.history_empty.setVisible(not stopped)
        self.history.setVisible(bool(stopped))
        if self.current_rows:
            self.current.selectRow(0)
        self._sync_buttons()

    def selected(self) -> OralAdView | None:
        rows = self.current.selectionModel().selectedRows() if self.current_rows else []
        return self.current_rows[rows[0].row()] if rows else None

    def make_add_dialog(self) -> OralAdDialog:
        assert self.chart is not None
        patient_id, actor = self.chart.patient.id, self.ui.require_actor()

        def save(s: OralAdFormState) -> None:
            self.ui.services.patients.add_oral_antidepressant(
                actor, patient_id, s.drug, s.dose_text, s.started_on, frequency=s.frequency,
                prescriber_name=s.prescriber_name)

        dialog = OralAdDialog(OralAdFormState("", "", "daily", self.today()), save, self)
        dialog.accepted.connect(lambda: self.saved("Oral antidepressant added."))
        dialog.stale.connect(self.changed)
        return dialog

    def make_stop_dialog(self, row: OralAdView) -> StopOralAdDialog:
        actor = self.ui.require_actor()

        def save(s: StopFormState) -> None:
            self.ui.services.patients.stop_oral_antidepressant(
                actor, row.id, row.version, s.stopped_on, s.reason)

        dialog = StopOralAdDialog(f"{row.drug} {row.dose_text}", StopFormState(self.today()),
                                  save, self)
        dialog.accepted.connect(lambda: self.saved(f"{row.drug} stopped."))
        dialog.stale.connect(self.changed)
        return dialog

    def add_medicine(self) -> None:
        if self.chart is not None and self.add_button.isEnabled():
            self.make_add_dialog().exec()

    def stop_selected(self) -> None:
        row = self.selected()
        if row is not None and self.stop_button.isEnabled():
            self.make_stop_dialog(row).exec()
