"""Errors raised by rules and services; each carries a message fit to show a user."""

from __future__ import annotations

from collections.abc import Sequence


class AuroraError(Exception):
    """Base for every expected, user-explainable failure."""


class FieldError(AuroraError):
    """A value is not allowed; names the field and what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RuleViolation(AuroraError):
    """A hard clinical or scheduling rule refuses the action; lists every unmet condition."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


class WarningsNeedAcknowledgement(AuroraError):
    """Soft rules: the action may proceed only after the user acknowledges these warnings."""

    def __init__(self, warnings: Sequence[str]) -> None:
        self.warnings = list(warnings)
        super().__init__("acknowledge first: " + "; ".join(self.warnings))


class PermissionDenied(AuroraError):
    def __init__(self, operation: str, username: str = "") -> None:
        who = f"'{username}' " if username else ""
        super().__init__(f"permission denied: {who}may not {operation.replace('_', ' ')}")
        self.operation = operation


class NotFound(AuroraError):
    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} {key} not found")
        self.what = what
        self.key = key


class Conflict(AuroraError):
    """The action collides with existing data (e.g. a booking won by another user)."""


class StaleRecord(AuroraError):
    """Optimistic locking: someone else saved this record after it was loaded."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was changed by someone else — reload and try again")


class AuthenticationFailed(AuroraError):
    """Wrong credentials, locked or deactivated account (message says which, safely)."""


class RecordLocked(AuroraError):
    """A signed record is read-only; corrections go through an amendment."""


class ConnectionLost(AuroraError):
    """The database server connection dropped; says whether the last change was saved.

    ``saved`` is False when the unit of work had not been committed (the server rolled it
    back), None when the connection dropped while committing (it may or may not be saved),
    and True for a read (nothing was being saved). The next action reconnects.
    """

    def __init__(self, saved: bool | None) -> None:
        self.saved = saved
        if saved is False:
            state = "your last change was NOT saved — please enter it again"
        elif saved is None:
            state = ("your last change may not have been saved — check it before "
                     "entering it again")
        else:
            state = "no change was being saved"
        super().__init__(f"Lost connection to the database server — {state}. Retrying: the "
                         "next action reconnects; if this keeps happening, ask IT to check "
                         "the database server and the network.")
