"""The Schedule page's "Go to date…" popup: a typed date with Enter, a click in the calendar,
Escape leaves the page where it was."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from aurora_desktop.ui.schedule.schedule_page import WEEK, SchedulePage
from tests.ui.test_schedule_page import MONDAY, page  # noqa: F401 - the Schedule page fixture


def test_a_typed_date_and_enter_show_that_day(page: SchedulePage, qtbot) -> None:  # noqa: F811
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    popup = page.go_to_popup
    assert popup.isVisible() and popup.editor.text() == "11/30/2026"
    assert popup.editor.selectedText() == "11/30/2026"  # typing replaces it
    assert popup.calendar.selectedDate() == QDate(2026, 11, 30)
    qtbot.keyClicks(popup.editor, "12/3/2026")
    assert popup.calendar.selectedDate() == QDate(2026, 12, 3)  # the calendar follows
    qtbot.keyClick(popup.editor, Qt.Key.Key_Return)
    assert page.day == date(2026, 12, 3) and not popup.isVisible()
    assert "WP · Thursday 12/03/2026" in page.title.text()
    assert page.day_view.day == date(2026, 12, 3)


def test_a_click_in_the_calendar_shows_that_day_and_week(page: SchedulePage, qtbot) -> None:  # noqa: F811
    page.set_mode(WEEK)
    qtbot.mouseClick(page.go_to_button, Qt.MouseButton.LeftButton)
    popup = page.go_to_popup
    assert popup.isVisible()
    popup.calendar.clicked.emit(QDate(2026, 12, 16))
    assert page.day == date(2026, 12, 16) and not popup.isVisible()
    assert "week of 12/14/2026 – 12/20/2026" in page.title.text()


def test_escape_closes_the_popup_and_stays_on_the_day(page: SchedulePage, qtbot) -> None:  # noqa: F811
    page.go_to_date()
    popup = page.go_to_popup
    qtbot.keyClicks(popup.editor, "01/15/2027")
    qtbot.keyClick(popup.editor, Qt.Key.Key_Escape)
    assert not popup.isVisible() and page.day == MONDAY
    page.go_to_date()  # opened again: the day shown, not what was typed before
    assert popup.editor.text() == "11/30/2026"
    popup.close()


def test_a_date_that_is_not_one_keeps_the_popup_open_and_says_the_format(
        page: SchedulePage, qtbot) -> None:  # noqa: F811
    page.go_to_date()
    popup = page.go_to_popup
    for typed in ("13/01/2026", "tomorrow", "02/30/2027", "", "12/31/9999", "1999-12-31"):
        popup.editor.setText(typed)
        qtbot.keyClick(popup.editor, Qt.Key.Key_Return)
        assert popup.isVisible() and popup.error.isVisible() and page.day == MONDAY
        assert "MM/DD/YYYY" in popup.error.text() and popup.error.text().startswith("Date")
        assert "from 01/01/2000 to 12/31/2099" in popup.error.text()
    popup.editor.clear()
    qtbot.keyClicks(popup.editor, "2027-01-15")  # ISO works too; a valid date clears the message
    assert not popup.error.isVisible()
    qtbot.mouseClick(popup.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert page.day == date(2027, 1, 15) and not popup.isVisible()
