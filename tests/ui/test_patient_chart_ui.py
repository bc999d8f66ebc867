"""Patient chart window: header flags, the tabs showing the chart read model, writes from the
tabs (enrollment, trials, screening, decision) refreshing the chart, role gating."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    EnrollmentStatus,
    PregnancyStatus,
    TrialOutcome,
)
from aurora_desktop.services.container import Services
from aurora_desktop.ui.patients.chart.chart_view import ChartView
from aurora_desktop.ui.patients.chart.record_dialogs import (
    EnrollmentDialog,
    EnrollmentState,
    ScreeningDialog,
    TrialDialog,
    TrialState,
)
from aurora_desktop.ui.patients.formatting import NOT_ENROLLED
from tests.support.patients_ui import documented_patient, form, make_ui, save_screen
from tests.support.staff import StaffSet

TAB_TITLES = ["Demographics", "REMS enrollment", "Eligibility && contraindications",
              "Treatment plan", "Oral antidepressants", "Outcome measures", "Session history"]


def _chart(qtbot, services: Services, actor, tmp_path: Path, patient_id: int) -> ChartView:  # noqa: ANN001
    view = ChartView(make_ui(services, actor, tmp_path))
    qtbot.addWidget(view)
    view.resize(1150, 720)
    assert view.open(patient_id)
    return view


def test_chart_tabs_show_the_documented_patient(qtbot, sqlite_services: Services,
                                                sqlite_staff: StaffSet, tmp_path: Path) -> None:
    p = documented_patient(sqlite_services, sqlite_staff.prescriber, sqlite_staff.nurse)
    view = _chart(qtbot, sqlite_services, sqlite_staff.prescriber, tmp_path, p.id)
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == TAB_TITLES
    assert view.name_label.text() == "O’Brien, Zoë"
    assert "MRN WP-000123" in view.facts_label.text() and "05/17/1980 (age 46)" in view.facts_label.text()
    assert "REMS enrolled (RP123456)" in view.rems_flag.text()
    assert "Dosing blocked — 1 reason" in view.blocked_label.text()
    assert "needs a prescriber decision" in view.blocked_label.text()
    assert view.warning_label.isHidden()  # can become pregnant, recorded not pregnant
    demo = view.tab_widgets[0]
    assert demo.values["Concomitant medicines"].text() == "Benzodiazepines"
    assert demo.values["Address"].text() == "12 Main St, White Plains, NY 10601"
    save_screen(view, "10-chart-demographics.png")
    enrollment = view.tab_widgets[1]
    assert enrollment.values["REMS patient id"].text() == "RP123456"
    assert enrollment.values["Enrollment date"].text() == "10/01/2026"
    assert enrollment.values["Recorded by"].text() == "Dr. Paul Prescott"
    view.tabs.setCurrentIndex(1)
    save_screen(view, "11-chart-enrollment.png")
    elig = view.tab_widgets[2]
    assert "Meets the TRD definition" in elig.verdict.text()
    assert [r.cells[7] for r in elig.model.rows] == ["✔ Yes", "✔ Yes", "✘ No"]
    answers = {r.cells[0]: (r.cells[1], r.cells[2], r.cells[4]) for r in elig.screening.model.rows}
    hyper = next(v for k, v in answers.items() if k.startswith("Hypersensitivity"))
    assert hyper == ("Unknown", "Nina Nurse", "Needed")
    assert elig.screening.decide_button.isEnabled()
    view.tabs.setCurrentIndex(2)
    save_screen(view, "12-chart-eligibility.png")
    history = view.tab_widgets[6]
    assert [r.cells for r in history.model.rows][:2] == [
        ("12/03/2026", "WP", "—", "Maintenance (weeks 5-8)", "Scheduled"),
        ("11/09/2026", "WP", "56 mg", "Induction (weeks 1-4)", "Discharged")]
    view.tabs.setCurrentIndex(6)
    save_screen(view, "13-chart-session-history.png")
    # the prescriber decides the unknown answer: the dosing block goes away
    view.ui.dialogs.answers.append("Cleared: no known allergy after pharmacy review")
    assert elig.screening.decide(3)
    assert "No dosing block" in view.blocked_label.text()
    assert not elig.screening.decide_button.isEnabled()


def test_not_enrolled_patient_is_flagged_and_enrollment_is_recorded_edited_ended(
        qtbot, sqlite_services: Services, sqlite_staff: StaffSet, tmp_path: Path) -> None:
    desk = sqlite_staff.front_desk
    p = sqlite_services.patients.create(desk, form("WP-000300", "Ned", "New", date(1985, 2, 3)))
    view = _chart(qtbot, sqlite_services, desk, tmp_path, p.id)
    assert NOT_ENROLLED in view.rems_flag.text()
    assert "not REMS-enrolled" in view.blocked_label.text()
    assert "not screened" in view.blocked_label.text()
    nurse_edit = sqlite_services.patients.update(
        sqlite_staff.nurse, p.id, p.version,
        replace(p.form, can_become_pregnant=True, pregnancy_status=PregnancyStatus.PREGNANT))
    view.reload()
    assert "SPRAVATO is not recommended in pregnancy" in view.warning_label.text()
    assert view.chart.patient.version == nurse_edit.version
    save_screen(view, "14-chart-not-enrolled.png")
    tab = view.tab_widgets[1]
    assert not tab.edit_button.isEnabled() and not tab.end_button.isEnabled()
    assert tab.record(EnrollmentState("RP-77", date(2026, 11, 20), EnrollmentStatus.PENDING))
    assert tab.values["Status"].text() == "Pending" and NOT_ENROLLED in view.rems_flag.text()
    assert tab.edit(EnrollmentState("RP-77", date(2026, 11, 20), EnrollmentStatus.ACTIVE))
    assert "REMS enrolled (RP-77)" in view.rems_flag.text()
    view.ui.dialogs.answers.append("Patient withdrew from treatment")
    assert tab.end()
    assert NOT_ENROLLED in view.rems_flag.text()
    assert tab.values["Status"].text() == "Ended / inactive"
    assert tab.values["Ended"].text() == (f"{sqlite_services.patients._today():%m/%d/%Y} by "
                                          f"{desk.full_name} — Patient withdrew from treatment")
    assert not tab.end_button.isEnabled()
    view.tabs.setCurrentIndex(1)
    save_screen(view, "14b-chart-enrollment-ended.png")
    # front desk: clinical buttons are disabled with the reason
    elig = view.tab_widgets[2]
    assert not elig.add_button.isEnabled()
    assert "may not edit clinical history" in elig.add_button.toolTip()
    assert not elig.screening.screen_button.isEnabled()


def test_trials_and_screening_from_the_tab(qtbot, sqlite_services: Services,
                                           sqlite_staff: StaffSet, tmp_path: Path) -> None:
    nurse = sqlite_staff.nurse
    p = sqlite_services.patients.create(nurse, form("WP-000301", "Tia", "Trial", date(1979, 6, 7)))
    view = _chart(qtbot, sqlite_services, nurse, tmp_path, p.id)
    elig = view.tab_widgets[2]
    assert "No prior antidepressant trials" in elig.verdict.text()
    assert elig.add_trial(TrialState("sertraline", "100 mg", 8, True, True, True,
                                     TrialOutcome.NO_RESPONSE))
    assert elig.add_trial(TrialState("escitalopram", "10 mg", 3, True, False, True,
                                     TrialOutcome.NO_RESPONSE))
    assert "1 of 2 required" in elig.verdict.text() and "duration not adequate" in elig.verdict.text()
    assert elig.edit_trial(1, TrialState("escitalopram", "20 mg", 8, True, True, True,
                                         TrialOutcome.PARTIAL_RESPONSE))
    assert "Meets the TRD definition" in elig.verdict.text()
    answers = dict.fromkeys(Contraindication, Answer.NO)
    assert elig.screening.screen(answers)
    assert "No contraindication blocks dosing" in elig.screening.status.text()
    assert not elig.screening.decide_button.isEnabled()  # nurse: not a prescriber
    # a missing answer is refused with the item named
    assert not elig.screening.screen({Contraindication.HYPERSENSITIVITY: Answer.NO})
    assert "arteriovenous malformation" in view.ui.dialogs.errors[-1]


def test_dialog_states_round_trip(qtbot) -> None:  # noqa: ANN001
    enrollment = EnrollmentDialog(date(2026, 12, 1))
    trial = TrialDialog()
    screening = ScreeningDialog()
    for dialog in (enrollment, trial, screening):
        qtbot.addWidget(dialog)
    state = EnrollmentState("RP-1", date(2026, 3, 4), EnrollmentStatus.INACTIVE)
    enrollment.set_state(state)
    assert enrollment.get_state() == state
    trial_state = TrialState("bupropion", "300 mg", 12, False, True, False, TrialOutcome.UNKNOWN)
    trial.set_state(trial_state)
    assert trial.get_state() == trial_state
    answers = {c: Answer.UNKNOWN for c in Contraindication}
    answers[Contraindication.HYPERSENSITIVITY] = None
    screening.set_state(answers)
    assert screening.get_state() == answers
    assert Contraindication.HYPERSENSITIVITY not in screening.answered()


def test_session_history_opens_the_session_record(qtbot, sqlite_services: Services,
                                                  sqlite_staff: StaffSet, tmp_path: Path) -> None:
    p = documented_patient(sqlite_services, sqlite_staff.prescriber, sqlite_staff.nurse)
    view = _chart(qtbot, sqlite_services, sqlite_staff.nurse, tmp_path, p.id)
    history = view.tab_widgets[6]
    expected = history.model.rows[1].key
    assert history.open_session(1)
    qtbot.addWidget(history.window)
    assert history.window.screen.session_id == expected
    assert "O’Brien" in history.window.screen.header.text()
    history.window.screen.back_requested.emit()
    assert not history.window.isVisible()
    assert not history.open_session(99)  # no such row: nothing opens
