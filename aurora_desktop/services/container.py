"""All services, built once from one ServiceContext (wired by app.py and cli.py)."""

from __future__ import annotations

from dataclasses import dataclass

from aurora_desktop.services.clinics import ClinicService
from aurora_desktop.services.context import ServiceContext
from aurora_desktop.services.patient_search import PatientSearchService
from aurora_desktop.services.session_queries import SessionQueryService


@dataclass
class Services:
    ctx: ServiceContext
    clinics: ClinicService
    patient_search: PatientSearchService
    session_queries: SessionQueryService

    @classmethod
    def build(cls, ctx: ServiceContext) -> Services:
        return cls(
            ctx=ctx,
            clinics=ClinicService(ctx),
            patient_search=PatientSearchService(ctx),
            session_queries=SessionQueryService(ctx),
        )
