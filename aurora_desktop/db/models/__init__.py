"""All ORM models, imported here so Base.metadata is complete."""

from aurora_desktop.db.models.clinic import DEFAULT_OPENING_HOURS, Clinic, TreatmentChair
from aurora_desktop.db.models.monitoring import (
    AdverseEvent,
    Discharge,
    MonitoringAlert,
    MonitoringCheckpoint,
)
from aurora_desktop.db.models.patient import Patient, RemsPatientEnrollment
from aurora_desktop.db.models.plan import (
    AntidepressantTrial,
    ConcurrentAntidepressant,
    ContraindicationScreening,
    OutcomeMeasure,
    TreatmentPlan,
)
from aurora_desktop.db.models.records import (
    Amendment,
    AuditEvent,
    RemsMonitoringForm,
    Signature,
)
from aurora_desktop.db.models.session import (
    ChecklistAnswer,
    DeviceAdministration,
    DrugLot,
    PreDoseChecklist,
    TreatmentSession,
)
from aurora_desktop.db.models.staff import BreakGlassGrant, StaffMember, StaffShift

__all__ = [
    "DEFAULT_OPENING_HOURS",
    "AdverseEvent",
    "Amendment",
    "AntidepressantTrial",
    "AuditEvent",
    "BreakGlassGrant",
    "ChecklistAnswer",
    "Clinic",
    "ConcurrentAntidepressant",
    "ContraindicationScreening",
    "DeviceAdministration",
    "Discharge",
    "DrugLot",
    "MonitoringAlert",
    "MonitoringCheckpoint",
    "OutcomeMeasure",
    "Patient",
    "PreDoseChecklist",
    "RemsMonitoringForm",
    "RemsPatientEnrollment",
    "Signature",
    "StaffMember",
    "StaffShift",
    "TreatmentChair",
    "TreatmentPlan",
    "TreatmentSession",
]
