"""Migrations: models and migrations agree on both backends; newer schemas are refused."""

from __future__ import annotations

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
