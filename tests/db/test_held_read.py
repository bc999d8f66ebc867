"""PostgreSQL: the connection the GUI thread keeps for its one-statement reads (db.held_read)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from aurora_desktop.db.database import Database

PID = text("SELECT pg_backend_pid()")
pytestmark = pytest.mark.postgres


def _pid(db: Database) -> int:
    with db.read_connection() as conn:
        return conn.execute(PID).scalar_one()


def _terminate(admin_url: str, pid: int) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # (waits until the server process has gone)
        conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    admin.dispose()


def _alive(admin_url: str, pid: int) -> bool:
    admin = create_engine(admin_url)
    with admin.connect() as conn:
        found = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                             {"pid": pid}).scalar_one()
    admin.dispose()
    return found == 1


@pytest.fixture
def db(pg_admin_url: str) -> Iterator[Database]:
    database = Database(pg_admin_url)  # made on this thread: the one its reads are kept for
    yield database
    database.dispose()


def test_reads_on_the_owning_thread_share_one_autocommit_connection(db: Database) -> None:
    with db.read_connection() as conn:
        held = conn.execute(PID).scalar_one()
        assert conn.connection.dbapi_connection.autocommit is True
        with db.read_connection() as inner:  # a read inside a read: the pool's connection
            assert inner.execute(PID).scalar_one() != held
    assert [_pid(db) for _ in range(3)] == [held] * 3
    with db.engine.connect() as pooled:  # never handed out by the pool meanwhile
        assert pooled.execute(PID).scalar_one() != held
    others: list[int] = []
    worker = threading.Thread(target=lambda: others.append(_pid(db)))
    worker.start()
    worker.join()
    assert others and others[0] != held  # another thread reads through the pool


def test_a_held_connection_the_server_ended_is_replaced_without_an_error(
        db: Database, pg_admin_url: str) -> None:
    first = _pid(db)
    _terminate(pg_admin_url, first)  # a server restart or an idle timeout, between reads
    second = _pid(db)  # seen before use (the server's goodbye is on the socket): replaced
    assert second != first
    assert _pid(db) == second


def test_a_failed_read_gives_the_held_connection_up(db: Database, pg_admin_url: str) -> None:
    first = _pid(db)
    with pytest.raises(ProgrammingError), db.read_connection() as conn:
        conn.execute(text("SELECT no_such_column FROM pg_class"))
    assert not _alive(pg_admin_url, first)  # closed, not put back in the pool
    assert _pid(db) != first  # the next read works, on a new connection


def test_dispose_closes_the_held_connection(db: Database, pg_admin_url: str) -> None:
    held = _pid(db)
    assert _alive(pg_admin_url, held)
    db.dispose()
    assert not _alive(pg_admin_url, held)
