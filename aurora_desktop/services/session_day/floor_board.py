"""The floor board read model: one row per session today at a clinic, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import (
    CompoundSelect,
    Date,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)

from aurora_desktop.db.models import (
    Clinic,
    DeviceAdministration,
    MonitoringAlert,
    MonitoringCheckpoint,
    Patient,
    RemsMonitoringForm,
    TreatmentChair,
    TreatmentSession,
)
from aurora_desktop.db.plan_cache import opaque
from aurora_desktop.db.types import UTCDateTime
from aurora_desktop.domain.administration import devices_for_dose
from aurora_desktop.domain.enums import INACTIVE_SESSION_STATUSES, FormStatus, SessionStatus
from aurora_desktop.domain.errors import NotFound
from aurora_desktop.domain.monitoring_plan import (
    OBSERVATION_MINUTES,
    CheckpointSlot,
    NextDue,
    minutes_since,
    next_due,
    overdue_slots,
)
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService, ServiceContext
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day._common import STATUS_LABELS
from aurora_desktop.services.session_queries import ClinicZones, local_day_bounds


@dataclass(frozen=True)
class FloorCard:
    session_id: int
    chair_label: str
    patient_id: int
    patient_name: str
    local_start: datetime
    status: SessionStatus
    stage: str  # arrived, checklist, dosing, monitoring, ready for discharge, discharged, ...
    minutes_since_first_device: int | None
    next_due: NextDue | None
    overdue_offsets: tuple[int, ...]
    alerts_awaiting_action: tuple[str, ...]
    rems_form_due_on: date | None
    version: int
    ride_confirmed: bool = False
    ride_driver_name: str = ""
    ride_driver_phone: str = ""

    @property
    def needs_attention(self) -> bool:
        return bool(self.overdue_offsets or self.alerts_awaiting_action)

    @property
    def alert_texts(self) -> list[str]:
        texts = [f"OVERDUE: +{o} min checkpoint" for o in self.overdue_offsets]
        texts += [f"ALERT: {a}" for a in self.alerts_awaiting_action]
        if not self.ride_confirmed and self.status not in (SessionStatus.DISCHARGED,):
            texts.append("No ride home confirmed")
        if self.rems_form_due_on is not None:
            texts.append(f"REMS form due {self.rems_form_due_on:%m/%d/%Y}")
        return texts


@dataclass(frozen=True)
class FloorBoard:
    clinic_id: int
    day: date
    generated_at: datetime
    cards: tuple[FloorCard, ...]
    overdue_forms: int
    grace_minutes: int = 5
    time_zone: str = "America/New_York"

    @property
    def under_observation(self) -> int:
        return sum(1 for c in self.cards if c.status == SessionStatus.MONITORING)


_TS = TreatmentSession
_FORM = RemsMonitoringForm
_STATEMENTS: dict[str, tuple[Select, CompoundSelect]] = {}


def _statements(backend: str) -> tuple[Select, CompoundSelect]:
    """The board's two statements for *backend*, built once per process.

    1. The clinic (grace minutes, its overdue REMS forms: an index-only range scan of
       (clinic_id, status, due_on, id), ~1,200 entries on five years of demo data) LEFT JOINed
       to the day's active sessions with chair and patient; each card's device count and due
       REMS form ride along as correlated scalar subqueries (unique (session_id, sequence) and
       unique session_id indexes). A clinic without sessions is one row of NULL session columns.
    2. The cards' planned checkpoints and unanswered alerts, as one UNION ALL.
    On PostgreSQL the first statement's values are opaque to the planner (db.plan_cache), so
    the prepared statement keeps one generic plan instead of being planned on every refresh.
    """
    found = _STATEMENTS.get(backend)
    if found is not None:
        return found
    clinic_id = opaque(bindparam("clinic_id", type_=Integer()), backend)
    overdue = (select(func.count(_FORM.id))
               .where(_FORM.clinic_id == clinic_id,
                      _FORM.status == literal(FormStatus.DUE.value, literal_execute=True),
                      _FORM.due_on < opaque(bindparam("today", type_=Date()), backend))
               .scalar_subquery())
    devices = (select(func.count())
               .where(DeviceAdministration.session_id == _TS.id).correlate(_TS).scalar_subquery())
    # Filtered on session_id alone (the unique index): a status predicate here made SQLite
    # walk every due form of five years by the (status, due_on) index instead.
    form_due = (select(case((_FORM.status == literal(FormStatus.DUE.value, literal_execute=True),
                             _FORM.due_on)))
                .where(_FORM.session_id == _TS.id).correlate(_TS).scalar_subquery())
    inactive = sorted(s.value for s in INACTIVE_SESSION_STATUSES)
    board = (
        select(Clinic.overdue_grace_minutes, Clinic.time_zone, overdue.label("overdue_forms"),
               _TS.id, _TS.patient_id, _TS.status, _TS.scheduled_start, _TS.first_device_at,
               _TS.dose_mg, _TS.version, _TS.ride_confirmed, _TS.ride_driver_name,
               _TS.ride_driver_phone, TreatmentChair.label, Patient.first_name, Patient.last_name,
               devices.label("devices"), form_due.label("form_due"))
        .select_from(Clinic)
        .outerjoin(_TS, and_(
            _TS.clinic_id == Clinic.id,
            _TS.scheduled_start >= opaque(bindparam("start", type_=UTCDateTime()), backend),
            _TS.scheduled_start < opaque(bindparam("end", type_=UTCDateTime()), backend),
            _TS.status.not_in(bindparam("inactive", inactive, expanding=True, literal_execute=True))))
        .outerjoin(TreatmentChair, TreatmentChair.id == _TS.chair_id)
        .outerjoin(Patient, Patient.id == _TS.patient_id)
        .where(Clinic.id == clinic_id)
        .order_by(TreatmentChair.position, _TS.scheduled_start))
    ids = bindparam("ids", expanding=True)
    details = union_all(
        select(literal_column("0").label("kind"), MonitoringCheckpoint.session_id,
               MonitoringCheckpoint.id, MonitoringCheckpoint.planned_offset_minutes,
               MonitoringCheckpoint.measured_at, null().label("detail"))
        .where(MonitoringCheckpoint.session_id.in_(ids),
               MonitoringCheckpoint.planned_offset_minutes.is_not(None)),
        select(literal_column("1"), MonitoringAlert.session_id, MonitoringAlert.id, null(), null(),
               MonitoringAlert.detail)
        .where(MonitoringAlert.session_id.in_(ids), MonitoringAlert.action_note.is_(None)),
    ).order_by(literal_column("kind"), literal_column("id"))
    found = _STATEMENTS[backend] = (board, details)
    return found


class FloorBoardService(BaseService):
    """Read model of a clinic's floor."""

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        self.zones = ClinicZones()

    @requires(Op.VIEW_SCHEDULE)
    def floor_board(self, actor: Actor, clinic_id: int, day: date | None = None) -> FloorBoard:
        """Two statements whatever the number of patients (one when the clinic has none that day).

        On PostgreSQL they run in autocommit: under READ COMMITTED each statement reads its own
        snapshot inside a transaction too, so BEGIN and ROLLBACK were two round trips for nothing.
        """
        now = self.now()
        board_sql, details_sql = _statements(self.db.backend)
        with self.db.read_connection() as conn:
            zone = self.zones.get(conn, clinic_id)
            today = now.astimezone(zone).date()
            day = day or today
            start, end = local_day_bounds(zone, day)
            rows = conn.execute(board_sql, {"clinic_id": clinic_id, "today": today,
                                            "start": start, "end": end}).all()
            if not rows:
                raise NotFound("clinic", clinic_id)
            grace, time_zone, overdue_forms = rows[0][:3]
            rows = [r for r in rows if r.id is not None]
            planned_rows: dict[int, list[tuple[int, int, datetime | None]]] = {r.id: [] for r in rows}
            alerts: dict[int, list[str]] = {r.id: [] for r in rows}
            if rows:
                # all rows at once: iterating a result fetches row by row (~118 rows a board;
                # psycopg's fetchone ~3 us each)
                for kind, sid, row_id, offset, measured_at, detail in conn.execute(
                        details_sql, {"ids": list(planned_rows)}).all():
                    if kind == 0:
                        planned_rows[sid].append((row_id, offset, measured_at))
                    else:
                        alerts[sid].append(detail)
        cards = []
        for r in rows:
            planned = [] if r.first_device_at is None else [
                CheckpointSlot(cp_id, offset, r.first_device_at + timedelta(minutes=offset), measured_at)
                for cp_id, offset, measured_at in planned_rows[r.id]]
            minutes = minutes_since(r.first_device_at, now)
            monitoring = r.status == SessionStatus.MONITORING
            stage = _stage(r, minutes, r.devices, alerts[r.id], planned, now, grace)
            cards.append(FloorCard(
                session_id=r.id, chair_label=r.label, patient_id=r.patient_id,
                patient_name=f"{r.last_name}, {r.first_name}",
                local_start=r.scheduled_start.astimezone(zone), status=r.status, stage=stage,
                minutes_since_first_device=minutes,
                next_due=next_due(planned, now, grace) if monitoring else None,
                overdue_offsets=tuple(s.offset_minutes for s in overdue_slots(planned, now, grace))
                if monitoring else (),
                alerts_awaiting_action=tuple(alerts[r.id]), rems_form_due_on=r.form_due,
                version=r.version, ride_confirmed=r.ride_confirmed,
                ride_driver_name=r.ride_driver_name, ride_driver_phone=r.ride_driver_phone))
        return FloorBoard(clinic_id, day, now, tuple(cards), overdue_forms, grace, time_zone)


def _stage(ts: Row, minutes: int | None, device_count: int, alerts: list[str],
           planned: list[CheckpointSlot], now: datetime, grace: int) -> str:
    if ts.status != SessionStatus.MONITORING:
        return STATUS_LABELS[ts.status]
    if device_count < devices_for_dose(ts.dose_mg or 56):
        return "dosing"
    if ((minutes or 0) >= OBSERVATION_MINUTES and ts.ride_confirmed and not alerts
            and not overdue_slots(planned, now, grace)):
        return "ready for discharge"
    return "monitoring"
