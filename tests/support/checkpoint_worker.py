"""A checkpoint-race worker process: contested planned fills and unscheduled checkpoints."""

from __future__ import annotations

from typing import Any

from aurora_desktop.db.database import Database
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import FieldError, StaleRecord
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext
from tests.support.session_day import NORMAL


def run_worker(url: str, index: int, plan: dict[str, Any], barrier: Any, results: Any) -> None:
    """Round r: every worker fills planned checkpoint r (if any), then adds an unscheduled one."""
    services = Services.build(ServiceContext(Database(url), FakeClock(plan["now"])))
    nurse = Actor(plan["nurse_id"], "nurse", "Nina Nurse", frozenset({Role.NURSE}), f"ward-{index}")
    record = services.monitoring.record_checkpoint
    outcomes = []
    for r in range(plan["rounds"]):
        barrier.wait()
        if r < len(plan["planned"]):
            sid, cp_id = plan["planned"][r]
            try:
                outcomes.append(("planned", r, record(nurse, sid, NORMAL, checkpoint_id=cp_id).checkpoint_id))
            except (FieldError, StaleRecord) as exc:
                outcomes.append(("lost", r, str(exc)))
        sid = plan["sessions"][(r + index) % len(plan["sessions"])]
        outcomes.append(("unscheduled", r, record(nurse, sid, NORMAL, note=f"w{index} r{r}").checkpoint_id))
    services.ctx.db.dispose()
    results.put((index, outcomes))
