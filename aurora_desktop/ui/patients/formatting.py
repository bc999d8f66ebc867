"""US display formats and labels shared by the patient screens (no queries, no rules)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from aurora_desktop.domain.enums import (
    Answer,
    EnrollmentStatus,
    PregnancyStatus,
    SessionStatus,
    Sex,
    TrialOutcome,
)
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.permissions import Op, allowed

NEW_YORK = ZoneInfo("America/New_York")
NOT_ENROLLED = "NOT REMS-ENROLLED"
ENROLLED = "REMS enrolled"
FLAG_RED = "#b3261e"
FLAG_BG = "#fde2e1"
OK_GREEN = "#1b6e2a"

SEX_LABELS = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.OTHER: "Other", Sex.UNKNOWN: "Unknown"}
PREGNANCY_LABELS = {
    PregnancyStatus.NOT_APPLICABLE: "Not applicable",
    PregnancyStatus.NOT_PREGNANT: "Not pregnant",
    PregnancyStatus.PREGNANT: "Pregnant",
    PregnancyStatus.UNKNOWN: "Unknown",
}
ENROLLMENT_LABELS = {
    EnrollmentStatus.ACTIVE: "Active",
    EnrollmentStatus.PENDING: "Pending",
    EnrollmentStatus.INACTIVE: "Ended / inactive",
}
OUTCOME_LABELS = {
    TrialOutcome.NO_RESPONSE: "No response",
    TrialOutcome.PARTIAL_RESPONSE: "Partial response",
    TrialOutcome.RESPONSE: "Response",
    TrialOutcome.INTOLERANCE: "Intolerance",
    TrialOutcome.UNKNOWN: "Unknown",
}
ANSWER_LABELS = {Answer.YES: "Yes", Answer.NO: "No", Answer.UNKNOWN: "Unknown"}
SESSION_STATUS_LABELS = {
    SessionStatus.SCHEDULED: "Scheduled",
    SessionStatus.CHECKED_IN: "Checked in",
    SessionStatus.IN_PROGRESS: "In progress",
    SessionStatus.MONITORING: "Monitoring",
    SessionStatus.DISCHARGED: "Discharged",
    SessionStatus.CANCELLED: "Cancelled",
    SessionStatus.NO_SHOW: "No-show",
}


def fmt_date(value: date | None) -> str:
    """MM/DD/YYYY (blank for none)."""
    return value.strftime("%m/%d/%Y") if value else ""


def fmt_datetime(value: datetime | None, zone: ZoneInfo = NEW_YORK) -> str:
    """MM/DD/YYYY h:mm AM/PM in clinic-local time (blank for none)."""
    if value is None:
        return ""
    local = value.astimezone(zone)
    return f"{local.strftime('%m/%d/%Y')} {local.strftime('%I:%M %p').lstrip('0')}"


def age_on(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def may(actor: Actor | None, op: Op) -> bool:
    """Whether the signed-in user holds *op* (the service enforces it regardless)."""
    return actor is not None and allowed(actor, op)


def denied_tip(op: Op) -> str:
    return f"Your role may not {op.value.replace('_', ' ')}."
