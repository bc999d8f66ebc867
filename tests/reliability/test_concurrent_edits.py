"""Two users save the same record at once: one wins, the other gets StaleRecord, 0 lost updates."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.errors import StaleRecord
from aurora_desktop.services.container import Services
from tests.conftest import build_services, new_pg_database
from tests.support.session_day import complete_form, make_session
from tests.support.staff import StaffSet, create_staff

ROUNDS = 12


def race(first: Callable[[], object], second: Callable[[], object]) -> list[str]:
    """Run both saves at the same moment; return 'saved' / 'stale' for each."""
    barrier = threading.Barrier(2)
    results: list[str] = ["", ""]

    def attempt(i: int, save: Callable[[], object]) -> None:
        barrier.wait()
        try:
            save()
            results[i] = "saved"
        except StaleRecord as exc:
            assert "changed by someone else" in str(exc)
            results[i] = "stale"
        except Exception as exc:  # noqa: BLE001 - reported to the test, not swallowed
            results[i] = f"error {type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=attempt, args=(i, s)) for i, s in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def audit_count(services: Services, action: str, entity: str) -> int:
    with services.ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == action, AuditEvent.entity == entity))


def test_clinic_settings_edited_by_two_admins(services: Services, staff: StaffSet) -> None:
    clinic_id = services.clinics.get_by_code("WP").id
    wins = []
    for r in range(ROUNDS):
        loaded = services.clinics.get_by_code("WP")  # both users opened the same copy
        # Two different values, both different from the stored one (a no-op save bumps nothing).
        values = tuple(v for v in (88 + r % 5, 94 + r % 5) if v != loaded.spo2_alert_threshold)[:2]
        assert len(values) == 2

        def save(threshold: int, version: int = loaded.version) -> Callable[[], None]:
            return lambda: services.clinics.update_protocol(
                staff.admin, clinic_id, version, spo2_alert_threshold=threshold,
                overdue_grace_minutes=5, checkpoint_offsets=[15, 40, 60, 90, 120], idle_lock_minutes=10)

        outcome = race(save(values[0]), save(values[1]))
        assert sorted(outcome) == ["saved", "stale"], (r, values, loaded.version, outcome)
        winner = values[outcome.index("saved")]
        stored = services.clinics.get_by_code("WP")
        assert stored.spo2_alert_threshold == winner  # the saved value is the one kept
        assert stored.version == loaded.version + 1
        wins.append(winner)
    assert audit_count(services, "update", "clinic") == ROUNDS  # exactly one update per round


def test_account_roles_edited_by_two_admins(services: Services, staff: StaffSet) -> None:
    target = staff.nurse.staff_id
    options = [[Role.NURSE, Role.FRONT_DESK], [Role.NURSE, Role.PRESCRIBER], [Role.NURSE]]
    for _ in range(ROUNDS // 2):
        current = services.users.get_by_username(staff.admin, "nurse")
        version = current.version
        choices = [o for o in options if {r.value for r in o} != set(current.roles)][:2]
        outcome = race(
            lambda c=choices[0], v=version: services.users.set_roles(staff.admin, target, c, v),
            lambda c=choices[1], v=version: services.users.set_roles(staff.admin, target, c, v),
        )
        assert sorted(outcome) == ["saved", "stale"], outcome
        kept = services.users.get_by_username(staff.admin, "nurse")
        assert set(kept.roles) == {r.value for r in choices[outcome.index("saved")]}
        assert kept.version == version + 1


def test_checklist_saved_by_two_nurses(services: Services, staff: StaffSet, clock) -> None:  # noqa: ANN001
    s = make_session(services, staff.prescriber)
    services.checklist.start_checklist(staff.nurse, s.session_id)
    view = services.session_day.session_view(staff.nurse, s.session_id)
    form_a = complete_form(clock.now())
    form_b = complete_form(clock.now())
    outcome = race(
        lambda: services.checklist.save_answers(staff.nurse, s.session_id, form_a, view.checklist_version),
        lambda: services.checklist.save_answers(staff.prescriber, s.session_id, form_b,
                                                view.checklist_version),
    )
    assert sorted(outcome) == ["saved", "stale"], outcome
    after = services.session_day.session_view(staff.nurse, s.session_id)
    assert after.checklist_version > view.checklist_version
    who = "Nina Nurse" if outcome[0] == "saved" else "Dr. Paul Prescott"
    assert after.answered_by["ci_hypersensitivity"].startswith(who)


@pytest.mark.postgres
def test_postgresql_reconnects_after_the_server_drops_connections(
    pg_admin_url: str, pg_template: str, clock  # noqa: ANN001
) -> None:
    url, drop = new_pg_database(pg_admin_url, pg_template)
    services = build_services(url, clock)
    try:
        _reconnect_scenario(services, create_staff(services), pg_admin_url)
    finally:
        services.ctx.db.dispose()
        drop()


def _reconnect_scenario(services: Services, staff: StaffSet, pg_admin_url: str) -> None:
    db = services.ctx.db
    name = make_url(db.url).database
    assert len(services.clinics.list_clinics()) == 2  # a pooled connection now exists
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(text(
            "SELECT COUNT(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
            "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name}).scalar_one()
    admin.dispose()
    assert killed >= 1
    # The next calls (a read, then a write) reconnect transparently: the pool's checkout
    # sees the server's goodbye on the idle socket (the kill above waited for the backend to exit).
    assert [c.code for c in services.clinics.list_clinics()] == ["WP", "BK"]
    clinic = services.clinics.get_by_code("BK")
    services.clinics.update_protocol(staff.admin, clinic.id, clinic.version, spo2_alert_threshold=92,
                                     overdue_grace_minutes=5, checkpoint_offsets=[15, 40, 60, 90, 120],
                                     idle_lock_minutes=10)
    assert services.clinics.get_by_code("BK").spo2_alert_threshold == 92
