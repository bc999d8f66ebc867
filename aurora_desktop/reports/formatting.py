"""US display formats for reports: MM/DD/YYYY, 12-hour times, clinic-local wall clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

DASH = "—"


def fmt_date(value: date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else DASH


def _local(value: datetime, zone: ZoneInfo | str) -> datetime:
    return value.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)


def fmt_time(value: datetime | None, zone: ZoneInfo | str) -> str:
    """'9:05 AM' in the clinic's zone."""
    if value is None:
        return DASH
    local = _local(value, zone)
    return f"{local.hour % 12 or 12}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"


def fmt_datetime(value: datetime | None, zone: ZoneInfo | str) -> str:
    """'12/01/2026 9:05 AM' in the clinic's zone."""
    if value is None:
        return DASH
    return f"{fmt_date(_local(value, zone).date())} {fmt_time(value, zone)}"


def fmt_when(value: datetime | None, zone: ZoneInfo | str, day: date | None) -> str:
    """Only the time when it is on *day* (the session's date), else date and time."""
    if value is None:
        return DASH
    if day is not None and _local(value, zone).date() == day:
        return fmt_time(value, zone)
    return fmt_datetime(value, zone)


def yes_no(value: bool | None) -> str:
    return "not recorded" if value is None else ("Yes" if value else "No")


def fmt_bp(systolic: int | None, diastolic: int | None) -> str:
    if systolic is None or diastolic is None:
        return DASH
    return f"{systolic}/{diastolic}"


def fmt_dose(mg: int | None) -> str:
    if not mg:
        return DASH
    return f"{mg} mg ({mg // 28} device{'s' if mg // 28 != 1 else ''})"


def label(value: object) -> str:
    """An enum or code shown as words: 'not_pregnant' -> 'Not pregnant'."""
    if value is None:
        return DASH
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def fmt_value(value: object, unit: str = "") -> str:
    if value is None or value == "":
        return DASH
    return f"{value}{unit}"


def fmt_rems(rems_patient_id: str, status: object, enrolled_on: date | None,
             ended_on: date | None) -> str:
    """The REMS line of a report header: id (status, enrolled day[, ended day])."""
    text = rems_patient_id or "not enrolled"
    if status is not None:
        ended = f", ended {fmt_date(ended_on)}" if ended_on else ""
        text += f" ({label(status)}, enrolled {fmt_date(enrolled_on)}{ended})"
    return text
