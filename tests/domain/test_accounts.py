"""Password policy, lockout arithmetic and sign-in messages (pure rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aurora_desktop.domain.accounts import (
    LOCKOUT_DURATION,
    MAX_FAILED_ATTEMPTS,
    format_local_time,
    is_locked,
    lock_expired,
    locked_message,
    next_failure,
    parse_roles,
    password_problems,
    username_problem,
    wrong_password_message,
)
from aurora_desktop.domain.enums import Role

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 9:00 AM in New York


@pytest.mark.parametrize("password, ok", [
    ("", False), ("short", False), ("elevenchars", False), ("twelve chars", True),
    ("            ", False), ("x" * 256, True), ("x" * 257, False),
])
def test_password_length_policy(password: str, ok: bool) -> None:
    assert (password_problems(password) == []) is ok


def test_password_may_not_be_the_username() -> None:
    assert password_problems("nina.nurse.rn", "Nina.Nurse.RN") == ["must not be the username"]
    assert "at least 12 characters (has 5)" in password_problems("abcde")[0]


@pytest.mark.parametrize("name, ok", [("nina", True), ("n.nurse-2_x", True), ("", False),
                                      ("Nina", False), ("nina nurse", False), ("a" * 41, False)])
def test_username_rules(name: str, ok: bool) -> None:
    assert (username_problem(name) is None) is ok


def test_parse_roles_accepts_aliases_and_names_allowed_values() -> None:
    assert parse_roles(["Administrator", "front-desk", "nurse"]) == {
        Role.ADMIN, Role.FRONT_DESK, Role.NURSE}
    with pytest.raises(ValueError, match="allowed: front_desk, nurse, prescriber, admin"):
        parse_roles(["doctor"])


def test_fifth_failure_locks_for_fifteen_minutes() -> None:
    count = 0
    for attempt in range(1, MAX_FAILED_ATTEMPTS + 1):
        count, until = next_failure(count, NOW)
        assert count == attempt
        assert (until is not None) is (attempt == MAX_FAILED_ATTEMPTS)
    assert until == NOW + LOCKOUT_DURATION == NOW + timedelta(minutes=15)
    assert is_locked(until, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(until, NOW + timedelta(minutes=15))
    assert lock_expired(until, NOW + timedelta(minutes=15))
    assert not lock_expired(None, NOW) and not is_locked(None, NOW)


def test_messages_use_clinic_local_us_time() -> None:
    assert format_local_time(NOW + LOCKOUT_DURATION, "America/New_York") == "9:15 AM on 12/01/2026"
    assert format_local_time(datetime(2026, 7, 1, 17, 5, tzinfo=UTC), "America/New_York") == (
        "1:05 PM on 07/01/2026")
    text = locked_message("nina", NOW + LOCKOUT_DURATION, "America/New_York")
    assert "locked after 5 failed sign-in attempts until 9:15 AM on 12/01/2026" in text
    assert "administrator" in text


def test_wrong_password_message_warns_near_the_limit() -> None:
    assert wrong_password_message(None) == "Wrong username or password."
    assert wrong_password_message(1) == "Wrong username or password."
    assert "2 attempts left" in wrong_password_message(3)
    assert "1 attempt left" in wrong_password_message(4)
