"""Clinics (REMS-certified healthcare settings), their chairs and protocol settings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from aurora_desktop.db.base import Base, Timestamped, Versioned
from aurora_desktop.db.types import JSONList

DEFAULT_OPENING_HOURS = [
    ["08:00", "18:00"],  # Monday
    ["08:00", "18:00"],
    ["08:00", "18:00"],
    ["08:00", "18:00"],
    ["08:00", "18:00"],
    ["09:00", "14:00"],  # Saturday
    None,  # Sunday closed
]


class Clinic(Versioned, Timestamped, Base):
    __tablename__ = "clinic"
    __table_args__ = (
        CheckConstraint("session_block_minutes >= 135", name="block_covers_observation"),
        CheckConstraint("spo2_alert_threshold BETWEEN 80 AND 100", name="spo2_threshold_range"),
        CheckConstraint("overdue_grace_minutes BETWEEN 0 AND 60", name="grace_range"),
        CheckConstraint("idle_lock_minutes BETWEEN 1 AND 120", name="idle_lock_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    address_line1: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    state: Mapped[str] = mapped_column(String(2), nullable=False, default="NY")
    postal_code: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    time_zone: Mapped[str] = mapped_column(String(64), nullable=False, default="America/New_York")
    rems_setting_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    rems_certified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    rems_certified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Seven entries, Monday first: ["HH:MM", "HH:MM"] or null for closed.
    opening_hours: Mapped[list] = mapped_column(JSONList, nullable=False)
    session_block_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=150)
    checkpoint_offsets: Mapped[list] = mapped_column(JSONList, nullable=False)
    bp_required_offsets: Mapped[list] = mapped_column(JSONList, nullable=False)
    spo2_alert_threshold: Mapped[int] = mapped_column(Integer, nullable=False, default=93)
    overdue_grace_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=10)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class TreatmentChair(Versioned, Base):
    __tablename__ = "treatment_chair"
    __table_args__ = (UniqueConstraint("clinic_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id"), nullable=False, index=True)
    label: Mapped[str] = mapped_column(String(40), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
