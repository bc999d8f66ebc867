"""Sign-off, amendments, REMS monitoring-form tracking and the append-only audit trail."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from aurora_desktop.db.base import Base, Versioned
from aurora_desktop.db.models._columns import enum_column, staff_fk
from aurora_desktop.db.types import UTCDateTime
from aurora_desktop.domain.enums import FormStatus, SignatureRole


class Signature(Base):
    """Nurse signature and prescriber co-signature; a signed session is read-only."""

    __tablename__ = "signature"
    __table_args__ = (UniqueConstraint("session_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_session.id"), nullable=False)
    role: Mapped[SignatureRole] = enum_column(SignatureRole, "role", nullable=False)
    signer_id: Mapped[int] = staff_fk(nullable=False)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    meaning: Mapped[str] = mapped_column(String(200), nullable=False)


class Amendment(Base):
    """A correction to a signed record: what, why, who, when (the original stays visible)."""

    __tablename__ = "amendment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=False, index=True
    )
    entity: Mapped[str] = mapped_column(String(60), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    field: Mapped[str] = mapped_column(String(60), nullable=False)
    old_value: Mapped[str] = mapped_column(Text, nullable=False, default="")
    new_value: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    amended_by_id: Mapped[int] = staff_fk(nullable=False)
    amended_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class RemsMonitoringForm(Versioned, Base):
    """Tracking of the REMS Patient Monitoring Form, due 7 days after the session."""

    __tablename__ = "rems_monitoring_form"
    # id included so the floor board's overdue-set fingerprint (count and sum of ids) is an
    # index-only scan on PostgreSQL too (SQLite indexes carry the rowid = id already).
    # The floor board counts one clinic's overdue forms from (clinic_id, status, due_on, id)
    # alone (index-only on both backends; migration 0004_floor_form_clinic).
    __table_args__ = (Index("ix_rems_monitoring_form_status_due", "status", "due_on",
                            postgresql_include=["id"]),
                      Index("ix_rems_monitoring_form_clinic_status_due",
                            "clinic_id", "status", "due_on", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=False, unique=True
    )
    # The session's clinic (sessions never move clinic), copied so per-clinic counts need no join.
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[FormStatus] = enum_column(FormStatus, "status", nullable=False)
    submitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    confirmation: Mapped[str | None] = mapped_column(String(80), nullable=True)
    submitted_by_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditEvent(Base):
    """Append-only, hash-chained record of every write and every PHI read."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_occurred", "occurred_at"),
        Index("ix_audit_event_actor", "actor_id", "occurred_at"),
        Index("ix_audit_event_patient", "patient_id", "occurred_at"),
        Index("ix_audit_event_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_username: Mapped[str] = mapped_column(String(40), nullable=False)
    workstation: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    entity: Mapped[str] = mapped_column(String(60), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    patient_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    details: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    break_glass: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
