"""Sign-in, first-administrator setup, password change, screen unlock and break-glass access."""

from __future__ import annotations

import dataclasses
import logging
import socket
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import BreakGlassGrant, Clinic, StaffMember
from aurora_desktop.domain.accounts import (
    deactivated_message,
    is_locked,
    lock_expired,
    locked_message,
    next_failure,
    parse_roles,
    username_problem,
    wrong_password_message,
)
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import (
    AuthenticationFailed,
    Conflict,
    FieldError,
    NotFound,
    StaleRecord,
)
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService, ServiceContext
from aurora_desktop.services.passwords import Passwords, check_new_password
from aurora_desktop.services.permissions import Op, requires

log = logging.getLogger(__name__)
DEFAULT_TIME_ZONE = "America/New_York"
MIN_BREAK_GLASS_REASON = 10


@dataclass(frozen=True)
class _Snapshot:
    id: int
    username: str
    active: bool
    locked_until: object
    password_hash: str | None


@dataclass(frozen=True)
class _Outcome:
    actor: Actor | None = None
    error: str = ""


def actor_for(member: StaffMember, workstation: str | None) -> Actor:
    return Actor(
        member.id, member.username, member.full_name, parse_roles(member.roles),
        workstation or socket.gethostname(),
    )


def _anonymous(workstation: str | None) -> Actor:
    """Who failed attempts are attributed to: nobody is authenticated yet."""
    return Actor(None, "(not signed in)", "", frozenset(), workstation or socket.gethostname())


class AuthService(BaseService):
    def __init__(self, ctx: ServiceContext, passwords: Passwords | None = None) -> None:
        super().__init__(ctx)
        self.passwords = passwords or Passwords()

    # first run -----------------------------------------------------------------------
    def needs_setup(self) -> bool:
        """True while no account exists: the first-run dialog creates the administrator."""
        with self.db.read() as session:
            return not session.scalar(select(func.count(StaffMember.id)))

    def create_first_admin(
        self, username: str, full_name: str, password: str, *, confirm: str | None = None,
        extra_roles: frozenset[Role] = frozenset(), workstation: str | None = None,
    ) -> Actor:
        """Create the first administrator (only while there are no accounts) and sign in."""
        username = username.strip().lower()
        problem = username_problem(username)
        if problem:
            raise FieldError("username", problem)
        if not full_name.strip():
            raise FieldError("full name", "is required")
        check_new_password(password, username, confirm)
        password_hash = self.passwords.hash(password)
        roles = sorted({Role.ADMIN, *extra_roles}, key=list(Role).index)

        def work(session: Session) -> Actor:
            if session.scalar(select(func.count(StaffMember.id))):
                raise Conflict("an account already exists — sign in, or ask an administrator")
            now = self.now()
            member = StaffMember(
                username=username, full_name=full_name.strip(), roles=[r.value for r in roles],
                password_hash=password_hash, must_change_password=False, created_at=now,
                password_changed_at=now, last_login_at=now,
            )
            session.add(member)
            session.flush()
            actor = actor_for(member, workstation)
            self.audit(session, actor, "create", "staff_member", member.id,
                       details={"username": username, "roles": [r.value for r in roles],
                                "first_administrator": True})
            return actor

        return self.write(work, "account")

    # sign-in -------------------------------------------------------------------------
    def sign_in(
        self, username: str, password: str, *, workstation: str | None = None,
        clinic_id: int | None = None, purpose: str = "sign_in",
    ) -> Actor:
        """Authenticate; raises AuthenticationFailed with a message fit to show the user.

        Failures count per account: the fifth locks that account (only) for 15 minutes.
        The slow Argon2 check runs outside the write transaction so it never blocks writers.
        """
        username = username.strip().lower()
        with self.db.read() as session:
            member = session.scalar(select(StaffMember).where(StaffMember.username == username))
            snap = None if member is None else _Snapshot(
                member.id, member.username, member.active, member.locked_until, member.password_hash
            )
            time_zone = self._time_zone(session, clinic_id)
        now = self.now()
        checkable = snap is not None and snap.active and not is_locked(snap.locked_until, now)
        ok = checkable and self.passwords.verify(snap.password_hash, password)
        if snap is None:
            # Same Argon2 cost for unknown usernames: timing does not reveal who has an account.
            self.passwords.verify(self._dummy_hash(), password)
        new_hash = None
        if ok and self.passwords.needs_rehash(snap.password_hash or ""):
            new_hash = self.passwords.hash(password)

        def work(session: Session) -> _Outcome:
            anonymous = _anonymous(workstation)
            if snap is None:
                self.audit(session, anonymous, "sign_in_failed", "staff_member", "",
                           details={"reason": "unknown username"})
                return _Outcome(error=wrong_password_message(None))
            # Row lock (PostgreSQL): concurrent attempts on one account are counted in turn.
            member = session.get(StaffMember, snap.id, with_for_update=True)
            if member is None:
                return _Outcome(error=wrong_password_message(None))
            now = self.now()
            if not member.active:
                self.audit(session, anonymous, "sign_in_refused", "staff_member", member.id,
                           details={"reason": "deactivated"})
                return _Outcome(error=deactivated_message(member.username))
            if is_locked(member.locked_until, now):
                self.audit(session, anonymous, "sign_in_refused", "staff_member", member.id,
                           details={"reason": "locked"})
                return _Outcome(error=locked_message(member.username, member.locked_until, time_zone))
            if lock_expired(member.locked_until, now):
                member.failed_attempts = 0
                member.locked_until = None
            if not ok or member.password_hash != snap.password_hash:
                count, until = next_failure(member.failed_attempts, now)
                member.failed_attempts = count
                self.audit(session, anonymous, "sign_in_failed", "staff_member", member.id,
                           details={"failed_attempts": count})
                if until is not None:
                    member.locked_until = until
                    self.audit(session, anonymous, "lock_account", "staff_member", member.id,
                               details={"locked_until": until, "failed_attempts": count})
                    log.warning("staff id %s locked after %d failed sign-ins", member.id, count)
                    return _Outcome(error=locked_message(member.username, until, time_zone))
                return _Outcome(error=wrong_password_message(count))
            details: dict[str, object] = {}
            if new_hash is not None:
                member.password_hash = new_hash
                details["password_rehashed"] = True
            if member.failed_attempts:
                details["failed_attempts_cleared"] = member.failed_attempts
            member.failed_attempts = 0
            member.locked_until = None
            member.last_login_at = now
            actor = actor_for(member, workstation)
            self.audit(session, actor, purpose, "staff_member", member.id, details=details)
            return _Outcome(actor=actor)

        for attempt in range(3):
            try:
                outcome = self.write(work, "account")
                break
            except StaleRecord:  # two sign-ins on one account at once: count both, in turn
                if attempt == 2:
                    raise
        # Record ids only: a typed username may be a mistyped password or a patient's name.
        staff_id = snap.id if snap else None
        if outcome.actor is None:
            log.info("%s refused (staff id %s)", purpose, staff_id)
            raise AuthenticationFailed(outcome.error)
        log.info("%s succeeded (staff id %s)", purpose, staff_id)
        return outcome.actor

    def unlock_screen(self, actor: Actor, password: str, clinic_id: int | None = None) -> Actor:
        """The same user re-enters the password at the lock screen; keeps break-glass state."""
        fresh = self.sign_in(actor.username, password, workstation=actor.workstation,
                             clinic_id=clinic_id, purpose="unlock_screen")
        return dataclasses.replace(fresh, break_glass_grant_id=actor.break_glass_grant_id)

    def record_screen_lock(self, actor: Actor) -> None:
        """Automatic logoff is part of the audit trail (HIPAA 164.312(a)(2)(iii))."""
        self.write(lambda s: self.audit(s, actor, "lock_screen", "staff_member", actor.staff_id or ""))

    def sign_out(self, actor: Actor) -> None:
        """End the user's session (and any emergency access taken in it)."""
        if actor.break_glass:
            self.end_break_glass(actor)
        self.write(lambda s: self.audit(s, actor, "sign_out", "staff_member", actor.staff_id or ""))

    def must_change_password(self, actor: Actor) -> bool:
        if actor.staff_id is None:
            return False
        with self.db.read() as session:
            member = session.get(StaffMember, actor.staff_id)
            return bool(member and member.must_change_password)

    def change_password(
        self, actor: Actor, current: str, new: str, confirm: str | None = None
    ) -> None:
        """Any signed-in user changes their own password (the current one is required)."""
        if actor.staff_id is None:
            raise NotFound("account", actor.username)
        with self.db.read() as session:
            member = session.get(StaffMember, actor.staff_id)
            if member is None:
                raise NotFound("account", actor.username)
            stored = member.password_hash
        if not self.passwords.verify(stored, current):
            raise AuthenticationFailed("The current password is wrong.")
        check_new_password(new, actor.username, confirm)
        if new == current:
            raise FieldError("password", "the new password must differ from the current one")
        new_hash = self.passwords.hash(new)

        def work(session: Session) -> None:
            member = session.get(StaffMember, actor.staff_id)
            if member is None or member.password_hash != stored:
                raise Conflict("the password was changed meanwhile — sign in again")
            now = self.now()
            member.password_hash = new_hash
            member.must_change_password = False
            member.password_changed_at = now
            member.updated_at = now
            self.audit(session, actor, "change_password", "staff_member", member.id)

        self.write(work, "account")

    # emergency access ------------------------------------------------------------------
    @requires(Op.BREAK_GLASS)
    def start_break_glass(self, actor: Actor, reason: str) -> Actor:
        """Prescriber-level access for this session; every action under it is flagged."""
        if actor.staff_id is None or not actor.is_clinical:
            raise AuthenticationFailed("emergency access is only for nurses and prescribers")
        if actor.break_glass:
            raise Conflict("emergency access is already active in this session")
        reason = reason.strip()
        if len(reason) < MIN_BREAK_GLASS_REASON:
            raise FieldError("reason", f"give at least {MIN_BREAK_GLASS_REASON} characters: "
                                       "why is emergency access needed?")

        def work(session: Session) -> Actor:
            grant = BreakGlassGrant(staff_id=actor.staff_id, reason=reason, started_at=self.now())
            session.add(grant)
            session.flush()
            elevated = dataclasses.replace(actor, break_glass_grant_id=grant.id)
            self.audit(session, elevated, "break_glass_start", "break_glass_grant", grant.id,
                       details={"reason": reason})
            return elevated

        elevated = self.write(work, "emergency access")
        log.warning("emergency access grant %s started (staff id %s)",
                    elevated.break_glass_grant_id, actor.staff_id)
        return elevated

    def end_break_glass(self, actor: Actor) -> Actor:
        """Give back emergency access; returns the actor with ordinary permissions."""
        if not actor.break_glass:
            return actor

        def work(session: Session) -> None:
            grant = session.get(BreakGlassGrant, actor.break_glass_grant_id)
            if grant is not None and grant.staff_id == actor.staff_id and grant.ended_at is None:
                grant.ended_at = self.now()
                self.audit(session, actor, "break_glass_end", "break_glass_grant", grant.id)

        self.write(work, "emergency access")
        return dataclasses.replace(actor, break_glass_grant_id=None)

    # helpers -----------------------------------------------------------------------------
    def _dummy_hash(self) -> str:
        if getattr(self, "_dummy", None) is None:
            self._dummy = self.passwords.hash("not a real password, only for timing")
        return self._dummy

    @staticmethod
    def _time_zone(session: Session, clinic_id: int | None) -> str:
        stmt = select(Clinic.time_zone).order_by(Clinic.id).limit(1)
        if clinic_id is not None:
            stmt = select(Clinic.time_zone).where(Clinic.id == clinic_id)
        return session.scalar(stmt) or DEFAULT_TIME_ZONE
