"""PHQ-9 and MADRS scoring: item validation, totals, severity bands, response and remission."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from aurora_desktop.domain.enums import Scale
from aurora_desktop.domain.errors import FieldError

ITEM_COUNT = {Scale.PHQ9: 9, Scale.MADRS: 10}
ITEM_MAX = {Scale.PHQ9: 3, Scale.MADRS: 6}
TOTAL_MAX = {Scale.PHQ9: 27, Scale.MADRS: 60}
SCALE_LABELS = {Scale.PHQ9: "PHQ-9", Scale.MADRS: "MADRS"}
RESPONSE_DROP = 0.5  # >= 50 % drop from baseline
PHQ9_REMISSION_BELOW = 5  # remission: PHQ-9 < 5
MADRS_REMISSION_AT_OR_BELOW = 12  # remission: MADRS <= 12 (esketamine trials)

PHQ9_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
)


def validate_items(scale: Scale, items: Sequence[object]) -> list[int]:
    """Whole-number item scores in range; FieldError names the item and the allowed range."""
    scale = Scale(scale)
    label = SCALE_LABELS[scale]
    count, top = ITEM_COUNT[scale], ITEM_MAX[scale]
    if len(items) != count:
        raise FieldError(label, f"needs exactly {count} item scores (got {len(items)})")
    scores: list[int] = []
    for number, value in enumerate(items, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            raise FieldError(f"{label} item {number}",
                             f"must be a whole number from 0 to {top} (got {value!r})")
        scores.append(value)
    return scores


def total(scale: Scale, items: Sequence[object]) -> int:
    return sum(validate_items(scale, items))


def phq9_severity(score: int) -> str:
    for low, high, band in PHQ9_BANDS:
        if low <= score <= high:
            return band
    raise FieldError("PHQ-9 total", f"must be 0 to 27 (got {score})")


def madrs_severity(score: int) -> str:
    """Conventional MADRS bands (0-6 normal, 7-19 mild, 20-34 moderate, 35-60 severe)."""
    if not 0 <= score <= 60:
        raise FieldError("MADRS total", f"must be 0 to 60 (got {score})")
    if score <= 6:
        return "normal"
    if score <= 19:
        return "mild"
    if score <= 34:
        return "moderate"
    return "severe"


def severity(scale: Scale, score: int) -> str:
    return phq9_severity(score) if Scale(scale) is Scale.PHQ9 else madrs_severity(score)


def is_response(baseline: int, score: int) -> bool:
    """Response = a drop of at least 50 % from baseline (never with a zero baseline)."""
    return baseline > 0 and (baseline - score) * 2 >= baseline


def is_remission(scale: Scale, score: int) -> bool:
    if Scale(scale) is Scale.PHQ9:
        return score < PHQ9_REMISSION_BELOW
    return score <= MADRS_REMISSION_AT_OR_BELOW


@dataclass(frozen=True)
class ScorePoint:
    """One scored measure with its flags relative to the series baseline."""

    measured_on: date
    scale: Scale
    total: int
    severity: str
    is_baseline: bool
    change_from_baseline: int
    response: bool
    remission: bool


def score_series(scale: Scale, measures: Sequence[tuple[date, int]]) -> list[ScorePoint]:
    """Baseline = the earliest measure of the scale; flags for every measure in date order."""
    scale = Scale(scale)
    ordered = sorted(measures, key=lambda m: m[0])
    if not ordered:
        return []
    baseline = ordered[0][1]
    points = []
    for index, (day, score) in enumerate(ordered):
        first = index == 0
        points.append(ScorePoint(
            day, scale, score, severity(scale, score), first, score - baseline,
            (not first) and is_response(baseline, score), is_remission(scale, score),
        ))
    return points
