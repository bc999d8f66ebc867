"""Shared session-screen helpers: US time formats, yes/no and time inputs, running a service action."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QTimeEdit, QWidget

from aurora_desktop.domain.errors import AuroraError, RuleViolation
from aurora_desktop.ui.ui_context import UiContext

OK_MARK = "✔"
NO_MARK = "✘"
WARN_MARK = "⚠"
OVERDUE_BG = "#fde2e1"
ALERT_BG = "#fff4d6"


def fmt_time(value: datetime | None, zone: ZoneInfo) -> str:
    """12-hour clinic-local time: '9:05 AM' (blank for none)."""
    if value is None:
        return ""
    return value.astimezone(zone).strftime("%I:%M %p").lstrip("0")


def fmt_date(value: Any) -> str:
    return value.strftime("%m/%d/%Y") if value else ""


def run_action(ui: UiContext, parent: QWidget, title: str, action: Callable[[], Any],
               done: str = "") -> Any | None:
    """Call a service; explain a refusal (every unmet reason) instead of failing silently."""
    try:
        result = action()
    except RuleViolation as exc:
        ui.dialogs.error(parent, title, "Not yet — these conditions are unmet:\n\n" + "\n".join(
            f"• {reason}" for reason in exc.reasons))
        return None
    except AuroraError as exc:
        ui.dialogs.error(parent, title, str(exc))
        return None
    if done:
        ui.events.status_message.emit(done)
    ui.events.sessions_changed.emit()
    return result if result is not None else True


class YesNoCombo(QComboBox):
    """Not answered / No / Yes, returning None / False / True."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("— not answered —", None)
        self.addItem("No", False)
        self.addItem("Yes", True)

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex({None: 0, False: 1, True: 2}[value])


class TimeField(QWidget):
    """An optional clinic-local time of day; a time later than now means yesterday."""

    def __init__(self, label: str, zone: ZoneInfo, clock: Callable[[], datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone, self.clock = zone, clock
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.asked = QCheckBox(label)
        self.time = QTimeEdit()
        self.time.setDisplayFormat("hh:mm AP")
        self.time.setEnabled(False)
        self.asked.toggled.connect(self.time.setEnabled)
        layout.addWidget(self.asked)
        layout.addWidget(self.time)
        layout.addStretch(1)

    def value(self) -> datetime | None:
        if not self.asked.isChecked():
            return None
        now = self.clock().astimezone(self.zone)
        t = self.time.time()
        local = now.replace(hour=t.hour(), minute=t.minute(), second=0, microsecond=0)
        if local > now:
            local -= timedelta(days=1)
        return local

    def set_value(self, value: datetime | None) -> None:
        self.asked.setChecked(value is not None)
        local = (value or self.clock()).astimezone(self.zone)
        self.time.setTime(QTime(local.hour, local.minute))


def reasons_label(reasons: list[str] | tuple[str, ...], ok_text: str) -> str:
    """Rich text: every unmet condition with a cross, or a tick with *ok_text*."""
    if not reasons:
        return f"<span style='color:#1b6e2a'><b>{OK_MARK} {ok_text}</b></span>"
    items = "".join(f"<li>{NO_MARK} {html.escape(r)}</li>" for r in reasons)
    return f"<b style='color:#9b1c1c'>{WARN_MARK} {len(reasons)} condition(s) unmet:</b><ul>{items}</ul>"


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: 600; color: #2d3b4e;")
    return label


class VitalSpin(QWidget):
    """A whole-number vital with a 'not entered' state shown as '—' (range from the domain)."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QSpinBox

        from aurora_desktop.domain.vitals import VITAL_RANGES

        super().__init__(parent)
        label, low, high = VITAL_RANGES[field]
        self.low = low
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.spin = QSpinBox()
        self.spin.setRange(low - 1, high)
        self.spin.setSpecialValueText("—")
        self.spin.setToolTip(f"{label}: {low} to {high}")
        self.spin.setAccessibleName(label)
        self.spin.setMinimumWidth(70)
        self.spin.setValue(low - 1)  # starts "not entered", never a silent 0
        layout.addWidget(self.spin)

    def value(self) -> int | None:
        v = self.spin.value()
        return None if v < self.low else v

    def set_value(self, value: int | None) -> None:
        self.spin.setValue(self.low - 1 if value is None else value)


class Panel(QWidget):
    """A step of the session screen: shows the current read model and calls services."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.view = None

    @property
    def actor(self):  # noqa: ANN201 - Actor
        return self.ui.require_actor()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.view.time_zone) if self.view else ZoneInfo("America/New_York")

    def show_view(self, view) -> None:  # noqa: ANN001 - SessionDayView
        self.view = view

    def tick(self) -> None:
        """Called every second while visible (countdowns)."""
