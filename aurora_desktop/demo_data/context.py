"""Shared state of one demo-data build: clinics, id allocation, time helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aurora_desktop.demo_data.sizes import DemoSize

NEW_YORK = ZoneInfo("America/New_York")


@dataclass
class ClinicInfo:
    """What the generator needs to know about a clinic (read from, or written to, the database)."""

    index: int
    id: int
    code: str
    name: str
    chair_ids: list[int]
    opening_hours: list  # 7 entries, Monday first: ["HH:MM", "HH:MM"] or None
    block_minutes: int
    checkpoint_offsets: list[int]
    bp_required_offsets: list[int]
    zone: ZoneInfo = NEW_YORK

    def slots(self, day: date) -> list[datetime]:
        """Local slot start times on *day* that fit whole blocks inside the opening hours."""
        hours = self.opening_hours[day.weekday()]
        if not hours:
            return []
        open_h, open_m = (int(x) for x in hours[0].split(":"))
        close_h, close_m = (int(x) for x in hours[1].split(":"))
        start = datetime.combine(day, time(open_h, open_m), tzinfo=self.zone)
        close = datetime.combine(day, time(close_h, close_m), tzinfo=self.zone)
        out = []
        block = timedelta(minutes=self.block_minutes)
        while start + block <= close:
            out.append(start)
            start = start + block
        return out


class IdAllocator:
    """Explicit primary keys handed out in order, starting after what the database holds."""

    def __init__(self, start_after: dict[str, int]) -> None:
        self._next = {table: last + 1 for table, last in start_after.items()}

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def peek(self, table: str) -> int:
        return self._next[table]


@dataclass
class BuildContext:
    size: DemoSize
    seed: int
    now: datetime
    clinics: list[ClinicInfo]
    ids: IdAllocator
    # (chair_id, local_date) -> list of (start, end) UTC of existing active sessions (--force).
    occupied: dict[tuple[int, date], list[tuple[datetime, datetime]]] = field(default_factory=dict)
    taken_mrns: set[str] = field(default_factory=set)
    taken_usernames: set[str] = field(default_factory=set)
    taken_lots: set[tuple[int, str]] = field(default_factory=set)

    @property
    def today(self) -> date:
        return self.now.astimezone(NEW_YORK).date()

    @property
    def first_day(self) -> date:
        return self.today - timedelta(days=self.size.days_back)

    @property
    def last_day(self) -> date:
        return self.today + timedelta(days=self.size.days_ahead)

    def slot_free(self, chair_id: int, day: date, start: datetime, end: datetime) -> bool:
        spans = self.occupied.get((chair_id, day), ())
        return not any(s < end and start < e for s, e in spans)


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def local_at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NEW_YORK)
