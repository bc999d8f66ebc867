"""Text normalisation for search and validation (case- and accent-insensitive)."""

from __future__ import annotations

import re
import unicodedata

from aurora_desktop.domain.errors import FieldError

# C0 controls except tab, line feed and carriage return (folded to spaces by the cleaners),
# DEL and the C1 controls (U+0080-U+009F).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def fold(text: str) -> str:
    """Lower-case, accent-free form: 'Zoë O’Brien' -> 'zoe o'brien'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(stripped.casefold().split())


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def checked_text(field: str, raw: str, limit: int | None, *, required: bool = True,
                 fold_spaces: bool = False) -> str:
    """Free text as stored: no control characters, trimmed (every run of white space folded
    to one space with *fold_spaces*), present if *required*, at most *limit* characters.
    A FieldError names the field and what is allowed."""
    if has_control_characters(raw):
        raise FieldError(field, "must not contain control characters")
    value = " ".join(raw.split()) if fold_spaces else raw.strip()
    if required and not value:
        raise FieldError(field, "is required")
    if limit is not None and len(value) > limit:
        raise FieldError(field, f"must be at most {limit} characters (got {len(value)})")
    return value


def format_us_phone(text: str) -> str:
    """'9145550123' -> '(914) 555-0123'; other lengths are returned stripped."""
    d = digits(text)
    if len(d) == 11 and d.startswith("1"):
        d = d[1:]
    if len(d) == 10:
        return f"({d[:3]}) {d[3:6]}-{d[6:]}"
    return text.strip()
