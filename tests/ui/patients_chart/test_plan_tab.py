"""Treatment plan tab offscreen: phase and due window shown, set/edit dialogs, role disabling."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from aurora_desktop.domain.enums import Indication, OralAdStrategy
from aurora_desktop.ui.patients.chart.plan_dialog import PlanFormState
from aurora_desktop.ui.patients.chart.plan_tab import PlanTab
from tests.services.test_patients import add_discharged_sessions
from tests.ui.patients_chart.conftest import PLAN_START, open_chart, seed_plan


def test_plan_tab_shows_plan_phase_and_next_due_window(qtbot, make_ui, sqlite_services,  # noqa: ANN001
                                                      sqlite_staff, patient_id) -> None:
    tab = PlanTab(make_ui(sqlite_staff.prescriber))
    qtbot.addWidget(tab)
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.prescriber, patient_id))
    assert tab.empty.isVisibleTo(tab) and not tab.plan_box.isVisibleTo(tab)
    assert tab.new_button.text() == "&Set plan…"
    seed_plan(sqlite_services, sqlite_staff, patient_id)
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.prescriber, patient_id))
    v = tab.values
    assert not tab.empty.isVisibleTo(tab) and tab.plan_box.isVisibleTo(tab)
    assert v["indication"].text().startswith("TRD")
    assert v["strategy"].text().startswith("Adjunctive")
    assert v["prescriber"].text() == "Dr. Paul Prescott"
    assert v["start"].text() == "11/16/2026" and v["dose"].text() == "56 mg"
    assert v["phase"].text() == "Induction (weeks 1-4)"
    assert v["week"].text().startswith("Week 3 · 4 session(s)")
    assert v["session"].text().startswith("Session 5 of Induction")
    assert v["cadence"].text().startswith("twice weekly (every 2–5 days")
    # last session 11/26: due 11/28 - 12/01 (the clock is 12/01)
    assert v["due"].text() == "11/28/2026 – 12/01/2026"


def test_set_and_edit_plan_dialogs_round_trip_and_save(qtbot, make_ui, sqlite_services,  # noqa: ANN001
                                                      sqlite_staff, patient_id) -> None:
    tab = PlanTab(make_ui(sqlite_staff.prescriber))
    qtbot.addWidget(tab)
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.prescriber, patient_id))
    dialog = tab.make_plan_dialog(False)
    qtbot.addWidget(dialog)
    state = PlanFormState(Indication.MDSI, OralAdStrategy.MONOTHERAPY,
                          sqlite_staff.prescriber.staff_id, date(2026, 11, 30), 84, True, "x")
    dialog.set_state(state)
    assert dialog.get_state() == state
    assert not dialog.attempt()  # the service refuses MDSI monotherapy; its message is shown
    assert "MDSI is treated only together with an oral antidepressant" in dialog.error.text()
    dialog.set_state(PlanFormState(Indication.TRD, OralAdStrategy.MONOTHERAPY,
                                   sqlite_staff.prescriber.staff_id, date(2026, 11, 30), 56))
    assert not dialog.attempt() and "must be attested" in dialog.error.text()
    dialog.attest.setChecked(True)
    with qtbot.waitSignal(tab.changed, timeout=1000):
        assert dialog.attempt()
    chart = open_chart(sqlite_services, sqlite_staff.prescriber, patient_id)
    assert chart.plan.strategy is OralAdStrategy.MONOTHERAPY and chart.plan.monotherapy_attested
    tab.show_chart(chart)
    assert "attested by the prescriber" in tab.values["strategy"].text()
    assert tab.values["due"].text().startswith("From 12/01/2026")

    edit = tab.make_plan_dialog(True)
    qtbot.addWidget(edit)
    assert not edit.indication.isEnabled()
    assert edit.get_state().strategy is OralAdStrategy.MONOTHERAPY and edit.get_state().attest_monotherapy
    edit.dose.setCurrentIndex(edit.dose.findData(84))
    with qtbot.waitSignal(tab.changed, timeout=1000):
        assert edit.attempt()
    assert open_chart(sqlite_services, sqlite_staff.prescriber, patient_id).plan.target_dose_mg == 84
    follow_up = tab.make_plan_dialog(False)  # a new plan starts from the current one, today
    qtbot.addWidget(follow_up)
    assert follow_up.get_state() == PlanFormState(
        Indication.TRD, OralAdStrategy.MONOTHERAPY, sqlite_staff.prescriber.staff_id,
        date(2026, 12, 1), 56)  # not attested: a new plan needs a new attestation
    with qtbot.waitSignal(tab.changed, timeout=1000):  # the chart behind is reloaded
        assert not edit.attempt()  # the same (now stale) copy again
    assert "changed by someone else" in edit.error.text()


def test_future_start_and_role_disabling(qtbot, make_ui, sqlite_services, sqlite_staff,  # noqa: ANN001
                                         patient_id) -> None:
    seed_plan(sqlite_services, sqlite_staff, patient_id)
    chart = open_chart(sqlite_services, sqlite_staff.nurse, patient_id)
    nurse_tab = PlanTab(make_ui(sqlite_staff.nurse))
    qtbot.addWidget(nurse_tab)
    nurse_tab.show_chart(chart)
    assert not nurse_tab.new_button.isEnabled() and not nurse_tab.edit_button.isEnabled()
    assert "prescribers" in nurse_tab.edit_button.toolTip()
    doc_tab = PlanTab(make_ui(sqlite_staff.prescriber))
    qtbot.addWidget(doc_tab)
    doc_tab.show_chart(chart)
    assert doc_tab.edit_button.isEnabled() and doc_tab.edit_button.toolTip() == ""
    assert PLAN_START.strftime("%m/%d/%Y") in doc_tab.values["start"].text()
    notes = [w.text() for w in doc_tab.findChildren(QLabel, "phase_note")]
    assert notes == []  # on cadence, no warnings


def test_overdue_window_is_flagged_in_text(qtbot, make_ui, sqlite_services, sqlite_staff,  # noqa: ANN001
                                           patient_id) -> None:
    plan_id = sqlite_services.patients.set_plan(sqlite_staff.prescriber, patient_id,
                                                Indication.TRD, OralAdStrategy.ADJUNCTIVE,
                                                date(2026, 10, 26))
    add_discharged_sessions(sqlite_services, patient_id, plan_id,
                            [date(2026, 10, 26), date(2026, 10, 29), date(2026, 11, 2)])
    tab = PlanTab(make_ui(sqlite_staff.nurse))
    qtbot.addWidget(tab)
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.nurse, patient_id))
    assert tab.values["due"].text() == "11/04/2026 – 11/11/2026  (OVERDUE)"
    notes = [w.text() for w in tab.findChildren(QLabel, "phase_note")]
    assert any(n.startswith("⚠  Overdue: the last session was 29 days ago") for n in notes)
