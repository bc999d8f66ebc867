"""Tells the patient search index when this process commits a change to patients or enrollments."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Engine, event

_DML = ("insert", "update", "delete")
# The tables the search index reads: a statement writing one of them, however it was made.
_WRITES_SEARCHED = re.compile(
    r'^\s*(?:insert\s+into|update|delete\s+from)\s+"?(?:patient|rems_patient_enrollment)"?(?:\s|\()',
    re.IGNORECASE)
_KEY = "aurora_patient_write"


def watch_patient_writes(engine: Engine, on_commit: Callable[[], None]) -> None:
    """Call *on_commit* after a transaction that wrote `patient` or `rems_patient_enrollment`
    commits - not after reads (on PostgreSQL a read ends with COMMIT too) or other saves (an
    audit event of a chart view), so the index is not re-checked on the keystroke path for
    nothing. Changes from other processes are found by the index's periodic re-check."""

    @event.listens_for(engine, "after_cursor_execute")
    def _seen(conn, _cursor, statement: str, _params, _context, _many) -> None:  # noqa: ANN001
        head = statement.lstrip()[:6].lower()
        if head in _DML and _WRITES_SEARCHED.match(statement):
            conn.info[_KEY] = True

    @event.listens_for(engine, "commit")
    def _committed(conn) -> None:  # noqa: ANN001
        if conn.info.pop(_KEY, False):
            on_commit()

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn) -> None:  # noqa: ANN001
        conn.info.pop(_KEY, None)
