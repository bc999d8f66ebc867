"""Vital-sign ranges and monitoring alerts (label outliers and clinic thresholds)."""

from __future__ import annotations

from dataclasses import dataclass

from aurora_desktop.domain.enums import AlertKind, Dissociation
from aurora_desktop.domain.errors import FieldError

# Plausible ranges a value must fall in (mirrors the database CHECK constraints).
VITAL_RANGES: dict[str, tuple[str, int, int]] = {
    "systolic": ("systolic BP", 50, 300),
    "diastolic": ("diastolic BP", 20, 200),
    "heart_rate": ("heart rate", 20, 250),
    "spo2": ("SpO2", 0, 100),
    "respiratory_rate": ("respiratory rate", 0, 80),
    "moaas": ("MOAA/S", 0, 5),
    "cadss": ("CADSS", 0, 92),
}

# Pre-dose BP above this needs a prescriber acknowledgement (label: > 140/90).
PREDOSE_SBP_LIMIT = 140
PREDOSE_DBP_LIMIT = 90


def validate_vital(field: str, value: int | None) -> int | None:
    """Return *value* if it is inside the field's range; FieldError names field and range."""
    if value is None:
        return None
    label, low, high = VITAL_RANGES[field]
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(label, f"must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise FieldError(label, f"{value} is out of range; allowed {low} to {high}")
    return value


def validate_bp_pair(systolic: int | None, diastolic: int | None) -> None:
    """Both halves of a BP reading or neither; systolic above diastolic."""
    if (systolic is None) != (diastolic is None):
        raise FieldError("blood pressure", "enter both systolic and diastolic, or neither")
    if systolic is not None and diastolic is not None and systolic <= diastolic:
        raise FieldError("blood pressure", "systolic must be higher than diastolic")


def predose_bp_elevated(systolic: int | None, diastolic: int | None) -> bool:
    """True when pre-dose BP is above 140/90 (needs a prescriber acknowledgement)."""
    return (systolic is not None and systolic > PREDOSE_SBP_LIMIT) or (
        diastolic is not None and diastolic > PREDOSE_DBP_LIMIT
    )


@dataclass(frozen=True)
class AlertThresholds:
    """Alert defaults from the label and clinic policy; spo2_min is per clinic."""

    spo2_min: int = 93
    moaas_max: int = 3
    sbp_high: int = 180
    dbp_high: int = 110
    sbp_rise: int = 40
    dbp_rise: int = 25


@dataclass(frozen=True)
class Reading:
    systolic: int | None = None
    diastolic: int | None = None
    heart_rate: int | None = None
    spo2: int | None = None
    respiratory_rate: int | None = None
    moaas: int | None = None
    dissociation: Dissociation | None = None
    cadss: int | None = None

    def validate(self) -> Reading:
        for name in VITAL_RANGES:
            validate_vital(name, getattr(self, name))
        validate_bp_pair(self.systolic, self.diastolic)
        return self

    @property
    def has_bp(self) -> bool:
        return self.systolic is not None and self.diastolic is not None


@dataclass(frozen=True)
class Baseline:
    """Pre-dose values the post-dose readings are compared with."""

    systolic: int | None = None
    diastolic: int | None = None
    moaas: int | None = None


@dataclass(frozen=True)
class AlertFinding:
    kind: AlertKind
    detail: str


def reading_alerts(
    reading: Reading, baseline: Baseline, thresholds: AlertThresholds = AlertThresholds()
) -> list[AlertFinding]:
    """Every alert this reading raises (an empty list when all values are in bounds)."""
    found: list[AlertFinding] = []
    t = thresholds
    if reading.spo2 is not None and reading.spo2 < t.spo2_min:
        found.append(AlertFinding(AlertKind.SPO2_LOW, f"SpO2 {reading.spo2}% is below {t.spo2_min}%"))
    if reading.moaas is not None and reading.moaas <= t.moaas_max:
        found.append(AlertFinding(
            AlertKind.SEDATION, f"MOAA/S {reading.moaas} (sedation: {t.moaas_max} or lower)"))
    if reading.has_bp:
        sbp, dbp = reading.systolic, reading.diastolic
        if sbp >= t.sbp_high or dbp >= t.dbp_high:
            found.append(AlertFinding(
                AlertKind.BP_HIGH,
                f"BP {sbp}/{dbp} at or above {t.sbp_high} systolic or {t.dbp_high} diastolic"))
        rises = []
        if baseline.systolic is not None and sbp - baseline.systolic >= t.sbp_rise:
            rises.append(f"systolic +{sbp - baseline.systolic}")
        if baseline.diastolic is not None and dbp - baseline.diastolic >= t.dbp_rise:
            rises.append(f"diastolic +{dbp - baseline.diastolic}")
        if rises:
            found.append(AlertFinding(
                AlertKind.BP_RISE,
                f"BP {sbp}/{dbp}: {', '.join(rises)} from baseline "
                f"{baseline.systolic}/{baseline.diastolic}"))
    return found
