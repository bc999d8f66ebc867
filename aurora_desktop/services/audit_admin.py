"""The audit trail for administrators: paged queries, verification, CSV export, break-glass review."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import AuditEvent, BreakGlassGrant, StaffMember
from aurora_desktop.domain.errors import Conflict, FieldError, NotFound
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_trail import ChainReport
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires

DEFAULT_TIME_ZONE = "America/New_York"
MAX_PAGE_SIZE = 1000
CSV_COLUMNS = [
    "id", "occurred_at_utc", "actor_id", "actor_username", "workstation", "action", "entity",
    "entity_id", "patient_id", "break_glass", "details", "prev_hash", "hash",
]


@dataclass(frozen=True)
class AuditFilter:
    """Every field optional; dates are clinic-local calendar days (inclusive)."""

    actor_id: int | None = None
    patient_id: int | None = None
    entity: str | None = None
    entity_id: str | None = None
    action: str | None = None
    start: date | None = None
    end: date | None = None
    break_glass_only: bool = False
    time_zone: str = DEFAULT_TIME_ZONE


@dataclass(frozen=True)
class AuditCursor:
    """Keyset position: the last row shown (pages are newest first)."""

    occurred_at: datetime
    id: int


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: datetime
    actor_id: int | None
    actor_username: str
    workstation: str
    action: str
    entity: str
    entity_id: str
    patient_id: int | None
    details: str
    break_glass: bool


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    next_cursor: AuditCursor | None  # None: this is the last page


@dataclass(frozen=True)
class BreakGlassView:
    id: int
    staff_id: int
    username: str
    full_name: str
    reason: str
    started_at: datetime
    ended_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    flagged_actions: int


@dataclass(frozen=True)
class StaffChoice:
    id: int
    username: str
    full_name: str


def day_bounds(
    start: date | None, end: date | None, time_zone: str
) -> tuple[datetime | None, datetime | None]:
    """UTC instants [from, to) covering local days start..end inclusive."""
    zone = ZoneInfo(time_zone)
    low = datetime.combine(start, time.min, zone).astimezone(UTC) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min, zone).astimezone(UTC) if end else None
    if low and high and high <= low:
        raise FieldError("date range", "the end date must not be before the start date")
    return low, high


def _conditions(flt: AuditFilter) -> list:
    conds = []
    if flt.actor_id is not None:
        conds.append(AuditEvent.actor_id == flt.actor_id)
    if flt.patient_id is not None:
        conds.append(AuditEvent.patient_id == flt.patient_id)
    if flt.entity:
        conds.append(AuditEvent.entity == flt.entity)
    if flt.entity_id:
        conds.append(AuditEvent.entity_id == str(flt.entity_id))
    if flt.action:
        conds.append(AuditEvent.action == flt.action)
    if flt.break_glass_only:
        conds.append(AuditEvent.break_glass.is_(True))
    low, high = day_bounds(flt.start, flt.end, flt.time_zone)
    if low is not None:
        conds.append(AuditEvent.occurred_at >= low)
    if high is not None:
        conds.append(AuditEvent.occurred_at < high)
    return conds


def page_statement(flt: AuditFilter, after: AuditCursor | None, limit: int):  # noqa: ANN201
    """Newest first from the keyset position: every filter combination has a usable index."""
    conds = _conditions(flt)
    if after is not None:
        conds.append(AuditEvent.occurred_at <= after.occurred_at)
        conds.append(or_(AuditEvent.occurred_at < after.occurred_at, AuditEvent.id < after.id))
    return (
        select(*AuditEvent.__table__.c)
        .where(and_(True, *conds))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )


def _row(r) -> AuditRow:  # noqa: ANN001 - a Row of AuditEvent columns
    return AuditRow(
        id=r.id, occurred_at=r.occurred_at, actor_id=r.actor_id, actor_username=r.actor_username,
        workstation=r.workstation, action=r.action, entity=r.entity, entity_id=r.entity_id,
        patient_id=r.patient_id, details=r.details, break_glass=bool(r.break_glass),
    )


def _csv_safe(value: object) -> object:
    """Neutralise spreadsheet formulas in free-text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class AuditAdminService(BaseService):
    @requires(Op.READ_AUDIT)
    def page(
        self, actor: Actor, flt: AuditFilter | None = None, after: AuditCursor | None = None,
        limit: int = 200,
    ) -> AuditPage:
        """One page, newest first, by keyset (never OFFSET): fast at any depth on 1M rows."""
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        stmt = page_statement(flt or AuditFilter(), after, limit + 1)
        with self.db.read() as session:
            rows = [_row(r) for r in session.execute(stmt)]
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = AuditCursor(rows[-1].occurred_at, rows[-1].id) if more and rows else None
        return AuditPage(tuple(rows), cursor)

    @requires(Op.READ_AUDIT)
    def staff_choices(self, actor: Actor) -> list[StaffChoice]:
        with self.db.read() as session:
            rows = session.execute(
                select(StaffMember.id, StaffMember.username, StaffMember.full_name)
                .order_by(StaffMember.username)
            ).all()
        return [StaffChoice(r.id, r.username, r.full_name) for r in rows]

    @requires(Op.READ_AUDIT)
    def verify(self, actor: Actor) -> ChainReport:
        """Walk the whole hash chain; the report names the first broken link."""
        with self.db.read() as session:
            return self.ctx.audit.verify(session)

    @requires(Op.READ_AUDIT)
    def export_csv(
        self, actor: Actor, start: date, end: date, out: TextIO,
        time_zone: str = DEFAULT_TIME_ZONE,
    ) -> int:
        """Write the events of local days start..end (inclusive) as CSV; returns the row count.

        The export is itself audited (the file may contain PHI in change details).
        """
        flt = AuditFilter(start=start, end=end, time_zone=time_zone)
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        count = 0
        for r in self._iter_rows(flt):
            writer.writerow([_csv_safe(v) for v in (
                r.id, r.occurred_at.astimezone(UTC).isoformat(), r.actor_id, r.actor_username,
                r.workstation, r.action, r.entity, r.entity_id, r.patient_id,
                "yes" if r.break_glass else "no", r.details, r.prev_hash, r.hash,
            )])
            count += 1
        self.write(lambda s: self.audit(
            s, actor, "export", "audit_event", "",
            details={"from": start, "to": end, "rows": count, "format": "csv"},
        ))
        return count

    def _iter_rows(self, flt: AuditFilter) -> Iterator:
        stmt = (
            select(*AuditEvent.__table__.c)
            .where(and_(True, *_conditions(flt)))
            .order_by(AuditEvent.id)
            .execution_options(yield_per=5000)
        )
        with self.db.read() as session:
            yield from session.execute(stmt)

    # break-glass review ----------------------------------------------------------------
    @requires(Op.REVIEW_BREAK_GLASS)
    def break_glass_grants(self, actor: Actor, unreviewed_only: bool = False) -> list[BreakGlassView]:
        """Emergency-access grants, newest first, with the number of flagged actions in each."""
        reviewer = StaffMember.__table__.alias("reviewer")
        stmt = (
            select(BreakGlassGrant, StaffMember.username, StaffMember.full_name,
                   reviewer.c.username.label("reviewer_username"))
            .join(StaffMember, StaffMember.id == BreakGlassGrant.staff_id)
            .outerjoin(reviewer, reviewer.c.id == BreakGlassGrant.reviewed_by_id)
            .order_by(BreakGlassGrant.started_at.desc(), BreakGlassGrant.id.desc())
        )
        if unreviewed_only:
            stmt = stmt.where(BreakGlassGrant.reviewed_at.is_(None))
        now = self.now()
        with self.db.read() as session:
            result = []
            for grant, username, full_name, reviewer_name in session.execute(stmt):
                result.append(BreakGlassView(
                    id=grant.id, staff_id=grant.staff_id, username=username, full_name=full_name,
                    reason=grant.reason, started_at=grant.started_at, ended_at=grant.ended_at,
                    reviewed_by=reviewer_name, reviewed_at=grant.reviewed_at,
                    review_note=grant.review_note,
                    flagged_actions=self._flagged_count(session, grant, now),
                ))
            return result

    @requires(Op.REVIEW_BREAK_GLASS)
    def break_glass_actions(self, actor: Actor, grant_id: int, limit: int = 500) -> list[AuditRow]:
        """The flagged audit events of one grant (its user, between its start and end)."""
        with self.db.read() as session:
            grant = session.get(BreakGlassGrant, grant_id)
            if grant is None:
                raise NotFound("emergency access grant", grant_id)
            stmt = (
                select(*AuditEvent.__table__.c)
                .where(*self._grant_conditions(grant, self.now()))
                .order_by(AuditEvent.occurred_at, AuditEvent.id)
                .limit(limit)
            )
            return [_row(r) for r in session.execute(stmt)]

    @requires(Op.REVIEW_BREAK_GLASS)
    def review_break_glass(self, actor: Actor, grant_id: int, note: str) -> None:
        note = note.strip()
        if not note:
            raise FieldError("review note", "is required: what did the review find?")

        def work(session: Session) -> None:
            grant = session.get(BreakGlassGrant, grant_id)
            if grant is None:
                raise NotFound("emergency access grant", grant_id)
            if grant.staff_id == actor.staff_id:
                raise Conflict("another administrator must review your own emergency access")
            if grant.reviewed_at is not None:
                raise Conflict("this emergency access was already reviewed")
            grant.reviewed_by_id = actor.staff_id
            grant.reviewed_at = self.now()
            grant.review_note = note
            self.audit(session, actor, "review", "break_glass_grant", grant.id,
                       details={"review_note": note})

        self.write(work, "emergency access review")

    @staticmethod
    def _grant_conditions(grant: BreakGlassGrant, now: datetime) -> list:
        return [
            AuditEvent.actor_id == grant.staff_id,
            AuditEvent.occurred_at >= grant.started_at,
            AuditEvent.occurred_at <= (grant.ended_at or now),
            AuditEvent.break_glass.is_(True),
        ]

    def _flagged_count(self, session: Session, grant: BreakGlassGrant, now: datetime) -> int:
        stmt = select(func.count()).select_from(AuditEvent).where(*self._grant_conditions(grant, now))
        return int(session.scalar(stmt) or 0)
