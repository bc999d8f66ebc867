"""What every benchmark case gets: services on the data set at its "now", demo actors, settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from aurora_desktop.db.database import Database
from aurora_desktop.db.models import Clinic, StaffMember
from aurora_desktop.domain.enums import Role
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext
from benchmarks.dataset import Dataset

NY = ZoneInfo("America/New_York")


@dataclass
class Env:
    dataset: Dataset
    services: Services
    clock: FakeClock
    actors: dict[str, Actor]
    clinic_ids: list[int]
    runs: int
    warmup: int
    size: str

    @property
    def now(self) -> datetime:
        return self.dataset.now

    @property
    def today(self) -> date:
        return self.dataset.now.astimezone(NY).date()

    @property
    def db(self) -> Database:
        return self.services.ctx.db

    def close(self) -> None:
        self.services.ctx.db.dispose()


def open_env(dataset: Dataset, runs: int, warmup: int, size: str) -> Env:
    clock = FakeClock(dataset.now)
    services = Services.build(ServiceContext(db=Database(dataset.url), clock=clock))
    actors = {}
    with services.ctx.db.read() as s:
        for username in ("demo.nurse", "demo.prescriber", "demo.frontdesk", "demo.admin"):
            m = s.scalars(select(StaffMember).where(StaffMember.username == username)).one()
            actors[username.removeprefix("demo.")] = Actor(
                m.id, m.username, m.full_name, frozenset(Role(r) for r in m.roles), "benchmark")
        clinic_ids = list(s.scalars(select(Clinic.id).where(Clinic.code.in_(["WP", "BK"]))
                                    .order_by(Clinic.id)))
    return Env(dataset, services, clock, actors, clinic_ids, runs, warmup, size)
