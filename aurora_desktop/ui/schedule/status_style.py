"""How each session status looks: fill, border, an icon and a word (colour is never alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from aurora_desktop.domain.enums import INACTIVE_SESSION_STATUSES, SessionStatus


# eq=False: compared and hashed by identity - there is one of each (STYLES), and the calendars'
# stamp caches hash a style per card (a value hash hashed all five fields each time)
@dataclass(frozen=True, eq=False)
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


# Looked up by member or by its string value (a StrEnum hashes as its value): no enum
# conversion per call, which the calendars make a few hundred times per reload.
_ACTIVE: dict[SessionStatus, bool] = {s: s not in INACTIVE_SESSION_STATUSES for s in SessionStatus}


def style_for(status: SessionStatus) -> StatusStyle:
    found = STYLES.get(status)
    return found if found is not None else STYLES[SessionStatus(status)]


def is_active(status: SessionStatus) -> bool:
    found = _ACTIVE.get(status)
    return found if found is not None else _ACTIVE[SessionStatus(status)]


def hm(value: datetime | time) -> str:
    """'9:05 AM' (formatted by hand: strftime imports `time` on every call, which PySide6's
    import hook makes ~50 µs)."""
    return f"{value.hour % 12 or 12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def span(start: datetime, end: datetime) -> str:
    """'9:00–11:30 AM' or '11:00 AM–1:30 PM'."""
    if (start.hour < 12) == (end.hour < 12):
        return f"{start.hour % 12 or 12}:{start.minute:02d}–{hm(end)}"
    return f"{hm(start)}–{hm(end)}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def us_date(day: date) -> str:
    """'11/27/2026' (by hand, see `hm`)."""
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


def weekday_name(day: date, short: bool = False) -> str:
    """'Friday' or 'Fri' (English, whatever the process locale)."""
    name = _WEEKDAYS[day.weekday()]
    return name[:3] if short else name


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
