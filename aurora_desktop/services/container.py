"""All services, built once from one ServiceContext (wired by app.py and cli.py)."""

from __future__ import annotations

from dataclasses import dataclass

from aurora_desktop.services.audit_admin import AuditAdminService
from aurora_desktop.services.auth import AuthService
from aurora_desktop.services.clinics import ClinicService
from aurora_desktop.services.context import ServiceContext
from aurora_desktop.services.passwords import Passwords
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


@dataclass
class Services:
    ctx: ServiceContext
    clinics: ClinicService
    patient_search: PatientSearchService
    patients: PatientService
    patient_chart: PatientChartService
    session_queries: SessionQueryService
    auth: AuthService
    users: UserService
    audit_admin: AuditAdminService
    checklist: ChecklistService
    administration: AdministrationService
    monitoring: MonitoringService
    discharge: DischargeService
    signoff: SignoffService
    rems_forms: RemsFormService
    floor_board: FloorBoardService
    session_day: SessionDayQueryService
    scheduling: SchedulingService
    roster: RosterService
    reports: ReportService

    @classmethod
    def build(cls, ctx: ServiceContext, passwords: Passwords | None = None) -> Services:
        passwords = passwords or Passwords()
        return cls(
            ctx=ctx,
            clinics=ClinicService(ctx),
            patient_search=PatientSearchService(ctx),
            patients=PatientService(ctx),
            patient_chart=PatientChartService(ctx),
            session_queries=SessionQueryService(ctx),
            auth=AuthService(ctx, passwords),
            users=UserService(ctx, passwords),
            audit_admin=AuditAdminService(ctx),
            checklist=ChecklistService(ctx),
            administration=AdministrationService(ctx),
            monitoring=MonitoringService(ctx),
            discharge=DischargeService(ctx),
            signoff=SignoffService(ctx),
            rems_forms=RemsFormService(ctx),
            floor_board=FloorBoardService(ctx),
            session_day=SessionDayQueryService(ctx),
            scheduling=SchedulingService(ctx),
            roster=RosterService(ctx),
            reports=ReportService(ctx),
        )
