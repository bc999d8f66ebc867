"""Engine factory and units of work: SQLite pragmas, BEGIN IMMEDIATE writes, PostgreSQL retries."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from aurora_desktop.db.held_read import HeldReadConnection
from aurora_desktop.db.pg_liveness import needs_ping
from aurora_desktop.domain.errors import ConnectionLost

log = logging.getLogger(__name__)
T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 15000
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock
MAX_ATTEMPTS = 6


class DatabaseUrlError(ValueError):
    """The configured database URL cannot be used."""


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Let SQLAlchemy (not the driver) emit BEGIN, so writes can use BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        # A deferred BEGIN that later upgrades to a write lock fails at once when another
        # writer holds it, whatever busy_timeout says; IMMEDIATE waits for the lock instead.
        if conn.get_execution_options().get("aurora_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _install_postgresql_hooks(engine: Engine) -> None:
    """Check a pooled connection on checkout without a round trip when it was just used.

    ``pool_pre_ping`` sent ``SELECT 1`` before every checkout: one more round trip per read
    (the schedule query was two round trips; a clinic PC's reads come every few seconds). Now
    a connection is pinged only when `pg_liveness.needs_ping` says so (the server wrote to
    it since it was returned, or it has been idle a minute); a failed ping, or a closed
    connection, is replaced transparently (the pool retries the checkout).
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record) -> None:  # noqa: ANN001
        record.info["aurora_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy) -> None:  # noqa: ANN001
        idle_since = record.info.pop("aurora_idle_since", None)
        if idle_since is None:
            return  # just connected
        if dbapi_connection.closed:
            raise DisconnectionError("connection closed while in the pool")
        if not needs_ping(dbapi_connection, time.monotonic() - idle_since):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # noqa: BLE001 - any failure means: use a new connection
            raise DisconnectionError("pooled connection failed its ping") from exc


def create_database_engine(url: str) -> Engine:
    """An engine for *url* with the pragmas and safety options this app relies on."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"database URL is malformed: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise DatabaseUrlError("database URL must name a SQLite file, not an in-memory database")
        engine = create_engine(parsed, hide_parameters=True, connect_args={"timeout": 15})
        _install_sqlite_hooks(engine)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, hide_parameters=True, pool_size=5, pool_use_lifo=True)
        _install_postgresql_hooks(engine)
        return engine
    raise DatabaseUrlError(
        f"unsupported database backend '{backend}': use sqlite:///PATH or postgresql+psycopg://..."
    )


def is_retryable(exc: BaseException) -> bool:
    """True for PostgreSQL serialization failures and deadlocks (whole unit is retried)."""
    if not isinstance(exc, DBAPIError):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    # SQLite "database is locked" after busy_timeout: retry too.
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


CONNECTION_SQLSTATE_PREFIXES = ("08", "57P")  # connection exception; admin/crash shutdown


def is_connection_lost(exc: BaseException) -> bool:
    """True when *exc* means the PostgreSQL connection dropped (or the server is unreachable).

    SQLAlchemy flags a detected disconnect with ``connection_invalidated`` (and invalidates the
    pool, so the next checkout reconnects; the checkout hook also replaces a pooled connection
    that the server has closed).
    """
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if type(orig).__module__.split(".")[0] != "psycopg":
        return False  # SQLite: "database is locked" and disk errors are not connection losses
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is None:
        return isinstance(exc, OperationalError)  # refused, timed out, closed by the server
    return sqlstate.startswith(CONNECTION_SQLSTATE_PREFIXES)


_NOT_ONLY_SELECTS = "aurora_not_only_selects"


@contextmanager
def _lost_reads_reported() -> Iterator[None]:
    """A read whose connection drops raises ConnectionLost(saved=True): nothing was written."""
    try:
        yield
    except DBAPIError as exc:
        if is_connection_lost(exc):
            log.warning("database connection lost during a read")
            raise ConnectionLost(saved=True) from exc
        raise


def _install_select_watch(engine: Engine) -> None:
    """Flag a pooled connection whose open transaction ran anything but a SELECT (however it
    was sent: ORM flush, ``session.execute``, Core on ``session.connection()``), so a read
    that did is rolled back instead of committed; cleared when the transaction ends."""

    @event.listens_for(engine, "after_cursor_execute")
    def _seen(conn, _cursor, statement: str, *_rest) -> None:  # noqa: ANN001
        if statement.lstrip()[:6].upper() != "SELECT":
            conn.info[_NOT_ONLY_SELECTS] = True

    def _clear(conn, *_rest) -> None:  # noqa: ANN001 - a Connection, or a DBAPI connection + record
        if _rest:
            _rest[0].info.pop(_NOT_ONLY_SELECTS, None)
        elif not conn.invalidated:  # an invalidated connection's record starts afresh anyway
            conn.info.pop(_NOT_ONLY_SELECTS, None)

    event.listen(engine, "commit", _clear)
    event.listen(engine, "rollback", _clear)
    event.listen(engine, "checkin", _clear)


class Database:
    """Owns the engine; hands out read sessions and retried, atomic write units of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_database_engine(url)
        self.backend = self.engine.dialect.name
        self._read_factory = sessionmaker(self.engine, expire_on_commit=False)
        self._held: HeldReadConnection | None = None
        if self.backend == "postgresql":
            _install_select_watch(self.engine)
            self._held = HeldReadConnection(self.engine)
        self._write_factory = sessionmaker(
            self.engine.execution_options(aurora_write=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session; close() ends its transaction and keeps loaded values readable.

        PostgreSQL: a read that wrote nothing ends with COMMIT, not ROLLBACK (the same for a
        transaction of SELECTs, one round trip either way): psycopg forgets every statement
        it has prepared on the connection after a ROLLBACK (and sends DEALLOCATE ALL), so
        each read ending in ROLLBACK made the schedule and floor-board queries start again
        from unprepared, re-planned statements. Anything written, or left pending, in a
        read session is still rolled back.
        """
        session = self._read_factory()
        try:
            with _lost_reads_reported():
                yield session
                if self.backend == "postgresql" and self._only_selects(session):
                    self._end_read(session)
        finally:
            session.close()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A Core connection for reads whose statements need no shared snapshot (the schedule,
        its change marker, the floor board): on PostgreSQL in autocommit, so a statement costs
        one round trip instead of three (BEGIN, the statement, COMMIT); each statement reads
        its own snapshot, as it does inside a READ COMMITTED transaction. Reads that must
        share a snapshot use read(). On PostgreSQL the thread that made this Database gets
        the connection it keeps for these reads (db.held_read: no checkout, no isolation
        switch there and back).
        """
        held = self._held.take() if self._held is not None else None
        if held is not None:
            failed = True
            try:
                with _lost_reads_reported():
                    yield held
                failed = False
            finally:
                self._held.give_back(failed)
            return
        conn = self.engine.connect()
        try:
            with _lost_reads_reported():
                if self.backend == "postgresql":
                    conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                yield conn
        finally:
            conn.close()

    @staticmethod
    def _only_selects(session: Session) -> bool:
        """The read's open transaction ran only SELECTs and leaves no change pending."""
        if not session.in_transaction() or session.new or session.dirty or session.deleted:
            return False
        return not session.connection().info.get(_NOT_ONLY_SELECTS)

    @staticmethod
    def _end_read(session: Session) -> None:
        """COMMIT a read that wrote nothing; its rows are all fetched by now, so a connection
        lost at this point loses nothing (the pool replaces the connection on next use)."""
        try:
            session.commit()
        except DBAPIError as exc:
            if not is_connection_lost(exc):
                raise
            log.info("connection lost while ending a read (its rows were already fetched)")

    @contextmanager
    def write_once(self, stage: list[str] | None = None) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error.

        *stage*, when given, holds "work" until the commit starts and "commit" after.
        """
        session = self._write_factory()
        try:
            yield session
            if stage is not None:
                stage[0] = "commit"
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def write(self, work: Callable[[Session], T]) -> T:
        """Run *work* in one transaction, retrying serialization failures and deadlocks.

        A connection that drops before the commit is retried once on a fresh connection (the
        server rolled the transaction back, so nothing is written twice); if that fails too,
        or the connection drops during the commit, ``ConnectionLost`` says whether the change
        was saved.
        """
        reconnected = False
        for attempt in range(1, MAX_ATTEMPTS + 1):
            stage = ["work"]
            try:
                with self.write_once(stage) as session:
                    return work(session)
            except DBAPIError as exc:
                if is_connection_lost(exc):
                    if stage[0] == "work" and not reconnected:
                        reconnected = True
                        log.warning("database connection lost before commit; retrying once")
                        continue
                    log.warning("database connection lost (%s)", stage[0])
                    raise ConnectionLost(saved=False if stage[0] == "work" else None) from exc
                if attempt == MAX_ATTEMPTS or not is_retryable(exc):
                    raise
                log.info("retrying unit of work after transient conflict (attempt %d)", attempt)
                time.sleep(0.01 * attempt)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        if self._held is not None:
            self._held.close()
        self.engine.dispose()
