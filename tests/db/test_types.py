"""UTC datetimes: naive values refused, aware values round-trip as UTC on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from aurora_desktop.db.database import Database
from aurora_desktop.db.models import AuditEvent
from aurora_desktop.db.types import NaiveDatetimeError


def _event(occurred: datetime, n: int) -> AuditEvent:
    return AuditEvent(id=n, occurred_at=occurred, actor_username="t", action="a", entity="e",
                      prev_hash="0" * 64, hash=f"{n:064d}")


def test_naive_datetime_is_refused(database_url: str) -> None:
    db = Database(database_url)
    with pytest.raises(StatementError) as info, db.write_once() as session:
        session.add(_event(datetime(2026, 3, 8, 1, 30), 1))
        session.flush()
    assert isinstance(info.value.orig, NaiveDatetimeError)
    db.dispose()


def test_aware_datetime_round_trips_as_utc(database_url: str) -> None:
    db = Database(database_url)
    local = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York"))
    with db.write_once() as session:
        session.add(_event(local, 1))
    with db.read() as session:
        stored = session.scalar(select(AuditEvent.occurred_at))
    assert stored.utcoffset() == timedelta(0)
    assert stored == local.astimezone(UTC)  # PEP 495: fold=1 never equals across zones
    assert stored.astimezone(ZoneInfo("America/New_York")).hour == 1
    assert stored.astimezone(UTC).hour == 6  # EST after fall-back
    db.dispose()
