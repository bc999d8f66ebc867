"""PostgreSQL connection dropped mid-use: retried once, else a clear message; the UI shows it."""

from __future__ import annotations

import sys
import threading

import psycopg
import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from aurora_desktop.db import held_read
from aurora_desktop.db.database import is_connection_lost
from aurora_desktop.db.models import AuditEvent
from aurora_desktop.domain.errors import ConnectionLost
from aurora_desktop.services.container import Services
from aurora_desktop.ui.error_handler import CONNECTION_TITLE, install_excepthook, user_message
from tests.conftest import build_services, new_pg_database
from tests.support.staff import create_staff

PROTOCOL = {"overdue_grace_minutes": 5, "checkpoint_offsets": [15, 40, 60, 90, 120],
            "idle_lock_minutes": 10}


class Killer:
    """Terminates the app's own server connection right before chosen statements / commits,
    or as the pool hands it out."""

    def __init__(self, services: Services, admin_url: str) -> None:
        self.engine = services.ctx.db.engine
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.times = 0

    def _kill(self, conn) -> None:  # noqa: ANN001
        self._terminate(conn.connection.dbapi_connection)

    def _terminate(self, dbapi_connection) -> None:  # noqa: ANN001
        if self.times <= 0:
            return
        self.times -= 1
        with self.admin.connect() as admin:  # (waits until the server process has gone)
            admin.execute(text("SELECT pg_terminate_backend(:pid, 5000)"),
                          {"pid": dbapi_connection.info.backend_pid})

    def on_checkout(self, dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001
        """Dropped as the pool hands it out: the next statement meets a dead connection
        however it is sent (straight on psycopg or through SQLAlchemy)."""
        self._terminate(dbapi_connection)

    def before_update(self, conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("UPDATE"):
            self._kill(conn)

    def on_commit(self, conn) -> None:  # noqa: ANN001
        if conn.get_execution_options().get("aurora_write"):  # a save's commit (reads commit too)
            self._kill(conn)


def _bk_threshold(services: Services) -> tuple[int, int, int]:
    bk = services.clinics.get_by_code("BK")
    with services.ctx.db.read() as session:
        events = session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.entity == "clinic"))
    return bk.spo2_alert_threshold, bk.version, events


def _save(services: Services, staff, spo2: int) -> None:  # noqa: ANN001
    bk = services.clinics.get_by_code("BK")
    services.clinics.update_protocol(staff.admin, bk.id, bk.version, spo2_alert_threshold=spo2,
                                     **PROTOCOL)


@pytest.mark.postgres
def test_connection_dropped_mid_save(pg_admin_url: str, pg_template: str, clock) -> None:  # noqa: ANN001
    url, drop = new_pg_database(pg_admin_url, pg_template)
    services = build_services(url, clock)
    killer = Killer(services, pg_admin_url)
    event.listen(killer.engine, "before_cursor_execute", killer.before_update)
    event.listen(killer.engine, "commit", killer.on_commit)
    try:
        staff = create_staff(services)
        start = _bk_threshold(services)
        # Dropped once before the commit: the unit of work is retried on a new connection.
        killer.times = 1
        _save(services, staff, 91)
        assert killer.times == 0
        assert _bk_threshold(services) == (91, start[1] + 1, start[2] + 1)  # saved exactly once
        # Dropped again on the retry: not saved, and the message says so.
        killer.times = 2
        with pytest.raises(ConnectionLost) as lost:
            _save(services, staff, 92)
        assert lost.value.saved is False
        assert str(lost.value).startswith("Lost connection to the database server — your last "
                                          "change was NOT saved")
        assert _bk_threshold(services)[0] == 91  # the next call reconnects by itself
        # Dropped while committing: the user is told it may not have been saved.
        event.remove(killer.engine, "before_cursor_execute", killer.before_update)
        killer.times = 1
        with pytest.raises(ConnectionLost, match="may not have been saved") as lost:
            _save(services, staff, 93)
        assert lost.value.saved is None
        assert _bk_threshold(services)[0] == 91
        # Every connection of the database terminated between two actions: the next one works.
        name = make_url(url).database
        with killer.admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                              "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        _save(services, staff, 94)
        assert _bk_threshold(services)[0] == 94
    finally:
        event.remove(killer.engine, "commit", killer.on_commit)
        killer.admin.dispose()
        services.ctx.db.dispose()
        drop()


def _dropped() -> OperationalError:
    return OperationalError("UPDATE clinics SET ...", {},
                            psycopg.OperationalError("server closed the connection unexpectedly"),
                            connection_invalidated=True)


def test_the_ui_error_path_turns_a_dropped_connection_into_a_message() -> None:
    assert is_connection_lost(_dropped())
    title, message = user_message(_dropped())
    assert title == CONNECTION_TITLE and message.startswith("Lost connection to the database server")
    assert "may not have been saved" in message and "Traceback" not in message
    assert user_message(ConnectionLost(saved=False))[1].count("NOT saved") == 1
    locked = OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
    assert not is_connection_lost(locked) and user_message(locked)[0] == "Database problem"
    assert user_message(ValueError("bug")) is None

    shown: list[tuple[str, str]] = []
    passed_on: list[BaseException] = []

    class Dialogs:
        def error(self, parent, title: str, text: str) -> None:  # noqa: ANN001
            shown.append((title, text))

    saved_hook = sys.excepthook
    sys.excepthook = lambda _t, exc, _tb: passed_on.append(exc)
    try:
        install_excepthook(Dialogs())  # type: ignore[arg-type]
        exc = _dropped()
        sys.excepthook(type(exc), exc, None)
        bug = ValueError("bug")
        sys.excepthook(ValueError, bug, None)
    finally:
        sys.excepthook = saved_hook
    assert [t for t, _ in shown] == [CONNECTION_TITLE] and passed_on == [bug]


@pytest.mark.postgres
def test_connection_dropped_while_a_read_ends(pg_admin_url: str, pg_template: str, clock) -> None:  # noqa: ANN001
    """A read's rows are all fetched before its COMMIT: losing the connection then loses nothing."""
    url, drop = new_pg_database(pg_admin_url, pg_template)
    services = build_services(url, clock)
    killer = Killer(services, pg_admin_url)

    def on_read_commit(conn) -> None:  # noqa: ANN001
        if not conn.get_execution_options().get("aurora_write"):
            killer._kill(conn)

    event.listen(killer.engine, "commit", on_read_commit)
    try:
        killer.times = 1
        assert [c.code for c in services.clinics.list_clinics()] == ["WP", "BK"]
        assert killer.times == 0  # the connection was terminated at the read's COMMIT
        assert [c.code for c in services.clinics.list_clinics()] == ["WP", "BK"]  # reconnected
    finally:
        event.remove(killer.engine, "commit", on_read_commit)
        killer.admin.dispose()
        services.ctx.db.dispose()
        drop()


@pytest.mark.postgres
def test_connection_dropped_during_a_schedule_read(pg_admin_url: str, pg_template: str,  # noqa: ANN001
                                                   clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The schedule's one-statement reads (autocommit): a connection dropped under them is
    reported as lost with nothing written, and the next read reconnects by itself - on the
    connection this thread keeps for such reads (dropped right after its check before use)
    and on one from the pool (dropped as it is handed out)."""
    url, drop = new_pg_database(pg_admin_url, pg_template)
    services = build_services(url, clock)
    staff = create_staff(services)
    killer = Killer(services, pg_admin_url)
    wp = services.clinics.get_by_code("WP")
    today = clock.now().date()
    services.scheduling.calendar(staff.front_desk, wp.id, today)  # (zone read, pool warm)

    def checked_then_dropped(dbapi_connection, idle_seconds: float) -> bool:  # noqa: ANN001
        killer._terminate(dbapi_connection)  # (the server ends it just after the check)
        return False

    monkeypatch.setattr(held_read, "needs_ping", checked_then_dropped)
    event.listen(killer.engine, "checkout", killer.on_checkout)
    try:
        for read in (lambda: services.scheduling.calendar(staff.front_desk, wp.id, today),
                     lambda: services.scheduling.change_marker(staff.front_desk, wp.id, today)):
            for in_a_thread in (False, True):  # the kept connection, then the pool's
                killer.times = 1
                outcome: list[BaseException | None] = []

                def attempt(read=read, outcome=outcome) -> None:  # noqa: ANN001
                    try:
                        read()
                        outcome.append(None)
                    except BaseException as exc:  # noqa: BLE001 - handed to the test thread
                        outcome.append(exc)

                if in_a_thread:
                    worker = threading.Thread(target=attempt)
                    worker.start()
                    worker.join()
                else:
                    attempt()
                lost = outcome[0]
                assert isinstance(lost, ConnectionLost) and lost.saved is True
                assert killer.times == 0
                read()  # a new connection, without a word to the user
    finally:
        event.remove(killer.engine, "checkout", killer.on_checkout)
        killer.admin.dispose()
        services.ctx.db.dispose()
        drop()
