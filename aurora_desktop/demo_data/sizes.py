"""The demo/benchmark data-set sizes (small for tests, reference for benchmarks, large for PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSize:
    name: str
    patients: int
    days_back: int  # history before today
    days_ahead: int  # bookings after today
    extra_clinics: int = 0  # network sites added only to reach the large session count
    chunk_sessions: int = 5000  # sessions written per bulk step


SIZES: dict[str, DemoSize] = {
    "small": DemoSize("small", patients=160, days_back=14, days_ahead=14, chunk_sessions=400),
    # The quality-bar reference set: 2 clinics x 8 chairs, 5 years, ~20k patients,
    # ~100k sessions, ~600k checkpoints.
    "reference": DemoSize("reference", patients=20_000, days_back=5 * 365, days_ahead=28),
    # ~1,000,000 sessions: the two clinics plus 20 network sites of 8 chairs each.
    "large": DemoSize("large", patients=210_000, days_back=5 * 365, days_ahead=28,
                      extra_clinics=20, chunk_sessions=10000),
}
