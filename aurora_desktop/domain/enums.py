"""Enumerations shared by rules, storage and screens (values are stored as text)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    NURSE = "nurse"
    PRESCRIBER = "prescriber"
    ADMIN = "admin"


class Indication(StrEnum):
    TRD = "trd"
    MDSI = "mdsi"


class OralAdStrategy(StrEnum):
    ADJUNCTIVE = "adjunctive"
    MONOTHERAPY = "monotherapy"


class PlanStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    INACTIVE = "inactive"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"
    UNKNOWN = "U"


class PregnancyStatus(StrEnum):
    NOT_APPLICABLE = "not_applicable"
    NOT_PREGNANT = "not_pregnant"
    PREGNANT = "pregnant"
    UNKNOWN = "unknown"


class Contraindication(StrEnum):
    ANEURYSMAL_VASCULAR_DISEASE = "aneurysmal_vascular_disease"
    ARTERIOVENOUS_MALFORMATION = "arteriovenous_malformation"
    INTRACEREBRAL_HEMORRHAGE = "intracerebral_hemorrhage"
    HYPERSENSITIVITY = "hypersensitivity"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class TrialOutcome(StrEnum):
    NO_RESPONSE = "no_response"
    PARTIAL_RESPONSE = "partial_response"
    RESPONSE = "response"
    INTOLERANCE = "intolerance"
    UNKNOWN = "unknown"


class Scale(StrEnum):
    PHQ9 = "phq9"
    MADRS = "madrs"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CHECKED_IN = "checked_in"
    IN_PROGRESS = "in_progress"
    MONITORING = "monitoring"
    DISCHARGED = "discharged"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


INACTIVE_SESSION_STATUSES = frozenset({SessionStatus.CANCELLED, SessionStatus.NO_SHOW})


class Dissociation(StrEnum):
    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class AlertKind(StrEnum):
    SPO2_LOW = "spo2_low"
    SEDATION = "sedation"
    BP_HIGH = "bp_high"
    BP_RISE = "bp_rise"
    OVERDUE = "overdue"


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class SignatureRole(StrEnum):
    NURSE = "nurse"
    PRESCRIBER = "prescriber"


class FormStatus(StrEnum):
    DUE = "due"
    SUBMITTED = "submitted"
