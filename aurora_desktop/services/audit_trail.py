"""Append-only, SHA-256 hash-chained audit events written inside each unit of work."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.services.actor import Actor

GENESIS_HASH = "0" * 64
_PG_AUDIT_LOCK_KEY = 727_001  # pg_advisory_xact_lock key serialising chain appends

# Prebuilt Core statements (built once, compiled once): the chain head is the highest id, an
# index-only lookup of the primary key (SQLite rowid, PostgreSQL pkey scanned backwards).
_AUDIT = AuditEvent.__table__
_PG_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
_HEAD = select(_AUDIT.c.id, _AUDIT.c.hash).order_by(_AUDIT.c.id.desc()).limit(1)
_APPEND = insert(_AUDIT)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [before, after]}."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def canonical_content(row: Any) -> str:
    """The exact text that is hashed: every column but the hash itself, in a fixed order."""
    payload = {
        "id": row.id,
        "occurred_at": row.occurred_at.isoformat(),
        "actor_id": row.actor_id,
        "actor_username": row.actor_username,
        "workstation": row.workstation,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "patient_id": row.patient_id,
        "details": row.details,
        "break_glass": bool(row.break_glass),
        "prev_hash": row.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(row: Any) -> str:
    return hashlib.sha256(canonical_content(row).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""


class AuditTrail:
    """Writes and verifies the chain. `record` must run inside a write unit of work."""

    def record(
        self,
        session: Session,
        actor: Actor,
        now: datetime,
        action: str,
        entity: str,
        entity_id: object = "",
        *,
        patient_id: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> AuditEvent:
        # Pending ORM changes first (as an autoflushing SELECT did): the audit row follows them.
        session.flush()
        conn = session.connection()
        if conn.dialect.name == "postgresql":
            conn.execute(_PG_LOCK, {"k": _PG_AUDIT_LOCK_KEY})
        # SQLite writers already hold the database write lock (BEGIN IMMEDIATE).
        last = conn.execute(_HEAD).first()
        values = {
            "id": (last.id + 1) if last else 1,
            "occurred_at": now.astimezone(UTC),
            "actor_id": actor.staff_id,
            "actor_username": actor.username,
            "workstation": actor.workstation[:80],
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "patient_id": patient_id,
            "details": json.dumps(_plain(dict(details or {})), sort_keys=True, ensure_ascii=False),
            "break_glass": actor.break_glass,
            "prev_hash": last.hash if last else GENESIS_HASH,
        }
        row = AuditEvent(**values)
        row.hash = values["hash"] = compute_hash(row)
        # One Core INSERT (no ORM flush): the returned row is not in the session.
        conn.execute(_APPEND, values)
        return row

    def verify_rows(self, rows: Iterable[Any]) -> ChainReport:
        expected_prev = GENESIS_HASH
        expected_id = 1
        checked = 0
        for row in rows:
            checked += 1
            if row.id != expected_id:
                problem = f"expected id {expected_id} (row missing or reordered)"
                return ChainReport(False, checked, row.id, problem)
            if row.prev_hash != expected_prev:
                return ChainReport(False, checked, row.id, "previous-hash link does not match")
            if compute_hash(row) != row.hash:
                return ChainReport(False, checked, row.id, "content does not match its hash")
            expected_prev = row.hash
            expected_id += 1
        return ChainReport(True, checked)

    def verify(self, session: Session, batch: int = 5000) -> ChainReport:
        """Walk the whole chain in id order, in batches (works on millions of rows)."""
        stmt = select(*AuditEvent.__table__.c).order_by(AuditEvent.id)
        return self.verify_rows(session.execute(stmt.execution_options(yield_per=batch)))
