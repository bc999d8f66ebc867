"""Outcome measures tab: trend chart, a summary against baseline and the table of scores."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain import scales
from aurora_desktop.domain.enums import Scale
from aurora_desktop.domain.scales import ScorePoint
from aurora_desktop.services.patient_chart import PatientChart
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.chart_forms import guard_button, us_date
from aurora_desktop.ui.patients.chart.outcome_dialog import OutcomeDialog, OutcomeFormState
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.patients.chart.trend_chart import TrendChart
from aurora_desktop.ui.ui_context import UiContext

CLINICAL_ONLY = "outcome measures are recorded by nurses and prescribers"
COLUMNS = ("Date", "Scale", "Total", "Severity", "Change from baseline", "Response",
           "Remission", "Baseline")


def summary_text(points: tuple[ScorePoint, ...]) -> str:
    """One line per scale: baseline, latest, change and the current flags."""
    if not points:
        return ""
    first, last = points[0], points[-1]
    label = scales.SCALE_LABELS[first.scale]
    if len(points) == 1:
        return f"{label}: baseline {first.total} ({first.severity}) on {us_date(first.measured_on)}"
    change = (f"{round(100 * last.change_from_baseline / first.total):+d} %"
              if first.total else f"{last.change_from_baseline:+d}")
    flags = ("remission" if last.remission else "response" if last.response
             else "no response yet")
    return (f"{label}: baseline {first.total} on {us_date(first.measured_on)} → latest "
            f"{last.total} ({last.severity}) on {us_date(last.measured_on)}, {change} — {flags}")


def row_of(p: ScorePoint) -> tuple[str, ...]:
    return (us_date(p.measured_on), scales.SCALE_LABELS[p.scale], str(p.total), p.severity,
            "—" if p.is_baseline else f"{p.change_from_baseline:+d}",
            "Yes" if p.response else "—", "Yes" if p.remission else "—",
            "Baseline" if p.is_baseline else "")


class OutcomesTab(ChartTab):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        actions = QHBoxLayout()
        self.record_button = self.button("&Record PHQ-9 / MADRS…", "record_outcome", self.record)
        guard_button(self.record_button, ui, Op.RECORD_OUTCOME, CLINICAL_ONLY)
        self.madrs_toggle = QCheckBox("Show &MADRS (right axis)")
        self.madrs_toggle.setObjectName("show_madrs")
        self.madrs_toggle.setChecked(True)
        actions.addWidget(self.record_button)
        actions.addWidget(self.madrs_toggle)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.summary = QLabel()
        self.summary.setObjectName("outcome_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.trend = TrendChart()
        self.madrs_toggle.toggled.connect(self.trend.set_show_madrs)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("scores")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.trend)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def show_chart(self, chart: PatientChart) -> None:
        self.chart = chart
        self.trend.set_series(chart.phq9, chart.madrs)
        self.madrs_toggle.setEnabled(bool(chart.madrs))
        lines = [t for t in (summary_text(chart.phq9), summary_text(chart.madrs)) if t]
        self.summary.setText("\n".join(lines) or "No scores recorded yet.")
        points = sorted(chart.phq9 + chart.madrs,
                        key=lambda p: (p.measured_on, p.scale is Scale.MADRS), reverse=True)
        self.table.setRowCount(len(points))
        for r, point in enumerate(points):
            for c, text in enumerate(row_of(point)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def make_dialog(self) -> OutcomeDialog:
        assert self.chart is not None
        patient_id, actor = self.chart.patient.id, self.ui.require_actor()

        def save(scale: Scale, items: list[int], measured_on: date, note: str) -> None:
            self.ui.services.patients.record_outcome(actor, patient_id, scale, items,
                                                     measured_on, note=note)

        dialog = OutcomeDialog(OutcomeFormState(self.today()), save, self)
        dialog.finished.connect(lambda _result: self._scales_saved(dialog.saved))
        return dialog

    def _scales_saved(self, scales_saved: set[Scale]) -> None:
        if not scales_saved or self.chart is None:
            return
        names = " and ".join(scales.SCALE_LABELS[s] for s in Scale if s in scales_saved)
        self.saved(f"{names} recorded.")

    def record(self) -> None:
        if self.chart is not None and self.record_button.isEnabled():
            self.make_dialog().exec()
