"""Property tests: any input to validators and service entry points -> accepted or a named rejection.

0 uncaught exceptions, 0 partial writes (every table's content hash is unchanged after a
rejection), and every FieldError names its field and what is allowed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aurora_desktop.domain import text as text_rules
from aurora_desktop.domain.accounts import password_problems, username_problem
from aurora_desktop.domain.administration import (
    devices_for_dose,
    validate_device_time,
    validate_lot_number,
)
from aurora_desktop.domain.enums import Dissociation, Role
from aurora_desktop.domain.errors import AuroraError, FieldError, RuleViolation
from aurora_desktop.domain.vitals import VITAL_RANGES, Reading, validate_vital
from aurora_desktop.services import backup
from aurora_desktop.services.container import Services
from aurora_desktop.services.session_day._common import clean_text
from tests.support.session_day import NORMAL, complete_form, make_session, ready_to_dose
from tests.support.staff import StaffSet

# Text a user could type or paste: any Unicode (incl. control characters, emoji, RTL,
# combining marks), empty and whitespace-only strings, and 10,000-character notes.
any_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", " ", "\t", "\n", "\x00", "Zoë O’Brien", "李小龍", "مريم", "e\u0301", "🙂" * 5]),
    st.text(min_size=1, max_size=12).map(lambda t: (t * (10_010 // len(t) + 1))[: 9_995 + len(t)]),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=5).map(lambda c: f"LOT{c}42"),
)
any_int = st.one_of(st.integers(min_value=-(2**63), max_value=2**63), st.integers(-5, 400))
maybe_int = st.one_of(st.none(), any_int)
ALLOWED_WORDS = re.compile(
    r"allowed|must|only|at most|at least|more than|less than|required|between|from .+ to|cannot|not |"
    r"enter|need|one of"
)
_MRNS = itertools.count(1)
DB_SETTINGS = settings(max_examples=40, deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def assert_named(exc: AuroraError) -> None:
    """A rejection says which field (or which rule) and what would be accepted."""
    if isinstance(exc, FieldError):
        assert exc.field.strip(), exc
        assert str(exc).startswith(f"{exc.field}: ")
        assert ALLOWED_WORDS.search(exc.message), f"no allowed values in: {exc}"
    elif isinstance(exc, RuleViolation):
        assert exc.reasons and all(r.strip() for r in exc.reasons)
    assert "\n" not in str(exc) or isinstance(exc, RuleViolation)


# ------------------------------------------------------------------ pure validators

@given(st.sampled_from(sorted(VITAL_RANGES)), st.one_of(maybe_int, st.booleans(), st.floats(), st.text()))
def test_any_vital_value(field: str, value: object) -> None:
    label, low, high = VITAL_RANGES[field]
    try:
        assert validate_vital(field, value) == value  # type: ignore[arg-type]
        assert value is None or low <= value <= high  # type: ignore[operator]
    except FieldError as exc:
        assert exc.field == label and f"{low} to {high}" in exc.message
        assert_named(exc)


@given(maybe_int, maybe_int, maybe_int, maybe_int, maybe_int, maybe_int, maybe_int)
def test_any_reading(sbp, dbp, hr, spo2, rr, moaas, cadss) -> None:  # noqa: ANN001
    reading = Reading(sbp, dbp, hr, spo2, rr, moaas, Dissociation.NONE, cadss)
    try:
        reading.validate()
    except FieldError as exc:
        assert_named(exc)


@given(any_text)
def test_any_lot_number(raw: str) -> None:
    try:
        lot = validate_lot_number(raw)
    except FieldError as exc:
        assert exc.field == "lot number"
        assert_named(exc)
        return
    assert 1 <= len(lot) <= 40 and re.fullmatch(r"[A-Z0-9][A-Z0-9\-./]*", lot)
    assert not text_rules.has_control_characters(lot)


@given(any_int)
def test_any_dose(dose: int) -> None:
    try:
        assert 1 <= devices_for_dose(dose) <= 6 and dose % 28 == 0
    except FieldError as exc:
        assert exc.field == "dose" and "28 mg" in exc.message or "devices" in exc.message


@given(st.datetimes(timezones=st.just(UTC), min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_any_device_time(at: datetime) -> None:
    now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    try:
        validate_device_time(at, now)
        assert now - timedelta(minutes=60) <= at <= now + timedelta(minutes=2)
    except FieldError as exc:
        assert exc.field == "device time"
        assert_named(exc)


@given(any_text)
def test_any_free_text_and_names(raw: str) -> None:
    try:
        cleaned = clean_text(raw, "note", 4000, required=True)
        assert cleaned == raw.strip() and 0 < len(cleaned) <= 4000
        assert not text_rules.has_control_characters(cleaned)
    except FieldError as exc:
        assert exc.field == "note"
        assert_named(exc)
    text_rules.fold(raw)
    text_rules.format_us_phone(raw)
    username_problem(raw)
    assert all(isinstance(p, str) and p for p in password_problems(raw, "nurse"))


# ------------------------------------------------------------------ service entry points

def guarded(services: Services, call) -> object | None:  # noqa: ANN001
    """Run *call*; on a rejection check it is named and that nothing at all was written."""
    with services.ctx.db.engine.connect() as conn:
        before = backup.digest_database(conn)
    try:
        return call()
    except AuroraError as exc:
        assert_named(exc)
        with services.ctx.db.engine.connect() as conn:
            assert backup.digest_database(conn) == before, f"partial write after: {exc}"
        return None


@pytest.fixture
def monitoring_session(sqlite_services: Services, sqlite_staff: StaffSet, clock) -> int:  # noqa: ANN001
    sid = make_session(sqlite_services, sqlite_staff.prescriber).session_id
    ready_to_dose(sqlite_services, sqlite_staff.nurse, sid)
    sqlite_services.administration.record_device(sqlite_staff.nurse, sid, "LOT-A1")
    return sid


@DB_SETTINGS
@given(st.integers(-50, 200), st.integers(-10, 100), st.lists(any_int, max_size=8), st.integers(-5, 200))
def test_clinic_protocol_edit(sqlite_services: Services, sqlite_staff: StaffSet, spo2: int, grace: int,
                              offsets: list[int], idle: int) -> None:
    clinic = sqlite_services.clinics.get_by_code("WP")
    guarded(sqlite_services, lambda: sqlite_services.clinics.update_protocol(
        sqlite_staff.admin, clinic.id, clinic.version, spo2_alert_threshold=spo2,
        overdue_grace_minutes=grace, checkpoint_offsets=offsets, idle_lock_minutes=idle))


@DB_SETTINGS
@given(maybe_int, maybe_int, maybe_int, maybe_int, maybe_int, maybe_int, st.booleans())
def test_checkpoint_with_any_vitals(sqlite_services: Services, sqlite_staff: StaffSet,
                                    monitoring_session: int, sbp, dbp, hr, spo2, rr, moaas,  # noqa: ANN001
                                    nausea: bool) -> None:
    reading = replace(NORMAL, systolic=sbp, diastolic=dbp, heart_rate=hr, spo2=spo2,
                      respiratory_rate=rr, moaas=moaas)
    guarded(sqlite_services, lambda: sqlite_services.monitoring.record_checkpoint(
        sqlite_staff.nurse, monitoring_session, reading, nausea=nausea))


@DB_SETTINGS
@given(lot=any_text, minutes=st.integers(-600, 600))
def test_device_with_any_lot_and_time(sqlite_services: Services, sqlite_staff: StaffSet,
                                      monitoring_session: int, lot: str, minutes: int) -> None:
    at = sqlite_services.ctx.clock.now() + timedelta(minutes=minutes)
    guarded(sqlite_services, lambda: sqlite_services.administration.record_device(
        sqlite_staff.nurse, monitoring_session, lot, administered_at=at, early_reason="observed"))


@DB_SETTINGS
@given(drug=any_text, dose=any_text, hours_ago=st.integers(-48, 48))
def test_checklist_answers_with_any_text(sqlite_services: Services, sqlite_staff: StaffSet, clock,  # noqa: ANN001
                                         drug: str, dose: str, hours_ago: int) -> None:
    sid = make_session(sqlite_services, sqlite_staff.prescriber, chair_position=1 + hours_ago % 8,
                       start=clock.now() + timedelta(days=abs(hours_ago) + 1),
                       mrn=f"BAD{next(_MRNS):07d}").session_id
    sqlite_services.checklist.start_checklist(sqlite_staff.nurse, sid)
    view = sqlite_services.session_day.session_view(sqlite_staff.nurse, sid)
    form = replace(complete_form(clock.now()), oral_ad_drug=drug, oral_ad_dose=dose,
                   last_food_at=clock.now() - timedelta(hours=hours_ago))
    guarded(sqlite_services, lambda: sqlite_services.checklist.save_answers(
        sqlite_staff.nurse, sid, form, view.checklist_version))


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(username=any_text, full_name=any_text, npi=st.one_of(st.none(), any_text))
def test_new_account_with_any_names(sqlite_services: Services, sqlite_staff: StaffSet, username: str,
                                    full_name: str, npi: str | None) -> None:
    assume(len(username) < 200)
    guarded(sqlite_services, lambda: sqlite_services.users.add_user(
        sqlite_staff.admin, username, full_name, [Role.NURSE], "a long enough password 1", npi=npi))


@DB_SETTINGS
@given(event_type=any_text, action_taken=any_text, outcome=any_text, minutes=st.integers(-10_000, 10_000))
def test_adverse_event_with_any_text(sqlite_services: Services, sqlite_staff: StaffSet,
                                     monitoring_session: int, event_type: str, action_taken: str,
                                     outcome: str, minutes: int) -> None:
    from aurora_desktop.domain.enums import Severity

    onset = sqlite_services.ctx.clock.now() + timedelta(minutes=minutes)
    guarded(sqlite_services, lambda: sqlite_services.monitoring.record_adverse_event(
        sqlite_staff.nurse, monitoring_session, event_type=event_type, severity=Severity.MILD,
        serious=False, onset_at=onset, action_taken=action_taken, outcome=outcome))


@DB_SETTINGS
@given(query=any_text)
def test_patient_search_with_any_text(sqlite_services: Services, sqlite_staff: StaffSet, query: str) -> None:
    hits = guarded(sqlite_services,
                   lambda: sqlite_services.patient_search.search(sqlite_staff.front_desk, query))
    assert hits is None or isinstance(hits, list)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(username=any_text, password=any_text)
def test_sign_in_with_any_text(sqlite_services: Services, sqlite_staff: StaffSet, username: str,
                               password: str) -> None:
    from aurora_desktop.domain.errors import AuthenticationFailed

    # A failed sign-in is recorded (audit + attempt counter) by design, so only "no crash".
    with pytest.raises(AuthenticationFailed) as caught:
        sqlite_services.auth.sign_in(username, password)
    assert str(caught.value).strip() and "\n" not in str(caught.value)
