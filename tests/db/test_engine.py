"""Engine factory: SQLite pragmas, URL validation, BEGIN IMMEDIATE for writes."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from aurora_desktop.db.database import Database, DatabaseUrlError, create_database_engine


def test_sqlite_pragmas_are_set_on_every_connection(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    db.dispose()


def test_write_units_hold_the_write_lock_from_the_start(sqlite_url: str) -> None:
    import sqlite3

    db = Database(sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    with db.write_once() as session:
        session.execute(text("SELECT 1"))  # no write yet, but BEGIN IMMEDIATE took the lock
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    db.dispose()


def test_failed_unit_of_work_writes_nothing(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with pytest.raises(RuntimeError), db.write_once() as session:
        session.execute(text("CREATE TABLE scratch (x INTEGER)"))
        session.execute(text("INSERT INTO scratch VALUES (1)"))
        raise RuntimeError("boom")
    with db.read() as session:
        tables = session.execute(text("SELECT name FROM sqlite_master WHERE name='scratch'")).all()
    assert tables == []
    db.dispose()


@pytest.mark.parametrize(
    "url, message",
    [
        ("not a url", "malformed"),
        ("mysql://x@y/z", "unsupported database backend 'mysql'"),
        ("sqlite://", "must name a SQLite file"),
    ],
)
def test_bad_urls_get_clear_messages(url: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError, match=message):
        create_database_engine(url)


def test_postgresql_url_uses_psycopg3() -> None:
    engine = create_database_engine("postgresql://u@127.0.0.1/x")
    assert engine.dialect.driver == "psycopg"
    assert engine.hide_parameters is True


@pytest.mark.postgres
def test_postgresql_checkout_pings_only_a_connection_the_server_closed_or_long_idle(
    pg_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aurora_desktop.db.pg_liveness as pg_liveness

    db = Database(pg_admin_url)
    pings: list[int] = []
    real_ping = db.engine.dialect.do_ping
    monkeypatch.setattr(db.engine.dialect, "do_ping", lambda c: pings.append(1) or real_ping(c))

    def backend_pid() -> int:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()

    first = backend_pid()
    assert backend_pid() == first and pings == []  # just used: no round trip before the query
    admin = create_engine(pg_admin_url)
    with admin.connect() as conn:  # the server ends the pooled connection
        conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": first})
    admin.dispose()
    again = backend_pid()  # seen on checkout, pinged, replaced: no error reaches the caller
    assert again != first and len(pings) == 1
    monkeypatch.setattr(pg_liveness, "PING_AFTER_IDLE_S", 0.0)
    assert backend_pid() == again and len(pings) == 2  # idle "long enough": pinged, kept
    db.dispose()


def test_reads_write_nothing_and_keep_prepared_statements(services) -> None:  # noqa: ANN001
    """A read ends with COMMIT on PostgreSQL (psycopg drops its prepared statements after a
    ROLLBACK) unless it flushed or left a change pending: that is rolled back, as on SQLite."""
    from sqlalchemy import bindparam, select

    from aurora_desktop.db.models import Clinic

    db = services.ctx.db
    by_code = select(Clinic.id).where(Clinic.code == bindparam("code"))
    for _ in range(12):  # psycopg prepares a statement on its 6th execution on a connection
        with db.read() as session:
            session.execute(by_code, {"code": "WP"}).all()
    if db.backend == "postgresql":
        with db.read() as session:  # the pool hands out the connection used last (LIFO)
            prepared = session.execute(text(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%clinic.code = $1%'"
            )).scalar_one()
        assert prepared == 1
    with db.read() as session:  # flushed inside a read: rolled back
        session.scalars(select(Clinic).where(Clinic.code == "WP")).one().name = "Flushed in a read"
        session.flush()
    with db.read() as session:  # left pending: never written
        session.scalars(select(Clinic).where(Clinic.code == "WP")).one().name = "Pending in a read"
    with db.read() as session:
        session.execute(text("UPDATE clinic SET name = 'Executed in a read' WHERE code = 'WP'"))
    with db.read() as session:  # Core on the session's connection (no ORM event sees it)
        session.connection().execute(text(
            "UPDATE clinic SET name = 'Core in a read' WHERE code = 'WP'"))
    with db.read() as session:
        name = session.scalar(select(Clinic.name).where(Clinic.code == "WP"))
    assert name not in ("Flushed in a read", "Pending in a read", "Executed in a read",
                        "Core in a read")
