"""The discharge gate: >= 120 minutes, a recent reassuring checkpoint, alerts actioned, ride home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aurora_desktop.domain.enums import Dissociation
from aurora_desktop.domain.monitoring_plan import OBSERVATION_MINUTES, minutes_since

LATEST_CHECKPOINT_MAX_AGE = timedelta(minutes=15)
ACCEPTABLE_SBP = 140
ACCEPTABLE_DBP = 90
ATTESTATION_TEXT = "Clinically stable and ready to leave"


@dataclass(frozen=True)
class LatestCheckpoint:
    checkpoint_id: int
    measured_at: datetime
    systolic: int | None
    diastolic: int | None
    spo2: int | None
    moaas: int | None
    dissociation: str | None


@dataclass(frozen=True)
class DischargeFacts:
    now: datetime
    first_device_at: datetime | None
    latest: LatestCheckpoint | None
    baseline_moaas: int | None
    baseline_systolic: int | None
    baseline_diastolic: int | None
    spo2_threshold: int
    unactioned_alerts: int
    ride_confirmed: bool
    bp_accepted_for_checkpoint: int | None = None  # checkpoint id a prescriber accepted BP on
    devices_recorded: int = 0
    devices_planned: int = 0


def bp_acceptable(systolic: int, diastolic: int, base_sbp: int | None, base_dbp: int | None) -> bool:
    """At or below 140/90, or no higher than the patient's own pre-dose baseline."""
    sbp_ok = systolic <= max(ACCEPTABLE_SBP, base_sbp or 0)
    dbp_ok = diastolic <= max(ACCEPTABLE_DBP, base_dbp or 0)
    return sbp_ok and dbp_ok


@dataclass(frozen=True)
class DischargeAssessment:
    unmet: list[str]
    minutes_since_first_device: int | None
    bp_needs_acceptance: bool

    @property
    def allowed(self) -> bool:
        return not self.unmet


def assess_discharge(f: DischargeFacts) -> DischargeAssessment:
    """Exactly which discharge conditions are unmet (none: discharge is allowed)."""
    unmet: list[str] = []
    minutes = minutes_since(f.first_device_at, f.now)
    if minutes is None:
        unmet.append("no device has been recorded")
    elif minutes < OBSERVATION_MINUTES:
        unmet.append(f"only {minutes} of the required {OBSERVATION_MINUTES} minutes since the first device")
    if f.devices_recorded < f.devices_planned:
        unmet.append(f"only {f.devices_recorded} of {f.devices_planned} devices recorded: record the rest "
                     "or a prescriber changes the dose with a reason")
    bp_needs_acceptance = False
    latest = f.latest
    if latest is None:
        unmet.append("no checkpoint recorded")
    else:
        if f.now - latest.measured_at > LATEST_CHECKPOINT_MAX_AGE:
            unmet.append("latest checkpoint is older than 15 minutes: record a new one")
        if latest.moaas is None:
            unmet.append("latest checkpoint has no MOAA/S")
        elif f.baseline_moaas is not None and latest.moaas < f.baseline_moaas:
            unmet.append(f"MOAA/S {latest.moaas} is not back to baseline {f.baseline_moaas}")
        if latest.dissociation is None:
            unmet.append("latest checkpoint has no dissociation rating")
        elif latest.dissociation != Dissociation.NONE.value:
            unmet.append(f"ongoing dissociation ({latest.dissociation})")
        if latest.spo2 is None:
            unmet.append("latest checkpoint has no SpO2")
        elif latest.spo2 < f.spo2_threshold:
            unmet.append(f"SpO2 {latest.spo2}% is below {f.spo2_threshold}%")
        if latest.systolic is None or latest.diastolic is None:
            unmet.append("latest checkpoint has no blood pressure")
        else:
            acceptable = bp_acceptable(latest.systolic, latest.diastolic, f.baseline_systolic,
                                       f.baseline_diastolic)
            if not acceptable and f.bp_accepted_for_checkpoint != latest.checkpoint_id:
                bp_needs_acceptance = True
                unmet.append(
                    f"BP {latest.systolic}/{latest.diastolic} not yet acceptable: "
                    "recheck, or a prescriber accepts it with a reason")
    if f.unactioned_alerts:
        unmet.append(f"{f.unactioned_alerts} alert(s) without an action note")
    if not f.ride_confirmed:
        unmet.append("ride home not confirmed")
    return DischargeAssessment(unmet, minutes, bp_needs_acceptance)
