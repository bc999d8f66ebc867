"""Treatment plan tab: the active plan, its derived phase, cadence and next due window."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import Indication, OralAdStrategy, Role
from aurora_desktop.domain.treatment_phase import PhaseInfo
from aurora_desktop.services.patient_chart import PatientChart, PlanView
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.chart_forms import guard_button, us_date
from aurora_desktop.ui.patients.chart.plan_dialog import (
    INDICATION_TEXT,
    PlanDialog,
    PlanFormState,
)
from aurora_desktop.ui.patients.chart.tab_base import ChartTab
from aurora_desktop.ui.ui_context import UiContext
from aurora_desktop.ui.widgets.empty_state import EmptyState

PRESCRIBERS_ONLY = "treatment plans are set and changed by prescribers"
WARNING_STYLE = ("QLabel { color: #6b4a00; background: #fff4d6; border: 1px solid #e6c36a;"
                 " border-radius: 4px; padding: 6px; }")
OVERDUE_STYLE = ("QLabel { color: #8a1c1c; background: #fdecea; border: 1px solid #e3a6a1;"
                 " border-radius: 4px; padding: 6px; font-weight: 600; }")


def strategy_text(plan: PlanView) -> str:
    if plan.strategy is OralAdStrategy.MONOTHERAPY:
        attested = "attested by the prescriber" if plan.monotherapy_attested else "NOT attested"
        return f"Monotherapy — esketamine alone ({attested})"
    return "Adjunctive — with an oral antidepressant"


def due_text(phase: PhaseInfo, today: date) -> str:
    window = phase.next_due
    if window is None:
        return "No next session due — prescriber review"
    if window.latest is None:
        return f"From {us_date(window.earliest)} (first session of the plan)"
    text = f"{us_date(window.earliest)} – {us_date(window.latest)}"
    if window.is_overdue(today):
        text += "  (OVERDUE)"
    return text


def cadence_text(phase: PhaseInfo) -> str:
    cadence = phase.cadence
    if cadence is None:
        return "Not established — prescriber review"
    return (f"{cadence.label} (every {cadence.min_gap_days}–{cadence.max_gap_days} days, "
            f"at most {cadence.max_per_7_days} in any 7 days)")


class PlanTab(ChartTab):
    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ui, parent)
        layout = QVBoxLayout(self)
        actions = QHBoxLayout()
        self.new_button = self.button("&New plan…", "new_plan", self.new_plan)
        self.edit_button = self.button("&Edit plan…", "edit_plan", self.edit_plan)
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.empty = EmptyState("No treatment plan yet",
                                "A prescriber sets the indication (TRD or MDSI) and the oral "
                                "antidepressant strategy before the first session.")
        layout.addWidget(self.empty)
        self.plan_box = QGroupBox("Current plan")
        plan_form = QFormLayout(self.plan_box)
        self.values: dict[str, QLabel] = {}
        for key, label in (("indication", "Indication:"), ("strategy", "Oral AD strategy:"),
                           ("prescriber", "Prescriber:"), ("start", "Start date:"),
                           ("dose", "Target dose:"), ("notes", "Notes:")):
            plan_form.addRow(label, self._value(key))
        self.phase_box = QGroupBox("Phase and next session")
        phase_form = QFormLayout(self.phase_box)
        for key, label in (("phase", "Current phase:"), ("week", "Treatment week:"),
                           ("session", "Next session:"), ("cadence", "Expected cadence:"),
                           ("due", "Next due window:")):
            phase_form.addRow(label, self._value(key))
        self.values["due"].setStyleSheet("font-weight: 600;")
        self.warnings = QVBoxLayout()
        phase_form.addRow(self.warnings)
        layout.addWidget(self.plan_box)
        layout.addWidget(self.phase_box)
        layout.addStretch(1)
        guard_button(self.new_button, ui, Op.EDIT_TREATMENT_PLAN, PRESCRIBERS_ONLY)
        guard_button(self.edit_button, ui, Op.EDIT_TREATMENT_PLAN, PRESCRIBERS_ONLY)
        self._show_plan(False)

    def _value(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"value_{key}")
        label.setWordWrap(True)
        self.values[key] = label
        return label

    def _show_plan(self, present: bool) -> None:
        self.empty.setVisible(not present)
        self.plan_box.setVisible(present)
        self.phase_box.setVisible(present)
        self.edit_button.setVisible(present)
        self.new_button.setText("&New plan…" if present else "&Set plan…")

    def show_chart(self, chart: PatientChart) -> None:
        self.chart = chart
        plan, phase = chart.plan, chart.phase
        self._show_plan(plan is not None)
        while self.warnings.count():
            item = self.warnings.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if plan is None:
            return
        v = self.values
        v["indication"].setText(INDICATION_TEXT[plan.indication])
        v["strategy"].setText(strategy_text(plan))
        v["prescriber"].setText(chart.staff_name(plan.prescriber_id))
        v["start"].setText(us_date(plan.start_date))
        v["dose"].setText(f"{plan.target_dose_mg} mg")
        v["notes"].setText(plan.notes or "—")
        if phase is None:
            return
        today = self.today()
        v["phase"].setText(phase.phase_label)
        v["week"].setText(f"Week {phase.week} · {phase.sessions_completed} session(s) "
                          "completed in this plan")
        v["session"].setText(f"Session {phase.next_session_number_in_phase} of "
                             f"{phase.phase_label}")
        v["cadence"].setText(cadence_text(phase))
        v["due"].setText(due_text(phase, today))
        overdue = phase.next_due is not None and phase.next_due.is_overdue(today)
        for note in phase.notes:
            label = QLabel(f"⚠  {note}")
            label.setWordWrap(True)
            label.setObjectName("phase_note")
            label.setStyleSheet(OVERDUE_STYLE if note.startswith("Overdue") else WARNING_STYLE)
            self.warnings.addWidget(label)
        v["due"].setStyleSheet("font-weight: 600;" + (" color: #8a1c1c;" if overdue else ""))

    # ----- dialogs ------------------------------------------------------------------------
    def _prescribers(self) -> list:
        people = self.ui.services.roster.people(self.ui.require_actor())
        return [p for p in people if Role.PRESCRIBER.value in p.roles]

    def make_plan_dialog(self, editing: bool) -> PlanDialog:
        chart = self.chart
        assert chart is not None
        plan = chart.plan
        actor = self.ui.require_actor()
        today = self.today()
        if editing and plan is not None:
            state = PlanFormState(plan.indication, plan.strategy, plan.prescriber_id,
                                  plan.start_date, plan.target_dose_mg,
                                  plan.monotherapy_attested, plan.notes)
        elif plan is not None:  # a new plan starts from the current one, dated today
            state = PlanFormState(plan.indication, plan.strategy, plan.prescriber_id, today,
                                  plan.target_dose_mg)
        else:
            state = PlanFormState(Indication.TRD, OralAdStrategy.ADJUNCTIVE, actor.staff_id,
                                  today, 56)
        replaces = ""
        if plan is not None and not editing:
            replaces = (f"The current plan ({plan.indication.value.upper()} since "
                        f"{us_date(plan.start_date)}) will be marked completed.")

        def save(s: PlanFormState) -> None:
            if editing and plan is not None:
                self.ui.services.patients.update_plan(
                    actor, plan.id, plan.version, strategy=s.strategy, start_date=s.start_date,
                    target_dose_mg=s.target_dose_mg, prescriber_id=s.prescriber_id,
                    attest_monotherapy=s.attest_monotherapy, notes=s.notes)
            else:
                self.ui.services.patients.set_plan(
                    actor, chart.patient.id, s.indication, s.strategy, s.start_date,
                    s.target_dose_mg, prescriber_id=s.prescriber_id,
                    attest_monotherapy=s.attest_monotherapy, notes=s.notes)

        dialog = PlanDialog(state, self._prescribers(), save, editing=editing,
                            replaces=replaces, parent=self)
        dialog.accepted.connect(lambda: self.saved("Treatment plan saved."))
        dialog.stale.connect(self.changed)
        return dialog

    def new_plan(self) -> None:
        if self.chart is not None:
            self.make_plan_dialog(False).exec()

    def edit_plan(self) -> None:
        if self.chart is not None and self.chart.plan is not None:
            self.make_plan_dialog(True).exec()
