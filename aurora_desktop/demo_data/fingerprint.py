"""A content hash per table, to prove that the same seed builds the same data."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.base import Base

SKIPPED = {"audit_event"}  # carries the workstation name and the build instant


def table_fingerprints(session: Session) -> dict[str, str]:
    out = {}
    for name, tbl in sorted(Base.metadata.tables.items()):
        if name in SKIPPED:
            continue
        digest = hashlib.sha256()
        order = tbl.c.id if "id" in tbl.c else list(tbl.primary_key.columns)[0]
        for row in session.execute(select(tbl).order_by(order)):
            digest.update(repr(tuple(row)).encode("utf-8"))
        out[name] = digest.hexdigest()
    return out
