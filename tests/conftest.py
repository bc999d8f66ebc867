"""Shared fixtures: offscreen Qt, a fresh database per test on SQLite and PostgreSQL, staff."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from aurora_desktop.ui.qt_process import prepare_qt_process  # noqa: E402

prepare_qt_process()  # as the app does before its QApplication

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from aurora_desktop.db import migrations  # noqa: E402
from aurora_desktop.db.database import Database  # noqa: E402
from aurora_desktop.services.clock import FakeClock  # noqa: E402
from aurora_desktop.services.container import Services  # noqa: E402
from aurora_desktop.services.context import ServiceContext  # noqa: E402
from aurora_desktop.services.passwords import Passwords  # noqa: E402
from tests.support.staff import StaffSet, create_staff  # noqa: E402

DEFAULT_PG_URL = "postgresql+psycopg://aurora:aurora@127.0.0.1:54329/postgres"
TEMPLATE_DB = "aurora_test_template"
# A weekday morning in New York: 2026-12-01 09:00 EST.
DEFAULT_NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _pg_admin_url() -> str | None:
    url = os.environ.get("AURORA_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return url
    except Exception:  # noqa: BLE001 - any failure means "no server here"
        return None


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = _pg_admin_url()
    if url is None:
        message = "no PostgreSQL server (set AURORA_TEST_POSTGRES_URL or run .ci/start-postgres.sh)"
        if os.environ.get("CI"):
            pytest.fail(message + " — CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(message)
    return url


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> str:
    """A migrated template database; each test copies it (much faster than migrating)."""
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    suffix = uuid.uuid4().hex[:8]
    name = f"{TEMPLATE_DB}_{suffix}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    migrations.upgrade(db.engine)
    db.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def new_pg_database(admin_url: str, template: str | None) -> tuple[str, callable]:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"aurora_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        clause = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        request.applymarker(pytest.mark.postgres)
    return request.param


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL to an empty database (no schema) on the parametrised backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'aurora.db'}"
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    url, drop = new_pg_database(admin_url, None)
    yield url
    drop()


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL to a migrated, empty-of-data database on the parametrised backend."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'aurora.db'}"
        db = Database(url)
        migrations.upgrade(db.engine)
        db.dispose()
        yield url
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    template = request.getfixturevalue("pg_template")
    url, drop = new_pg_database(admin_url, template)
    yield url
    drop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'aurora.db'}"
    db = Database(url)
    migrations.upgrade(db.engine)
    db.dispose()
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(DEFAULT_NOW)


def build_services(url: str, clock: FakeClock) -> Services:
    # Cheap Argon2 parameters keep sign-in tests fast; the app uses the strong defaults.
    services = Services.build(
        ServiceContext(db=Database(url), clock=clock), passwords=Passwords.fast_for_tests()
    )
    services.clinics.seed_defaults()
    return services


@pytest.fixture
def services(database_url: str, clock: FakeClock) -> Iterator[Services]:
    """Seeded services (two clinics, 8 chairs each) on both backends."""
    svc = build_services(database_url, clock)
    yield svc
    svc.ctx.db.dispose()


@pytest.fixture
def sqlite_services(sqlite_url: str, clock: FakeClock) -> Iterator[Services]:
    svc = build_services(sqlite_url, clock)
    yield svc
    svc.ctx.db.dispose()


@pytest.fixture
def staff(services: Services) -> StaffSet:
    """One staff member per role, plus a deactivated nurse, stored in the database."""
    return create_staff(services)


@pytest.fixture
def sqlite_staff(sqlite_services: Services) -> StaffSet:
    return create_staff(sqlite_services)
