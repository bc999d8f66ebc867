"""Property tests: bad checkpoint, lot and note input is refused with a named field, never half-written."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from aurora_desktop.db.models import AuditEvent, DeviceAdministration, MonitoringAlert, MonitoringCheckpoint
from aurora_desktop.domain.enums import Dissociation
from aurora_desktop.domain.errors import FieldError, RuleViolation
from aurora_desktop.domain.vitals import Reading
from aurora_desktop.services.container import Services
from tests.support.session_day import make_session, ready_to_dose
from tests.support.staff import StaffSet

values = st.one_of(st.none(), st.integers(-50, 400))
readings = st.builds(Reading, systolic=values, diastolic=values, heart_rate=values, spo2=values,
                     respiratory_rate=values, moaas=st.one_of(st.none(), st.integers(-3, 8)),
                     dissociation=st.one_of(st.none(), st.sampled_from(list(Dissociation))),
                     cadss=st.one_of(st.none(), st.integers(-5, 100)))


def _counts(services: Services) -> tuple[int, int, int, int]:
    with services.ctx.db.read() as session:
        return tuple(session.scalar(select(func.count(model.id))) for model in
                     (MonitoringCheckpoint, MonitoringAlert, AuditEvent, DeviceAdministration))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reading=readings, note=st.text(max_size=30), lot=st.text(max_size=45))
def test_bad_input_is_refused_whole(sqlite_services: Services, sqlite_staff: StaffSet, reading: Reading,
                                    note: str, lot: str) -> None:
    services, nurse = sqlite_services, sqlite_staff.nurse
    with services.ctx.db.read() as session:
        sid = session.scalar(select(DeviceAdministration.session_id).limit(1))
    if sid is None:
        sid = make_session(services, sqlite_staff.prescriber).session_id
        ready_to_dose(services, nurse, sid)
        services.administration.record_device(nurse, sid, "LOT-1")
    before = _counts(services)
    try:
        result = services.monitoring.record_checkpoint(nurse, sid, reading, note=note)
    except FieldError as exc:
        assert exc.field and exc.message
        assert _counts(services) == before
    else:
        after = _counts(services)
        assert after[0] == before[0] + 1 and after[1] == before[1] + len(result.alerts)
        assert after[2] == before[2] + 1
    before = _counts(services)
    try:
        services.administration.record_device(nurse, sid, lot, early_reason="property test")
    except (FieldError, RuleViolation):
        assert _counts(services) == before
    else:
        assert _counts(services)[3] == before[3] + 1
