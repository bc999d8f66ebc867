"""Shared pieces of the chart tabs' dialogs: field rows with their own error line, the
submit/error loop (FieldError next to its field, StaleRecord as "reload"), US dates, roles."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aurora_desktop.domain.errors import AuroraError, FieldError, StaleRecord
from aurora_desktop.services.permissions import Op, allowed
from aurora_desktop.ui.auth.forms import ErrorLabel, heading, hint
from aurora_desktop.ui.ui_context import UiContext

FIELD_ERROR_STYLE = "color: #8a1c1c; font-size: 9pt;"
STALE_MESSAGE = ("This record was changed by someone else — reload: the chart behind this "
                 "dialog now shows the current record; cancel and open this dialog again.")


def us_date(day: date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else "—"


def date_edit(name: str, day: date) -> QDateEdit:
    """A date field in US format with a calendar popup."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def date_of(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def set_date(edit: QDateEdit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def announce(ui: UiContext, patient_id: int, message: str) -> None:
    """After a successful write: other screens refresh the patient; the status bar says so."""
    ui.events.patient_changed.emit(patient_id)
    ui.events.status_message.emit(message)


def can(ui: UiContext, op: Op) -> bool:
    return ui.actor is not None and allowed(ui.actor, op)


def guard_button(button: QPushButton, ui: UiContext, op: Op, who: str) -> None:
    """Disable an action the signed-in role cannot do, saying why (the service enforces too)."""
    ok = can(ui, op)
    button.setEnabled(ok)
    button.setToolTip("" if ok else f"Your role cannot do this: {who}.")


class ChartDialog(QDialog):
    """Form dialog: `submit()` calls the service; AuroraErrors stay in the dialog.

    A FieldError is shown under the field whose row was registered with that field name
    (otherwise at the bottom); StaleRecord says the record was changed by someone else.
    """

    stale = Signal()  # the record changed under the dialog: the tab reloads the chart

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(title))
        if intro:
            self.layout_.addWidget(hint(intro))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.field_errors: dict[str, QLabel] = {}

    def add_row(self, label: str, widget: QWidget, *fields: str) -> QWidget:
        """A form row; ``fields`` are the FieldError names whose message shows under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if fields:
            error = QLabel()
            error.setObjectName(f"error_{fields[0].replace(' ', '_')}")
            error.setWordWrap(True)
            error.setStyleSheet(FIELD_ERROR_STYLE)
            error.hide()
            column.addWidget(error)
            for name in fields:
                self.field_errors[name.lower()] = error
        self.form.addRow(label, box)
        return box

    def finish(self, ok_text: str) -> None:
        self.error = ErrorLabel()
        self.layout_.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)

    def submit(self) -> None:
        raise NotImplementedError

    def clear_errors(self) -> None:
        self.error.clear_error()
        for label in self.field_errors.values():
            label.clear()
            label.hide()

    def show_field_error(self, exc: FieldError) -> bool:
        label = self.field_errors.get(exc.field.lower())
        if label is None:
            return False
        label.setText(f"⚠ {exc.message}")
        label.show()
        return True

    def attempt(self) -> bool:
        self.clear_errors()
        try:
            self.submit()
        except FieldError as exc:
            if not self.show_field_error(exc):
                self.error.show_error(str(exc))
            return False
        except StaleRecord:
            self.error.show_error(STALE_MESSAGE)
            self.stale.emit()
            return False
        except AuroraError as exc:
            self.error.show_error(str(exc))
            return False
        self.accept()
        return True
