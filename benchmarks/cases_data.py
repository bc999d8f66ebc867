"""Service-level measurements: patient search, schedule queries, checkpoint write, floor board."""

from __future__ import annotations

import statistics
from datetime import UTC, timedelta

from sqlalchemy import select, text

from aurora_desktop.db.models import TreatmentSession
from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.session_queries import local_day_bounds
from benchmarks.env import NY, Env
from benchmarks.measure import NotAvailable, Result, floor_median, sample, time_ms

# What a front-desk user types, one keystroke at a time.
TYPED = ["garcia", "o'brien", "nguyen", "smith", "maria g", "AW1012", "914555"]


def _keystrokes() -> list[str]:
    return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]


def _range_params(prefix: str) -> dict:
    return {"lo": prefix, "hi": prefix[:-1] + chr(ord(prefix[-1]) + 1)}


def patient_search(env: Env) -> Result:
    result = Result("patient search per keystroke (20k patients)", 50, 3)
    search = env.services.patient_search.search
    actor = env.actors["frontdesk"]
    keys = _keystrokes()
    for _ in range(env.warmup):
        for k in keys:
            search(actor, k)
    env.services.patient_search.index.wait_for_rebuild()  # time the index, not the SQL stand-in
    for _ in range(max(1, env.runs // 2)):
        result.samples_ms += [time_ms(lambda k=k: search(actor, k)) for k in keys]
    floor_sql = text(
        "SELECT id, mrn, first_name, last_name, date_of_birth, phone FROM patient "
        "WHERE last_name_key >= :lo AND last_name_key < :hi "
        "ORDER BY last_name_key, first_name_key LIMIT 200")
    prefixes = [w[:n] for w in ("garcia", "smith", "nguyen") for n in range(1, len(w) + 1)]
    with env.db.engine.connect() as conn:
        samples = []
        for _ in range(env.warmup + max(1, env.runs // 2)):
            samples += [time_ms(lambda p=p: conn.execute(floor_sql, _range_params(p)).fetchall())
                        for p in prefixes]
        result.floor_ms = statistics.median(samples)
    result.note = f"{len(keys)} keystrokes per pass; floor: indexed last-name range query"
    return result


def _raw_schedule(env: Env, days: int, first=None):  # noqa: ANN001, ANN202
    start, end = local_day_bounds(NY, first or env.today, days)
    sql = text(
        "SELECT s.id, s.scheduled_start, s.scheduled_end, s.status, s.version, c.label, p.mrn, "
        "p.first_name, p.last_name FROM treatment_session s "
        "JOIN treatment_chair c ON c.id = s.chair_id JOIN patient p ON p.id = s.patient_id "
        "WHERE s.clinic_id = :clinic AND s.scheduled_start >= :a AND s.scheduled_start < :b "
        "ORDER BY s.scheduled_start, c.position")
    if env.dataset.backend == "sqlite":
        a, b = (t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") for t in (start, end))
    else:
        a, b = start, end
    params = {"clinic": env.clinic_ids[0], "a": a, "b": b}

    # PostgreSQL: in autocommit, like the service. A BEGIN ... ROLLBACK around the fetch was two
    # more round trips, and psycopg forgets its prepared statements after every ROLLBACK, so the
    # floor wiped the service query's prepared, generically planned statement between blocks.
    options = {"isolation_level": "AUTOCOMMIT"} if env.dataset.backend == "postgresql" else {}

    def run() -> int:
        with env.db.engine.connect().execution_options(**options) as conn:
            return len(conn.execute(sql, params).fetchall())

    return run


def schedule_queries(env: Env) -> list[Result]:
    out = []
    actor = env.actors["frontdesk"]
    query = env.services.session_queries.sessions_for_days
    monday = env.today - timedelta(days=env.today.weekday())
    for label, first, days in (("day", env.today, 1), ("week", monday, 7)):
        result = Result(f"schedule {label} query (service only)", 100, 5)
        rows = len(query(actor, env.clinic_ids[0], first, days))
        result.samples_ms = sample(lambda f=first, d=days: query(actor, env.clinic_ids[0], f, d),
                                   env.runs, env.warmup)
        result.floor_ms = floor_median(_raw_schedule(env, days, first), env.runs, env.warmup)
        result.note = f"{rows} sessions; the widget part is measured by the GUI case"
        out.append(result)
    return out


def floor_board(env: Env) -> Result:
    result = Result("floor board refresh (16 under observation)", 50)
    board = env.services.floor_board.floor_board
    actor = env.actors["nurse"]

    def refresh() -> int:
        return sum(board(actor, cid, env.today).under_observation for cid in env.clinic_ids)

    observed = refresh()
    result.samples_ms = sample(refresh, env.runs, env.warmup)
    result.note = f"both clinics' boards (8 chairs each), {observed} under observation"
    return result


def record_checkpoint(env: Env) -> Result:
    """Writes: run on a working copy of the data set (SQLite) or the bench database (PostgreSQL)."""
    try:
        from aurora_desktop.domain.vitals import Reading
    except ImportError as exc:  # pragma: no cover
        raise NotAvailable("checkpoint recording") from exc
    result = Result("record one checkpoint (validate + write + audit + commit)", 25, 5)
    with env.db.read() as s:
        ids = list(s.scalars(select(TreatmentSession.id).where(
            TreatmentSession.local_date == env.today,
            TreatmentSession.status == SessionStatus.MONITORING)))
    if not ids:
        raise NotAvailable("no session under monitoring in the data set")
    nurse = env.actors["nurse"]
    record = env.services.monitoring.record_checkpoint
    reading = Reading(systolic=128, diastolic=80, heart_rate=76, spo2=97, respiratory_rate=14, moaas=5)
    counter = iter(range(10**6))

    def once() -> None:
        k = next(counter)
        env.clock.set(env.now + timedelta(seconds=k))
        record(nurse, ids[k % len(ids)], reading, note="benchmark")

    insert = text("INSERT INTO monitoring_checkpoint (session_id, bp_required, nausea, vomiting, note, "
                  "version) VALUES (:sid, false, false, false, 'floor', 1)")

    def raw() -> None:
        with env.db.write_once() as s:
            s.execute(insert, {"sid": ids[0]})

    # Alternate the two, so both see the same disk: one fsync can take 0.3 ms or 5 ms on a shared
    # machine, and timing them one after the other swung the ratio from 1x to 5x between runs.
    for _ in range(env.warmup):
        once()
        raw()
    floor = []
    for _ in range(env.runs * 2):
        result.samples_ms.append(time_ms(once))
        floor.append(time_ms(raw))
    result.floor_ms = statistics.median(floor)
    env.clock.set(env.now)
    result.note = (f"{len(ids)} sessions under monitoring; floor: one INSERT + durable commit, "
                   "timed alternately with the checkpoint")
    return result
