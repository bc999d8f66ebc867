"""First-run seeding of the two clinics is idempotent and audited."""

from __future__ import annotations

import pytest

from aurora_desktop.domain.errors import FieldError, NotFound, PermissionDenied, StaleRecord
from aurora_desktop.services.container import Services


def test_seed_creates_two_clinics_with_eight_chairs_once(services: Services) -> None:
    assert services.clinics.seed_defaults() is False  # the fixture already seeded
    clinics = services.clinics.list_clinics()
    assert [c.code for c in clinics] == ["WP", "BK"]
    assert [len(c.chairs) for c in clinics] == [8, 8]
    wp = clinics[0]
    assert wp.name == "Aurora Wellness White Plains"
    assert wp.time_zone == "America/New_York"
    assert wp.session_block_minutes == 150
    assert wp.checkpoint_offsets == (15, 40, 60, 90, 120)
    assert wp.spo2_alert_threshold == 93


def test_get_by_code_is_case_insensitive_and_names_known_codes(services: Services) -> None:
    assert services.clinics.get_by_code("bk").name == "Aurora Wellness Brooklyn"
    with pytest.raises(NotFound, match="known clinics: WP, BK"):
        services.clinics.get_by_code("QQ")


def test_protocol_update_validates_and_detects_stale_edits(services: Services, staff) -> None:  # noqa: ANN001
    wp = services.clinics.list_clinics()[0]
    with pytest.raises(PermissionDenied):
        services.clinics.update_protocol(
            staff.nurse, wp.id, wp.version, spo2_alert_threshold=94, overdue_grace_minutes=5,
            checkpoint_offsets=[15, 40, 120], idle_lock_minutes=10)
    with pytest.raises(FieldError, match="SpO2 alert threshold"):
        services.clinics.update_protocol(
            staff.admin, wp.id, wp.version, spo2_alert_threshold=101, overdue_grace_minutes=5,
            checkpoint_offsets=[15, 40, 120], idle_lock_minutes=10)
    services.clinics.update_protocol(
        staff.admin, wp.id, wp.version, spo2_alert_threshold=94, overdue_grace_minutes=5,
        checkpoint_offsets=[40, 15, 120], idle_lock_minutes=10)
    assert services.clinics.list_clinics()[0].checkpoint_offsets == (15, 40, 120)
    with pytest.raises(StaleRecord, match="changed by someone else"):
        services.clinics.update_protocol(
            staff.admin, wp.id, wp.version, spo2_alert_threshold=95, overdue_grace_minutes=5,
            checkpoint_offsets=[15, 40, 120], idle_lock_minutes=10)
