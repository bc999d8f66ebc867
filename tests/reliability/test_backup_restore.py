"""Backup -> restore reproduces every table exactly; bad backups and non-empty targets are refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from aurora_desktop.cli import run
from aurora_desktop.commands.base import CliContext
from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database
from aurora_desktop.services import backup
from aurora_desktop.services.clock import FakeClock
from aurora_desktop.settings import resolve
from aurora_desktop.startup import open_services
from tests.conftest import DEFAULT_NOW, new_pg_database
from tests.services.test_audit_trail import _tamper as _tamper_services
from tests.support.populate import fill_every_table, table_counts


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), CliContext(resolve(), out=out, err=err))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def restore_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest):  # noqa: ANN201
    """A second, empty database on the same backend to restore into."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'aurora.db'}"
        return
    url, drop = new_pg_database(request.getfixturevalue("pg_admin_url"), None)
    yield url
    drop()


def digests(url: str) -> tuple[backup.TableDigest, ...]:
    db = Database(url)
    with db.engine.connect() as conn:
        result = backup.digest_database(conn)
    db.dispose()
    return result


def test_round_trip_reproduces_every_table(database_url: str, restore_url: str, tmp_path: Path) -> None:
    source = Database(database_url)
    counts = fill_every_table(source.engine, rows_per_table=3)
    source.dispose()
    assert set(counts.values()) == {3} and len(counts) == len(backup.tables())
    file = tmp_path / "nightly.aurora-backup"

    code, out, err = call("--database-url", database_url, "backup", "-o", str(file))
    assert code == 0, err
    assert f"{len(counts)} tables, {3 * len(counts)} rows" in out
    code, out, err = call("--database-url", restore_url, "restore", str(file))
    assert code == 0, err
    assert "every table matches the manifest" in out

    before, after = digests(database_url), digests(restore_url)
    assert after == before
    manifest = backup.read_manifest(file)
    assert manifest.tables == before
    assert manifest.schema_revision == migrations.head_revision()
    # The restored database keeps working: new rows get fresh ids (PostgreSQL sequences reset).
    restored = Database(restore_url)
    with restored.engine.begin() as conn:
        conn.execute(text("INSERT INTO treatment_chair (clinic_id, label, position, active, version) "
                          "VALUES (1, 'Chair 99', 99, true, 1)"))
        assert conn.execute(text("SELECT MAX(id) FROM treatment_chair")).scalar_one() == 4
    restored.dispose()
    # Restoring again refuses the now non-empty database and changes nothing.
    code, _, err = call("--database-url", restore_url, "restore", str(file))
    assert code == 1 and "needs an empty database" in err


@pytest.mark.postgres
def test_sqlite_backup_restores_into_postgresql(sqlite_url: str, tmp_path: Path,
                                                pg_admin_url: str) -> None:
    source = Database(sqlite_url)
    fill_every_table(source.engine)
    source.dispose()
    file = tmp_path / "embedded.aurora-backup"
    assert call("--database-url", sqlite_url, "backup", "-o", str(file))[0] == 0
    url, drop = new_pg_database(pg_admin_url, None)
    try:
        code, _, err = call("--database-url", url, "restore", str(file))
        assert code == 0, err
        assert digests(url) == digests(sqlite_url)
    finally:
        drop()


def _rewrite(file: Path, out: Path, *, manifest_edit=None, member_edit=None) -> Path:  # noqa: ANN001
    with zipfile.ZipFile(file) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == backup.MANIFEST_MEMBER and manifest_edit:
                raw = json.loads(data)
                manifest_edit(raw)
                data = json.dumps(raw).encode()
            elif item.filename != backup.MANIFEST_MEMBER and member_edit:
                data = member_edit(data)
            dst.writestr(item, data)
    return out


def test_bad_backups_are_refused_and_the_target_stays_empty(sqlite_url: str, tmp_path: Path) -> None:
    source = Database(sqlite_url)
    fill_every_table(source.engine, rows_per_table=1)
    source.dispose()
    good = tmp_path / "good.aurora-backup"
    assert call("--database-url", sqlite_url, "backup", "-o", str(good))[0] == 0
    assert call("--database-url", sqlite_url, "backup", "-o", str(good))[0] == 1  # no overwrite

    def newer(m: dict) -> None:
        m["schema_revision"] = "9999_from_the_future"

    def foreign(m: dict) -> None:
        m["backend"] = "mysql"

    def flip(data: bytes) -> bytes:
        return data[:-200] + bytes(b ^ 0xFF for b in data[-200:])

    cases = {
        "newer than this Aurora Desktop": _rewrite(good, tmp_path / "newer.zip", manifest_edit=newer),
        "'mysql' database cannot be read": _rewrite(good, tmp_path / "mysql.zip", manifest_edit=foreign),
        "does not match its checksum": _rewrite(good, tmp_path / "flip.zip", member_edit=flip),
        "not a readable Aurora Desktop backup": tmp_path / "plain.txt",
        "not found": tmp_path / "missing.aurora-backup",
    }
    (tmp_path / "plain.txt").write_text("hello")
    for expected, file in cases.items():
        target = tmp_path / f"t-{file.stem}"
        code, _, err = call("--data-dir", str(target), "restore", str(file))
        assert code == 1 and expected in err, (expected, err)
        assert err.count("\n") == 1
        db_file = target / "aurora.db"
        assert not db_file.exists() or db_file.stat().st_size == 0 or not table_counts(
            Database(f"sqlite:///{db_file}").engine)


def _tamper(db: Database, statement: str) -> None:
    class _Holder:  # the audit-trail tests' helper takes a Services-like object
        class ctx:  # noqa: N801
            pass

    _Holder.ctx.db = db
    _tamper_services(_Holder, statement)  # type: ignore[arg-type]


def test_check_reports_a_healthy_then_a_tampered_database(services, staff, database_url: str) -> None:  # noqa: ANN001
    services.clinics.set_chair_active(staff.admin, 1, False, 1)
    code, out, _ = call("--database-url", database_url, "check")
    assert code == 0, out
    assert "ok      audit chain: 3 events verified" in out and "all checks passed" in out
    _tamper(services.ctx.db, "UPDATE audit_event SET details = '{}' WHERE id = 2")
    code, out, _ = call("--database-url", database_url, "check")
    assert code == 1
    assert "FAILED  audit chain: broken at event 2: content does not match its hash" in out
    assert "PROBLEMS FOUND" in out


def test_check_finds_dangling_foreign_keys_on_sqlite(sqlite_url: str) -> None:
    import sqlite3

    path = sqlite_url.removeprefix("sqlite:///")
    raw = sqlite3.connect(path)  # foreign keys are off in a bare connection
    raw.execute("INSERT INTO treatment_chair (clinic_id, label, position, active, version) "
                "VALUES (42, 'Chair X', 1, 1, 1)")
    raw.commit()
    raw.close()
    code, out, _ = call("--database-url", sqlite_url, "check")
    assert code == 1 and "FAILED  foreign keys: 1 dangling references (treatment_chair->clinic)" in out
    assert "ok      integrity check: ok" in out


def test_daily_backup_once_a_day_keeping_the_newest(tmp_path: Path) -> None:
    settings = resolve(data_dir=tmp_path, environ={"AURORA_BACKUPS_TO_KEEP": "3"})
    clock = FakeClock(DEFAULT_NOW)
    made = []
    for _day in range(5):
        for _start in range(2):  # the second start of the day makes no new backup
            services = open_services(settings, clock)
            services.ctx.db.dispose()
        made.append(sorted(p.name for p in settings.backup_dir.iterdir()))
        clock.advance(days=1)
    assert [len(names) for names in made] == [1, 2, 3, 3, 3]
    assert made[-1] == [f"aurora-2026-12-0{d}.aurora-backup" for d in (3, 4, 5)]
    manifest = backup.read_manifest(settings.backup_dir / made[-1][-1])
    assert {t.name: t.rows for t in manifest.tables}["clinic"] == 2


def test_backup_needs_a_database_at_the_newest_schema(empty_database_url: str, tmp_path: Path) -> None:
    code, _, err = call("--database-url", empty_database_url, "backup", "-o", str(tmp_path / "x"))
    assert code == 1 and "the database is empty" in err


def test_the_gui_backs_up_in_the_background(tmp_path: Path) -> None:
    import threading

    settings = resolve(data_dir=tmp_path, environ={})
    services = open_services(settings, FakeClock(DEFAULT_NOW), backup_in_background=True)
    workers = [t for t in threading.enumerate() if t.name == "aurora-daily-backup"]
    for worker in workers:
        worker.join(timeout=120)
    services.ctx.db.dispose()
    assert len(workers) == 1 and not workers[0].is_alive() and not workers[0].daemon
    made = list(settings.backup_dir.glob("*.aurora-backup"))
    assert [p.name for p in made] == ["aurora-2026-12-01.aurora-backup"]
    assert backup.read_manifest(made[0]).backend == "sqlite"
