"""Alembic environment: runs on the connection handed in by aurora_desktop.db.migrations."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from aurora_desktop.db import models  # noqa: F401  (fills Base.metadata)
from aurora_desktop.db.base import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run `aurora-admin db upgrade`")
run_migrations_online()
