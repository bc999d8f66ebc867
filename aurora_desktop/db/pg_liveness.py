"""When a PostgreSQL connection that sat unused needs a ping before it is trusted again."""

from __future__ import annotations

import select

PING_AFTER_IDLE_S = 60.0  # a PostgreSQL connection unused this long is pinged before use


def has_input(dbapi_connection) -> bool:  # noqa: ANN001
    """True when the server has sent something to an idle connection (nothing is expected).

    A server that ends a connection (restart, pg_terminate_backend, idle timeout) sends a
    FATAL message and closes the socket; a zero-timeout poll sees that without a round trip.
    """
    fd = dbapi_connection.fileno()
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])


def needs_ping(dbapi_connection, idle_seconds: float) -> bool:  # noqa: ANN001
    """Whether an idle connection must answer a ping before it is used: the server wrote to
    it (it ended the connection), or it has been idle PING_AFTER_IDLE_S or more (a server
    that went away without a word, e.g. a power cut, is found on the first send then)."""
    return idle_seconds >= PING_AFTER_IDLE_S or has_input(dbapi_connection)
