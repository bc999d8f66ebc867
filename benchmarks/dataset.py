"""Build or reuse the benchmark data set, cached by size, seed and schema revision."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database
from aurora_desktop.demo_data import build_demo_data
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.services.container import Services
from aurora_desktop.services.context import ServiceContext

CACHE = Path(__file__).resolve().parent / "cache"
NY = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class Dataset:
    url: str
    now: datetime  # the instant the data set treats as "now" (today's sessions are relative)
    backend: str
    built_seconds: float | None


def bench_now(reference: datetime | None = None) -> datetime:
    """14:10 New York time on the latest weekday before today: the 1:00 PM slot is under way."""
    day = (reference or datetime.now(UTC)).astimezone(NY).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(14, 10), tzinfo=NY).astimezone(UTC)


def sqlite_cached(size: str, seed: int) -> bool:
    key = f"{size}-seed{seed}-{migrations.head_revision()}"
    return (CACHE / f"sqlite-{key}.db").exists() and (CACHE / f"sqlite-{key}.json").exists()


def prepare(size: str, seed: int, backend: str, database_url: str | None, rebuild: bool,
            say=print, from_sqlite: bool = False) -> Dataset:  # noqa: ANN001
    revision = migrations.head_revision()
    key = f"{size}-seed{seed}-{revision}"
    CACHE.mkdir(exist_ok=True)
    meta_path = CACHE / f"{backend}-{key}.json"
    if backend == "sqlite":
        path = CACHE / f"sqlite-{key}.db"
        url = f"sqlite:///{path}"
        if rebuild or not (path.exists() and meta_path.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            older = None if rebuild else _older_sqlite_cache(size, seed, revision)
            if older is not None:
                return _upgrade_copy(older, path, meta_path, say)
            return _build(url, size, seed, meta_path, say, backend)
    else:
        if not database_url:
            raise SystemExit("--backend postgresql needs --database-url postgresql+psycopg://...")
        name = f"aurora_bench_{size}_{seed}_{revision}".lower()
        admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
        url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists and (rebuild or not meta_path.exists()):
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
                exists = False
            older = None if exists or rebuild else _older_postgresql(conn, size, seed)
            if older:
                create_from_template(conn, name, older[0])
            elif not exists and size != "large":
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        if older:
            return _upgraded(url, older[1], meta_path, "postgresql", say)
        if not exists and size == "large":
            return _grow_large(database_url, name, seed, meta_path, say)
        if not exists and from_sqlite:
            return _copy_from_sqlite(url, size, seed, meta_path, say)
        if not exists:
            return _build(url, size, seed, meta_path, say, backend)
    meta = json.loads(meta_path.read_text())
    say(f"reusing cached {backend} data set {key} (built in {meta['built_seconds']:.0f} s)")
    return Dataset(url, datetime.fromisoformat(meta["now"]), backend, None)


def _older_sqlite_cache(size: str, seed: int, revision: str) -> Path | None:
    """The newest cached SQLite set of this size and seed built at an earlier schema revision."""
    found = [db for db in CACHE.glob(f"sqlite-{size}-seed{seed}-*.db")
             if db.stem != f"sqlite-{size}-seed{seed}-{revision}" and db.with_suffix(".json").exists()]
    return max(found, key=lambda db: db.stat().st_mtime, default=None)


def _upgrade_copy(older: Path, path: Path, meta_path: Path, say) -> Dataset:  # noqa: ANN001
    """Migrations only add (indexes, columns): the same rows upgraded in place instead of a
    rebuild (the reference set takes ~19 minutes to build on the 2-core machine)."""
    say(f"upgrading a copy of {older.name} to the current schema (instead of rebuilding)...")
    shutil.copyfile(older, path)
    db = Database(f"sqlite:///{path}")
    try:
        migrations.upgrade(db.engine)
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()
    meta = json.loads(older.with_suffix(".json").read_text())
    meta["note"] = f"upgraded in place from {older.name}"
    meta_path.write_text(json.dumps(meta, indent=2))
    return Dataset(f"sqlite:///{path}", datetime.fromisoformat(meta["now"]), "sqlite", None)


def create_from_template(conn, name: str, template: str) -> None:  # noqa: ANN001 - AUTOCOMMIT connection
    """A copy of a whole database; PostgreSQL 15+ copies the files (WAL-logging every page of a
    multi-gigabyte set took minutes). Nobody may be connected to *template* meanwhile."""
    strategy = " STRATEGY FILE_COPY" if conn.dialect.server_version_info >= (15,) else ""
    conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}'))


def _older_revisions() -> list[str]:
    """Revisions before head, newest first (a cached set of one of them can be upgraded)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.alembic_config())
    return [rev.revision for rev in script.walk_revisions()][1:]


def _older_postgresql(conn, size: str, seed: int) -> tuple[str, Path] | None:  # noqa: ANN001
    for rev in _older_revisions():
        name = f"aurora_bench_{size}_{seed}_{rev}".lower()
        meta = CACHE / f"postgresql-{size}-seed{seed}-{rev}.json"
        if meta.exists() and conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                         {"n": name}):
            return name, meta
    return None


def _upgraded(url: str, old_meta: Path, meta_path: Path, backend: str, say) -> Dataset:  # noqa: ANN001
    """PostgreSQL: a copy (by template) of the cached set of an older schema revision, migrated
    like a clinic's database instead of rebuilt (columns added since hold their defaults)."""
    import time as _time

    started = _time.perf_counter()
    say(f"upgrading a copy of {old_meta.stem} to the current schema...")
    db = Database(url)
    try:
        migrations.upgrade(db.engine)
        if backend == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
    finally:
        db.dispose()
    meta = json.loads(old_meta.read_text())
    meta["upgraded_from"] = old_meta.stem
    meta_path.write_text(json.dumps(meta, indent=2))
    say(f"upgraded in {_time.perf_counter() - started:.0f} s")
    return Dataset(url, datetime.fromisoformat(meta["now"]), backend, None)


def _build(url: str, size: str, seed: int, meta_path: Path, say, backend: str) -> Dataset:  # noqa: ANN001
    now = bench_now()
    say(f"building the {size} data set (seed {seed}) on {backend}...")
    db = Database(url)
    migrations.upgrade(db.engine)
    services = Services.build(ServiceContext(db=db, clock=FakeClock(now)))
    services.clinics.seed_defaults()
    actor = Actor(None, "benchmark", "benchmark harness", frozenset(), "benchmark")
    report = build_demo_data(db, actor, now, size, seed, busy_now=True,
                             progress=lambda m: say(f"  {m}"))
    if backend == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    meta_path.write_text(json.dumps({"now": now.isoformat(), "built_seconds": report.seconds,
                                     "counts": report.counts}, indent=2))
    say(f"built in {report.seconds:.0f} s: {report.counts.get('treatment_session', 0)} sessions")
    return Dataset(url, now, backend, report.seconds)


def _copy_from_sqlite(url: str, size: str, seed: int, meta_path: Path, say) -> Dataset:  # noqa: ANN001
    """The same rows as the cached SQLite set, through the app's own backup and verified restore
    (much faster than building: the demo builder's per-row logic is skipped)."""
    import time as _time

    from aurora_desktop.services.backup import backup_database, restore_backup

    source = prepare(size, seed, "sqlite", None, False, say)
    started = _time.perf_counter()
    say(f"copying the SQLite {size} set into PostgreSQL (backup + verified restore)...")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bench.aurora-backup"
        db = Database(source.url)
        try:
            backup_database(db, archive, source.now)
        finally:
            db.dispose()
        report = restore_backup(archive, url)
    db = Database(url)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    db.dispose()
    seconds = _time.perf_counter() - started
    meta = json.loads((CACHE / f"sqlite-{size}-seed{seed}-{migrations.head_revision()}.json").read_text())
    meta.update(built_seconds=seconds, copied_from="sqlite", rows=report.rows)
    meta_path.write_text(json.dumps(meta, indent=2))
    say(f"copied {report.rows} rows in {seconds:.0f} s")
    return Dataset(url, source.now, "postgresql", seconds)


def _grow_large(database_url: str, name: str, seed: int, meta_path: Path, say) -> Dataset:  # noqa: ANN001
    """>= 1,000,000 sessions: a copy of the PostgreSQL reference set (CREATE DATABASE ... TEMPLATE)
    grown server-side by cloning its two-clinic network as extra sites (benchmarks/grow.py)."""
    import time as _time

    from benchmarks.grow import copies_for, grow

    source = prepare("reference", seed, "postgresql", database_url, False, say, from_sqlite=True)
    source_name = make_url(source.url).database
    started = _time.perf_counter()
    say(f"growing the large set from {source_name}...")
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            create_from_template(conn, name, source_name)
    finally:
        admin.dispose()
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    with engine.connect() as conn:
        sessions = conn.scalar(text("SELECT count(*) FROM treatment_session"))
    engine.dispose()
    copies = copies_for(sessions)
    counts = grow(url, copies, say)
    seconds = _time.perf_counter() - started
    meta_path.write_text(json.dumps({
        "now": source.now.isoformat(), "built_seconds": seconds, "counts": counts,
        "grown_from": source_name, "copies": copies}, indent=2))
    say(f"grown in {seconds:.0f} s: {counts['treatment_session']} sessions ({copies} clones)")
    return Dataset(url, source.now, "postgresql", seconds)


def working_copy(dataset: Dataset, tmp: Path) -> Dataset:
    """SQLite: benchmarks that write get a copy, so the cache stays as built."""
    if dataset.backend != "sqlite":
        return dataset
    src = Path(make_url(dataset.url).database)
    dst = tmp / "bench-work.db"
    shutil.copyfile(src, dst)
    return Dataset(f"sqlite:///{dst}", dataset.now, dataset.backend, dataset.built_seconds)


if __name__ == "__main__":  # pragma: no cover - manual use
    prepare(sys.argv[1], int(sys.argv[2]), "sqlite", None, False)
