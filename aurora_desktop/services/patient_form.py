"""Patient form, read model and the pure checks behind PatientService (no database writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from aurora_desktop.db.models import (
    Patient,
)
from aurora_desktop.domain.enums import (
    PregnancyStatus,
    Sex,
)
from aurora_desktop.domain.errors import (
    FieldError,
    PermissionDenied,
)
from aurora_desktop.domain.patient_validation import (
    clean_text,
    validate_demographics,
    validate_phone,
)
from aurora_desktop.domain.text import checked_text
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.permissions import Op, allowed

DEMOGRAPHIC_FIELDS = (
    "mrn", "first_name", "middle_name", "last_name", "date_of_birth", "sex", "phone",
    "alt_phone", "email", "address_line1", "address_line2", "city", "state", "postal_code",
    "emergency_contact_name", "emergency_contact_phone", "home_clinic_id",
    "can_become_pregnant", "pregnancy_status", "takes_benzodiazepines",
    "takes_sedative_hypnotics", "takes_opioids", "takes_psychostimulants", "takes_maois",
)
# Clinical content on the patient row: only actors with EDIT_CLINICAL_HISTORY may change it.
CLINICAL_FIELDS = {
    "can_become_pregnant": "can become pregnant", "pregnancy_status": "pregnancy status",
    "takes_benzodiazepines": "benzodiazepines", "takes_sedative_hypnotics":
    "non-benzodiazepine sedative hypnotics", "takes_opioids": "opioids",
    "takes_psychostimulants": "psychostimulants", "takes_maois": "MAOIs",
}
_ENROLLMENT_FIELDS = ("rems_patient_id", "enrolled_on", "status")
_ENDED_FIELDS = ("ended_on", "ended_by_id", "end_reason")
_TRIAL_FIELDS = ("drug", "dose_text", "duration_weeks", "adequate_dose", "adequate_duration",
                 "current_episode", "outcome")
_OPTIONAL_TEXT = {
    "address_line1": "address line 1", "address_line2": "address line 2", "city": "city",
    "postal_code": "postal code", "emergency_contact_name": "emergency contact name",
}


@dataclass(frozen=True)
class PatientForm:
    """What the New/Edit patient dialog submits (raw text, validated by the service)."""

    mrn: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: Sex = Sex.UNKNOWN
    middle_name: str = ""
    phone: str = ""
    alt_phone: str = ""
    email: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = "NY"
    postal_code: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    home_clinic_id: int | None = None
    can_become_pregnant: bool = False
    pregnancy_status: PregnancyStatus = PregnancyStatus.NOT_APPLICABLE
    takes_benzodiazepines: bool = False
    takes_sedative_hypnotics: bool = False
    takes_opioids: bool = False
    takes_psychostimulants: bool = False
    takes_maois: bool = False


@dataclass(frozen=True)
class PatientView:
    id: int
    version: int
    form: PatientForm

    @property
    def display_name(self) -> str:
        return f"{self.form.last_name}, {self.form.first_name}"


def _form_of(p: Patient) -> PatientForm:
    return PatientForm(**{name: getattr(p, name) for name in DEMOGRAPHIC_FIELDS})


def _snapshot(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _normalised(form: PatientForm, today: date) -> dict[str, Any]:
    demo = validate_demographics(
        mrn=form.mrn, first_name=form.first_name, last_name=form.last_name,
        middle_name=form.middle_name, date_of_birth=form.date_of_birth, today=today,
        phone=form.phone, alt_phone=form.alt_phone, email=form.email,
    )
    values: dict[str, Any] = {name: getattr(form, name) for name in DEMOGRAPHIC_FIELDS}
    values.update(mrn=demo.mrn, first_name=demo.first_name, middle_name=demo.middle_name,
                  last_name=demo.last_name, phone=demo.phone, alt_phone=demo.alt_phone,
                  email=demo.email, sex=Sex(form.sex),
                  pregnancy_status=PregnancyStatus(form.pregnancy_status))
    for name, label in _OPTIONAL_TEXT.items():
        values[name] = clean_text(label, getattr(form, name))
    state = clean_text("state", form.state).upper()
    if state and not (len(state) == 2 and state.isalpha()):
        raise FieldError("state", "must be a 2-letter US state code, e.g. NY")
    values["state"] = state
    values["emergency_contact_phone"] = validate_phone(
        "emergency contact phone", form.emergency_contact_phone)
    values.update(search_name=demo.search_name, first_name_key=demo.first_name_key,
                  last_name_key=demo.last_name_key, phone_digits=demo.phone_digits)
    return values


def _reason_text(field: str, raw: str, *, required: bool = True, limit: int = 400) -> str:
    return checked_text(field, raw, limit, required=required)


def _refuse_clinical_changes(actor: Actor, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Demographics editors without the clinical permission must leave clinical fields as
    they are (the front desk edits demographics, not pregnancy or concomitant medicines)."""
    if allowed(actor, Op.EDIT_CLINICAL_HISTORY):
        return
    changed = [label for name, label in CLINICAL_FIELDS.items() if before[name] != after[name]]
    if changed:
        raise PermissionDenied(
            f"change the clinical field{'s' if len(changed) > 1 else ''} {', '.join(changed)} "
            "(clinical staff only)", actor.username)


