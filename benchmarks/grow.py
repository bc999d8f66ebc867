"""The large PostgreSQL set: the reference rows cloned server-side as extra two-clinic networks."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import Column, Table, create_engine, text
from sqlalchemy.engine import Connection

import aurora_desktop.db.models  # noqa: F401 - registers every table on Base.metadata
from aurora_desktop.db.base import Base

LARGE_SESSIONS = 1_000_000
# Not cloned: the audit trail is one hash chain over the whole database (a copied event would
# claim something that never happened and break the chain; re-hashing would forge history);
# alembic_version is one row.
NOT_CLONED = frozenset({"audit_event", "alembic_version"})


def copies_for(sessions: int, target: int = LARGE_SESSIONS) -> int:
    """How many clones of a network with *sessions* sessions reach *target* with the original."""
    return max(0, math.ceil(target / max(sessions, 1)) - 1)


def cloned_tables() -> list[Table]:
    """Every table that is cloned, parents before children (foreign keys point backwards)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_CLONED]


def _pad(number_sql: str, width: int) -> str:
    """Zero-padded to at least *width* digits (lpad alone would cut longer numbers)."""
    return f"lpad(({number_sql})::text, greatest({width}, length(({number_sql})::text)), '0')"


def _expr(table: Table, col: Column, spans: dict[str, int]) -> str:
    """The SELECT expression giving clone k's value of *col* (k from generate_series)."""
    name = f"t.{col.name}"
    if col.name == "id" and col.primary_key:
        return f"{name} + k * {spans[table.name]}"
    fks = list(col.foreign_keys)
    if fks:
        ref = fks[0].column.table.name
        return name if ref in NOT_CLONED else f"{name} + k * {spans[ref]}"
    site = _pad(f"(k - 1) * {spans.get('clinic', 0)} + t.id", 2)
    special = {
        # New sites N01, N02, ... (codes, names and REMS setting ids must stay unique).
        ("clinic", "code"): f"'N' || {site}",
        ("clinic", "name"): f"'Aurora Wellness Network Site ' || {site}",
        ("clinic", "rems_setting_id"): f"'HCS-NY-N' || {site}",
        # Every clone has its own staff: demo.nurse -> demo.nurse.n01 (usernames are unique).
        ("staff_member", "username"): "t.username || '.n' || " + _pad("k", 2),
        # AW100001 -> AW120001 for k=1 with 20,000 patients: same format, never a prefix clash.
        ("patient", "mrn"): "'AW' || " + _pad("substr(t.mrn, 3)::bigint + k * :mrn_span", 6),
    }
    if (table.name, col.name) in special:
        return special[(table.name, col.name)]
    if (table.name, col.name) == ("amendment", "entity_id"):  # a row id in the table named by entity
        cases = " ".join(f"WHEN '{n}' THEN t.entity_id + k * {s}" for n, s in spans.items())
        return f"CASE t.entity {cases} ELSE t.entity_id END"
    return name


def _mrn_span(conn: Connection) -> int:
    bad = conn.scalar(text("SELECT count(*) FROM patient WHERE mrn !~ '^AW[0-9]{6}$'"))
    if bad:
        raise RuntimeError(f"{bad} MRNs are not AWnnnnnn: cannot derive unique clone MRNs")
    lo, hi = conn.execute(text("SELECT min(substr(mrn, 3)::bigint), max(substr(mrn, 3)::bigint) "
                               "FROM patient")).one()
    return 0 if lo is None else hi - lo + 1


def grow(url: str, copies: int, say: Callable[[str], None] = print) -> dict[str, int]:
    """Add *copies* clones of every network row to the PostgreSQL database at *url*.

    Clone k (1..copies) gets id + k * (the table's highest id) for its rows and foreign keys,
    so the original rows (the benchmarked clinics WP and BK) keep their ids and contents.
    One transaction; foreign-key triggers are off during the copy (the remapping keeps every
    reference inside its clone; tests check it). Returns the row counts afterwards.
    """
    engine = create_engine(url)
    tables = cloned_tables()
    started = time.perf_counter()
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("SET LOCAL work_mem = '256MB'"))
            conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
            spans = {t.name: conn.scalar(text(f"SELECT coalesce(max(id), 0) FROM {t.name}"))
                     for t in tables}
            mrn_span = _mrn_span(conn)
            for t in tables:
                if not spans[t.name] or not copies:
                    continue
                t0 = time.perf_counter()
                cols = ", ".join(c.name for c in t.columns)
                exprs = ", ".join(_expr(t, c, spans) for c in t.columns)
                n = conn.execute(text(
                    f"INSERT INTO {t.name} ({cols}) SELECT {exprs} FROM {t.name} AS t "
                    f"CROSS JOIN generate_series(1, :copies) AS g(k) WHERE t.id <= :span"),
                    {"copies": copies, "span": spans[t.name], "mrn_span": mrn_span}).rowcount
                say(f"  {t.name}: +{n} rows ({time.perf_counter() - t0:.0f} s)")
            for t in tables:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                                  f"COALESCE((SELECT MAX(id) FROM {t.name}), 0) + 1, false)"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            say("  VACUUM ANALYZE...")
            conn.execute(text("VACUUM ANALYZE"))
            counts = {t.name: conn.scalar(text(f"SELECT count(*) FROM {t.name}"))
                      for t in Base.metadata.sorted_tables}
    finally:
        engine.dispose()
    say(f"  grown x{copies + 1} in {time.perf_counter() - started:.0f} s")
    return counts


def dangling_references(url: str) -> dict[str, int]:
    """Foreign-key values with no parent row, per 'table.column' (all zero when the copy is sound)."""
    engine = create_engine(url)
    out = {}
    try:
        with engine.connect() as conn:
            for t in Base.metadata.sorted_tables:
                for fk in t.foreign_keys:
                    ref = fk.column.table.name
                    out[f"{t.name}.{fk.parent.name}"] = conn.scalar(text(
                        f"SELECT count(*) FROM {t.name} c WHERE c.{fk.parent.name} IS NOT NULL AND "
                        f"NOT EXISTS (SELECT 1 FROM {ref} p WHERE p.{fk.column.name} = c.{fk.parent.name})"))
    finally:
        engine.dispose()
    return out
