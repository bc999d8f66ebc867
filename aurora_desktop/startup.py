"""Open the configured database: create the folder, migrate to head, seed first-run data."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database, DatabaseUrlError
from aurora_desktop.services.clock import Clock, SystemClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext
from aurora_desktop.settings import Settings

log = logging.getLogger(__name__)

_DAMAGED_HINTS = ("file is not a database", "malformed", "disk image", "not a database")


class StartupError(RuntimeError):
    """The database could not be opened or migrated; the message is fit for a dialog."""


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__


def _database_error(settings: Settings, exc: DBAPIError) -> StartupError:
    return _sqlite_error(settings, _reason(exc))


def _sqlite_error(settings: Settings, reason: str) -> StartupError:
    message = f"cannot open database ({settings.describe_backend()}): {reason}"
    if settings.is_sqlite and any(h in reason.lower() for h in _DAMAGED_HINTS):
        message += (
            ". The file is damaged or is not an Aurora Desktop database; it was left untouched. "
            f"Restore the newest backup from {settings.backup_dir} with `aurora-admin restore`."
        )
    elif settings.is_sqlite and ("readonly" in reason.lower() or "unable to open" in reason.lower()):
        message += f". Check that the folder {settings.data_dir} exists and is writable."
    elif "full" in reason.lower():
        message += ". Free disk space, then start Aurora Desktop again."
    return StartupError(message)


def _refuse_foreign(db: Database) -> None:
    """Never migrate (= write into) a database that other software created."""
    names = set(inspect(db.engine).get_table_names())
    if names and "alembic_version" not in names:
        raise _foreign(len(names))


def _foreign(count: int) -> StartupError:
    return StartupError(
        f"the database already holds {count} tables of another program and is not an "
        "Aurora Desktop database; it was left untouched. Choose another file or database."
    )


def _probe_sqlite_file(settings: Settings) -> None:
    """Look at an existing SQLite file read-only before the engine (which sets WAL) touches it."""
    url = make_url(settings.database_url)
    name = url.database or ""
    path = Path(name.removeprefix("file:")) if url.query.get("uri") else Path(name)
    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise _sqlite_error(settings, reason) from None
    if names and "alembic_version" not in names:
        raise _foreign(len(names))


def _check_writable(db: Database) -> None:
    """Take (and release) the write lock: a read-only file or folder fails now, not mid-session."""
    with db.engine.connect().execution_options(aurora_write=True) as conn:
        conn.begin()
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
        conn.rollback()


def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    if settings.is_sqlite:
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StartupError(f"cannot create data folder {settings.data_dir}: {exc.strerror}") from None
        _probe_sqlite_file(settings)
    try:
        db = Database(settings.database_url)
    except DatabaseUrlError as exc:
        raise StartupError(str(exc)) from None
    try:
        _refuse_foreign(db)
        if migrate:
            if not migrations.is_at_head(db.engine):  # the usual start: no Alembic at all
                migrations.upgrade(db.engine)
        else:
            migrations.ensure_not_newer(db.engine)
        if migrate and db.is_sqlite:
            _check_writable(db)
    except StartupError:
        db.dispose()
        raise
    except migrations.SchemaTooNewError as exc:
        db.dispose()
        raise StartupError(str(exc)) from None
    except DBAPIError as exc:
        db.dispose()
        raise _database_error(settings, exc) from None
    return db


def daily_backup(settings: Settings, services: Services) -> None:
    """The embedded SQLite database is backed up on the first start of each day."""
    from aurora_desktop.services.backup import daily_backup as run_daily_backup

    try:
        made = run_daily_backup(
            services.ctx.db, settings.backup_dir, services.ctx.clock.now(), settings.backups_to_keep
        )
    except Exception as exc:  # noqa: BLE001 - a failed backup must not stop the clinic day
        log.warning("automatic daily backup failed: %s: %s", type(exc).__name__, exc)
        return
    if made is not None:
        log.info("automatic daily backup written: %s", made.name)


def start_daily_backup(settings: Settings, services: Services) -> threading.Thread | None:
    """The daily SQLite backup in a (non-daemon) thread: quitting waits for it to finish."""
    if not settings.is_sqlite:
        return None
    worker = threading.Thread(target=daily_backup, args=(settings, services), name="aurora-daily-backup")
    worker.start()
    return worker


def open_services(
    settings: Settings, clock: Clock | None = None, *, backup_in_background: bool = False,
    defer_backup: bool = False,
) -> Services:
    """Open, migrate and seed; then the daily SQLite backup (in a thread for the GUI).

    ``backup_in_background=True`` runs it in a thread so a large database never delays the
    first window of the day; the thread is not a daemon, so quitting waits for the backup to
    finish. ``defer_backup=True`` leaves it to the caller (`start_daily_backup`): the GUI starts
    it once the sign-in window has painted, so the backup's CPU work (it hashes every row)
    does not compete with start-up for the interpreter.
    """
    db = open_database(settings)
    services = Services.build(ServiceContext(db=db, clock=clock or SystemClock()))
    try:
        if services.clinics.seed_defaults():
            log.info("first run: seeded default clinics")
    except DBAPIError as exc:
        db.dispose()
        raise _database_error(settings, exc) from None
    if settings.is_sqlite and not defer_backup:
        if backup_in_background:
            start_daily_backup(settings, services)
        else:
            daily_backup(settings, services)
    return services
