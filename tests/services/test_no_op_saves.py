"""A save that changes nothing is a no-op: no audit event and no new version (every edit service)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from sqlalchemy import func, select

from aurora_desktop.db.base import Base
from aurora_desktop.db.models import (
    AuditEvent,
    Clinic,
    Patient,
    RemsMonitoringForm,
    StaffMember,
    StaffShift,
    TreatmentChair,
    TreatmentSession,
)
from aurora_desktop.domain.enums import Role
from aurora_desktop.services.container import Services
from tests.services.test_patients import FORM
from tests.support.session_data import build_session
from tests.support.session_day import make_session, ready_to_dose
from tests.support.staff import StaffSet

WED = date(2026, 12, 2)
PW = "a long enough password 1"


def _state(services: Services, model: type[Base], row_id: int) -> tuple[int, int]:
    """(audit events so far, the row's version)."""
    with services.ctx.db.read() as session:
        events = session.scalar(select(func.count(AuditEvent.id)))
        return events, session.get(model, row_id).version


def _assert_no_op(services: Services, model: type[Base], row_id: int,
                  save: Callable[[], object]) -> None:
    before = _state(services, model, row_id)
    save()
    assert _state(services, model, row_id) == before, f"{model.__name__} save of no change"


def test_saves_that_change_nothing_record_nothing(services: Services, staff: StaffSet) -> None:
    admin, doc, nurse = staff.admin, staff.prescriber, staff.nurse
    svc = services
    user = svc.users.add_user(admin, "nina2", "Nina Two", [Role.NURSE], PW)
    _assert_no_op(svc, StaffMember, user.id,
                  lambda: svc.users.set_roles(admin, user.id, [Role.NURSE], user.version))
    _assert_no_op(svc, StaffMember, user.id, lambda: svc.users.unlock(admin, user.id))

    wp = svc.clinics.get_by_code("WP")
    _assert_no_op(svc, Clinic, wp.id, lambda: svc.clinics.update_protocol(
        admin, wp.id, wp.version, spo2_alert_threshold=wp.spo2_alert_threshold,
        overdue_grace_minutes=wp.overdue_grace_minutes,
        checkpoint_offsets=list(wp.checkpoint_offsets), idle_lock_minutes=wp.idle_lock_minutes))
    chair = wp.chairs[0]
    chair_version = _state(svc, TreatmentChair, chair.id)[1]
    _assert_no_op(svc, TreatmentChair, chair.id,
                  lambda: svc.clinics.set_chair_active(admin, chair.id, chair.active, chair_version))

    shift = svc.roster.add_shift(admin, staff_id=nurse.staff_id, clinic_id=wp.id, day=WED,
                                 start_time=time(8), end_time=time(16), note="full day")
    _assert_no_op(svc, StaffShift, shift.id, lambda: svc.roster.update_shift(
        admin, shift.id, shift.version, day=WED, start_time=time(8), end_time=time(16),
        note=" full day "))

    p = svc.patients.create(staff.front_desk, FORM)
    _assert_no_op(svc, Patient, p.id,
                  lambda: svc.patients.update(staff.front_desk, p.id, p.version, p.form))

    built = build_session(svc, staff)
    form = svc.rems_forms.list_forms(nurse, built.clinic_id)[0]
    svc.rems_forms.mark_submitted(nurse, form.id, submitted_on=form.treatment_date,
                                  confirmation="PMF-1", version=form.version)
    _assert_no_op(svc, RemsMonitoringForm, form.id, lambda: svc.rems_forms.mark_submitted(
        nurse, form.id, submitted_on=form.treatment_date, confirmation="PMF-1",
        version=form.version + 1))

    sid = make_session(svc, doc).session_id
    ready_to_dose(svc, nurse, sid)
    svc.administration.record_device(nurse, sid, "LOT-A1")
    svc.checklist.override_dose(doc, sid, 28 * 3, "tolerability, prescriber decision")
    _assert_no_op(svc, TreatmentSession, sid, lambda: svc.checklist.override_dose(
        doc, sid, 28 * 3, "tolerability, prescriber decision"))


def test_a_real_change_is_still_audited_with_its_differences(services: Services,
                                                             staff: StaffSet) -> None:
    wp = services.clinics.get_by_code("WP")
    events, version = _state(services, Clinic, wp.id)
    services.clinics.update_protocol(
        staff.admin, wp.id, wp.version, spo2_alert_threshold=wp.spo2_alert_threshold - 1,
        overdue_grace_minutes=wp.overdue_grace_minutes,
        checkpoint_offsets=list(wp.checkpoint_offsets), idle_lock_minutes=wp.idle_lock_minutes)
    assert _state(services, Clinic, wp.id) == (events + 1, version + 1)
    with services.ctx.db.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (last.action, last.entity) == ("update", "clinic")
        assert "spo2_alert_threshold" in last.details and "idle_lock" not in last.details
