"""One autocommit PostgreSQL connection kept out of the pool for the GUI thread's quick reads."""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import Connection, Engine

from aurora_desktop.db.pg_liveness import needs_ping

log = logging.getLogger(__name__)


class HeldReadConnection:
    """The schedule's, change marker's and floor board's reads on one connection that the
    thread which made the `Database` (the GUI thread) keeps between reads.

    Through the pool, each such read checked a connection out, switched it to autocommit,
    then switched it back and checked it in: 0.1 ms of a read when the process had just
    read, 0.3-0.4 ms when it had done a few milliseconds of other work (painting) first -
    a quarter of a PostgreSQL schedule refresh on this machine. The held connection is
    checked before each use by the pool's own rule (`pg_liveness.needs_ping`: a connection
    the server ended, or one idle a minute, answers a ping or is replaced), so a server
    restart is still met with a silent reconnect. Other threads, and a read inside another
    read, go through the pool; a read that fails gives the connection up (the next read
    opens a new one, as the pool would after a lost connection).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._owner = threading.get_ident()
        self._conn: Connection | None = None
        self._busy = False
        self._used_at = 0.0

    def take(self) -> Connection | None:
        """The held connection, ready for a read; None for another thread or a nested read."""
        if self._busy or threading.get_ident() != self._owner:
            return None
        conn = self._conn
        if conn is not None and not self._usable(conn):
            self._give_up()
            conn = None
        if conn is None:
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._conn = conn
        self._busy = True
        return conn

    def give_back(self, failed: bool) -> None:
        """The read is over; after a failure the connection is not used again."""
        self._busy = False
        self._used_at = time.monotonic()
        if failed:
            self._give_up()

    def close(self) -> None:
        self._give_up()

    def _usable(self, conn: Connection) -> bool:
        if conn.closed or conn.invalidated:
            return False
        dbapi_connection = conn.connection.dbapi_connection
        if dbapi_connection is None or dbapi_connection.closed:
            return False
        if not needs_ping(dbapi_connection, time.monotonic() - self._used_at):
            return True
        try:
            self._engine.dialect.do_ping(dbapi_connection)
        except Exception:  # noqa: BLE001 - any failure means: use a new connection
            log.info("held read connection failed its ping; reconnecting")
            return False
        return True

    def _give_up(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.invalidate()  # (its server session may be gone: never back into the pool)
            conn.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail; it is dropped
            log.info("held read connection could not be closed cleanly")
