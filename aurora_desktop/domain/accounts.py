"""Account rules: password policy, lockout arithmetic and the messages users see."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aurora_desktop.domain.enums import Role

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
MAX_FAILED_ATTEMPTS = 5
LOCKOUT_DURATION = timedelta(minutes=15)
USERNAME_MAX_LENGTH = 40
ROLE_LABELS = {
    Role.FRONT_DESK: "Front desk",
    Role.NURSE: "Nurse",
    Role.PRESCRIBER: "Prescriber",
    Role.ADMIN: "Administrator",
}


def password_problems(password: str, username: str = "") -> list[str]:
    """Every reason *password* is refused (empty list when it is acceptable)."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must be at least {MIN_PASSWORD_LENGTH} characters (has {len(password)})")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"must be at most {MAX_PASSWORD_LENGTH} characters")
    if password and not password.strip():
        problems.append("must not be only spaces")
    if username and password.strip().lower() == username.strip().lower():
        problems.append("must not be the username")
    return problems


def username_problem(username: str) -> str | None:
    """Why *username* cannot be used, or None. Lower-case letters, digits, '.', '-', '_'."""
    if not username:
        return "is required"
    if len(username) > USERNAME_MAX_LENGTH:
        return f"must be at most {USERNAME_MAX_LENGTH} characters"
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    if not set(username) <= allowed:
        return "may contain only lower-case letters, digits, '.', '-' and '_'"
    return None


def parse_roles(values: Iterable[str | Role]) -> frozenset[Role]:
    """Roles from their stored or typed names; raises ValueError naming the allowed ones."""
    roles: set[Role] = set()
    for value in values:
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        aliases = {"administrator": "admin", "frontdesk": "front_desk"}
        text = aliases.get(text, text)
        try:
            roles.add(Role(text))
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise ValueError(f"unknown role '{value}' (allowed: {allowed})") from None
    return frozenset(roles)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def lock_expired(locked_until: datetime | None, now: datetime) -> bool:
    """A lock was set and has run out: the failure counter starts again from zero."""
    return locked_until is not None and locked_until <= now


def next_failure(failed_attempts: int, now: datetime) -> tuple[int, datetime | None]:
    """The counter after one more failure, and the lock end if this failure locks the account."""
    count = failed_attempts + 1
    if count >= MAX_FAILED_ATTEMPTS:
        return count, now + LOCKOUT_DURATION
    return count, None


def format_local_time(instant: datetime, time_zone: str) -> str:
    """'9:15 AM on 12/01/2026' in the clinic's zone (US format, 12-hour clock)."""
    local = instant.astimezone(ZoneInfo(time_zone))
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{hour}:{local:%M %p} on {local:%m/%d/%Y}"


def locked_message(username: str, locked_until: datetime, time_zone: str) -> str:
    return (
        f"The account '{username}' is locked after {MAX_FAILED_ATTEMPTS} failed sign-in attempts "
        f"until {format_local_time(locked_until, time_zone)}. Try again then, or ask an "
        "administrator to unlock it. Other accounts on this computer are not affected."
    )


def wrong_password_message(failed_attempts: int | None) -> str:
    """The generic refusal; near the limit it warns how many attempts are left."""
    text = "Wrong username or password."
    if failed_attempts is not None:
        left = MAX_FAILED_ATTEMPTS - failed_attempts
        if 0 < left <= 2:
            plural = "attempt" if left == 1 else "attempts"
            text += (f" {left} {plural} left before this account is locked for "
                     f"{int(LOCKOUT_DURATION.total_seconds() // 60)} minutes.")
    return text


def deactivated_message(username: str) -> str:
    return (f"The account '{username}' has been deactivated and cannot sign in. "
            "Ask an administrator if you need access again.")


def roles_label(roles: Iterable[Role]) -> str:
    order = list(Role)
    return ", ".join(ROLE_LABELS[r] for r in sorted(roles, key=order.index))
