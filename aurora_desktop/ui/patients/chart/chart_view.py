"""The patient chart: header (name, MRN, DOB/age, REMS flag, dosing-blocked reasons) and the
tabs in the order the clinic reads them. ``_tab_factories()`` is the one list of tabs."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.enums import PregnancyStatus
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.patient_chart import PatientChart
from aurora_desktop.ui.patients.formatting import (
    FLAG_BG,
    FLAG_RED,
    NEW_YORK,
    NOT_ENROLLED,
    OK_GREEN,
    age_on,
    fmt_date,
)
from aurora_desktop.ui.reports.report_actions import ReportActions
from aurora_desktop.ui.ui_context import UiContext

if TYPE_CHECKING:  # reportlab loads when a document is first built, not with the chart
    from aurora_desktop.reports.jobs import ReportJob

TabFactory = Callable[[UiContext], QWidget]


def _tab_factories() -> list[tuple[str, TabFactory]]:
    """Tab titles and factories, in chart order."""
    from aurora_desktop.ui.patients.chart.demographics_tab import DemographicsTab
    from aurora_desktop.ui.patients.chart.eligibility_tab import EligibilityTab
    from aurora_desktop.ui.patients.chart.enrollment_tab import EnrollmentTab
    from aurora_desktop.ui.patients.chart.history_tab import SessionHistoryTab
    from aurora_desktop.ui.patients.chart.oral_ads_tab import OralAdsTab
    from aurora_desktop.ui.patients.chart.outcomes_tab import OutcomesTab
    from aurora_desktop.ui.patients.chart.plan_tab import PlanTab

    return [
        ("Demographics", DemographicsTab),
        ("REMS enrollment", EnrollmentTab),
        ("Eligibility && contraindications", EligibilityTab),
        ("Treatment plan", PlanTab),
        ("Oral antidepressants", OralAdsTab),
        ("Outcome measures", OutcomesTab),
        ("Session history", SessionHistoryTab),
    ]


def clinical_warnings(chart: PatientChart) -> list[str]:
    """Soft points for the prescriber (not dosing blocks): pregnancy."""
    form = chart.patient.form
    warnings = []
    if form.pregnancy_status is PregnancyStatus.PREGNANT:
        warnings.append("Pregnant — SPRAVATO is not recommended in pregnancy.")
    elif form.can_become_pregnant and form.pregnancy_status in (
            PregnancyStatus.UNKNOWN, PregnancyStatus.NOT_APPLICABLE):
        warnings.append("Can become pregnant — pregnancy status not recorded.")
    return warnings


def dosing_blockers(chart: PatientChart) -> list[str]:
    """Why the session workflow would refuse to dose this patient today (display only)."""
    reasons = [] if chart.rems_enrolled else ["not REMS-enrolled (no active enrollment)"]
    reasons.extend(chart.screening_status.reasons)
    return reasons


class ChartView(QWidget):
    """One patient's chart; ``back_requested`` returns to the search (Esc)."""

    back_requested = Signal()

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.chart: PatientChart | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton("← Patients (Esc)")
        self.back_button.clicked.connect(self.back_requested.emit)
        QShortcut(QKeySequence("Escape"), self, activated=self.back_requested.emit)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        heading = QVBoxLayout()
        self.name_label = QLabel()
        self.name_label.setObjectName("chart_name")
        self.name_label.setStyleSheet("font-size: 15pt; font-weight: 600; color: #2d3b4e;")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("chart_facts")
        self.facts_label.setStyleSheet("font-size: 11pt;")
        heading.addWidget(self.name_label)
        heading.addWidget(self.facts_label)
        top.addLayout(heading, 1)
        self.rems_flag = QLabel()
        self.rems_flag.setObjectName("rems_flag")
        top.addWidget(self.rems_flag, 0, Qt.AlignmentFlag.AlignTop)
        self.reports = ReportActions(ui, self)
        self.pdf_button = self.reports.menu_button(
            "Treatment history PDF…", "patient_history_pdf",
            "Preview (Ctrl+Shift+P), print (Ctrl+P) or save this patient's treatment history "
            "(plans, sessions, PHQ-9/MADRS trend) as a PDF", self._history_factory, self)
        self.pdf_menu = self.pdf_button.menu()
        top.addWidget(self.pdf_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.blocked_label = QLabel()
        self.blocked_label.setObjectName("dosing_blocked")
        self.blocked_label.setWordWrap(True)
        self.blocked_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.blocked_label)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("clinical_warnings")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a5a00; font-weight: 600; padding: 0 4px;")
        layout.addWidget(self.warning_label)
        self.tabs = QTabWidget()
        self.tab_widgets: list[QWidget] = []
        for index, (title, factory) in enumerate(_tab_factories()):
            widget = factory(ui)
            changed = getattr(widget, "changed", None)
            if changed is not None:
                changed.connect(self.reload)
            self.tab_widgets.append(widget)
            self.tabs.addTab(widget, title)
            QShortcut(QKeySequence(f"Alt+{index + 1}"), self,
                      activated=lambda i=index: self.tabs.setCurrentIndex(i))
        layout.addWidget(self.tabs, 1)

    # behaviour ----------------------------------------------------------------------------
    def open(self, patient_id: int) -> bool:
        """Open (audited) and show a chart; explains a refusal instead of failing silently."""
        try:
            chart = self.ui.services.patient_chart.open_chart(self.ui.require_actor(), patient_id)
        except AuroraError as exc:
            self.ui.dialogs.error(self, "Open chart", str(exc))
            return False
        self.show_chart(chart)
        return True

    def _history_factory(self) -> Callable[[], ReportJob] | None:
        """The open patient's treatment history, built when asked (permission checked then)."""
        if self.chart is None:
            return None
        patient_id = self.chart.patient.id

        def factory() -> ReportJob:
            from aurora_desktop.reports.jobs import patient_history_job

            return patient_history_job(self.ui.services, self.ui.require_actor(), patient_id)

        return factory

    def history_pdf(self, action: str) -> object:
        """Run a ReportActions method ("preview", "print_job", "save") on the history PDF."""
        return self.reports.run(action, self._history_factory)

    def reload(self) -> None:
        if self.chart is not None and self.ui.actor is not None:
            self.open(self.chart.patient.id)

    def show_chart(self, chart: PatientChart) -> None:
        self.chart = chart
        form = chart.patient.form
        today = self.ui.clock.now().astimezone(NEW_YORK).date()
        age = age_on(form.date_of_birth, today)
        middle = f" {form.middle_name}" if form.middle_name else ""
        self.name_label.setText(f"{form.last_name}, {form.first_name}{middle}")
        self.facts_label.setText(
            f"MRN {form.mrn}   ·   DOB {fmt_date(form.date_of_birth)} (age {age})   ·   "
            f"{form.phone or 'no phone'}")
        if chart.rems_enrolled:
            self.rems_flag.setText(f"✔ REMS enrolled ({chart.enrollment.rems_patient_id})")
            self.rems_flag.setStyleSheet(f"color: {OK_GREEN}; font-weight: 600; padding: 6px;")
        else:
            self.rems_flag.setText(f"⚠ {NOT_ENROLLED}")
            self.rems_flag.setStyleSheet(
                f"color: white; background: {FLAG_RED}; font-weight: 700; font-size: 11pt;"
                " padding: 6px 10px; border-radius: 4px;")
        blockers = dosing_blockers(chart)
        if blockers:
            items = "".join(f"<li>{html.escape(r)}</li>" for r in blockers)
            self.blocked_label.setText(
                f"<b style='color:{FLAG_RED}'>⚠ Dosing blocked — {len(blockers)} reason(s):</b>"
                f"<ul style='margin-top:2px'>{items}</ul>")
            self.blocked_label.setStyleSheet(
                f"background: {FLAG_BG}; border: 1px solid {FLAG_RED}; padding: 4px;")
        else:
            self.blocked_label.setText(
                f"<b style='color:{OK_GREEN}'>✔ No dosing block from enrollment or "
                "contraindication screening.</b>")
            self.blocked_label.setStyleSheet("padding: 4px;")
        warnings = clinical_warnings(chart)
        self.warning_label.setText("  ".join(f"⚠ {w}" for w in warnings))
        self.warning_label.setVisible(bool(warnings))
        for widget in self.tab_widgets:
            show = getattr(widget, "show_chart", None)
            if show is not None:
                show(chart)
