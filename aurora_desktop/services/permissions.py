"""The role x operation matrix, enforced by every service call (docs/roles.md mirrors it)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import PermissionDenied
from aurora_desktop.services.actor import Actor


class Op(StrEnum):
    # accounts, settings, audit
    MANAGE_USERS = "manage_users"
    MANAGE_CLINICS = "manage_clinics"
    MANAGE_ROSTER = "manage_roster"
    VIEW_ROSTER = "view_roster"
    READ_AUDIT = "read_audit"
    REVIEW_BREAK_GLASS = "review_break_glass"
    BREAK_GLASS = "break_glass"
    MANAGE_LOTS = "manage_lots"
    BACKUP_DATABASE = "backup_database"
    # patients
    VIEW_PATIENTS = "view_patients"
    EDIT_DEMOGRAPHICS = "edit_demographics"
    EDIT_ENROLLMENT = "edit_enrollment"
    EDIT_CLINICAL_HISTORY = "edit_clinical_history"
    SCREEN_CONTRAINDICATIONS = "screen_contraindications"
    DECIDE_CONTRAINDICATION = "decide_contraindication"
    EDIT_TREATMENT_PLAN = "edit_treatment_plan"
    RECORD_OUTCOME = "record_outcome"
    # scheduling
    VIEW_SCHEDULE = "view_schedule"
    BOOK_SESSION = "book_session"
    RESCHEDULE_SESSION = "reschedule_session"
    CANCEL_SESSION = "cancel_session"
    MARK_NO_SHOW = "mark_no_show"
    CHECK_IN = "check_in"
    CONFIRM_RIDE = "confirm_ride"
    # session day
    RUN_CHECKLIST = "run_checklist"
    ACKNOWLEDGE_BP = "acknowledge_bp"
    OVERRIDE_DOSE = "override_dose"
    RECORD_ADMINISTRATION = "record_administration"
    RECORD_CHECKPOINT = "record_checkpoint"
    RECORD_ALERT_ACTION = "record_alert_action"
    RECORD_ADVERSE_EVENT = "record_adverse_event"
    DISCHARGE = "discharge"
    ACCEPT_DISCHARGE_BP = "accept_discharge_bp"
    SIGN_AS_NURSE = "sign_as_nurse"
    SIGN_AS_PRESCRIBER = "sign_as_prescriber"
    AMEND_SESSION = "amend_session"
    TRACK_REMS_FORMS = "track_rems_forms"
    # reports
    EXPORT_REPORTS = "export_reports"


_FRONT_DESK = {
    Op.VIEW_PATIENTS, Op.EDIT_DEMOGRAPHICS, Op.EDIT_ENROLLMENT, Op.VIEW_ROSTER,
    Op.VIEW_SCHEDULE, Op.BOOK_SESSION, Op.RESCHEDULE_SESSION, Op.CANCEL_SESSION,
    Op.MARK_NO_SHOW, Op.CHECK_IN, Op.CONFIRM_RIDE, Op.TRACK_REMS_FORMS, Op.EXPORT_REPORTS,
}
_NURSE = {
    Op.VIEW_PATIENTS, Op.EDIT_DEMOGRAPHICS, Op.EDIT_ENROLLMENT, Op.EDIT_CLINICAL_HISTORY,
    Op.SCREEN_CONTRAINDICATIONS, Op.RECORD_OUTCOME, Op.VIEW_ROSTER, Op.VIEW_SCHEDULE,
    Op.CHECK_IN, Op.CONFIRM_RIDE, Op.RUN_CHECKLIST, Op.RECORD_ADMINISTRATION,
    Op.RECORD_CHECKPOINT, Op.RECORD_ALERT_ACTION, Op.RECORD_ADVERSE_EVENT, Op.DISCHARGE,
    Op.SIGN_AS_NURSE, Op.AMEND_SESSION, Op.TRACK_REMS_FORMS, Op.EXPORT_REPORTS,
    Op.BREAK_GLASS,
}
_PRESCRIBER = _NURSE | {
    Op.DECIDE_CONTRAINDICATION, Op.EDIT_TREATMENT_PLAN, Op.ACKNOWLEDGE_BP, Op.OVERRIDE_DOSE,
    Op.ACCEPT_DISCHARGE_BP, Op.SIGN_AS_PRESCRIBER,
}
_PRESCRIBER.discard(Op.BREAK_GLASS)
_ADMIN = {
    Op.MANAGE_USERS, Op.MANAGE_CLINICS, Op.MANAGE_ROSTER, Op.VIEW_ROSTER, Op.READ_AUDIT,
    Op.REVIEW_BREAK_GLASS, Op.MANAGE_LOTS, Op.BACKUP_DATABASE, Op.VIEW_SCHEDULE,
    Op.VIEW_PATIENTS, Op.EXPORT_REPORTS,
}

ROLE_GRANTS: dict[Role, frozenset[Op]] = {
    Role.FRONT_DESK: frozenset(_FRONT_DESK),
    Role.NURSE: frozenset(_NURSE),
    Role.PRESCRIBER: frozenset(_PRESCRIBER),
    Role.ADMIN: frozenset(_ADMIN),
}

# Emergency access lifts a clinical user to prescriber-level clinical operations.
BREAK_GLASS_GRANTS = ROLE_GRANTS[Role.PRESCRIBER]


def granted(actor: Actor) -> frozenset[Op]:
    ops: set[Op] = set()
    for role in actor.roles:
        ops |= ROLE_GRANTS[role]
    if actor.break_glass and actor.is_clinical:
        ops |= BREAK_GLASS_GRANTS
    return frozenset(ops)


def allowed(actor: Actor, op: Op) -> bool:
    return op in granted(actor)


def require(actor: Actor, op: Op) -> None:
    if not allowed(actor, op):
        raise PermissionDenied(op.value, actor.username)


F = TypeVar("F", bound=Callable[..., Any])

# Every guarded service method, for the role x operation matrix test.
GUARDED_METHODS: list[tuple[str, str, Op]] = []


def requires(op: Op) -> Callable[[F], F]:
    """Guard a service method whose first argument after self is the calling Actor."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def guarded(self: object, actor: Actor, *args: Any, **kwargs: Any) -> Any:
            if not isinstance(actor, Actor):
                raise TypeError(f"{method.__qualname__} needs an Actor as its first argument")
            require(actor, op)
            return method(self, actor, *args, **kwargs)

        owner = method.__qualname__.split(".")[0]
        GUARDED_METHODS.append((owner, method.__name__, op))
        guarded.required_op = op  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate
