"""The chart window hosts the plan, oral antidepressant and outcome tabs and reloads them all
after a save in any of them."""

from __future__ import annotations

from datetime import date

from aurora_desktop.ui.patients.chart.chart_view import ChartView
from aurora_desktop.ui.patients.chart.oral_ad_dialogs import OralAdFormState
from aurora_desktop.ui.patients.chart.oral_ads_tab import OralAdsTab
from aurora_desktop.ui.patients.chart.outcomes_tab import OutcomesTab
from aurora_desktop.ui.patients.chart.plan_tab import PlanTab
from tests.ui.patients_chart.conftest import seed_outcomes, seed_plan


def test_chart_view_shows_the_tabs_and_reloads_after_a_save(qtbot, make_ui, sqlite_services,  # noqa: ANN001
                                                            sqlite_staff, patient_id) -> None:
    seed_plan(sqlite_services, sqlite_staff, patient_id)
    seed_outcomes(sqlite_services, sqlite_staff, patient_id, madrs=False)
    view = ChartView(make_ui(sqlite_staff.prescriber))
    qtbot.addWidget(view)
    assert view.open(patient_id)
    tabs = {view.tabs.tabText(i): view.tabs.widget(i) for i in range(view.tabs.count())}
    plan, oral, outcomes = (tabs["Treatment plan"], tabs["Oral antidepressants"],
                            tabs["Outcome measures"])
    assert isinstance(plan, PlanTab) and isinstance(oral, OralAdsTab)
    assert isinstance(outcomes, OutcomesTab)
    assert plan.values["due"].text() == "11/28/2026 – 12/01/2026"
    assert outcomes.table.rowCount() == 8 and len(outcomes.trend.phq9) == 8
    assert oral.current_empty.isVisibleTo(oral)
    dialog = oral.make_add_dialog()
    qtbot.addWidget(dialog)
    dialog.set_state(OralAdFormState("sertraline", "100 mg", "daily", date(2026, 6, 1)))
    assert dialog.attempt()
    assert oral.current.rowCount() == 1 and not oral.current_empty.isVisibleTo(oral)
    assert view.chart.oral_ads[0].drug == "sertraline"  # the whole chart was re-opened
