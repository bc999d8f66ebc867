"""Patient UI test helpers: a UiContext with fake dialogs, a fully documented patient,
and screenshots into /work/screens/patients-ui when that folder's parent exists."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from aurora_desktop.db.models import Clinic, TreatmentChair, TreatmentSession
from aurora_desktop.domain.enums import (
    Answer,
    Contraindication,
    EnrollmentStatus,
    Indication,
    OralAdStrategy,
    SessionStatus,
    Sex,
    TrialOutcome,
)
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from aurora_desktop.services.patients import PatientForm, PatientView
from aurora_desktop.settings import resolve
from aurora_desktop.ui.dialog_service import DialogService
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.ui_context import UiContext

SCREENS = Path("/work/screens/patients-ui")


class FakeDialogs(DialogService):
    def __init__(self, answers: list[str] | None = None) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.answers = list(answers or [])

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.errors.append(text)

    def info(self, parent, title, text) -> None:  # noqa: ANN001
        self.infos.append(text)

    def confirm(self, parent, title, text) -> bool:  # noqa: ANN001
        return True

    def ask_text(self, parent, title, label):  # noqa: ANN001, ANN201
        return self.answers.pop(0) if self.answers else None


def make_ui(services: Services, actor: Actor, tmp_path: Path) -> UiContext:
    settings = resolve(database_url=services.ctx.db.url, data_dir=tmp_path)
    return UiContext(services=services, settings=settings, events=EventHub(),
                     dialogs=FakeDialogs(), actor=actor,
                     clinic_id=services.clinics.get_by_code("WP").id)


def form(mrn: str, first: str, last: str, born: date, phone: str = "914-555-0123",
         **extra: object) -> PatientForm:
    return PatientForm(mrn=mrn, first_name=first, last_name=last, date_of_birth=born,
                       sex=Sex.FEMALE, phone=phone, **extra)


def documented_patient(services: Services, doc: Actor, nurse: Actor) -> PatientView:
    """Enrolled, two failed trials and one intolerance, screened (one unknown), a TRD plan
    and three discharged sessions plus one booked."""
    p = services.patients.create(doc, form("WP-000123", "Zoë", "O’Brien", date(1980, 5, 17),
                                           city="White Plains", address_line1="12 Main St",
                                           postal_code="10601", takes_benzodiazepines=True,
                                           can_become_pregnant=True,
                                           pregnancy_status="not_pregnant"))
    services.patients.record_enrollment(doc, p.id, "RP123456", date(2026, 10, 1),
                                        EnrollmentStatus.ACTIVE)
    for drug, outcome in (("sertraline", TrialOutcome.NO_RESPONSE),
                          ("bupropion XL", TrialOutcome.PARTIAL_RESPONSE),
                          ("venlafaxine", TrialOutcome.INTOLERANCE)):
        services.patients.add_trial(doc, p.id, drug, "150 mg daily", 8, adequate_dose=True,
                                    adequate_duration=True, outcome=outcome)
    answers = dict.fromkeys(Contraindication, Answer.NO)
    answers[Contraindication.HYPERSENSITIVITY] = Answer.UNKNOWN
    services.patients.screen_contraindications(nurse, p.id, answers)
    plan_id = services.patients.set_plan(doc, p.id, Indication.TRD, OralAdStrategy.ADJUNCTIVE,
                                         date(2026, 11, 2))
    add_sessions(services, p.id, plan_id, [date(2026, 11, 2), date(2026, 11, 5),
                                           date(2026, 11, 9)], SessionStatus.DISCHARGED)
    add_sessions(services, p.id, plan_id, [date(2026, 12, 3)], SessionStatus.SCHEDULED)
    return p


def add_sessions(services: Services, patient_id: int, plan_id: int, days: list[date],
                 status: SessionStatus) -> None:
    def work(session) -> None:  # noqa: ANN001
        clinic = session.scalar(select(Clinic).where(Clinic.code == "WP"))
        chair = session.scalar(select(TreatmentChair).where(TreatmentChair.clinic_id == clinic.id))
        for day in days:
            start = datetime(day.year, day.month, day.day, 15, 0,
                             tzinfo=services.ctx.clock.now().tzinfo)
            done = status is SessionStatus.DISCHARGED
            session.add(TreatmentSession(
                patient_id=patient_id, clinic_id=clinic.id, chair_id=chair.id, plan_id=plan_id,
                scheduled_start=start, scheduled_end=start + timedelta(minutes=150),
                local_date=day, status=status, planned_dose_mg=56,
                dose_mg=56 if done else None, created_at=start))
    services.ctx.db.write(work)


def save_screen(widget, name: str) -> None:  # noqa: ANN001
    if SCREENS.parent.exists():
        SCREENS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SCREENS / name))
