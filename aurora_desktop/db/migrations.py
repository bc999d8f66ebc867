"""Run and inspect Alembic migrations programmatically (start-up and `aurora-admin db`)."""

from __future__ import annotations

from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from aurora_desktop.resources import migrations_dir


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
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def status(engine: Engine) -> SchemaStatus:
    return SchemaStatus(engine.dialect.name, current_revision(engine), head_revision())


def ensure_not_newer(engine: Engine) -> None:
    """Refuse a database whose revision this code does not know (made by a newer version)."""
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
    ensure_not_newer(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
