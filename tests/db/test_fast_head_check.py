"""The start-up schema check that needs no Alembic import agrees with Alembic on both backends."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import text

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database


def test_is_at_head_only_for_a_database_at_the_newest_revision(empty_database_url: str) -> None:
    db = Database(empty_database_url)
    try:
        assert not migrations.is_at_head(db.engine)  # empty: no version table
        migrations.upgrade(db.engine)
        assert migrations.is_at_head(db.engine)
        assert migrations._single_head_from_files() == migrations.head_revision()  # noqa: SLF001
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'zzzz_newer'"))
        assert not migrations.is_at_head(db.engine)  # start-up then lets Alembic refuse it
    finally:
        db.dispose()


def test_the_check_does_not_import_alembic() -> None:
    code = ("import sys; from aurora_desktop.db import migrations; "
            "migrations._single_head_from_files(); assert 'alembic' not in sys.modules")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
