"""Fill every table of a database (at any schema revision) with valid, varied rows via Core."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Engine, Integer, MetaData, String, Text, select

from aurora_desktop.db import models  # noqa: F401  (fills Base.metadata)
from aurora_desktop.db.base import Base

BASE_TIME = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
# Columns whose CHECK constraints need particular values (by column name, any table).
INT_VALUES: dict[str, Any] = {
    "dose_mg": 56, "planned_dose_mg": 84, "target_dose_mg": 56, "sequence": None,
    "systolic": 128, "pre_systolic": 131, "diastolic": 82, "pre_diastolic": 79,
    "heart_rate": 72, "pre_heart_rate": 70, "spo2": 97, "pre_spo2": 98,
    "respiratory_rate": 16, "moaas": 5, "baseline_moaas": 5, "cadss": 3,
    "planned_offset_minutes": 40, "total_minutes": 125, "ready_at_minutes": 110,
    "quantity_devices": 24, "session_block_minutes": 150, "spo2_alert_threshold": 93,
    "overdue_grace_minutes": 5, "idle_lock_minutes": 10, "failed_attempts": 0,
    "duration_weeks": 8, "total": 14,
}
ENUM_PREFERENCE = {"indication": "trd", "oral_ad_strategy": "monotherapy", "scale": "phq9"}


def _enum_values() -> dict[tuple[str, str], list[str]]:
    found = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            enums = getattr(column.type, "enums", None)
            if enums:
                found[(table.name, column.name)] = list(enums)
    return found


def _value(table_name: str, column: Any, i: int, ids: dict[str, list[int]],
           enums: dict[tuple[str, str], list[str]]) -> Any:
    name = column.name
    if column.foreign_keys:
        ref = next(iter(column.foreign_keys)).column.table.name
        if ref == table_name:
            return None
        pool = ids.get(ref) or []
        if not pool:
            return None
        return pool[i % len(pool)]
    if (table_name, name) in enums:
        values = enums[(table_name, name)]
        preferred = ENUM_PREFERENCE.get(name)
        return preferred if preferred in values else values[i % len(values)]
    t = column.type
    if isinstance(t, Boolean):
        return bool(i % 2)
    if isinstance(t, Integer):
        if name == "sequence":
            return 1 + i
        if name == "version":
            return 1 + i
        return INT_VALUES.get(name, 10 + i)
    if isinstance(t, DateTime):
        offset = timedelta(hours=3) if name.endswith(("_end", "ends_at")) else timedelta(0)
        return BASE_TIME + timedelta(days=i, minutes=7 * i) + offset
    if isinstance(t, Date):
        return date(2026, 11, 2) + timedelta(days=i)
    if isinstance(t, JSON):
        return [i]
    if isinstance(t, Text) or isinstance(t, String) and getattr(t, "length", None) in (None,):
        if name in {"opening_hours", "checkpoint_offsets", "bp_required_offsets", "roles",
                    "item_scores"}:
            return "[1, 2, 3]" if name != "roles" else '["nurse"]'
        return f"{name} {i} — Zoë O’Brien ✓"
    if isinstance(t, String):
        length = t.length or 40
        if name in {"state"}:
            return "NY"
        if name in {"hash", "prev_hash"}:
            return f"{table_name}{i}".ljust(64, "0")[:64]
        if name in {"opening_hours", "checkpoint_offsets", "bp_required_offsets", "roles"}:
            return "[1]"
        return f"{name[:length - 4]}{i}"[:length]
    raise AssertionError(f"no test value for {table_name}.{name} ({t!r})")


def fill_every_table(engine: Engine, rows_per_table: int = 2) -> dict[str, int]:
    """Insert *rows_per_table* rows into every application table; returns row counts."""
    meta = MetaData()
    meta.reflect(engine)
    enums = _enum_values()
    ids: dict[str, list[int]] = {}
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            for i in range(rows_per_table):
                row = {c.name: _value(table.name, c, i, ids, enums) for c in table.columns
                       if not (c.primary_key and c.name == "id")}
                if "id" in table.columns:
                    row["id"] = i + 1
                conn.execute(table.insert(), row)
            if "id" in table.columns:
                ids[table.name] = list(conn.execute(select(table.c.id)).scalars())
    return table_counts(engine)


def table_counts(engine: Engine) -> dict[str, int]:
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(t).with_only_columns(*t.primary_key.columns)).all().__len__()
            for t in meta.sorted_tables if t.name != "alembic_version"
        }
