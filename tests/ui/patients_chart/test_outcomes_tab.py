"""Outcomes tab offscreen: PHQ-9/MADRS entry with live totals, table flags, trend chart paint."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from aurora_desktop.domain.enums import Scale
from aurora_desktop.domain.scales import score_series
from aurora_desktop.ui.patients.chart.outcome_dialog import PHQ9_ANSWERS, OutcomeFormState
from aurora_desktop.ui.patients.chart.outcomes_tab import OutcomesTab
from aurora_desktop.ui.patients.chart.trend_chart import EMPTY_TEXT, PHQ9_COLOR, TrendChart
from tests.ui.patients_chart.conftest import open_chart, seed_outcomes


def near(image, x: float, y: float, color: QColor, radius: int = 2) -> bool:  # noqa: ANN001
    """A pixel of ``color`` (within a small tolerance) around (x, y)."""
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = image.pixelColor(int(x) + dx, int(y) + dy)
            if max(abs(c.red() - color.red()), abs(c.green() - color.green()),
                   abs(c.blue() - color.blue())) <= 12:
                return True
    return False


def test_phq9_entry_live_total_band_validation_and_save(qtbot, make_ui, sqlite_services,  # noqa: ANN001
                                                        sqlite_staff, patient_id) -> None:
    tab = OutcomesTab(make_ui(sqlite_staff.nurse))
    qtbot.addWidget(tab)
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.nurse, patient_id))
    assert tab.trend.is_empty and tab.table.rowCount() == 0
    dialog = tab.make_dialog()
    qtbot.addWidget(dialog)
    assert [b.accessibleName() for b in dialog.phq9_groups[0].buttons()] == [
        f"Item 1: {a}" for a in PHQ9_ANSWERS]
    dialog.findChild(type(dialog.phq9_groups[0].button(0)), "phq9_1_2").setChecked(True)
    assert dialog.phq9_total.text() == "Total so far 2 — 8 item(s) not answered"
    assert not dialog.attempt()
    assert dialog.field_errors["phq-9 item 2"].isVisibleTo(dialog)
    state = OutcomeFormState(date(2026, 11, 30), (2, 2, 2, 2, 2, 1, 1, 1, 1), None, "pre-dose")
    dialog.set_state(state)
    assert dialog.get_state() == state
    assert dialog.phq9_total.text() == "Total 14 / 27 — moderate"
    assert dialog.safety.isVisibleTo(dialog)  # item 9 answered > 0
    dialog.set_state(OutcomeFormState(date(2026, 11, 30), (2,) * 8 + (0,), (3,) * 9 + (None,)))
    assert not dialog.safety.isVisibleTo(dialog)
    assert dialog.madrs_total.text().startswith("Total so far 27")
    assert not dialog.attempt() and dialog.field_errors["madrs item 10"].isVisibleTo(dialog)
    assert dialog.saved == set()  # nothing is written while a scale is incomplete
    dialog.madrs_spins[9].setValue(3)
    assert dialog.madrs_total.text() == "Total 30 / 60 — moderate"
    messages: list[str] = []
    tab.ui.events.status_message.connect(messages.append)
    with qtbot.waitSignals([tab.changed, tab.ui.events.patient_changed], timeout=1000):
        assert dialog.attempt()
    assert messages == ["PHQ-9 and MADRS recorded."]
    chart = open_chart(sqlite_services, sqlite_staff.nurse, patient_id)
    assert [(p.scale, p.total) for p in chart.phq9 + chart.madrs] == [
        (Scale.PHQ9, 16), (Scale.MADRS, 30)]
    tab.show_chart(chart)
    assert tab.table.rowCount() == 2
    assert tab.table.item(0, 7).text() == "Baseline"


def test_table_flags_and_trend_chart_with_many_points(qtbot, make_ui, sqlite_services,  # noqa: ANN001
                                                      sqlite_staff, patient_id) -> None:
    seed_outcomes(sqlite_services, sqlite_staff, patient_id)
    tab = OutcomesTab(make_ui(sqlite_staff.front_desk))
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.front_desk, patient_id))
    assert not tab.record_button.isEnabled() and "nurses" in tab.record_button.toolTip()
    rows = {(tab.table.item(r, 0).text(), tab.table.item(r, 1).text()):
            [tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
            for r in range(tab.table.rowCount())}
    assert rows[("09/14/2026", "PHQ-9")][2:] == ["21", "severe", "—", "—", "—", "Baseline"]
    assert rows[("10/05/2026", "PHQ-9")][2:] == ["9", "mild", "-12", "Yes", "—", ""]
    assert rows[("11/02/2026", "PHQ-9")][2:] == ["4", "minimal", "-17", "Yes", "Yes", ""]
    assert "PHQ-9: baseline 21 on 09/14/2026 → latest 3 (minimal)" in tab.summary.text()
    assert "remission" in tab.summary.text()
    image = tab.trend.grab().toImage()
    phq9 = [p for p in tab.trend.plotted if p.scale is Scale.PHQ9]
    assert len(phq9) == 8 and len(tab.trend.plotted) == 11
    assert all(near(image, p.x, p.y, PHQ9_COLOR) for p in phq9[:3])
    assert phq9[0].y < phq9[-1].y - 100  # severe baseline high up, remission near the bottom
    tab.madrs_toggle.setChecked(False)
    tab.trend.grab()
    assert {p.scale for p in tab.trend.plotted} == {Scale.PHQ9}


def test_trend_chart_paints_empty_and_single_point(qtbot) -> None:  # noqa: ANN001
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    assert chart.is_empty and not chart.grab().isNull() and chart.plotted == []
    assert EMPTY_TEXT.startswith("No PHQ-9")
    chart.set_series(score_series(Scale.PHQ9, [(date(2026, 11, 2), 12)]), [])
    image = chart.grab().toImage()
    (point,) = chart.plotted
    assert near(image, point.x, point.y, PHQ9_COLOR)
    rect = chart.plot_rect()
    assert rect.left() < point.x < rect.right() and rect.top() < point.y < rect.bottom()
    assert chart.point_at(point.x + 3, point.y - 3) == point
    assert chart.point_at(point.x + 40, point.y) is None


def test_phq9_can_be_keyed_in_with_digits(qtbot, make_ui, sqlite_services, sqlite_staff,  # noqa: ANN001
                                          patient_id) -> None:
    from PySide6.QtCore import Qt

    tab = OutcomesTab(make_ui(sqlite_staff.nurse))
    qtbot.addWidget(tab)
    tab.show_chart(open_chart(sqlite_services, sqlite_staff.nurse, patient_id))
    dialog = tab.make_dialog()
    qtbot.addWidget(dialog)
    dialog.use_phq9.setChecked(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.phq9_groups[0].button(0).setFocus()
    for digit in "21039":  # "9" is not an answer: ignored, nothing moves
        qtbot.keyClick(dialog.focusWidget(), digit)
    assert dialog.phq9_items()[:5] == (2, 1, 0, 3, None)
    assert dialog.focusWidget() is dialog.phq9_groups[4].button(0)
    for digit in "1111":
        qtbot.keyClick(dialog.focusWidget(), digit)
    qtbot.keyClick(dialog.focusWidget(), "2")  # the last item: focus stays on it
    assert dialog.phq9_items() == (2, 1, 0, 3, 1, 1, 1, 1, 2)
    assert dialog.focusWidget() is dialog.phq9_groups[8].button(2)
    assert dialog.phq9_total.text() == "Total 12 / 27 — moderate"
    assert dialog.safety.isVisibleTo(dialog)  # item 9 > 0 still raises the safety warning
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Up)  # arrows still work as usual
