"""Staff accounts for administrators: list, add, deactivate, unlock, reset password, roles."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import StaffMember
from aurora_desktop.domain.accounts import is_locked, parse_roles, roles_label, username_problem
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import Conflict, FieldError, NotFound, RuleViolation
from aurora_desktop.domain.patient_validation import clean_text
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.audit_trail import changes
from aurora_desktop.services.context import BaseService, ServiceContext, check_version
from aurora_desktop.services.passwords import Passwords, check_new_password
from aurora_desktop.services.permissions import Op, requires

log = logging.getLogger(__name__)
MAX_FULL_NAME = 120
MAX_CREDENTIALS = 40


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    credentials: str
    roles: frozenset[Role]
    active: bool
    must_change_password: bool
    failed_attempts: int
    locked_until: datetime | None
    last_login_at: datetime | None
    version: int

    @property
    def roles_text(self) -> str:
        return roles_label(self.roles)

    def locked_at(self, now: datetime) -> bool:
        return is_locked(self.locked_until, now)


def user_view(member: StaffMember) -> UserView:
    return UserView(
        id=member.id, username=member.username, full_name=member.full_name,
        credentials=member.credentials, roles=parse_roles(member.roles), active=member.active,
        must_change_password=member.must_change_password, failed_attempts=member.failed_attempts,
        locked_until=member.locked_until, last_login_at=member.last_login_at,
        version=member.version,
    )


def _role_values(roles: Iterable[Role | str]) -> list[str]:
    try:
        parsed = parse_roles(roles)
    except ValueError as exc:
        raise FieldError("roles", str(exc)) from None
    if not parsed:
        raise FieldError("roles", "choose at least one of: " + ", ".join(r.value for r in Role))
    return [r.value for r in Role if r in parsed]


class UserService(BaseService):
    def __init__(self, ctx: ServiceContext, passwords: Passwords | None = None) -> None:
        super().__init__(ctx)
        self.passwords = passwords or Passwords()

    @requires(Op.MANAGE_USERS)
    def list_users(self, actor: Actor, include_inactive: bool = True) -> list[UserView]:
        with self.db.read() as session:
            stmt = select(StaffMember).order_by(StaffMember.username)
            if not include_inactive:
                stmt = stmt.where(StaffMember.active.is_(True))
            return [user_view(m) for m in session.scalars(stmt)]

    @requires(Op.MANAGE_USERS)
    def get_by_username(self, actor: Actor, username: str) -> UserView:
        with self.db.read() as session:
            member = self._by_username(session, username)
            return user_view(member)

    @requires(Op.MANAGE_USERS)
    def add_user(
        self, actor: Actor, username: str, full_name: str, roles: Iterable[Role | str],
        password: str, *, credentials: str = "", npi: str | None = None,
        must_change_password: bool = True,
    ) -> UserView:
        """A new account; by default its first sign-in asks for a new password."""
        username = username.strip().lower()
        problem = username_problem(username)
        if problem:
            raise FieldError("username", problem)
        full_name = clean_text("full name", full_name, required=True)
        if len(full_name) > MAX_FULL_NAME:
            raise FieldError("full name", f"must be at most {MAX_FULL_NAME} characters")
        credentials = clean_text("credentials", credentials)
        if len(credentials) > MAX_CREDENTIALS:
            raise FieldError("credentials", f"must be at most {MAX_CREDENTIALS} characters")
        role_values = _role_values(roles)
        if npi is not None and npi.strip() and not (npi.strip().isdigit() and len(npi.strip()) == 10):
            raise FieldError("NPI", "must be 10 digits")
        check_new_password(password, username)
        password_hash = self.passwords.hash(password)

        def work(session: Session) -> UserView:
            if session.scalar(select(StaffMember.id).where(StaffMember.username == username)):
                raise Conflict(f"the username '{username}' is already taken")
            now = self.now()
            member = StaffMember(
                username=username, full_name=full_name, credentials=credentials,
                roles=role_values, npi=(npi or "").strip() or None, password_hash=password_hash,
                must_change_password=must_change_password, created_at=now,
                password_changed_at=now,
            )
            session.add(member)
            session.flush()
            self.audit(session, actor, "create", "staff_member", member.id,
                       details={"username": username, "roles": role_values,
                                "must_change_password": must_change_password})
            return user_view(member)

        view = self.write(work, "account")
        log.info("account created (staff id %s)", view.id)
        return view

    @requires(Op.MANAGE_USERS)
    def deactivate(self, actor: Actor, user_id: int, version: int | None = None) -> UserView:
        """The person can no longer sign in; their name stays on every record they signed."""

        def work(session: Session) -> UserView:
            member = self._get(session, user_id)
            check_version(member.version, version, "account")
            if not member.active:
                return user_view(member)
            if actor.staff_id == member.id:
                raise RuleViolation(["you cannot deactivate your own account"])
            if Role.ADMIN.value in member.roles and self._active_admins(session) <= 1:
                raise RuleViolation(["this is the last active administrator; add another first"])
            now = self.now()
            member.active = False
            member.deactivated_at = now
            member.updated_at = now
            self.audit(session, actor, "deactivate", "staff_member", member.id,
                       details={"active": [True, False]})
            return user_view(member)

        return self.write(work, "account")

    @requires(Op.MANAGE_USERS)
    def reactivate(self, actor: Actor, user_id: int, version: int | None = None) -> UserView:
        def work(session: Session) -> UserView:
            member = self._get(session, user_id)
            check_version(member.version, version, "account")
            if member.active:
                return user_view(member)
            member.active = True
            member.deactivated_at = None
            member.updated_at = self.now()
            self.audit(session, actor, "reactivate", "staff_member", member.id,
                       details={"active": [False, True]})
            return user_view(member)

        return self.write(work, "account")

    @requires(Op.MANAGE_USERS)
    def unlock(self, actor: Actor, user_id: int) -> UserView:
        """Lift a lockout now and clear the failed-attempt counter."""

        def work(session: Session) -> UserView:
            member = self._get(session, user_id)
            before = {"failed_attempts": member.failed_attempts, "locked_until": member.locked_until}
            if not changes(before, {"failed_attempts": 0, "locked_until": None}):
                return user_view(member)  # nothing to lift: no audit event, no new version
            member.failed_attempts = 0
            member.locked_until = None
            member.updated_at = self.now()
            self.audit(session, actor, "unlock_account", "staff_member", member.id,
                       details=changes(before, {"failed_attempts": 0, "locked_until": None}))
            return user_view(member)

        view = self.write(work, "account")
        log.info("account unlocked (staff id %s)", view.id)
        return view

    @requires(Op.MANAGE_USERS)
    def reset_password(self, actor: Actor, user_id: int, new_password: str) -> UserView:
        """Set a temporary password: the user must change it at the next sign-in.

        A reset also clears the failure counter and any lockout.
        """
        with self.db.read() as session:
            username = self._get(session, user_id).username
        check_new_password(new_password, username)
        password_hash = self.passwords.hash(new_password)

        def work(session: Session) -> UserView:
            member = self._get(session, user_id)
            now = self.now()
            member.password_hash = password_hash
            member.must_change_password = True
            member.password_changed_at = now
            member.failed_attempts = 0
            member.locked_until = None
            member.updated_at = now
            self.audit(session, actor, "reset_password", "staff_member", member.id,
                       details={"must_change_password": True, "failed_attempts": 0})
            return user_view(member)

        return self.write(work, "account")

    @requires(Op.MANAGE_USERS)
    def set_roles(
        self, actor: Actor, user_id: int, roles: Iterable[Role | str], version: int | None = None
    ) -> UserView:
        role_values = _role_values(roles)

        def work(session: Session) -> UserView:
            member = self._get(session, user_id)
            check_version(member.version, version, "account")
            before = list(member.roles)
            if before == role_values:
                return user_view(member)  # a save that changes nothing records nothing
            losing_admin = Role.ADMIN.value in before and Role.ADMIN.value not in role_values
            if losing_admin and member.active and self._active_admins(session) <= 1:
                raise RuleViolation(["this is the last active administrator; add another first"])
            member.roles = role_values
            member.updated_at = self.now()
            self.audit(session, actor, "update", "staff_member", member.id,
                       details=changes({"roles": before}, {"roles": role_values}))
            return user_view(member)

        return self.write(work, "account")

    # helpers -------------------------------------------------------------------------------
    @staticmethod
    def _get(session: Session, user_id: int) -> StaffMember:
        member = session.get(StaffMember, user_id)
        if member is None:
            raise NotFound("account", user_id)
        return member

    @staticmethod
    def _by_username(session: Session, username: str) -> StaffMember:
        member = session.scalar(
            select(StaffMember).where(StaffMember.username == username.strip().lower())
        )
        if member is None:
            raise NotFound("account", f"'{username}'")
        return member

    @staticmethod
    def _active_admins(session: Session) -> int:
        members = session.scalars(select(StaffMember).where(StaffMember.active.is_(True))).all()
        return sum(1 for m in members if Role.ADMIN.value in m.roles)
