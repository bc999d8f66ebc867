"""Unexpected exceptions reaching the UI: a lost database connection becomes a clear message."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.exc import DBAPIError, OperationalError

from aurora_desktop.db.database import is_connection_lost
from aurora_desktop.domain.errors import ConnectionLost
from aurora_desktop.ui.dialog_service import DialogService

log = logging.getLogger(__name__)
CONNECTION_TITLE = "Database connection lost"
DATABASE_TITLE = "Database problem"
DATABASE_TEXT = ("The database could not complete the action — your last change may not have "
                 "been saved; check it and try again. If this keeps happening, ask IT to run "
                 "'aurora-admin check'.")

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def user_message(exc: BaseException) -> tuple[str, str] | None:
    """(title, text) for a database failure the user should be told about, else None."""
    if isinstance(exc, ConnectionLost):
        return CONNECTION_TITLE, str(exc)
    if isinstance(exc, DBAPIError) and is_connection_lost(exc):
        return CONNECTION_TITLE, str(ConnectionLost(saved=None))
    if isinstance(exc, OperationalError):
        return DATABASE_TITLE, DATABASE_TEXT
    return None


def install_excepthook(dialogs: DialogService, parent: Callable[[], object] = lambda: None
                       ) -> Hook:
    """Show database failures that no screen caught as a message instead of a traceback.

    Other exceptions go to the previous hook (logged as before). Returns the previous hook.
    """
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        described = user_message(exc)
        if described is None:
            previous(exc_type, exc, tb)
            return
        log.warning("database failure shown to the user: %s", exc_type.__name__)
        dialogs.error(parent(), *described)  # type: ignore[arg-type]

    sys.excepthook = hook
    return previous
