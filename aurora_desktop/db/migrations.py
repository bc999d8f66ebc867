"""Run and inspect Alembic migrations programmatically (start-up and `aurora-admin db`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from aurora_desktop.resources import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a migration has to run or be inspected: importing it costs
# a large part of a cold start, and on an up-to-date database `is_at_head` needs none of it.
_REVISION = re.compile(r"""^revision(?:\s*:\s*str)?\s*=\s*['"]([^'"]+)['"]""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision(?:\s*:[^=]+)?\s*=\s*(None|['"]([^'"]+)['"])""", re.MULTILINE)


class SchemaTooNewError(RuntimeError):
    """The database was migrated by a newer Aurora Desktop than this one."""


@dataclass(frozen=True)
class SchemaStatus:
    backend: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def status(engine: Engine) -> SchemaStatus:
    return SchemaStatus(engine.dialect.name, current_revision(engine), head_revision())


def ensure_not_newer(engine: Engine) -> None:
    """Refuse a database whose revision this code does not know (made by a newer version)."""
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    if current is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaTooNewError(
            f"database schema revision {current} is newer than this Aurora Desktop "
            f"(latest known {script.get_current_head()}); install the newer version"
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to *revision* in one transaction per run."""
    from alembic import command

    ensure_not_newer(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _single_head_from_files() -> str | None:
    """The head revision read straight from the revision files (None if unsure)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in migrations_dir().joinpath("versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        if down.group(2):
            downs.add(down.group(2))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def is_at_head(engine: Engine) -> bool:
    """Cheap start-up check: the database is at the newest revision (no Alembic import).

    False whenever in doubt (no version table, several heads, an unreadable file); the
    caller then runs `upgrade`, which decides properly.
    """
    head = _single_head_from_files()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        return False
    return current == [head]
