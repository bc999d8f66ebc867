"""Oral antidepressants tab offscreen: current list and history, add/stop dialogs, roles."""

from __future__ import annotations

from datetime import date

from aurora_desktop.ui.patients.chart.oral_ad_dialogs import OralAdFormState, StopFormState
from aurora_desktop.ui.patients.chart.oral_ads_tab import OralAdsTab
from tests.ui.patients_chart.conftest import open_chart


def cells(table) -> list[list[str]]:  # noqa: ANN001
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_add_then_stop_moves_medicine_to_history(qtbot, make_ui, sqlite_services,  # noqa: ANN001
                                                 sqlite_staff, patient_id) -> None:
    nurse = sqlite_staff.nurse
    tab = OralAdsTab(make_ui(nurse))
    qtbot.addWidget(tab)
    tab.show_chart(open_chart(sqlite_services, nurse, patient_id))
    assert tab.current_empty.isVisibleTo(tab) and tab.history_empty.isVisibleTo(tab)
    assert tab.add_button.isEnabled() and not tab.stop_button.isEnabled()

    add = tab.make_add_dialog()
    qtbot.addWidget(add)
    state = OralAdFormState("sertraline", "100 mg", "at bedtime", date(2026, 6, 1), "Dr. Lee")
    add.set_state(state)
    assert add.get_state() == state
    add.drug.clear()
    assert not add.attempt()  # the service's FieldError is shown under the Drug field
    drug_error = add.field_errors["drug"]
    assert drug_error.isVisibleTo(add) and "required" in drug_error.text()
    add.set_state(state)
    with qtbot.waitSignal(tab.changed, timeout=1000):
        assert add.attempt()
    tab.show_chart(open_chart(sqlite_services, nurse, patient_id))
    assert cells(tab.current) == [["sertraline", "100 mg", "at bedtime", "06/01/2026", "Dr. Lee"]]
    assert tab.stop_button.isEnabled() and tab.selected().drug == "sertraline"

    stop = tab.make_stop_dialog(tab.selected())
    qtbot.addWidget(stop)
    stop.set_state(StopFormState(date(2026, 5, 1), "side effects"))
    assert stop.get_state() == StopFormState(date(2026, 5, 1), "side effects")
    assert not stop.attempt() and "before the start date" in stop.field_errors["stop date"].text()
    stop.set_state(StopFormState(date(2026, 11, 20), "side effects"))
    with qtbot.waitSignal(tab.changed, timeout=1000):
        assert stop.attempt()
    with qtbot.waitSignal(tab.changed, timeout=1000):  # the chart behind is reloaded
        assert not stop.attempt()
    assert "changed by someone else" in stop.error.text()
    tab.show_chart(open_chart(sqlite_services, nurse, patient_id))
    assert tab.current_empty.isVisibleTo(tab) and not tab.stop_button.isEnabled()
    assert cells(tab.history) == [["sertraline", "100 mg", "at bedtime", "06/01/2026",
                                   "11/20/2026", "side effects", "Dr. Lee"]]


def test_front_desk_sees_but_cannot_edit(qtbot, make_ui, sqlite_services, sqlite_staff,  # noqa: ANN001
                                         patient_id) -> None:
    sqlite_services.patients.add_oral_antidepressant(sqlite_staff.nurse, patient_id, "bupropion",
                                                     "150 mg", date(2026, 9, 1))
    tab = OralAdsTab(make_ui(sqlite_staff.front_desk))
    qtbot.addWidget(tab)
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.front_desk, patient_id))
    assert cells(tab.current)[0][:2] == ["bupropion", "150 mg"]
    assert not tab.add_button.isEnabled() and not tab.stop_button.isEnabled()
    assert "nurses and prescribers" in tab.add_button.toolTip()
