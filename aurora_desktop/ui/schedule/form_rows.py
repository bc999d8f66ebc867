"""Form rows shared by the booking, series and reschedule dialogs (one definition each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time
from typing import TypeVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QLabel, QLineEdit, QWidget

from aurora_desktop.domain.booking_rules import fmt_time, slot_times
from aurora_desktop.domain.errors import AuroraError, RuleViolation, WarningsNeedAcknowledgement
from aurora_desktop.services.clinics import ClinicView
from aurora_desktop.ui.schedule.status_style import combo_index
from aurora_desktop.ui.ui_context import UiContext

ANY_CHAIR = "Any free chair"
PHONE_PLACEHOLDER = "(914) 555-0123"
ERROR_STYLE = "color: #b42318;"
T = TypeVar("T")


def chair_combo(clinic: ClinicView, selected: int | None = None) -> QComboBox:
    """"Any free chair" then the clinic's active chairs; *selected* chair id preselected."""
    combo = QComboBox()
    combo.addItem(ANY_CHAIR, None)
    for chair in clinic.chairs:
        if chair.active:
            combo.addItem(chair.label, chair.id)
    if selected is not None:
        combo.setCurrentIndex(max(0, combo_index(combo, selected)))
    return combo


def date_edit(day: date) -> QDateEdit:
    """A MM/DD/YYYY date field with a calendar popup."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MM/dd/yyyy")
    return edit


def day_of(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def fill_slot_times(combo: QComboBox, clinic: ClinicView, day: date, wanted: time | None,
                    closed_text: str | None = "closed") -> None:
    """The clinic's start times on *day*; keeps *wanted* (else the current choice) selected.
    A closed day shows *closed_text* (no time) unless it is None."""
    keep = wanted or combo.currentData()
    combo.clear()
    for at in slot_times(clinic.opening_hours, day, clinic.session_block_minutes):
        combo.addItem(fmt_time(at), at)
    if combo.count() == 0 and closed_text is not None:
        combo.addItem(closed_text, None)
    if keep is not None:
        combo.setCurrentIndex(max(0, combo_index(combo, keep)))


def ride_rows(form: QFormLayout, driver_placeholder: str = "") -> tuple[QLineEdit, QLineEdit]:
    """The "Ride home: driver" and "Ride home: phone" rows; returns (driver, phone)."""
    driver, phone = QLineEdit(), QLineEdit()
    if driver_placeholder:
        driver.setPlaceholderText(driver_placeholder)
    phone.setPlaceholderText(PHONE_PLACEHOLDER)
    form.addRow("Ride home: driver", driver)
    form.addRow("Ride home: phone", phone)
    return driver, phone


def error_label() -> QLabel:
    """The red, wrapping line under a form where refusals are explained."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def reasons_text(exc: AuroraError) -> str:
    if isinstance(exc, RuleViolation):
        return "Cannot book:\n" + "\n".join(f"• {r}" for r in exc.reasons)
    return str(exc)


def acknowledge(ui: UiContext, parent: QWidget, title: str, warnings: Sequence[str]) -> bool:
    """The acknowledgement step: the user sees every warning; the answer is recorded."""
    text = ("Please review before saving. If you continue, these warnings and your name are "
            "recorded with the booking:\n\n" + "\n".join(f"⚠ {w}" for w in warnings)
            + "\n\nAcknowledge and save?")
    return ui.dialogs.confirm(parent, title, text)


def save_acknowledging(ui: UiContext, parent: QWidget, title: str, error: QLabel,
                       not_acknowledged: str, call: Callable[[list[str]], T]) -> T | None:
    """Call ``call(acknowledged)``; soft warnings are shown for acknowledgement and the call
    repeated with them; a refusal is explained in *error*. None when nothing was saved."""
    acknowledged: list[str] = []
    while True:
        try:
            return call(acknowledged)
        except WarningsNeedAcknowledgement as exc:
            if not acknowledge(ui, parent, title, exc.warnings):
                error.setText(not_acknowledged)
                return None
            acknowledged += exc.warnings
        except AuroraError as exc:
            error.setText(reasons_text(exc))
            return None
