"""Open the configured database: create the folder, migrate to head, seed first-run data."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database, DatabaseUrlError
from aurora_desktop.services.clock import Clock, SystemClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext
from aurora_desktop.settings import Settings

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The database could not be opened or migrated; the message is fit for a dialog."""


def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    if settings.is_sqlite:
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StartupError(f"cannot create data folder {settings.data_dir}: {exc.strerror}") from None
    try:
        db = Database(settings.database_url)
    except DatabaseUrlError as exc:
        raise StartupError(str(exc)) from None
    try:
        if migrate:
            migrations.upgrade(db.engine)
        else:
            migrations.ensure_not_newer(db.engine)
    except migrations.SchemaTooNewError as exc:
        db.dispose()
        raise StartupError(str(exc)) from None
    except DBAPIError as exc:
        db.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise StartupError(f"cannot open database ({settings.describe_backend()}): {reason}") from None
    return db


def open_services(settings: Settings, clock: Clock | None = None) -> Services:
    db = open_database(settings)
    services = Services.build(ServiceContext(db=db, clock=clock or SystemClock()))
    if services.clinics.seed_defaults():
        log.info("first run: seeded default clinics")
    return services
