"""Timing helpers and the result record shared by every benchmark case."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


class NotAvailable(Exception):
    """The feature this measurement needs is not on main yet (reported, never faked)."""


@dataclass
class Result:
    name: str
    budget_ms: float | None = None
    budget_ratio: float | None = None
    samples_ms: list[float] = field(default_factory=list)
    floor_ms: float | None = None
    unit: str = "ms"
    note: str = ""
    available: bool = True

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.samples_ms) if self.samples_ms else None

    @property
    def ratio(self) -> float | None:
        if self.median_ms is None or not self.floor_ms:
            return None
        return self.median_ms / self.floor_ms

    @property
    def ok(self) -> bool | None:
        if not self.available or self.median_ms is None:
            return None
        if self.budget_ms is None and self.budget_ratio is None:
            return None  # shown for diagnosis, nothing to pass or fail
        if self.budget_ms is not None and self.median_ms > self.budget_ms:
            return False
        return not (self.budget_ratio is not None and self.ratio is not None
                    and self.ratio > self.budget_ratio)

    def as_json(self) -> dict:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 3)

        return {
            "name": self.name, "median_ms": r(self.median_ms),
            "min_ms": r(min(self.samples_ms)) if self.samples_ms else None,
            "max_ms": r(max(self.samples_ms)) if self.samples_ms else None,
            "floor_ms": r(self.floor_ms), "ratio": r(self.ratio), "budget_ms": self.budget_ms,
            "budget_ratio": self.budget_ratio, "ok": self.ok, "unit": self.unit,
            "available": self.available, "note": self.note,
        }


def time_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def sample(fn: Callable[[], object], runs: int, warmup: int) -> list[float]:
    """Warm up, then time *runs* calls (milliseconds each)."""
    for _ in range(warmup):
        fn()
    return [time_ms(fn) for _ in range(runs)]


def floor_median(fn: Callable[[], object], runs: int, warmup: int) -> float:
    return statistics.median(sample(fn, runs, warmup))
