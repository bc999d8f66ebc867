"""Contraindication screening panel: each label item's latest answer with who and when, the
screening form, and the prescriber decision for an "unknown" answer."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from aurora_desktop.domain.contraindications import LABELS
from aurora_desktop.domain.enums import Answer, Contraindication
from aurora_desktop.services.patient_chart import PatientChart, ScreeningView
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.record_dialogs import ScreeningDialog
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.patients.formatting import (
    ANSWER_LABELS,
    FLAG_RED,
    OK_GREEN,
    fmt_datetime,
)
from aurora_desktop.ui.patients.table_model import Row, RowsModel, rows_table

HEADERS = ["Contraindication", "Answer", "Screened by", "When", "Prescriber decision"]
_ANSWER_COLOURS = {Answer.YES: FLAG_RED, Answer.UNKNOWN: "#8a5a00", Answer.NO: OK_GREEN}


class ScreeningPanel(QGroupBox):
    def __init__(self, tab: ChartTab) -> None:
        super().__init__("Contraindication screening")
        self.tab = tab
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("screening_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.status)
        self.model = RowsModel(HEADERS, self)
        self.table = rows_table(self.model, "screening", stretch_column=0)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.screen_button = QPushButton("Screen contraindications…")
        self.screen_button.setObjectName("screen_contraindications")
        self.screen_button.clicked.connect(lambda: self.screen())
        self.decide_button = QPushButton("Record prescriber decision…")
        self.decide_button.setObjectName("decide_contraindication")
        self.decide_button.clicked.connect(lambda: self.decide(self.table.currentIndex().row()))
        buttons.addWidget(self.screen_button)
        buttons.addWidget(self.decide_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def show_chart(self, chart: PatientChart) -> None:
        status = chart.screening_status
        if status.clear:
            self.status.setText(f"<b style='color:{OK_GREEN}'>✔ No contraindication blocks "
                                "dosing.</b>")
        else:
            items = "".join(f"<li>{html.escape(r)}</li>" for r in status.reasons)
            self.status.setText(f"<b style='color:{FLAG_RED}'>⚠ Dosing blocked by screening:"
                                f"</b><ul>{items}</ul>")
        by_item = {s.item: s for s in chart.screening}
        rows = []
        for item in Contraindication:
            s = by_item.get(item)
            if s is None:
                rows.append(Row((LABELS[item], "Not screened", "—", "—", "—"), None, {1: FLAG_RED}))
                continue
            decision = "—"
            if s.prescriber_decision:
                decision = (f"{s.prescriber_decision} ({chart.staff_name(s.decided_by_id)}, "
                            f"{fmt_datetime(s.decided_at)})")
            elif s.answer is Answer.UNKNOWN:
                decision = "Needed"
            rows.append(Row((s.label, ANSWER_LABELS[s.answer], chart.staff_name(s.screened_by_id),
                             fmt_datetime(s.screened_at), decision), s,
                            {1: _ANSWER_COLOURS[s.answer]}))
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.tab.gate(self.screen_button, Op.SCREEN_CONTRAINDICATIONS)
        undecided = any(s.answer is Answer.UNKNOWN and not s.prescriber_decision
                        for s in chart.screening)
        self.tab.gate(self.decide_button, Op.DECIDE_CONTRAINDICATION, extra=undecided,
                      why="No 'unknown' answer is waiting for a decision.")

    def screen(self, answers: dict[Contraindication, Answer] | None = None) -> bool:
        chart = self.tab.chart
        if chart is None:
            return False
        if answers is None:
            dialog = ScreeningDialog(self)
            dialog.set_state({s.item: s.answer for s in chart.screening})
            if not dialog.exec():
                return False
            answers = dialog.answered()
        return self.tab.run("Contraindication screening", lambda: self.tab.ui.services.patients
                            .screen_contraindications(self.tab.ui.require_actor(),
                                                      chart.patient.id, answers),
                            "Contraindication screening recorded")

    def decide(self, row: int, decision: str | None = None) -> bool:
        s: ScreeningView | None = self.model.key_at(row)
        if s is None or s.answer is not Answer.UNKNOWN:
            undecided = [r.key for r in self.model.rows if r.key is not None
                         and r.key.answer is Answer.UNKNOWN and not r.key.prescriber_decision]
            if not undecided:
                return False
            s = undecided[0]
        if decision is None:
            decision = self.tab.ui.dialogs.ask_text(
                self, "Prescriber decision",
                f"“{s.label}” was answered unknown. Your decision (e.g. cleared after "
                "imaging review — may dose):")
            if not decision:
                return False
        return self.tab.run("Prescriber decision", lambda: self.tab.ui.services.patients
                            .decide_contraindication(self.tab.ui.require_actor(), s.id,
                                                     s.version, decision),
                            "Prescriber decision recorded")
