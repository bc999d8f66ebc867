"""Sign-in, lockout per account, unlock, reset, rehash, deactivation and break glass."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from aurora_desktop.db.models import AuditEvent, StaffMember
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import (
    AuthenticationFailed,
    Conflict,
    FieldError,
    PermissionDenied,
    RuleViolation,
)
from aurora_desktop.services.container import Services
from aurora_desktop.services.passwords import Passwords

PW = "correct horse battery"
PW2 = "another long passphrase"


def _events(services: Services, action: str) -> list[AuditEvent]:
    with services.ctx.db.read() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_first_admin_setup_then_sign_in(services: Services, clock) -> None:  # noqa: ANN001
    auth = services.auth
    assert auth.needs_setup()
    with pytest.raises(FieldError, match="at least 12 characters"):
        auth.create_first_admin("ada", "Ada Admin", "short")
    with pytest.raises(FieldError, match="do not match"):
        auth.create_first_admin("ada", "Ada Admin", PW, confirm=PW + "x")
    admin = auth.create_first_admin("Ada", "Ada Admin", PW, confirm=PW, workstation="wp-desk-1")
    assert admin.username == "ada" and admin.roles == {Role.ADMIN}
    assert not auth.needs_setup()
    with pytest.raises(Conflict):
        auth.create_first_admin("eve", "Eve", PW)
    actor = auth.sign_in("ada", PW, workstation="wp-desk-1")
    assert actor.staff_id == admin.staff_id and not auth.must_change_password(actor)
    with services.ctx.db.read() as s:
        stored = s.get(StaffMember, admin.staff_id).password_hash
    assert stored.startswith("$argon2id$") and PW not in stored
    assert [e.workstation for e in _events(services, "sign_in")] == ["wp-desk-1"]


def test_lockout_is_per_account_with_time_and_admin_unlock(services: Services, staff, clock) -> None:  # noqa: ANN001
    users = services.users
    nina = users.add_user(staff.admin, "nina", "Nina Nurse", ["nurse"], PW, must_change_password=False)
    users.add_user(staff.admin, "fran", "Fran Desk", ["front_desk"], PW, must_change_password=False)
    for _attempt in range(1, 5):
        with pytest.raises(AuthenticationFailed) as caught:
            services.auth.sign_in("nina", "wrong password!")
        assert "Wrong username or password." in str(caught.value)
    assert "1 attempt left" in str(caught.value)
    with pytest.raises(AuthenticationFailed, match=r"locked .* until 9:15 AM on 12/01/2026"):
        services.auth.sign_in("nina", "wrong password!")
    # Even the right password is refused while locked; the other account is unaffected.
    with pytest.raises(AuthenticationFailed, match="until 9:15 AM"):
        services.auth.sign_in("nina", PW)
    assert services.auth.sign_in("fran", PW).username == "fran"
    assert users.get_by_username(staff.admin, "nina").failed_attempts == 5
    assert len(_events(services, "lock_account")) == 1
    # An administrator unlocks at once.
    users.unlock(staff.admin, nina.id)
    assert services.auth.sign_in("nina", PW).username == "nina"
    # Locked again, it opens by itself after 15 minutes and the counter restarts.
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            services.auth.sign_in("nina", "wrong password!")
    clock.advance(minutes=15)
    with pytest.raises(AuthenticationFailed, match="^Wrong username or password.$"):
        services.auth.sign_in("nina", "wrong password!")
    assert users.get_by_username(staff.admin, "nina").failed_attempts == 1
    assert services.auth.sign_in("nina", PW).staff_id == nina.id
    assert users.get_by_username(staff.admin, "nina").failed_attempts == 0


def test_reset_forces_change_and_clears_counter_deactivate_refuses(services: Services, staff) -> None:  # noqa: ANN001
    users, auth = services.users, services.auth
    paul = users.add_user(staff.admin, "paul", "Dr. Paul Prescott", ["prescriber"], PW)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in("paul", "not the password")
    users.reset_password(staff.admin, paul.id, "temporary password 1")
    view = users.get_by_username(staff.admin, "paul")
    assert view.failed_attempts == 0 and view.locked_until is None and view.must_change_password
    actor = auth.sign_in("paul", "temporary password 1")
    assert auth.must_change_password(actor)
    with pytest.raises(AuthenticationFailed, match="current password is wrong"):
        auth.change_password(actor, "nope nope nope", PW2, PW2)
    auth.change_password(actor, "temporary password 1", PW2, PW2)
    assert not auth.must_change_password(auth.sign_in("paul", PW2))
    # Deactivated: a clear refusal, and the account (and its records) remain.
    with pytest.raises(RuleViolation, match="own account"):
        users.deactivate(actor.__class__(staff.admin.staff_id, "admin", "A", frozenset({Role.ADMIN}),
                                         "pc"), staff.admin.staff_id)
    users.deactivate(staff.admin, paul.id)
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        auth.sign_in("paul", PW2)
    assert not users.get_by_username(staff.admin, "paul").active
    with pytest.raises(PermissionDenied, match="manage users"):
        users.reset_password(staff.nurse, paul.id, "whatever password")


def test_password_is_rehashed_when_parameters_change(services: Services, staff) -> None:  # noqa: ANN001
    services.users.add_user(staff.admin, "nina", "Nina Nurse", ["nurse"], PW)
    with services.ctx.db.read() as s:
        old = s.scalar(select(StaffMember.password_hash).where(StaffMember.username == "nina"))
    stronger = Passwords(time_cost=2, memory_cost=2048, parallelism=1)
    services.auth.passwords = stronger
    services.auth.sign_in("nina", PW)
    with services.ctx.db.read() as s:
        new = s.scalar(select(StaffMember.password_hash).where(StaffMember.username == "nina"))
    assert new != old and "m=2048,t=2,p=1" in new and not stronger.needs_rehash(new)
    event = _events(services, "sign_in")[-1]
    assert json.loads(event.details) == {"password_rehashed": True}
    services.auth.sign_in("nina", PW)  # still valid after the rehash


def test_break_glass_flags_actions_and_is_reviewed(services: Services, staff) -> None:  # noqa: ANN001
    auth, audit = services.auth, services.audit_admin
    with pytest.raises(FieldError, match="reason"):
        auth.start_break_glass(staff.nurse, "because")
    with pytest.raises(PermissionDenied, match="break glass"):
        auth.start_break_glass(staff.front_desk, "prescriber unreachable, patient hypertensive")
    elevated = auth.start_break_glass(staff.nurse, "prescriber unreachable, patient hypertensive")
    assert elevated.break_glass and elevated.break_glass_grant_id
    with pytest.raises(Conflict):
        auth.start_break_glass(elevated, "again, prescriber unreachable")
    ordinary = auth.end_break_glass(elevated)
    assert not ordinary.break_glass
    grants = audit.break_glass_grants(staff.admin, unreviewed_only=True)
    assert [(g.username, g.flagged_actions) for g in grants] == [("nurse", 2)]
    actions = audit.break_glass_actions(staff.admin, grants[0].id)
    assert [a.action for a in actions] == ["break_glass_start", "break_glass_end"]
    assert all(a.break_glass for a in actions)
    audit.review_break_glass(staff.admin, grants[0].id, "Checked with Dr. Prescott: appropriate.")
    assert audit.break_glass_grants(staff.admin, unreviewed_only=True) == []
    with pytest.raises(Conflict, match="already reviewed"):
        audit.review_break_glass(staff.admin, grants[0].id, "again")


def test_concurrent_failures_are_all_counted_and_lock_once(services: Services, staff) -> None:  # noqa: ANN001
    from concurrent.futures import ThreadPoolExecutor

    services.users.add_user(staff.admin, "nina", "Nina Nurse", ["nurse"], PW, must_change_password=False)

    def attempt(_: int) -> str:
        try:
            services.auth.sign_in("nina", "wrong password!")
        except AuthenticationFailed as exc:
            return str(exc)
        return "signed in?!"

    with ThreadPoolExecutor(max_workers=6) as pool:
        messages = list(pool.map(attempt, range(7)))
    assert all("Wrong username" in m or "is locked" in m for m in messages), messages
    view = services.users.get_by_username(staff.admin, "nina")
    assert view.failed_attempts == 5 and view.locked_at(services.ctx.clock.now())
    assert len(_events(services, "lock_account")) == 1
    assert len(_events(services, "sign_in_failed")) == 5
