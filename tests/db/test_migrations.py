"""Migrations: models and migrations agree on both backends; newer schemas are refused."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from aurora_desktop.db import migrations
from aurora_desktop.db.base import Base
from aurora_desktop.db.database import Database


def test_upgrade_reaches_head_and_models_match(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    assert migrations.current_revision(db.engine) is None
    migrations.upgrade(db.engine)
    assert migrations.status(db.engine).up_to_date
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    db.dispose()


def test_upgrade_twice_is_harmless(database_url: str) -> None:
    db = Database(database_url)
    migrations.upgrade(db.engine)
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    db.dispose()


def test_database_from_a_newer_version_is_refused(database_url: str) -> None:
    db = Database(database_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(migrations.SchemaTooNewError, match="newer than this Aurora Desktop"):
        migrations.upgrade(db.engine)
    db.dispose()


def test_enrollments_ended_before_0005_get_their_end_from_the_audit_trail(
        services, staff) -> None:  # noqa: ANN001
    """Down to 0004 (the end lived only in the audit trail) and up again: the ended
    enrollment's day, person and reason come back from its "end" audit event."""
    from alembic import command

    from aurora_desktop.domain.enums import EnrollmentStatus
    from aurora_desktop.services.patients import PatientForm

    desk = staff.front_desk
    p = services.patients.create(desk, PatientForm(mrn="WP-000777", first_name="Ada",
                                                   last_name="Stone",
                                                   date_of_birth=date(1980, 3, 4),
                                                   phone="(914) 555-0177"))
    services.patients.record_enrollment(desk, p.id, "RP-7", services.patients._today(),
                                        EnrollmentStatus.ACTIVE)
    e = services.patient_chart.open_chart(desk, p.id).enrollment
    services.patients.end_enrollment(desk, e.id, e.version, "moved to Albany")
    before = services.patient_chart.open_chart(desk, p.id).enrollment
    assert before.ended_on is not None
    engine = services.ctx.db.engine
    cfg = migrations.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004_floor_form_clinic")
    migrations.upgrade(engine)
    after = services.patient_chart.open_chart(desk, p.id).enrollment
    assert (after.ended_on, after.ended_by_id, after.end_reason) == (
        before.ended_on, desk.staff_id, "moved to Albany")
