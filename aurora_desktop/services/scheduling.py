"""Booking use cases: book, book a series, reschedule, cancel, no-show, check-in, ride, find slot."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aurora_desktop.db.models import Clinic, TreatmentSession
from aurora_desktop.domain.booking_rules import (
    Block,
    Booking,
    ChairInfo,
    SlotTaken,
    SlotVerdict,
    alternative_candidates,
    slot_times,
)
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.domain.errors import Conflict, FieldError, RuleViolation
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.scheduling_cadence import (
    booking_warnings,
    cadence_warnings,
    next_due_day,
    require_acknowledged,
    too_frequent,
)
from aurora_desktop.services.scheduling_data import (
    Snapshot,
    load_snapshot,
    lock_bookings,
    prescriber_name,
)
from aurora_desktop.services.scheduling_models import (
    Alternative,
    BookingResult,
    FreeSlot,
    SeriesResult,
    SeriesSlot,
    SlotProposal,
)
from aurora_desktop.services.scheduling_state import (
    SessionStateService,
    clean_ride,
    required_reason,
)

MAX_ALTERNATIVES = 3
NO_FREE_CHAIR = "no free chair: every chair is booked or out of service at that time"


def choose_chair(snap: Snapshot, block: Block, chair_id: int | None, prescriber_id: int | None,
                 ignore: int | None = None, extra: list[Booking] | None = None
                 ) -> tuple[ChairInfo, SlotVerdict]:
    """The requested chair's verdict, or the first free chair ("any free chair")."""
    if chair_id is not None:
        chair = snap.chair(chair_id)
        return chair, snap.verdict(block, chair, prescriber_id, ignore, extra)
    verdicts = [(c, snap.verdict(block, c, prescriber_id, ignore, extra)) for c in snap.chairs]
    for chair, verdict in verdicts:
        if verdict.ok:
            return chair, verdict
    if not verdicts:
        return ChairInfo(0, "no chair", False), SlotVerdict((NO_FREE_CHAIR,), False, None)
    common = [r for r in verdicts[0][1].reasons if all(r in v.reasons for _, v in verdicts)]
    chair_specific = any(set(v.reasons) - set(common) for _, v in verdicts)
    reasons = common + ([NO_FREE_CHAIR] if chair_specific else [])
    taken = chair_specific or any("already has an active session" in r for r in common)
    return verdicts[0][0], SlotVerdict(tuple(reasons), taken, verdicts[0][1].prescriber_id)


class SchedulingService(SessionStateService):
    # -- booking ---------------------------------------------------------------------------
    @requires(Op.BOOK_SESSION)
    def book(self, actor: Actor, *, patient_id: int, clinic_id: int, day: date,
             start_time: time, chair_id: int | None = None, prescriber_id: int | None = None,
             ride_driver_name: str = "", ride_driver_phone: str = "",
             planned_dose_mg: int | None = None, acknowledged: Sequence[str] = ()
             ) -> BookingResult:
        """Book one session; hard rules refuse (RuleViolation/SlotTaken), warnings need ack."""
        driver, phone = clean_ride(ride_driver_name, ride_driver_phone)
        _check_dose(planned_dose_mg)

        def work(session: Session) -> BookingResult:
            lock_bookings(session)
            snap = load_snapshot(session, clinic_id, patient_id, day, day)
            block = snap.block(day, start_time)
            if prescriber_id is not None:
                snap.prescriber_names[prescriber_id] = prescriber_name(session, prescriber_id)
            self._refuse_past(block)
            chair, verdict = choose_chair(snap, block, chair_id, prescriber_id)
            verdict.raise_if_refused()
            warnings = booking_warnings(rems_enrolled=snap.rems_enrolled, ride_planned=bool(driver),
                                        plan=snap.plan, history=snap.history,
                                        proposed=[block.start], zone=snap.zone)
            stored = require_acknowledged(warnings, acknowledged)
            row = self._insert(session, actor, snap, block, chair, verdict.prescriber_id, stored,
                               driver=driver, phone=phone, dose=planned_dose_mg)
            self.audit(session, actor, "book", "treatment_session", row.id, patient_id=patient_id,
                       details=_booking_details(row, chair, stored))
            return _result(row, chair, snap, stored)

        return self._guarded_write(work, clinic_id, patient_id, day, start_time, chair_id)

    @requires(Op.BOOK_SESSION)
    def book_series(self, actor: Actor, *, patient_id: int, clinic_id: int,
                    slots: Sequence[SeriesSlot], prescriber_id: int | None = None,
                    ride_driver_name: str = "", ride_driver_phone: str = "",
                    planned_dose_mg: int | None = None, acknowledged: Sequence[str] = ()
                    ) -> SeriesResult:
        """All-or-nothing: if any slot is refused, nothing is saved and proposals come back."""
        if not slots:
            raise FieldError("series", "choose at least one date")
        driver, phone = clean_ride(ride_driver_name, ride_driver_phone)
        _check_dose(planned_dose_mg)
        days = sorted(s.day for s in slots)

        def work(session: Session) -> SeriesResult:
            lock_bookings(session)
            snap = load_snapshot(session, clinic_id, patient_id, days[0], days[-1],
                                 margin_days=4)
            if prescriber_id is not None:
                snap.prescriber_names[prescriber_id] = prescriber_name(session, prescriber_id)
            planned: list[tuple[Block, ChairInfo, SlotVerdict]] = []
            pending: list[Booking] = []
            proposals: list[SlotProposal] = []
            for index, slot in enumerate(slots):
                block = snap.block(slot.day, slot.start_time)
                chair, verdict = choose_chair(snap, block, slot.chair_id, prescriber_id,
                                              extra=pending)
                if block.start < self.now():
                    verdict = SlotVerdict((f"{block.describe()} is in the past",) + verdict.reasons,
                                          verdict.taken, verdict.prescriber_id)
                if not verdict.ok:
                    alts = self._alternatives(snap, slot, prescriber_id, pending)
                    proposals.append(SlotProposal(index, slot, verdict.reasons, alts))
                    continue
                planned.append((block, chair, verdict))
                pending.append(Booking(-1 - index, patient_id, chair.id, block.start, block.end,
                                       block.local_date))
            if proposals:
                return SeriesResult(False, None, (), tuple(proposals))
            warnings = booking_warnings(rems_enrolled=snap.rems_enrolled, ride_planned=bool(driver),
                                        plan=snap.plan, history=snap.history,
                                        proposed=[b.start for b, _, _ in planned], zone=snap.zone)
            stored = require_acknowledged(warnings, acknowledged)
            series_id = str(uuid.uuid4())
            ids = []
            for block, chair, verdict in planned:
                row = self._insert(session, actor, snap, block, chair, verdict.prescriber_id,
                                   stored, driver=driver, phone=phone, dose=planned_dose_mg,
                                   series_id=series_id)
                ids.append(row.id)
            self.audit(session, actor, "book_series", "treatment_session", ids[0],
                       patient_id=patient_id,
                       details={"series_id": series_id, "session_ids": ids,
                                "dates": [b.local_start.isoformat() for b, _, _ in planned],
                                "acknowledged_warnings": list(stored)})
            return SeriesResult(True, series_id, tuple(ids), ())

        return self._guarded_write(work, clinic_id, patient_id, days[0], slots[0].start_time, None)

    @requires(Op.RESCHEDULE_SESSION)
    def reschedule(self, actor: Actor, session_id: int, version: int, *, day: date,
                   start_time: time, reason: str, chair_id: int | None = None,
                   clinic_id: int | None = None, acknowledged: Sequence[str] = ()
                   ) -> BookingResult:
        """Cancel the old booking as "rescheduled" and book the new slot (rescheduled_from_id)."""
        reason = required_reason(reason)

        def work(session: Session) -> BookingResult:
            lock_bookings(session)
            old = self._load_for_change(session, session_id, version, {SessionStatus.SCHEDULED},
                                        "reschedule")
            target_clinic = clinic_id or old.clinic_id
            snap = load_snapshot(session, target_clinic, old.patient_id, day, day)
            block = snap.block(day, start_time)
            self._refuse_past(block)
            keep = old.supervising_prescriber_id
            chair, verdict = choose_chair(snap, block, chair_id, None, ignore=old.id)
            if keep in snap.prescriber_ids and verdict.ok:
                kept = snap.verdict(block, chair, keep, ignore_session_id=old.id)
                verdict = kept if kept.ok else verdict
            verdict.raise_if_refused()
            others = [h for h in snap.history if h != old.scheduled_start]
            warnings = cadence_warnings(snap.plan, others, [block.start], snap.zone)
            stored = require_acknowledged(warnings, acknowledged)
            now = self.now()
            old.status = SessionStatus.CANCELLED
            old.cancel_reason = f"Rescheduled: {reason}"
            old.cancelled_by_id = actor.staff_id
            old.cancelled_at = now
            old.updated_at = now
            session.flush()
            previous = tuple(w for w in old.booking_warnings.split("\n") if w)
            row = self._insert(session, actor, snap, block, chair, verdict.prescriber_id,
                               previous + stored, driver=old.ride_driver_name,
                               phone=old.ride_driver_phone, dose=old.planned_dose_mg,
                               series_id=old.series_id, rescheduled_from_id=old.id,
                               plan_id=old.plan_id)
            row.ride_confirmed = old.ride_confirmed
            row.ride_confirmed_at = old.ride_confirmed_at
            self.audit(session, actor, "reschedule", "treatment_session", row.id,
                       patient_id=old.patient_id,
                       details={"from_session_id": old.id, "reason": reason,
                                "from": old.scheduled_start.astimezone(snap.zone).isoformat(),
                                "to": block.local_start.isoformat(), "chair_id": chair.id,
                                "acknowledged_warnings": list(stored)})
            return _result(row, chair, snap, previous + stored)

        return self._guarded_write(work, clinic_id, None, day, start_time, chair_id)

    # -- finding slots -----------------------------------------------------------------------
    @requires(Op.VIEW_SCHEDULE)
    def find_next_free_slot(self, actor: Actor, patient_id: int, from_day: date,
                            clinic_ids: Sequence[int] | None = None, days: int = 28
                            ) -> FreeSlot | None:
        """The earliest bookable slot at the given clinics (default both) without warnings
        about cadence; the earliest instant across clinics wins."""
        with self.db.read() as session:
            ids = list(clinic_ids) if clinic_ids else [
                c.id for c in session.query(Clinic).filter(Clinic.active.is_(True))
                .order_by(Clinic.id)]
            snaps = [load_snapshot(session, cid, patient_id, from_day,
                                   from_day + timedelta(days=days)) for cid in ids]
        now = self.now()
        if snaps:
            snap = snaps[0]
            due = next_due_day(snap.plan, snap.history, now.astimezone(snap.zone).date(), snap.zone)
            if due > from_day:
                days -= (due - from_day).days
                from_day = due
        for offset in range(days + 1):
            day = from_day + timedelta(days=offset)
            found: list[FreeSlot] = []
            for snap in snaps:
                slot = self._first_free_on(snap, day, now)
                if slot is not None:
                    found.append(slot)
            if found:
                return min(found, key=lambda s: (s.local_start, s.clinic_id))
        return None

    def _first_free_on(self, snap: Snapshot, day: date, now: datetime) -> FreeSlot | None:
        for at in slot_times(snap.clinic.opening_hours, day, snap.clinic.session_block_minutes):
            try:
                block = snap.block(day, at)
            except FieldError:
                continue
            if block.start < now or too_frequent(
                    cadence_warnings(snap.plan, snap.history, [block.start], snap.zone)):
                continue
            chair, verdict = choose_chair(snap, block, None, None)
            if verdict.ok:
                return FreeSlot(snap.clinic.id, snap.clinic.code, chair.id, chair.label, day, at,
                                block.local_start, block.local_end)
            if verdict.taken and not any(r == NO_FREE_CHAIR for r in verdict.reasons):
                return None  # the patient already has a session that day
        return None

    def _alternatives(self, snap: Snapshot, slot: SeriesSlot, prescriber_id: int | None,
                      pending: list[Booking]) -> tuple[Alternative, ...]:
        found: list[Alternative] = []
        earliest = self.now().astimezone(snap.zone).date()
        chair_ids = [c.id for c in snap.chairs if c.active]
        for day, chair_id in alternative_candidates(slot.day, chair_ids, slot.chair_id,
                                                    max_days=3, earliest=earliest):
            if any(a.day == day for a in found) and day != slot.day:
                continue
            try:
                block = snap.block(day, slot.start_time)
            except FieldError:
                continue
            if block.start < self.now():
                continue
            chair = snap.chair(chair_id)
            if snap.verdict(block, chair, prescriber_id, extra=pending).ok:
                found.append(Alternative(day, slot.start_time, chair.id, chair.label,
                                         block.local_start))
                if len(found) >= MAX_ALTERNATIVES:
                    break
        return tuple(found)

    # -- helpers -----------------------------------------------------------------------------
    def _refuse_past(self, block: Block) -> None:
        if block.start < self.now():
            raise RuleViolation([f"{block.describe()} is in the past"])

    def _insert(self, session: Session, actor: Actor, snap: Snapshot, block: Block,
                chair: ChairInfo, prescriber_id: int | None, warnings: Sequence[str], *,
                driver: str, phone: str, dose: int | None, series_id: str | None = None,
                rescheduled_from_id: int | None = None, plan_id: int | None = None
                ) -> TreatmentSession:
        row = TreatmentSession(
            patient_id=snap.patient_id, clinic_id=snap.clinic.id, chair_id=chair.id,
            plan_id=plan_id if plan_id is not None else (snap.plan.id if snap.plan else None),
            scheduled_start=block.start, scheduled_end=block.end,
            local_date=block.local_date, status=SessionStatus.SCHEDULED, series_id=series_id,
            rescheduled_from_id=rescheduled_from_id, booked_by_id=actor.staff_id,
            booking_warnings="\n".join(warnings), supervising_prescriber_id=prescriber_id,
            ride_driver_name=driver, ride_driver_phone=phone, planned_dose_mg=dose,
            created_at=self.now(),
        )
        session.add(row)
        session.flush()
        return row

    def _guarded_write(self, work, clinic_id: int | None, patient_id: int | None,  # noqa: ANN001
                       day: date, start_time: time, chair_id: int | None):  # noqa: ANN202
        """Run the unit of work; a database-level overlap (a race lost) becomes SlotTaken."""
        try:
            return self.write(work, "session")
        except IntegrityError as exc:
            text = str(exc.orig)
            if "chair_overlap" in text:
                what = "the chair at that time"
            elif "patient_overlap" in text or "patient_day" in text or "local_date" in text:
                what = "the patient's day"
            else:
                raise
            winner = self._winner_text(clinic_id, patient_id, day, start_time, chair_id)
            raise SlotTaken([f"another user booked {what} first" + (f": {winner}" if winner
                                                                      else "")]) from None

    def _winner_text(self, clinic_id: int | None, patient_id: int | None, day: date,
                     start_time: time, chair_id: int | None) -> str:
        if clinic_id is None or patient_id is None:
            return ""
        try:
            with self.db.read() as session:
                snap = load_snapshot(session, clinic_id, patient_id, day, day)
                block = snap.block(day, start_time)
                _, verdict = choose_chair(snap, block, chair_id, None)
        except (FieldError, Conflict):
            return ""
        return "; ".join(r for r in verdict.reasons if "booked" in r or "active session" in r)


def _check_dose(dose: int | None) -> None:
    if dose is not None and dose not in (56, 84):
        raise FieldError("planned dose", "must be 56 or 84 mg (other doses need a prescriber "
                                         "override at the session)")


def _booking_details(row: TreatmentSession, chair: ChairInfo, stored: Sequence[str]) -> dict:
    return {"clinic_id": row.clinic_id, "chair_id": chair.id,
            "start": row.scheduled_start.isoformat(), "end": row.scheduled_end.isoformat(),
            "supervising_prescriber_id": row.supervising_prescriber_id,
            "ride_planned": bool(row.ride_driver_name), "acknowledged_warnings": list(stored)}


def _result(row: TreatmentSession, chair: ChairInfo, snap: Snapshot,
            stored: Sequence[str]) -> BookingResult:
    return BookingResult(row.id, row.clinic_id, chair.id, chair.label,
                         row.scheduled_start.astimezone(snap.zone),
                         row.scheduled_end.astimezone(snap.zone),
                         row.supervising_prescriber_id, tuple(stored))
