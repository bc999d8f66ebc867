"""Planned monitoring checkpoints after the first device: due times, overdue, next due."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

OBSERVATION_MINUTES = 120


@dataclass(frozen=True)
class PlannedCheckpoint:
    offset_minutes: int
    due_at: datetime
    bp_required: bool


def planned_checkpoints(
    first_device_at: datetime, offsets: Iterable[int], bp_required_offsets: Iterable[int]
) -> list[PlannedCheckpoint]:
    """One checkpoint per clinic offset (minutes after the first device), in order."""
    bp = set(bp_required_offsets)
    return [
        PlannedCheckpoint(o, first_device_at + timedelta(minutes=o), o in bp)
        for o in sorted(set(offsets))
    ]


@dataclass(frozen=True)
class CheckpointSlot:
    """A planned checkpoint as stored: when it is due and whether it has been recorded."""

    checkpoint_id: int | None
    offset_minutes: int
    due_at: datetime
    measured_at: datetime | None = None


def is_overdue(due_at: datetime, measured_at: datetime | None, now: datetime, grace_minutes: int) -> bool:
    """Not recorded and more than *grace_minutes* past its due time."""
    return measured_at is None and now > due_at + timedelta(minutes=grace_minutes)


def recorded_late(due_at: datetime, measured_at: datetime, grace_minutes: int) -> bool:
    return measured_at > due_at + timedelta(minutes=grace_minutes)


@dataclass(frozen=True)
class NextDue:
    offset_minutes: int
    due_at: datetime
    seconds_remaining: int  # negative once past due
    overdue: bool


def next_due(slots: Sequence[CheckpointSlot], now: datetime, grace_minutes: int) -> NextDue | None:
    """The earliest planned checkpoint not yet recorded (None when all are done)."""
    open_slots = sorted((s for s in slots if s.measured_at is None), key=lambda s: s.due_at)
    if not open_slots:
        return None
    slot = open_slots[0]
    remaining = int((slot.due_at - now).total_seconds())
    return NextDue(slot.offset_minutes, slot.due_at, remaining,
                   is_overdue(slot.due_at, None, now, grace_minutes))


def overdue_slots(slots: Sequence[CheckpointSlot], now: datetime, grace_minutes: int) -> list[CheckpointSlot]:
    return [s for s in slots if is_overdue(s.due_at, s.measured_at, now, grace_minutes)]


def minutes_since(start: datetime | None, now: datetime) -> int | None:
    """Whole minutes elapsed (floored); None before the start."""
    if start is None:
        return None
    return max(0, int((now - start).total_seconds() // 60))


def format_countdown(seconds: int) -> str:
    """Countdown text: 'in 12:05' before due, 'due now', or '3:10 past due' after."""
    if seconds == 0:
        return "due now"
    sign_past = seconds < 0
    total = abs(seconds)
    text = f"{total // 60}:{total % 60:02d}"
    return f"{text} past due" if sign_past else f"in {text}"
