"""The large set's growing step on a tiny scale, on the real PostgreSQL server (its only backend)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, text

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database
from aurora_desktop.demo_data import build_demo_data
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext
from benchmarks.dataset import Dataset
from benchmarks.env import open_env
from benchmarks.grow import NOT_CLONED, cloned_tables, copies_for, dangling_references, grow
from tests.conftest import new_pg_database

NOW = datetime(2026, 12, 1, 19, 10, tzinfo=UTC)  # Tuesday 2:10 PM in New York: the 1:00 PM slot runs
# The benchmarked clinics' rows, which growing must leave exactly as they were.
ORIGINALS = ("SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM treatment_session t "
             "WHERE t.clinic_id IN (SELECT id FROM clinic WHERE code IN ('WP', 'BK'))")


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        out = {t.name: conn.scalar(text(f"SELECT count(*) FROM {t.name}")) for t in cloned_tables()}
        out["audit_event"] = conn.scalar(text("SELECT count(*) FROM audit_event"))
        out["originals"] = conn.scalar(text(ORIGINALS))
        out["distinct mrn"] = conn.scalar(text("SELECT count(DISTINCT mrn) FROM patient"))
        out["distinct code"] = conn.scalar(text("SELECT count(DISTINCT code) FROM clinic"))
        out["distinct username"] = conn.scalar(text("SELECT count(DISTINCT username) FROM staff_member"))
    engine.dispose()
    return out


def test_copies_reach_a_million_sessions() -> None:
    assert copies_for(92_291) == 10  # 11 networks x 92,291 = 1,015,201 sessions
    assert copies_for(1_000_000) == 0 and copies_for(999_999) == 1


def test_growing_a_small_set_twice_keeps_it_sound(pg_admin_url: str, pg_template: str) -> None:
    url, drop = new_pg_database(pg_admin_url, pg_template)
    try:
        db = Database(url)
        migrations.upgrade(db.engine)
        services = Services.build(ServiceContext(db=db, clock=FakeClock(NOW)))
        services.clinics.seed_defaults()
        build_demo_data(db, Actor.command_line(), NOW, "small", seed=5, busy_now=True)
        db.dispose()
        before = _counts(url)

        after = grow(url, copies=1, say=lambda _m: None)

        grown = _counts(url)
        for table in (t.name for t in cloned_tables()):
            assert after[table] == grown[table] == 2 * before[table], table
        assert before["treatment_session"] > 0 and before["monitoring_checkpoint"] > 0
        assert grown["audit_event"] == before["audit_event"]  # the hash chain is not copied
        assert grown["originals"] == before["originals"]  # WP and BK rows untouched
        assert grown["distinct mrn"] == grown["patient"]
        assert grown["distinct code"] == grown["clinic"]
        assert grown["distinct username"] == grown["staff_member"]
        assert not {k: v for k, v in dangling_references(url).items() if v}
        assert "audit_event" in NOT_CLONED

        # The app's views on the clone of White Plains (N01) show what they show for WP.
        env = open_env(Dataset(url, NOW, "postgresql", None), 1, 0, "small")
        try:
            engine = env.db.engine
            with engine.connect() as conn:
                n01 = conn.scalar(text("SELECT id FROM clinic WHERE code = 'N01'"))
            wp = env.clinic_ids[0]
            day = env.services.session_queries.sessions_for_days
            desk = env.actors["frontdesk"]
            ours, theirs = day(desk, wp, env.today), day(desk, n01, env.today)
            assert len(theirs) == len(ours) > 0
            assert [r.scheduled_start for r in theirs] == [r.scheduled_start for r in ours]
            board = env.services.floor_board.floor_board
            assert (board(env.actors["nurse"], n01, env.today).under_observation
                    == board(env.actors["nurse"], wp, env.today).under_observation == 8)
        finally:
            env.close()
    finally:
        drop()
