"""All services from one ServiceContext (wired by app.py and cli.py), each built on first use.

A service module is imported when the service is first asked for, not when the app starts:
the sign-in window needs only `auth`, and most screens need a few services each.
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aurora_desktop.services.context import ServiceContext
from aurora_desktop.services.passwords import Passwords

if TYPE_CHECKING:
    from aurora_desktop.services.audit_admin import AuditAdminService
    from aurora_desktop.services.auth import AuthService
    from aurora_desktop.services.clinics import ClinicService
    from aurora_desktop.services.patient_chart import PatientChartService
    from aurora_desktop.services.patient_search import PatientSearchService
    from aurora_desktop.services.patients import PatientService
    from aurora_desktop.services.reports import ReportService
    from aurora_desktop.services.roster import RosterService
    from aurora_desktop.services.scheduling import SchedulingService
    from aurora_desktop.services.session_day.administration import AdministrationService
    from aurora_desktop.services.session_day.checklist import ChecklistService
    from aurora_desktop.services.session_day.discharge import DischargeService
    from aurora_desktop.services.session_day.floor_board import FloorBoardService
    from aurora_desktop.services.session_day.monitoring import MonitoringService
    from aurora_desktop.services.session_day.rems_forms import RemsFormService
    from aurora_desktop.services.session_day.session_view import SessionDayQueryService
    from aurora_desktop.services.session_day.signoff import SignoffService
    from aurora_desktop.services.session_queries import SessionQueryService
    from aurora_desktop.services.users import UserService


T = TypeVar("T")
_BUILD_LOCK = threading.RLock()  # two threads asking at once still get one instance


class _Lazy(Generic[T]):
    """A service attribute: on first access imports aurora_desktop.services.<module> and
    builds the service, then stores it on the instance (later reads are plain reads)."""

    def __init__(self, module: str, name: str, *, passwords: bool = False) -> None:
        self.module, self.name, self.passwords = module, name, passwords

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    def __get__(self, services: Any, owner: type | None = None) -> T:
        if services is None:
            return self  # type: ignore[return-value]
        with _BUILD_LOCK:
            if self.attr not in services.__dict__:
                module = importlib.import_module(f"aurora_desktop.services.{self.module}")
                cls = getattr(module, self.name)
                args = (services.ctx, services.passwords) if self.passwords else (services.ctx,)
                services.__dict__[self.attr] = cls(*args)
            return services.__dict__[self.attr]


class Services:
    """One instance of each service, sharing ``ctx`` (database + clock) and ``passwords``."""

    clinics: _Lazy[ClinicService] = _Lazy("clinics", "ClinicService")
    patient_search: _Lazy[PatientSearchService] = _Lazy("patient_search", "PatientSearchService")
    patients: _Lazy[PatientService] = _Lazy("patients", "PatientService")
    patient_chart: _Lazy[PatientChartService] = _Lazy("patient_chart", "PatientChartService")
    session_queries: _Lazy[SessionQueryService] = _Lazy("session_queries", "SessionQueryService")
    auth: _Lazy[AuthService] = _Lazy("auth", "AuthService", passwords=True)
    users: _Lazy[UserService] = _Lazy("users", "UserService", passwords=True)
    audit_admin: _Lazy[AuditAdminService] = _Lazy("audit_admin", "AuditAdminService")
    checklist: _Lazy[ChecklistService] = _Lazy("session_day.checklist", "ChecklistService")
    administration: _Lazy[AdministrationService] = _Lazy("session_day.administration",
                                                         "AdministrationService")
    monitoring: _Lazy[MonitoringService] = _Lazy("session_day.monitoring", "MonitoringService")
    discharge: _Lazy[DischargeService] = _Lazy("session_day.discharge", "DischargeService")
    signoff: _Lazy[SignoffService] = _Lazy("session_day.signoff", "SignoffService")
    rems_forms: _Lazy[RemsFormService] = _Lazy("session_day.rems_forms", "RemsFormService")
    floor_board: _Lazy[FloorBoardService] = _Lazy("session_day.floor_board", "FloorBoardService")
    session_day: _Lazy[SessionDayQueryService] = _Lazy("session_day.session_view", "SessionDayQueryService")
    scheduling: _Lazy[SchedulingService] = _Lazy("scheduling", "SchedulingService")
    roster: _Lazy[RosterService] = _Lazy("roster", "RosterService")
    reports: _Lazy[ReportService] = _Lazy("reports", "ReportService")

    def __init__(self, ctx: ServiceContext, passwords: Passwords | None = None) -> None:
        self.ctx = ctx
        self.passwords = passwords or Passwords()

    @classmethod
    def build(cls, ctx: ServiceContext, passwords: Passwords | None = None) -> Services:
        return cls(ctx, passwords)
