"""Upgrading a database built at every earlier revision to head keeps every row."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, select

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database
from tests.support.populate import fill_every_table


def all_revisions() -> list[str]:
    """Every revision, oldest first (a new migration is covered automatically)."""
    script = ScriptDirectory.from_config(migrations.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def snapshot(db: Database) -> dict[str, set[tuple]]:
    """Primary keys per table: which rows exist."""
    meta = MetaData()
    meta.reflect(db.engine)
    with db.engine.connect() as conn:
        return {
            t.name: set(conn.execute(select(*t.primary_key.columns)).all())
            for t in meta.sorted_tables if t.name != "alembic_version"
        }


@pytest.mark.parametrize("revision", all_revisions())
def test_upgrade_from_revision_keeps_every_row(empty_database_url: str, revision: str) -> None:
    db = Database(empty_database_url)
    migrations.upgrade(db.engine, revision)
    assert migrations.current_revision(db.engine) == revision
    counts = fill_every_table(db.engine, rows_per_table=2)
    assert counts and all(n == 2 for n in counts.values())
    before = snapshot(db)
    migrations.upgrade(db.engine)
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    after = snapshot(db)
    for table, keys in before.items():
        assert table in after, f"table {table} disappeared"
        assert keys <= after[table], f"rows lost in {table}"
    db.dispose()
