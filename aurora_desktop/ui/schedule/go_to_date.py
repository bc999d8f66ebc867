"""The Schedule page's "Go to date…" popup: type a date (MM/DD/YYYY or YYYY-MM-DD, Enter) or
click one in the month calendar.

The page's title shows the day or week on screen; this popup replaces an always-visible date
field that repeated it (and was repainted with every day shown). Ctrl+G or the toolbar button
opens it with the shown day selected and the typed date ready to overwrite.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.services.patient_search import parse_date_query
from aurora_desktop.ui.schedule.status_style import us_date

# the dates the schedule goes to: a typo such as 12/31/9999 is refused here, with the range
# named (the calendar read refuses dates past the calendar too: local_day_bounds)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
FORMAT_HINT = ("Date: type it as MM/DD/YYYY (e.g. 12/03/2026) or YYYY-MM-DD, "
               f"from {FIRST_DAY:%m/%d/%Y} to {LAST_DAY:%m/%d/%Y}")


def _allowed(day: date | None) -> date | None:
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


class GoToDatePopup(QFrame):
    """A popup with a typed date and a month calendar; emits `picked` and closes."""

    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("go_to_date")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel("&Date:")
        # a plain text field: QDateEdit's sections swallow a typed "12/03/2026" (the "/" after
        # a full month skips the day)
        self.editor = QLineEdit()
        self.editor.setObjectName("go_to_date_typed")
        self.editor.setPlaceholderText("MM/DD/YYYY")
        self.editor.setToolTip("Type a date (MM/DD/YYYY) and press Enter")
        self.editor.textEdited.connect(self._typed)
        label.setBuddy(self.editor)
        go = QPushButton("Go")
        go.clicked.connect(self._go_typed)
        row.addWidget(label)
        row.addWidget(self.editor, 1)
        row.addWidget(go)
        layout.addLayout(row)
        self.error = QLabel(FORMAT_HINT)
        self.error.setObjectName("go_to_date_error")
        self.error.setStyleSheet("color: #b42318;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("go_to_date_calendar")
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setDateRange(FIRST_DAY, LAST_DAY)  # (PySide6 takes a date for a QDate)
        self.calendar.clicked.connect(self._go_to)
        self.calendar.activated.connect(self._go_to)  # Enter or a double-click in the calendar
        layout.addWidget(self.calendar)

    def open_for(self, day: date, below: QWidget) -> None:
        """Show under *below* with *day* selected and the typed date ready to overwrite."""
        self.editor.setText(us_date(day))
        self.error.hide()
        self.calendar.setSelectedDate(day)
        self.adjustSize()
        self.move(below.mapToGlobal(QPoint(0, below.height())))
        self.show()
        self.editor.setFocus()
        self.editor.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._go_typed()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _typed(self, text: str) -> None:
        """A whole date typed: shown in the calendar (its month turns to it)."""
        day = _allowed(parse_date_query(text))
        if day is not None:
            self.error.hide()
            self.calendar.setSelectedDate(day)

    def _go_typed(self) -> None:
        day = _allowed(parse_date_query(self.editor.text()))
        if day is None:  # stays open, saying what it takes
            self.error.show()
            self.adjustSize()
            self.editor.setFocus()
            self.editor.selectAll()
            return
        self._go_to(QDate(day))

    def _go_to(self, qdate: QDate) -> None:
        self.close()
        self.picked.emit(qdate.toPython())
