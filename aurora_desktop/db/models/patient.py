"""Patients and their SPRAVATO REMS enrollment."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aurora_desktop.db.base import Base, Timestamped, Versioned
from aurora_desktop.db.models._columns import enum_column, staff_fk
from aurora_desktop.db.types import UTCDateTime
from aurora_desktop.domain.enums import EnrollmentStatus, PregnancyStatus, Sex


class Patient(Versioned, Timestamped, Base):
    __tablename__ = "patient"
    __table_args__ = (
        Index("ix_patient_search_name", "search_name"),
        Index("ix_patient_last_first", "last_name_key", "first_name_key"),
        Index("ix_patient_dob", "date_of_birth"),
        Index("ix_patient_phone_digits", "phone_digits"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mrn: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    first_name: Mapped[str] = mapped_column(String(80), nullable=False)
    middle_name: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    last_name: Mapped[str] = mapped_column(String(80), nullable=False)
    # Case- and accent-folded copies for search (domain.text.fold).
    search_name: Mapped[str] = mapped_column(String(250), nullable=False)
    first_name_key: Mapped[str] = mapped_column(String(80), nullable=False)
    last_name_key: Mapped[str] = mapped_column(String(80), nullable=False)
    date_of_birth: Mapped[date] = mapped_column(Date, nullable=False)
    sex: Mapped[Sex] = enum_column(Sex, "sex", nullable=False)
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    phone_digits: Mapped[str] = mapped_column(String(15), nullable=False, default="")
    alt_phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    address_line1: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    address_line2: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    city: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    state: Mapped[str] = mapped_column(String(2), nullable=False, default="NY")
    postal_code: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    emergency_contact_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    emergency_contact_phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    home_clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinic.id"), nullable=True)
    can_become_pregnant: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    pregnancy_status: Mapped[PregnancyStatus] = enum_column(
        PregnancyStatus, "pregnancy_status", nullable=False, default=PregnancyStatus.NOT_APPLICABLE
    )
    # Concomitant medicines asked by the REMS monitoring form.
    takes_benzodiazepines: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    takes_sedative_hypnotics: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    takes_opioids: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    takes_psychostimulants: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    takes_maois: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class RemsPatientEnrollment(Versioned, Base):
    __tablename__ = "rems_patient_enrollment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), nullable=False, index=True)
    rems_patient_id: Mapped[str] = mapped_column(String(40), nullable=False)
    enrolled_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[EnrollmentStatus] = enum_column(EnrollmentStatus, "status", nullable=False)
    recorded_by_id: Mapped[int | None] = staff_fk()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # Set when the enrollment is ended (status inactive): the day, who, and why.
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ended_by_id: Mapped[int | None] = staff_fk()
    end_reason: Mapped[str | None] = mapped_column(String(400), nullable=True)
