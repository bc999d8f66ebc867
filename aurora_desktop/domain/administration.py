"""Observed self-administration: devices per dose, the 5-minute rest, device time, lot numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from aurora_desktop.domain.errors import FieldError, RuleViolation
from aurora_desktop.domain.text import has_control_characters
from aurora_desktop.domain.treatment_phase import DEVICE_MG, MAX_DOSE_MG, STANDARD_DOSES_MG

__all__ = ["DEVICE_MG", "STANDARD_DOSES_MG"]

MAX_DEVICES = MAX_DOSE_MG // DEVICE_MG
REST_MINUTES = 5
# A device time may be back-dated by up to an hour (charting after the fact) but not
# set in the future beyond a small clock drift.
MAX_BACKDATE_MINUTES = 60
MAX_FUTURE_MINUTES = 2
LOT_MAX_LENGTH = 40
_LOT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-./]*$")


def devices_for_dose(dose_mg: int) -> int:
    """56 mg -> 2 devices, 84 mg -> 3; any dose must be whole 28 mg devices (1..6)."""
    if dose_mg <= 0 or dose_mg % DEVICE_MG:
        raise FieldError("dose", f"{dose_mg} mg is not a whole number of 28 mg devices")
    count = dose_mg // DEVICE_MG
    if count > MAX_DEVICES:
        raise FieldError("dose", f"{dose_mg} mg is more than {MAX_DEVICES} devices")
    return count


def validate_lot_number(raw: str) -> str:
    """Trimmed lot number: 1-40 letters/digits (with - . /), no control characters."""
    if has_control_characters(raw):
        raise FieldError("lot number", "must not contain control characters")
    lot = raw.strip().upper()
    if not lot:
        raise FieldError("lot number", "is required (pick a lot on record or type it)")
    if len(lot) > LOT_MAX_LENGTH:
        raise FieldError("lot number", f"is {len(lot)} characters; at most {LOT_MAX_LENGTH} allowed")
    if not _LOT_PATTERN.match(lot):
        raise FieldError("lot number", "only letters, digits, '-', '.' and '/' are allowed")
    return lot


def validate_device_time(administered_at: datetime, now: datetime) -> None:
    """A device time within reason of now: at most 60 min earlier, 2 min later."""
    if administered_at > now + timedelta(minutes=MAX_FUTURE_MINUTES):
        raise FieldError("device time", "cannot be in the future")
    if administered_at < now - timedelta(minutes=MAX_BACKDATE_MINUTES):
        raise FieldError(
            "device time", f"is more than {MAX_BACKDATE_MINUTES} minutes ago; record it as an amendment")


@dataclass(frozen=True)
class DeviceRequest:
    sequence: int  # 1-based, the device being recorded
    administered_at: datetime
    previous_at: datetime | None  # the previous device's time (None for the first)
    devices_for_dose: int
    early_reason: str = ""


def rest_seconds_remaining(previous_at: datetime | None, now: datetime) -> int:
    """Seconds left of the 5-minute rest after the previous device (0 when none or over)."""
    if previous_at is None:
        return 0
    left = (previous_at + timedelta(minutes=REST_MINUTES) - now).total_seconds()
    return max(0, int(left + 0.999))


def check_device(request: DeviceRequest, now: datetime) -> None:
    """Refuse a device that is not allowed; RuleViolation lists every unmet condition."""
    validate_device_time(request.administered_at, now)
    reasons: list[str] = []
    if request.sequence > request.devices_for_dose:
        reasons.append(
            f"all {request.devices_for_dose} devices of this dose are already recorded")
    if request.previous_at is not None:
        if request.administered_at < request.previous_at:
            reasons.append("a device cannot be earlier than the previous device")
        elif (request.administered_at - request.previous_at < timedelta(minutes=REST_MINUTES)
              and not request.early_reason.strip()):
            reasons.append(
                f"device {request.sequence} is less than {REST_MINUTES} minutes after the "
                "previous device: give a reason to record it early")
    if reasons:
        raise RuleViolation(reasons)
