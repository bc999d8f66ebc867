"""Fixtures for the chart tab tests: a UiContext per role and a patient with a full chart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from aurora_desktop.domain.enums import Indication, OralAdStrategy, Scale
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from aurora_desktop.services.patient_chart import PatientChart
from aurora_desktop.settings import resolve
from aurora_desktop.ui.dialog_service import DialogService
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.ui_context import UiContext
from tests.services.test_patients import add_discharged_sessions, phq9_items
from tests.support.scheduling import make_patient

PLAN_START = date(2026, 11, 16)  # the clock is 12/01/2026: week 3 of induction
INDUCTION_DAYS = [PLAN_START + timedelta(days=d) for d in (0, 3, 7, 10)]
# PHQ-9 from severe to remission: response (>= 50 % drop) at 10/05, remission (< 5) at 11/02.
PHQ9_SERIES = [(date(2026, 9, 14), 21), (date(2026, 9, 21), 17), (date(2026, 9, 28), 13),
               (date(2026, 10, 5), 9), (date(2026, 10, 19), 7), (date(2026, 11, 2), 4),
               (date(2026, 11, 16), 3), (date(2026, 11, 30), 3)]
MADRS_SERIES = [(date(2026, 9, 14), 34), (date(2026, 10, 5), 18), (date(2026, 11, 2), 10)]


def madrs_items(score: int) -> list[int]:
    return [min(6, max(0, score - 6 * i)) for i in range(10)]


@pytest.fixture
def make_ui(sqlite_services: Services, sqlite_staff, sqlite_url: str,  # noqa: ANN001
            tmp_path: Path) -> Callable[[Actor], UiContext]:
    settings = resolve(database_url=sqlite_url, data_dir=tmp_path)

    def build(actor: Actor) -> UiContext:
        return UiContext(sqlite_services, settings, EventHub(), DialogService(), actor,
                         sqlite_services.clinics.get_by_code("WP").id)

    return build


@pytest.fixture
def patient_id(sqlite_services: Services) -> int:
    return make_patient(sqlite_services)


def seed_plan(services: Services, staff, patient: int) -> int:  # noqa: ANN001
    plan_id = services.patients.set_plan(staff.prescriber, patient, Indication.TRD,
                                         OralAdStrategy.ADJUNCTIVE, PLAN_START)
    add_discharged_sessions(services, patient, plan_id, INDUCTION_DAYS)
    return plan_id


def seed_outcomes(services: Services, staff, patient: int, *, madrs: bool = True) -> None:  # noqa: ANN001
    for day, score in PHQ9_SERIES:
        services.patients.record_outcome(staff.nurse, patient, Scale.PHQ9, phq9_items(score), day)
    for day, score in MADRS_SERIES if madrs else []:
        services.patients.record_outcome(staff.nurse, patient, Scale.MADRS, madrs_items(score),
                                         day)


def open_chart(services: Services, actor: Actor, patient: int) -> PatientChart:
    return services.patient_chart.open_chart(actor, patient)
