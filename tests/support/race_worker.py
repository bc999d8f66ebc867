"""A booking-race worker process: each round, every worker books the same contested slot."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from aurora_desktop.db.database import Database
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import Conflict
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext


def run_worker(url: str, index: int, plan: dict[str, Any], barrier: Any, results: Any) -> None:
    """Round r: even rounds contest chair 1 (own patient); odd rounds contest one patient."""
    services = Services.build(ServiceContext(Database(url), FakeClock(plan["now"])))
    actor = Actor(plan["actor_id"], "frontdesk", "Fran Desk", frozenset({Role.FRONT_DESK}),
                  f"race-{index}")
    first_day: date = plan["first_day"]
    outcomes = []
    for r in range(plan["rounds"]):
        day = first_day + timedelta(days=r)
        if r % 2 == 0:
            patient = plan["own_patients"][index][r]
            chair = plan["chairs"][0]
        else:
            patient = plan["shared_patients"][r]
            chair = plan["chairs"][1 + index]
        barrier.wait()
        try:
            booked = services.scheduling.book(
                actor, patient_id=patient, clinic_id=plan["clinic_id"], day=day,
                start_time=time(9), chair_id=chair, ride_driver_name="Ana Lopez",
                ride_driver_phone="(914) 555-0188")
            outcomes.append((r, "won", booked.session_id, ""))
        except Conflict as exc:
            outcomes.append((r, "conflict", 0, str(exc)))
        except Exception as exc:  # noqa: BLE001 - any other outcome is reported as a failure
            outcomes.append((r, type(exc).__name__, 0, str(exc)[:300]))
    services.ctx.db.dispose()
    results.put((index, outcomes))


def plan_now() -> datetime:
    from datetime import UTC

    return datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


START = time(9)
