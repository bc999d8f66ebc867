"""Test helper: the audit trail's (action, details) pairs for one kind of record, oldest first."""

from __future__ import annotations

import json

from sqlalchemy import select

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.services.container import Services


def audit_rows(services: Services, entity: str) -> list[tuple[str, dict]]:
    with services.ctx.db.read() as session:
        rows = session.execute(select(AuditEvent.action, AuditEvent.details)
                               .where(AuditEvent.entity == entity).order_by(AuditEvent.id))
        return [(a, json.loads(d)) for a, d in rows]
