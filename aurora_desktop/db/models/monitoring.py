"""Monitoring after the dose: checkpoints, alerts, adverse events, discharge."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from aurora_desktop.db.base import Base, Versioned
from aurora_desktop.db.models._columns import enum_column, staff_fk
from aurora_desktop.db.types import UTCDateTime
from aurora_desktop.domain.enums import AlertKind, Dissociation, Severity


class MonitoringCheckpoint(Versioned, Base):
    """A planned (offset set) or unscheduled checkpoint; values are filled when recorded."""

    __tablename__ = "monitoring_checkpoint"
    __table_args__ = (
        CheckConstraint("systolic IS NULL OR systolic BETWEEN 50 AND 300", name="sbp"),
        CheckConstraint("diastolic IS NULL OR diastolic BETWEEN 20 AND 200", name="dbp"),
        CheckConstraint("heart_rate IS NULL OR heart_rate BETWEEN 20 AND 250", name="hr"),
        CheckConstraint("spo2 IS NULL OR spo2 BETWEEN 0 AND 100", name="spo2"),
        CheckConstraint(
            "respiratory_rate IS NULL OR respiratory_rate BETWEEN 0 AND 80", name="rr"
        ),
        CheckConstraint("moaas IS NULL OR moaas BETWEEN 0 AND 5", name="moaas"),
        CheckConstraint("cadss IS NULL OR cadss BETWEEN 0 AND 92", name="cadss"),
        CheckConstraint(
            "planned_offset_minutes IS NULL OR planned_offset_minutes BETWEEN 0 AND 720",
            name="offset_range",
        ),
        Index("ix_monitoring_checkpoint_session", "session_id", "planned_offset_minutes"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_session.id"), nullable=False)
    planned_offset_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bp_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    measured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    systolic: Mapped[int | None] = mapped_column(Integer, nullable=True)
    diastolic: Mapped[int | None] = mapped_column(Integer, nullable=True)
    heart_rate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    spo2: Mapped[int | None] = mapped_column(Integer, nullable=True)
    respiratory_rate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    moaas: Mapped[int | None] = mapped_column(Integer, nullable=True)
    dissociation: Mapped[Dissociation | None] = enum_column(
        Dissociation, "dissociation", nullable=True
    )
    cadss: Mapped[int | None] = mapped_column(Integer, nullable=True)
    nausea: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    vomiting: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_by_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class MonitoringAlert(Versioned, Base):
    """An abnormal reading or overdue checkpoint; needs an action note before discharge."""

    __tablename__ = "monitoring_alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=False, index=True
    )
    checkpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("monitoring_checkpoint.id"), nullable=True
    )
    kind: Mapped[AlertKind] = enum_column(AlertKind, "kind", nullable=False)
    detail: Mapped[str] = mapped_column(String(400), nullable=False)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    action_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    action_by_id: Mapped[int | None] = staff_fk()
    action_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AdverseEvent(Versioned, Base):
    __tablename__ = "adverse_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=False, index=True
    )
    event_type: Mapped[str] = mapped_column(String(60), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    severity: Mapped[Severity] = enum_column(Severity, "severity", nullable=False)
    serious: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    onset_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    action_taken: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    recorded_by_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Discharge(Base):
    __tablename__ = "discharge"
    __table_args__ = (
        CheckConstraint("total_minutes >= 120", name="two_hour_minimum"),
        CheckConstraint("ready_at_minutes IS NULL OR ready_at_minutes >= 0", name="ready_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=False, unique=True
    )
    discharged_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    total_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    ready_at_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    criteria_summary: Mapped[str] = mapped_column(Text, nullable=False)
    vitals_acceptable_before_leaving: Mapped[bool] = mapped_column(Boolean, nullable=False)
    bp_accepted_by_id: Mapped[int | None] = staff_fk()
    bp_accept_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    attestation: Mapped[str] = mapped_column(Text, nullable=False)
    attested_by_id: Mapped[int] = staff_fk(nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
