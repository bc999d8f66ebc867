"""What every service needs: the database, the clock, the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from aurora_desktop.db.database import Database
from aurora_desktop.domain.errors import StaleRecord
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_trail import AuditTrail
from aurora_desktop.services.clock import Clock

T = TypeVar("T")


@dataclass
class ServiceContext:
    db: Database
    clock: Clock
    audit: AuditTrail = field(default_factory=AuditTrail)


class BaseService:
    """Helpers for one-unit-of-work service calls."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def db(self) -> Database:
        return self.ctx.db

    def now(self):  # noqa: ANN201 - datetime
        return self.ctx.clock.now()

    def write(self, work: Callable[[Session], T], what: str = "record") -> T:
        """Run *work* atomically; a stale version becomes StaleRecord, never an overwrite."""
        try:
            return self.db.write(work)
        except StaleDataError:
            raise StaleRecord(what) from None

    def audit(
        self,
        session: Session,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: object = "",
        *,
        patient_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.ctx.audit.record(
            session, actor, self.now(), action, entity, entity_id,
            patient_id=patient_id, details=details,
        )


def check_version(current: int, expected: int | None, what: str) -> None:
    """Refuse an edit made on a copy older than the stored record."""
    if expected is not None and current != expected:
        raise StaleRecord(what)


def is_unique_violation(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "unique" in text or "duplicate key" in text or "exclusion" in text or "conflicting key" in text
