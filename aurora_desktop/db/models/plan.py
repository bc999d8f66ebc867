"""Treatment plans, prior antidepressant trials, current oral antidepressants, screening, scales."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from aurora_desktop.db.base import Base, Versioned
from aurora_desktop.db.models._columns import enum_column, staff_fk
from aurora_desktop.db.types import JSONList, UTCDateTime
from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    Indication,
    OralAdStrategy,
    PlanStatus,
    Scale,
    TrialOutcome,
)


class TreatmentPlan(Versioned, Base):
    __tablename__ = "treatment_plan"
    __table_args__ = (
        CheckConstraint(
            "NOT (indication = 'mdsi' AND oral_ad_strategy = 'monotherapy')",
            name="mdsi_never_monotherapy",
        ),
        CheckConstraint("target_dose_mg IN (56, 84)", name="target_dose_allowed"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), nullable=False, index=True)
    indication: Mapped[Indication] = enum_column(Indication, "indication", nullable=False)
    oral_ad_strategy: Mapped[OralAdStrategy] = enum_column(
        OralAdStrategy, "oral_ad_strategy", nullable=False
    )
    prescriber_id: Mapped[int] = staff_fk(nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    target_dose_mg: Mapped[int] = mapped_column(Integer, nullable=False, default=56)
    status: Mapped[PlanStatus] = enum_column(PlanStatus, "status", nullable=False)
    monotherapy_attested_by_id: Mapped[int | None] = staff_fk()
    monotherapy_attested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class AntidepressantTrial(Versioned, Base):
    """A prior oral antidepressant trial, for the TRD definition (>= 2 adequate failures)."""

    __tablename__ = "antidepressant_trial"
    __table_args__ = (CheckConstraint("duration_weeks BETWEEN 0 AND 520", name="weeks_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), nullable=False, index=True)
    drug: Mapped[str] = mapped_column(String(80), nullable=False)
    dose_text: Mapped[str] = mapped_column(String(40), nullable=False)
    duration_weeks: Mapped[int] = mapped_column(Integer, nullable=False)
    adequate_dose: Mapped[bool] = mapped_column(Boolean, nullable=False)
    adequate_duration: Mapped[bool] = mapped_column(Boolean, nullable=False)
    current_episode: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    outcome: Mapped[TrialOutcome] = enum_column(TrialOutcome, "outcome", nullable=False)
    recorded_by_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ConcurrentAntidepressant(Versioned, Base):
    """The patient's current (or past) oral antidepressant; history is kept via stopped_on."""

    __tablename__ = "concurrent_antidepressant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), nullable=False, index=True)
    drug: Mapped[str] = mapped_column(String(80), nullable=False)
    dose_text: Mapped[str] = mapped_column(String(40), nullable=False)
    frequency: Mapped[str] = mapped_column(String(40), nullable=False, default="daily")
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    stopped_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    stop_reason: Mapped[str] = mapped_column(String(200), nullable=False, default="",
                                             server_default="")
    prescriber_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    recorded_by_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ContraindicationScreening(Versioned, Base):
    __tablename__ = "contraindication_screening"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), nullable=False, index=True)
    item: Mapped[Contraindication] = enum_column(Contraindication, "item", nullable=False)
    answer: Mapped[Answer] = enum_column(Answer, "answer", nullable=False)
    screened_by_id: Mapped[int | None] = staff_fk()
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # An "unknown" answer needs a prescriber decision before dosing.
    prescriber_decision: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by_id: Mapped[int | None] = staff_fk()
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class OutcomeMeasure(Versioned, Base):
    """PHQ-9 (9 items 0-3) or MADRS (10 items 0-6), entered item by item."""

    __tablename__ = "outcome_measure"
    __table_args__ = (
        CheckConstraint(
            "(scale = 'phq9' AND total BETWEEN 0 AND 27) OR (scale = 'madrs' AND total BETWEEN 0 AND 60)",
            name="total_range",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), nullable=False, index=True)
    scale: Mapped[Scale] = enum_column(Scale, "scale", nullable=False)
    item_scores: Mapped[list] = mapped_column(JSONList, nullable=False)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    measured_on: Mapped[date] = mapped_column(Date, nullable=False)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("treatment_session.id"), nullable=True
    )
    rater_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    note: Mapped[str] = mapped_column(String(400), nullable=False, default="")
