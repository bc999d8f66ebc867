"""Test staff: one account per role, created straight in the database."""

from __future__ import annotations

from dataclasses import dataclass

from aurora_desktop.db.models import StaffMember
from aurora_desktop.domain.enums import Role
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services


@dataclass(frozen=True)
class StaffSet:
    front_desk: Actor
    nurse: Actor
    prescriber: Actor
    admin: Actor

    def by_role(self) -> dict[Role, Actor]:
        return {
            Role.FRONT_DESK: self.front_desk,
            Role.NURSE: self.nurse,
            Role.PRESCRIBER: self.prescriber,
            Role.ADMIN: self.admin,
        }


PEOPLE = [
    ("frontdesk", "Fran Desk", Role.FRONT_DESK, ""),
    ("nurse", "Nina Nurse", Role.NURSE, "RN"),
    ("prescriber", "Dr. Paul Prescott", Role.PRESCRIBER, "MD"),
    ("admin", "Ada Admin", Role.ADMIN, ""),
]


def create_staff(services: Services) -> StaffSet:
    now = services.ctx.clock.now()

    def work(session) -> dict[str, Actor]:  # noqa: ANN001
        actors = {}
        for username, name, role, creds in PEOPLE:
            member = StaffMember(
                username=username, full_name=name, credentials=creds, roles=[role.value],
                npi="1234567893" if role == Role.PRESCRIBER else None,
                phone="(914) 555-0100", email=f"{username}@aurora.example",
                must_change_password=False, created_at=now,
            )
            session.add(member)
            session.flush()
            actors[role.value] = Actor(member.id, username, name, frozenset({role}), "test-pc")
        return actors

    actors = services.ctx.db.write(work)
    return StaffSet(
        front_desk=actors["front_desk"], nurse=actors["nurse"],
        prescriber=actors["prescriber"], admin=actors["admin"],
    )
