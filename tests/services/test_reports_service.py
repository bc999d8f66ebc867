"""Report read models: permissions, unknown ids, and the audit of every exported document."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.domain.errors import FieldError, NotFound
from aurora_desktop.reports import jobs
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from tests.support.session_data import SESSION_DAY, build_session
from tests.support.staff import StaffSet


def test_export_is_audited_and_unknown_ids_are_not_found(services: Services, staff: StaffSet) -> None:
    built = build_session(services, staff)
    job = jobs.session_log_job(services, staff.front_desk, built.session_id)
    jobs.record_output(services, staff.front_desk, "print", job, "Office printer")
    with services.ctx.db.read() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.entity, event.entity_id) == ("print", "treatment_session",
                                                                 str(built.session_id))
        assert event.patient_id == built.patient_id and event.actor_id == staff.front_desk.staff_id
        assert "Office printer" in event.details and "session_log" in event.details
        report = services.ctx.audit.verify(session)
    assert report.ok
    with pytest.raises(NotFound):
        services.reports.session_record(staff.nurse, 999_999)
    with pytest.raises(NotFound, match="MRN"):
        services.reports.patient_history_by_mrn(staff.nurse, "NOPE")
    with pytest.raises(FieldError):
        services.reports.record_output(staff.nurse, "email", [])
    wp = services.clinics.get_by_code("WP").id
    items = services.reports.batch_items(staff.admin, wp, SESSION_DAY, SESSION_DAY)
    assert [i.session_id for i in items] == [built.session_id]
    with pytest.raises(FieldError):
        services.reports.batch_items(staff.admin, wp, date(2026, 12, 2), date(2026, 12, 1))


def test_report_reads_need_the_export_permission(sqlite_services: Services) -> None:
    nobody = Actor(None, "guest", "Guest", frozenset(), "test-pc")
    with pytest.raises(Exception, match="permission denied"):
        sqlite_services.reports.day_log(nobody, 1, SESSION_DAY)
