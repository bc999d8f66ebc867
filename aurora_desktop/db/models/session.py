"""The treatment session (appointment + clinical record), its checklist and devices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from aurora_desktop.db.base import Base, Timestamped, Versioned
from aurora_desktop.db.models._columns import enum_column, staff_fk
from aurora_desktop.db.types import UTCDateTime
from aurora_desktop.domain.enums import PregnancyStatus, SessionStatus

ACTIVE_SESSION_SQL = "status NOT IN ('cancelled', 'no_show')"


class TreatmentSession(Versioned, Timestamped, Base):
    __tablename__ = "treatment_session"
    __table_args__ = (
        CheckConstraint("scheduled_end > scheduled_start", name="end_after_start"),
        CheckConstraint(
            "dose_mg IS NULL OR dose_mg IN (56, 84) OR dose_override_reason IS NOT NULL",
            name="dose_allowed_or_overridden",
        ),
        CheckConstraint("dose_mg IS NULL OR dose_mg % 28 = 0", name="dose_whole_devices"),
        # Never two active sessions for one patient on the same clinic-local day.
        Index(
            "uq_treatment_session_patient_day",
            "patient_id",
            "local_date",
            unique=True,
            sqlite_where=text(ACTIVE_SESSION_SQL),
            postgresql_where=text(ACTIVE_SESSION_SQL),
        ),
        Index("ix_treatment_session_clinic_start", "clinic_id", "scheduled_start"),
        Index("ix_treatment_session_chair_start", "chair_id", "scheduled_start"),
        Index("ix_treatment_session_patient_start", "patient_id", "scheduled_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), nullable=False)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), nullable=False)
    chair_id: Mapped[int] = mapped_column(ForeignKey("treatment_chair.id"), nullable=False)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plan.id"), nullable=True)
    scheduled_start: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    scheduled_end: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    local_date: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[SessionStatus] = enum_column(SessionStatus, "status", nullable=False)
    series_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    rescheduled_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=True
    )
    booked_by_id: Mapped[int | None] = staff_fk()
    booking_warnings: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cancel_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    cancelled_by_id: Mapped[int | None] = staff_fk()
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    supervising_prescriber_id: Mapped[int | None] = staff_fk()
    assigned_nurse_id: Mapped[int | None] = staff_fk()
    ride_driver_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    ride_driver_phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    ride_confirmed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    ride_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    planned_dose_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)
    dose_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)
    dose_override_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    dose_override_by_id: Mapped[int | None] = staff_fk()
    first_device_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PreDoseChecklist(Versioned, Base):
    """Pre-dose vitals, the oral-antidepressant confirmation and completion of the checklist."""

    __tablename__ = "pre_dose_checklist"
    __table_args__ = (
        CheckConstraint("pre_systolic IS NULL OR pre_systolic BETWEEN 50 AND 300", name="sbp"),
        CheckConstraint("pre_diastolic IS NULL OR pre_diastolic BETWEEN 20 AND 200", name="dbp"),
        CheckConstraint("pre_heart_rate IS NULL OR pre_heart_rate BETWEEN 20 AND 250", name="hr"),
        CheckConstraint("pre_spo2 IS NULL OR pre_spo2 BETWEEN 0 AND 100", name="spo2"),
        CheckConstraint("baseline_moaas IS NULL OR baseline_moaas BETWEEN 0 AND 5", name="moaas"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=False, unique=True
    )
    last_food_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_liquid_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    nasal_spray_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    pregnancy_status: Mapped[PregnancyStatus] = enum_column(
        PregnancyStatus, "pregnancy_status", nullable=False, default=PregnancyStatus.NOT_APPLICABLE
    )
    benzodiazepines: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    sedative_hypnotics: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    opioids: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    psychostimulants: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    maois: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    oral_ad_drug: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    oral_ad_dose: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    oral_ad_taking_as_prescribed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    monotherapy_statement: Mapped[str] = mapped_column(Text, nullable=False, default="")
    pre_systolic: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pre_diastolic: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pre_heart_rate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pre_spo2: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pre_vitals_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    baseline_moaas: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bp_ack_by_id: Mapped[int | None] = staff_fk()
    bp_ack_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    bp_ack_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_by_id: Mapped[int | None] = staff_fk()
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ChecklistAnswer(Base):
    """One attributed answer to one checklist item (the audit of who answered what, when)."""

    __tablename__ = "checklist_answer"
    __table_args__ = (UniqueConstraint("session_id", "item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_session.id"), nullable=False)
    item: Mapped[str] = mapped_column(String(40), nullable=False)
    value: Mapped[str] = mapped_column(String(400), nullable=False)
    answered_by_id: Mapped[int | None] = staff_fk()
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class DrugLot(Versioned, Base):
    """A received SPRAVATO lot (CIII records: NDC, lot, expiry, quantity, supplier)."""

    __tablename__ = "drug_lot"
    __table_args__ = (
        UniqueConstraint("clinic_id", "lot_number"),
        CheckConstraint("quantity_devices >= 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), nullable=False)
    ndc: Mapped[str] = mapped_column(String(14), nullable=False)
    lot_number: Mapped[str] = mapped_column(String(40), nullable=False)
    expires_on: Mapped[date] = mapped_column(Date, nullable=False)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    supplier: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    quantity_devices: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class DeviceAdministration(Base):
    """One 28 mg device self-administered under observation."""

    __tablename__ = "device_administration"
    __table_args__ = (
        UniqueConstraint("session_id", "sequence"),
        CheckConstraint("sequence BETWEEN 1 AND 6", name="sequence_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_session.id"), nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    administered_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("drug_lot.id"), nullable=True)
    lot_number: Mapped[str] = mapped_column(String(40), nullable=False)
    early_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    observed_by_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
