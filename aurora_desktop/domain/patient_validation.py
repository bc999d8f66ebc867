"""Demographics validation: required names, plausible adult date of birth, US phone, MRN
format, no control characters, maximum lengths. Raises FieldError naming the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from aurora_desktop.domain.errors import FieldError
from aurora_desktop.domain.text import (
    checked_text,
    digits,
    fold,
    format_us_phone,
    has_control_characters,
)

MIN_AGE_YEARS = 18  # SPRAVATO is approved for adults only
MAX_AGE_YEARS = 110
MRN_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,19}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LENGTHS = {
    "first name": 80, "middle name": 80, "last name": 80, "MRN": 20, "email": 120,
    "address line 1": 120, "address line 2": 120, "city": 80, "postal code": 10,
    "emergency contact name": 120, "notes": 4000,
}


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def clean_text(field: str, raw: str, *, required: bool = False) -> str:
    """A patient form field: spaces folded (kept as typed in notes), MAX_LENGTHS enforced."""
    return checked_text(field, raw, MAX_LENGTHS.get(field), required=required,
                        fold_spaces=field != "notes")


def validate_date_of_birth(birth: date | None, today: date) -> date:
    if birth is None:
        raise FieldError("date of birth", "is required (MM/DD/YYYY)")
    if birth >= today:
        raise FieldError("date of birth", "must be in the past")
    age = age_on(birth, today)
    if age > MAX_AGE_YEARS:
        raise FieldError("date of birth",
                         f"gives an age of {age}; check the year (at most {MAX_AGE_YEARS})")
    if age < MIN_AGE_YEARS:
        raise FieldError("date of birth", f"gives an age of {age}: SPRAVATO is for adults "
                                          f"({MIN_AGE_YEARS}+) only")
    return birth


def validate_phone(field: str, raw: str, *, required: bool = False) -> str:
    """US phone: 10 digits (optional leading 1), shown as (914) 555-0123; '' if optional."""
    if has_control_characters(raw):
        raise FieldError(field, "must not contain control characters")
    if not raw.strip():
        if required:
            raise FieldError(field, "is required, e.g. (914) 555-0123")
        return ""
    if re.search(r"[^0-9()+\-.\s]", raw):
        raise FieldError(field, "may contain only digits, spaces, ( ) - . +; "
                                "e.g. (914) 555-0123")
    d = digits(raw)
    if len(d) == 11 and d.startswith("1"):
        d = d[1:]
    if len(d) != 10 or d[0] in "01" or d[3] in "01":
        raise FieldError(field, "must be a 10-digit US number, e.g. (914) 555-0123")
    return format_us_phone(d)


def validate_mrn(raw: str) -> str:
    value = clean_text("MRN", raw, required=True).upper()
    if not MRN_PATTERN.match(value):
        raise FieldError("MRN", "must be 3-20 letters, digits or '-' (e.g. WP-000123)")
    return value


@dataclass(frozen=True)
class Demographics:
    """Validated, normalised demographics (what the service stores)."""

    mrn: str
    first_name: str
    middle_name: str
    last_name: str
    date_of_birth: date
    phone: str
    alt_phone: str
    email: str

    @property
    def search_name(self) -> str:
        return fold(" ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p))

    @property
    def first_name_key(self) -> str:
        return fold(self.first_name)

    @property
    def last_name_key(self) -> str:
        return fold(self.last_name)

    @property
    def phone_digits(self) -> str:
        return digits(self.phone)


def validate_demographics(
    *, mrn: str, first_name: str, last_name: str, date_of_birth: date | None, today: date,
    middle_name: str = "", phone: str = "", alt_phone: str = "", email: str = "",
) -> Demographics:
    """Validate every field; raises the first FieldError (form order)."""
    first = clean_text("first name", first_name, required=True)
    middle = clean_text("middle name", middle_name)
    last = clean_text("last name", last_name, required=True)
    birth = validate_date_of_birth(date_of_birth, today)
    mrn_value = validate_mrn(mrn)
    phone_value = validate_phone("phone", phone, required=True)
    alt = validate_phone("alternate phone", alt_phone)
    mail = clean_text("email", email)
    if mail and not EMAIL_PATTERN.match(mail):
        raise FieldError("email", "must look like name@example.com")
    return Demographics(mrn_value, first, middle, last, birth, phone_value, alt, mail)


def field_errors(**kwargs: object) -> dict[str, str]:
    """All field errors at once (for forms): {field: message}; {} when valid."""
    errors: dict[str, str] = {}
    today = kwargs["today"]
    checks = [
        lambda: clean_text("first name", str(kwargs.get("first_name", "")), required=True),
        lambda: clean_text("middle name", str(kwargs.get("middle_name", ""))),
        lambda: clean_text("last name", str(kwargs.get("last_name", "")), required=True),
        lambda: validate_date_of_birth(kwargs.get("date_of_birth"), today),  # type: ignore[arg-type]
        lambda: validate_mrn(str(kwargs.get("mrn", ""))),
        lambda: validate_phone("phone", str(kwargs.get("phone", "")), required=True),
        lambda: validate_phone("alternate phone", str(kwargs.get("alt_phone", ""))),
    ]
    for check in checks:
        try:
            check()
        except FieldError as err:
            errors[err.field] = err.message
    return errors
