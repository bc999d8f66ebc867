"""How each session status looks: fill, border, an icon and a word (colour is never alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aurora_desktop.domain.enums import INACTIVE_SESSION_STATUSES, SessionStatus


@dataclass(frozen=True)
class StatusStyle:
    fill: str
    border: str
    text: str
    icon: str
    label: str


STYLES: dict[SessionStatus, StatusStyle] = {
    SessionStatus.SCHEDULED: StatusStyle("#dbe8fb", "#3b6fc4", "#12284d", "●", "Scheduled"),
    SessionStatus.CHECKED_IN: StatusStyle("#d8f0e6", "#1e8a5a", "#0d3b27", "✔", "Checked in"),
    SessionStatus.IN_PROGRESS: StatusStyle("#fff0c7", "#b7860b", "#4a3600", "▶", "In progress"),
    SessionStatus.MONITORING: StatusStyle("#ffe2c4", "#c8640a", "#4d2600", "◔", "Monitoring"),
    SessionStatus.DISCHARGED: StatusStyle("#e6e6ea", "#6b6b78", "#2b2b33", "⏏", "Discharged"),
    SessionStatus.CANCELLED: StatusStyle("#f4f4f4", "#a0a0a0", "#6b6b6b", "✖", "Cancelled"),
    SessionStatus.NO_SHOW: StatusStyle("#fbe3e3", "#b03a3a", "#6b1a1a", "⊘", "No-show"),
}


def style_for(status: SessionStatus) -> StatusStyle:
    return STYLES[SessionStatus(status)]


def is_active(status: SessionStatus) -> bool:
    return SessionStatus(status) not in INACTIVE_SESSION_STATUSES


def hm(value: datetime) -> str:
    """'9:05 AM' (formatted by hand: strftime is slow in a paint-time loop)."""
    return f"{value.hour % 12 or 12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def span(start: datetime, end: datetime) -> str:
    """'9:00–11:30 AM' or '11:00 AM–1:30 PM'."""
    if start.strftime("%p") == end.strftime("%p"):
        return f"{start.strftime('%I:%M').lstrip('0')}–{hm(end)}"
    return f"{hm(start)}–{hm(end)}"


def dose_text(planned: int | None, given: int | None) -> str:
    if given:
        return f"{given} mg"
    return f"{planned} mg planned" if planned else "dose not set"


def combo_index(combo: object, value: object) -> int:
    """Index of the item whose data equals *value* (findData cannot compare Python objects)."""
    for i in range(combo.count()):  # type: ignore[attr-defined]
        if combo.itemData(i) == value:  # type: ignore[attr-defined]
            return i
    return -1
