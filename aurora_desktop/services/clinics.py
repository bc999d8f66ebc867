"""Clinics and chairs: first-run seeding, listing and administrator edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import DEFAULT_OPENING_HOURS, Clinic, TreatmentChair
from aurora_desktop.domain.errors import FieldError, NotFound
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService, check_version
from aurora_desktop.services.permissions import Op, requires

DEFAULT_CHECKPOINT_OFFSETS = [15, 40, 60, 90, 120]
DEFAULT_BP_REQUIRED_OFFSETS = [40]

SEED_CLINICS = [
    {
        "code": "WP",
        "name": "Aurora Wellness White Plains",
        "address_line1": "125 Mamaroneck Avenue, Suite 300",
        "city": "White Plains",
        "postal_code": "10601",
        "phone": "(914) 555-0140",
        "rems_setting_id": "HCS-NY-WP-0001",
    },
    {
        "code": "BK",
        "name": "Aurora Wellness Brooklyn",
        "address_line1": "350 Court Street, 2nd Floor",
        "city": "Brooklyn",
        "postal_code": "11231",
        "phone": "(718) 555-0177",
        "rems_setting_id": "HCS-NY-BK-0002",
    },
]
SEED_CHAIRS_PER_CLINIC = 8


@dataclass(frozen=True)
class ChairView:
    id: int
    clinic_id: int
    label: str
    position: int
    active: bool


@dataclass(frozen=True)
class ClinicView:
    id: int
    code: str
    name: str
    address: str
    phone: str
    time_zone: str
    rems_setting_id: str
    rems_certified: bool
    opening_hours: tuple
    session_block_minutes: int
    checkpoint_offsets: tuple[int, ...]
    bp_required_offsets: tuple[int, ...]
    spo2_alert_threshold: int
    overdue_grace_minutes: int
    idle_lock_minutes: int
    version: int
    chairs: tuple[ChairView, ...]


def clinic_view(clinic: Clinic, chairs: list[TreatmentChair]) -> ClinicView:
    address = f"{clinic.address_line1}, {clinic.city}, {clinic.state} {clinic.postal_code}"
    return ClinicView(
        id=clinic.id, code=clinic.code, name=clinic.name, address=address, phone=clinic.phone,
        time_zone=clinic.time_zone, rems_setting_id=clinic.rems_setting_id,
        rems_certified=clinic.rems_certified, opening_hours=tuple(clinic.opening_hours),
        session_block_minutes=clinic.session_block_minutes,
        checkpoint_offsets=tuple(clinic.checkpoint_offsets),
        bp_required_offsets=tuple(clinic.bp_required_offsets),
        spo2_alert_threshold=clinic.spo2_alert_threshold,
        overdue_grace_minutes=clinic.overdue_grace_minutes,
        idle_lock_minutes=clinic.idle_lock_minutes, version=clinic.version,
        chairs=tuple(
            ChairView(c.id, c.clinic_id, c.label, c.position, c.active)
            for c in sorted(chairs, key=lambda c: (c.position, c.id))
        ),
    )


class ClinicService(BaseService):
    def seed_defaults(self) -> bool:
        """Create the two Aurora Wellness clinics with 8 chairs each, once. True if seeded."""

        def work(session: Session) -> bool:
            if session.scalar(select(func.count(Clinic.id))):
                return False
            now = self.now()
            for data in SEED_CLINICS:
                clinic = Clinic(
                    **data, state="NY", time_zone="America/New_York", rems_certified=True,
                    rems_certified_on=date(2024, 1, 15), opening_hours=DEFAULT_OPENING_HOURS,
                    session_block_minutes=150, checkpoint_offsets=DEFAULT_CHECKPOINT_OFFSETS,
                    bp_required_offsets=DEFAULT_BP_REQUIRED_OFFSETS, spo2_alert_threshold=93,
                    overdue_grace_minutes=5, idle_lock_minutes=10, created_at=now,
                )
                session.add(clinic)
                session.flush()
                for n in range(1, SEED_CHAIRS_PER_CLINIC + 1):
                    session.add(TreatmentChair(clinic_id=clinic.id, label=f"Chair {n}", position=n))
                self.ctx.audit.record(
                    session, _SEED_ACTOR, now, "create", "clinic", clinic.id,
                    details={"code": clinic.code, "chairs": SEED_CHAIRS_PER_CLINIC},
                )
            return True

        return self.write(work)

    def list_clinics(self) -> list[ClinicView]:
        """Clinic names and settings are not PHI; any signed-in user may read them."""
        with self.db.read() as session:
            clinics = session.scalars(select(Clinic).order_by(Clinic.id)).all()
            chairs = session.scalars(select(TreatmentChair)).all()
        by_clinic: dict[int, list[TreatmentChair]] = {}
        for chair in chairs:
            by_clinic.setdefault(chair.clinic_id, []).append(chair)
        return [clinic_view(c, by_clinic.get(c.id, [])) for c in clinics]

    def get_by_code(self, code: str) -> ClinicView:
        for clinic in self.list_clinics():
            if clinic.code.upper() == code.strip().upper():
                return clinic
        known = ", ".join(c.code for c in self.list_clinics())
        raise NotFound("clinic", f"'{code}' (known clinics: {known})")

    @requires(Op.MANAGE_CLINICS)
    def set_chair_active(self, actor: Actor, chair_id: int, active: bool, version: int) -> None:
        def work(session: Session) -> None:
            chair = session.get(TreatmentChair, chair_id)
            if chair is None:
                raise NotFound("chair", chair_id)
            check_version(chair.version, version, "chair")
            before = chair.active
            if before == active:
                return  # nothing changed: no audit event, no new version
            chair.active = active
            self.audit(session, actor, "update", "treatment_chair", chair_id,
                       details={"active": [before, active]})

        self.write(work, "chair")

    @requires(Op.MANAGE_CLINICS)
    def update_protocol(
        self, actor: Actor, clinic_id: int, version: int, *, spo2_alert_threshold: int,
        overdue_grace_minutes: int, checkpoint_offsets: list[int], idle_lock_minutes: int,
    ) -> None:
        if not 80 <= spo2_alert_threshold <= 100:
            raise FieldError("SpO2 alert threshold", "must be between 80 and 100 %")
        if not 0 <= overdue_grace_minutes <= 60:
            raise FieldError("overdue grace", "must be between 0 and 60 minutes")
        if not 1 <= idle_lock_minutes <= 120:
            raise FieldError("idle lock", "must be between 1 and 120 minutes")
        offsets = sorted(set(checkpoint_offsets))
        if not offsets or offsets[0] <= 0 or offsets[-1] < 120 or offsets[-1] > 720:
            raise FieldError(
                "checkpoint offsets", "need positive minutes ending at 120 or later (max 720)"
            )

        def work(session: Session) -> None:
            clinic = session.get(Clinic, clinic_id)
            if clinic is None:
                raise NotFound("clinic", clinic_id)
            check_version(clinic.version, version, "clinic settings")
            before = {
                "spo2_alert_threshold": clinic.spo2_alert_threshold,
                "overdue_grace_minutes": clinic.overdue_grace_minutes,
                "checkpoint_offsets": clinic.checkpoint_offsets,
                "idle_lock_minutes": clinic.idle_lock_minutes,
            }
            after = dict(before, spo2_alert_threshold=spo2_alert_threshold,
                         overdue_grace_minutes=overdue_grace_minutes,
                         checkpoint_offsets=offsets, idle_lock_minutes=idle_lock_minutes)
            from aurora_desktop.services.audit_trail import changes

            diff = changes(before, after)
            if not diff:
                return  # a save that changes nothing: no audit event, no new version
            clinic.spo2_alert_threshold = spo2_alert_threshold
            clinic.overdue_grace_minutes = overdue_grace_minutes
            clinic.checkpoint_offsets = offsets
            clinic.idle_lock_minutes = idle_lock_minutes
            clinic.updated_at = self.now()
            self.audit(session, actor, "update", "clinic", clinic_id, details=diff)

        self.write(work, "clinic settings")


_SEED_ACTOR = Actor(None, "system", "Aurora Desktop first-run setup", frozenset(), "setup")
