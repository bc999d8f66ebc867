"""Who is calling a service: the signed-in staff member (or the admin CLI)."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass, field

from aurora_desktop.domain.enums import Role


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    username: str
    full_name: str
    roles: frozenset[Role]
    workstation: str = field(default_factory=socket.gethostname)
    break_glass_grant_id: int | None = None

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_clinical(self) -> bool:
        return bool(self.roles & {Role.NURSE, Role.PRESCRIBER})

    @property
    def break_glass(self) -> bool:
        return self.break_glass_grant_id is not None

    @classmethod
    def command_line(cls) -> Actor:
        """The administrator CLI: whoever can run it can already reach the database file."""
        user = getpass.getuser()
        return cls(None, f"cli:{user}", f"aurora-admin ({user})", frozenset(Role))
