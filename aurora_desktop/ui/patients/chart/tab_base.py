"""Base for chart tabs: the tab contract (ui, show_chart, changed) plus small helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from aurora_desktop.domain.errors import AuroraError, RuleViolation, StaleRecord
from aurora_desktop.services.patient_chart import PatientChart
from aurora_desktop.services.permissions import Op
from aurora_desktop.ui.patients.chart.chart_forms import announce
from aurora_desktop.ui.patients.formatting import NEW_YORK, denied_tip, may
from aurora_desktop.ui.ui_context import UiContext


class ChartTab(QWidget):
    """A chart tab fills itself from the PatientChart read model and emits ``changed`` after
    a successful write (the chart window then re-opens the chart and refreshes every tab)."""

    changed = Signal()

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.chart: PatientChart | None = None

    def show_chart(self, chart: PatientChart) -> None:
        self.chart = chart

    def today(self) -> date:
        """Today at the clinics (New York), from the injected clock."""
        return self.ui.clock.now().astimezone(NEW_YORK).date()

    def button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        """A push button named *name* (tests and shortcuts find it by name) that calls *slot*."""
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def saved(self, message: str) -> None:
        """After a dialog saved: other screens refresh the patient, the status bar says
        *message*, and the chart re-opens (``changed``)."""
        if self.chart is not None:
            announce(self.ui, self.chart.patient.id, message)
        self.changed.emit()

    def gate(self, button: QPushButton, op: Op, *, extra: bool = True, why: str = "") -> None:
        """Enable *button* only when the signed-in role holds *op* (tooltip says why not)."""
        permitted = may(self.ui.actor, op)
        button.setEnabled(permitted and extra)
        if not permitted:
            button.setToolTip(denied_tip(op))
        elif not extra:
            button.setToolTip(why)
        else:
            button.setToolTip("")

    def run(self, title: str, action: Callable[[], Any], done: str) -> bool:
        """Call a service; explain a refusal; on success announce it and emit ``changed``."""
        try:
            action()
        except StaleRecord as exc:
            self.ui.dialogs.error(self, title, f"{exc}.\n\nThe chart will be reloaded.")
            self.changed.emit()
            return False
        except RuleViolation as exc:
            self.ui.dialogs.error(self, title, "Not saved — these conditions are unmet:\n\n"
                                  + "\n".join(f"• {r}" for r in exc.reasons))
            return False
        except AuroraError as exc:
            self.ui.dialogs.error(self, title, str(exc))
            return False
        self.ui.events.status_message.emit(done)
        if self.chart is not None:
            self.ui.events.patient_changed.emit(self.chart.patient.id)
        self.changed.emit()
        return True
