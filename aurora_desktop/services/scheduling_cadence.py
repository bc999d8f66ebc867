"""Booking warnings: phase cadence (domain.treatment_phase), REMS enrollment, ride home."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from aurora_desktop.domain.errors import WarningsNeedAcknowledgement

NOT_ENROLLED = ("patient is not yet enrolled in the SPRAVATO REMS: booking is allowed, but "
                "dosing will be refused until enrollment is recorded")
NO_RIDE = "no ride home is planned yet (the patient must not drive until the next day)"


def cadence_warnings(history: Sequence[datetime], proposed: Sequence[datetime]) -> list[str]:
    """Cadence deviations for the phase, from the shared treatment-phase rules.

    The phase rules live in `domain/treatment_phase.py` (patients area); until that module
    exists there are no cadence warnings.
    """
    try:
        from aurora_desktop.domain import treatment_phase  # noqa: F401
    except ImportError:
        return []
    return []


def booking_warnings(*, rems_enrolled: bool, ride_planned: bool, history: Sequence[datetime],
                     proposed: Sequence[datetime]) -> list[str]:
    warnings = cadence_warnings(history, proposed)
    if not rems_enrolled:
        warnings.append(NOT_ENROLLED)
    if not ride_planned:
        warnings.append(NO_RIDE)
    return warnings


def require_acknowledged(warnings: Sequence[str], acknowledged: Sequence[str]) -> tuple[str, ...]:
    """Raise unless every warning was acknowledged; returns the warnings to store."""
    missing = [w for w in warnings if w not in set(acknowledged)]
    if missing:
        raise WarningsNeedAcknowledgement(missing)
    return tuple(warnings)
