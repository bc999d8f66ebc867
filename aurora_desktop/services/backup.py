"""Consistent online backups, verified restores and integrity checks on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, Engine, Table, create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from aurora_desktop import __version__
from aurora_desktop.db import migrations
from aurora_desktop.db import models as _models  # noqa: F401  (fills Base.metadata)
from aurora_desktop.db.base import Base
from aurora_desktop.db.database import Database
from aurora_desktop.db.types import UTCDateTime
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.services.audit_trail import AuditTrail

log = logging.getLogger(__name__)

FORMAT = "aurora-desktop-backup"
FORMAT_VERSION = 1
BACKUP_SUFFIX = ".aurora-backup"
MANIFEST_MEMBER = "manifest.json"
SQLITE_MEMBER = "data/aurora.sqlite"
READABLE_BACKENDS = ("sqlite", "postgresql")
DAILY_NAME = re.compile(r"^aurora-(\d{4}-\d{2}-\d{2})" + re.escape(BACKUP_SUFFIX) + "$")
_INSERT_BATCH = 1000


class BackupError(AuroraError):
    """A backup cannot be written, read or restored; the message says why."""


@dataclass(frozen=True)
class TableDigest:
    """Row count and SHA-256 of a table's canonical JSON-lines export (backend independent)."""

    name: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    backend: str
    schema_revision: str
    app_version: str
    created_at: str
    tables: tuple[TableDigest, ...]
    files: dict[str, str] = field(default_factory=dict)  # member -> SHA-256 of its bytes
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def to_json(self) -> str:
        data = asdict(self)
        data["tables"] = [asdict(t) for t in self.tables]
        return json.dumps(data, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError("not an Aurora Desktop backup (unknown manifest format)")
            tables = tuple(TableDigest(t["name"], int(t["rows"]), t["sha256"]) for t in data["tables"])
            return cls(
                backend=data["backend"], schema_revision=data["schema_revision"],
                app_version=data["app_version"], created_at=data["created_at"], tables=tables,
                files=dict(data.get("files", {})), format=data["format"],
                format_version=int(data["format_version"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupError(f"backup manifest is unreadable: {exc}") from None


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckReport:
    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)

    def lines(self) -> list[str]:
        return [f"{'ok    ' if i.ok else 'FAILED'}  {i.name}: {i.detail}" for i in self.items]


# ---------------------------------------------------------------- canonical table contents

def tables() -> list[Table]:
    """Every application table in foreign-key order (parents before children)."""
    return list(Base.metadata.sorted_tables)


def _canonical(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _line(values: Iterable[Any]) -> bytes:
    return (json.dumps([_canonical(v) for v in values], ensure_ascii=False,
                       separators=(",", ":")) + "\n").encode("utf-8")


def export_lines(conn: Connection, table: Table) -> Iterator[bytes]:
    """A header line (column names) then one JSON line per row in primary-key order."""
    yield _line([c.name for c in table.columns])
    stmt = select(table).order_by(*table.primary_key.columns).execution_options(yield_per=2000)
    for row in conn.execute(stmt):
        yield _line(row)


def digest_table(conn: Connection, table: Table) -> TableDigest:
    hasher = hashlib.sha256()
    rows = -1
    for line in export_lines(conn, table):
        hasher.update(line)
        rows += 1
    return TableDigest(table.name, rows, hasher.hexdigest())


def digest_database(conn: Connection) -> tuple[TableDigest, ...]:
    return tuple(digest_table(conn, t) for t in tables())


def _decode(table: Table, header: list[str], values: list[Any]) -> dict[str, Any]:
    """Turn one canonical JSON line back into column values for an INSERT."""
    row: dict[str, Any] = {}
    for name, value in zip(header, values, strict=True):
        column_type = table.columns[name].type
        if value is not None:
            if isinstance(column_type, UTCDateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(column_type, Date):
                value = date.fromisoformat(value)
            elif getattr(column_type, "enum_class", None) is not None:
                value = column_type.enum_class(value)
        row[name] = value
    return row


# ---------------------------------------------------------------- backup

def _sha256_file(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _require_head(engine: Engine) -> str:
    current = migrations.current_revision(engine)
    head = migrations.head_revision()
    if current is None:
        raise BackupError("the database is empty (no schema): nothing to back up")
    if current != head:
        raise BackupError(
            f"database schema is at revision {current}, this version expects {head}: "
            "run `aurora-admin db upgrade` first"
        )
    return current


def _write_archive(target: Path, manifest_for: Any, members: list[tuple[str, Path]]) -> Manifest:
    """Write members + manifest to target.partial, fsync, then rename (never a torn file)."""
    files = {name: _sha256_file(path) for name, path in members}
    manifest: Manifest = manifest_for(files)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, path in members:
                zf.write(path, name)
            zf.writestr(MANIFEST_MEMBER, manifest.to_json())
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def backup_database(db: Database, target: Path, now: datetime) -> Manifest:
    """Write a consistent online backup of *db* to *target* (a zip with a manifest)."""
    revision = _require_head(db.engine)
    created = now.astimezone(UTC).isoformat()
    with tempfile.TemporaryDirectory(prefix="aurora-backup-") as tmp:
        work = Path(tmp)
        if db.is_sqlite:
            snapshot = work / "aurora.sqlite"
            _sqlite_snapshot(db, snapshot)
            snap_engine = create_engine(f"sqlite:///{snapshot}")
            try:
                with snap_engine.connect() as conn:
                    digests = digest_database(conn)
            finally:
                snap_engine.dispose()
            members = [(SQLITE_MEMBER, snapshot)]
        else:
            digests, members = _postgres_export(db, work)

        def manifest_for(files: dict[str, str]) -> Manifest:
            return Manifest(db.backend, revision, __version__, created, digests, files)

        manifest = _write_archive(target, manifest_for, members)
    log.info("backup written: %d tables, %d rows, backend %s", len(digests),
             manifest.total_rows, db.backend)
    return manifest


def _sqlite_snapshot(db: Database, snapshot: Path) -> None:
    """SQLite online backup API: a consistent copy even while others write (never a file copy)."""
    raw = db.engine.raw_connection()
    try:
        source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        dest = sqlite3.connect(snapshot)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
            result = dest.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise BackupError(f"the database fails its integrity check: {result[0][0]}")
        finally:
            dest.close()
    finally:
        raw.close()


def _postgres_export(db: Database, work: Path) -> tuple[tuple[TableDigest, ...], list[tuple[str, Path]]]:
    """Logical export of every table in one REPEATABLE READ, read-only snapshot."""
    digests: list[TableDigest] = []
    members: list[tuple[str, Path]] = []
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        conn.execute(text("SET TRANSACTION READ ONLY"))
        for table in tables():
            path = work / f"{table.name}.jsonl"
            hasher = hashlib.sha256()
            rows = -1
            with path.open("wb") as fh:
                for line in export_lines(conn, table):
                    fh.write(line)
                    hasher.update(line)
                    rows += 1
            digests.append(TableDigest(table.name, rows, hasher.hexdigest()))
            members.append((f"data/{table.name}.jsonl", path))
        conn.rollback()
    return tuple(digests), members


# ---------------------------------------------------------------- restore

def read_manifest(path: Path) -> Manifest:
    """Open a backup and verify its manifest and the SHA-256 of every data file in it."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if MANIFEST_MEMBER not in names:
                raise BackupError(f"{path.name} is not an Aurora Desktop backup (no manifest)")
            manifest = Manifest.from_json(zf.read(MANIFEST_MEMBER))
            if manifest.format_version > FORMAT_VERSION:
                raise BackupError(
                    f"backup format {manifest.format_version} is newer than this Aurora Desktop "
                    f"reads ({FORMAT_VERSION}); install version {manifest.app_version} or newer"
                )
            for member, expected in manifest.files.items():
                if member not in names:
                    raise BackupError(f"backup is incomplete: {member} is missing")
                hasher = hashlib.sha256()
                with zf.open(member) as fh:
                    for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                        hasher.update(chunk)
                if hasher.hexdigest() != expected:
                    raise BackupError(f"backup is damaged: {member} does not match its checksum")
    except FileNotFoundError:
        raise BackupError(f"backup file {path} not found") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path.name} is not a readable Aurora Desktop backup: {exc}") from None
    return manifest


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    tables: int
    rows: int
    upgraded_to: str | None


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _ensure_empty(engine: Engine) -> None:
    names = inspect(engine).get_table_names()
    if names:
        raise BackupError(
            f"restore needs an empty database, but this one already has {len(names)} tables; "
            "point --data-dir / --database-url at a new, empty database"
        )


def restore_backup(path: Path, database_url: str) -> RestoreReport:
    """Restore *path* into the EMPTY database at *database_url*, verifying every table."""
    manifest = read_manifest(path)
    if manifest.backend not in READABLE_BACKENDS:
        raise BackupError(f"backup from a '{manifest.backend}' database cannot be read by this version")
    if manifest.schema_revision not in _known_revisions():
        raise BackupError(
            f"backup schema revision {manifest.schema_revision} is newer than this Aurora Desktop "
            f"(made by version {manifest.app_version}); install that version or newer to restore it"
        )
    head = migrations.head_revision()
    target = Database(database_url)
    try:
        _ensure_empty(target.engine)
        with tempfile.TemporaryDirectory(prefix="aurora-restore-") as tmp, zipfile.ZipFile(path) as zf:
            if manifest.backend == "sqlite" and target.is_sqlite:
                snapshot = Path(zf.extract(SQLITE_MEMBER, tmp))
                target.dispose()
                _sqlite_restore(snapshot, database_url)
                if manifest.schema_revision == head:
                    with target.engine.connect() as conn:
                        _compare(manifest, digest_database(conn))
                else:
                    _compare_counts(manifest, target.engine)
            else:
                if manifest.schema_revision != head:
                    raise BackupError(
                        f"this backup is at schema revision {manifest.schema_revision}; restore it "
                        f"into {manifest.backend} with version {manifest.app_version}, then upgrade"
                    )
                _logical_restore(manifest, zf, Path(tmp), target)
        upgraded = None
        if manifest.schema_revision != head:
            migrations.upgrade(target.engine)
            upgraded = head
    finally:
        target.dispose()
    log.info("restore finished: %d tables, %d rows", len(manifest.tables), manifest.total_rows)
    return RestoreReport(manifest, len(manifest.tables), manifest.total_rows, upgraded)


def _sqlite_restore(snapshot: Path, database_url: str) -> None:
    dest_path = make_url(database_url).database
    source = sqlite3.connect(snapshot)
    dest = sqlite3.connect(dest_path)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=WAL")
    finally:
        dest.close()
        source.close()


def _rows_from_members(
    manifest: Manifest, zf: zipfile.ZipFile, tmp: Path
) -> Iterator[tuple[Table, Iterator[dict]]]:
    by_name = {t.name: t for t in tables()}
    if manifest.backend == "sqlite":
        snapshot = Path(zf.extract(SQLITE_MEMBER, tmp))
        engine = create_engine(f"sqlite:///{snapshot}")
        try:
            with engine.connect() as conn:
                for digest in manifest.tables:
                    table = by_name[digest.name]
                    stmt = select(table).order_by(*table.primary_key.columns)
                    yield table, (dict(row._mapping) for row in conn.execute(stmt))
        finally:
            engine.dispose()
        return
    for digest in manifest.tables:
        table = by_name[digest.name]

        def rows(table: Table = table) -> Iterator[dict]:
            with zf.open(f"data/{table.name}.jsonl") as fh:
                header = json.loads(fh.readline())
                for raw in fh:
                    yield _decode(table, header, json.loads(raw))

        yield table, rows()


def _logical_restore(manifest: Manifest, zf: zipfile.ZipFile, tmp: Path, target: Database) -> None:
    unknown = {t.name for t in manifest.tables} - {t.name for t in tables()}
    if unknown:
        raise BackupError(f"backup has tables this version does not know: {sorted(unknown)}")
    migrations.upgrade(target.engine)
    try:
        with target.engine.begin() as conn:
            for table, rows in _rows_from_members(manifest, zf, tmp):
                batch: list[dict] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= _INSERT_BATCH:
                        conn.execute(table.insert(), batch)
                        batch = []
                if batch:
                    conn.execute(table.insert(), batch)
            if target.backend == "postgresql":
                for table in tables():
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    ))
            _compare(manifest, digest_database(conn))  # raising here rolls every row back
    except BaseException:
        # Leave the target as empty as we found it: drop the schema we created.
        cascade = " CASCADE" if target.backend == "postgresql" else ""
        with target.engine.begin() as conn:
            for table in reversed(tables()):
                conn.execute(text(f"DROP TABLE IF EXISTS {table.name}{cascade}"))
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
            if target.backend == "postgresql":
                conn.execute(text("DROP FUNCTION IF EXISTS audit_event_append_only() CASCADE"))
        raise


def _compare(manifest: Manifest, actual: tuple[TableDigest, ...]) -> None:
    expected = {t.name: t for t in manifest.tables}
    got = {t.name: t for t in actual}
    bad = [name for name in expected if got.get(name) != expected[name]]
    if bad:
        raise BackupError(f"restored contents do not match the backup manifest in: {', '.join(bad)}")


def _compare_counts(manifest: Manifest, engine: Engine) -> None:
    with engine.connect() as conn:
        bad = [
            t.name for t in manifest.tables
            if conn.execute(text(f"SELECT COUNT(*) FROM {t.name}")).scalar_one() != t.rows
        ]
    if bad:
        raise BackupError(f"restored row counts do not match the backup manifest in: {', '.join(bad)}")


# ---------------------------------------------------------------- daily automatic backups

def daily_backup(db: Database, folder: Path, now: datetime, keep: int) -> Path | None:
    """Back up the embedded database once per local day, keeping the newest *keep* files.

    Cheap when today's backup already exists (one stat). Returns the new file or None.
    """
    day = now.astimezone().date()
    target = folder / f"aurora-{day.isoformat()}{BACKUP_SUFFIX}"
    if target.exists():
        return None
    backup_database(db, target, now)
    prune_backups(folder, keep)
    return target


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete daily backups beyond the newest *keep* (and abandoned partial files)."""
    removed: list[Path] = []
    for partial in folder.glob(f"*{BACKUP_SUFFIX}.partial"):
        partial.unlink(missing_ok=True)
        removed.append(partial)
    daily = sorted(p for p in folder.iterdir() if DAILY_NAME.match(p.name))
    for old in daily[: max(0, len(daily) - max(1, keep))]:
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed


# ---------------------------------------------------------------- integrity check

def _step(name: str, fn: Any) -> CheckItem:
    try:
        ok, detail = fn()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return CheckItem(name, False, f"database error: {reason}")
    except Exception as exc:  # noqa: BLE001 - a check reports, it never crashes
        return CheckItem(name, False, f"{type(exc).__name__}: {exc}")
    return CheckItem(name, ok, detail)


def check_database(db: Database) -> CheckReport:
    """Schema revision, SQLite integrity + foreign keys, and the audit chain."""
    items: list[CheckItem] = []

    def revision() -> tuple[bool, str]:
        state = migrations.status(db.engine)
        if state.up_to_date:
            return True, f"{state.current} (newest)"
        return False, f"{state.current or '(empty database)'}, expected {state.head}"

    items.append(_step("schema revision", revision))
    if db.is_sqlite:
        def integrity() -> tuple[bool, str]:
            with db.engine.connect() as conn:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            return rows == ["ok"], "ok" if rows == ["ok"] else "; ".join(rows[:5])

        def foreign_keys() -> tuple[bool, str]:
            with db.engine.connect() as conn:
                rows = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if not rows:
                return True, "no dangling references"
            where = sorted({f"{r[0]}->{r[2]}" for r in rows})
            return False, f"{len(rows)} dangling references ({', '.join(where[:5])})"

        items.append(_step("integrity check", integrity))
        items.append(_step("foreign keys", foreign_keys))
    else:
        def constraints() -> tuple[bool, str]:
            with db.engine.connect() as conn:
                rows = conn.execute(text(
                    "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                    "WHERE n.nspname = current_schema() AND NOT c.convalidated"
                )).scalars().all()
            return not rows, "all constraints validated" if not rows else f"not validated: {rows[:5]}"

        items.append(_step("constraints", constraints))

    def audit_chain() -> tuple[bool, str]:
        with db.read() as session:
            report = AuditTrail().verify(session)
        if report.ok:
            return True, f"{report.checked} events verified"
        return False, f"broken at event {report.first_broken_id}: {report.problem}"

    items.append(_step("audit chain", audit_chain))
    return CheckReport(tuple(items))
