"""`aurora-admin backup -o FILE`, `restore FILE` and `check`."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy.engine import make_url

from aurora_desktop.commands.base import CliContext, CliError
from aurora_desktop.services import backup


def register(sub: argparse._SubParsersAction) -> None:
    bk = sub.add_parser("backup", help="consistent online backup with a verified manifest")
    bk.add_argument("-o", "--output", required=True, metavar="FILE",
                    help=f"backup file to write (e.g. aurora-2026-12-01{backup.BACKUP_SUFFIX})")
    bk.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    bk.set_defaults(handler=_backup)

    rs = sub.add_parser("restore", help="restore a backup into an EMPTY database, verifying it")
    rs.add_argument("file", metavar="FILE", help="a backup written by `aurora-admin backup`")
    rs.set_defaults(handler=_restore)

    ck = sub.add_parser(
        "check", help="integrity, foreign keys, audit chain and schema revision (exit 1 on a problem)"
    )
    ck.set_defaults(handler=_check)


def _backup(args: argparse.Namespace, cli: CliContext) -> int:
    target = Path(args.output).expanduser().resolve()
    if target.exists() and not args.force:
        raise CliError(f"{target} already exists (use --force to overwrite)")
    db = cli.database(migrate=False)
    try:
        manifest = backup.backup_database(db, target, cli.clock.now())
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        db.dispose()
    cli.print(f"backup written: {target}")
    cli.print(f"backend {manifest.backend}, schema {manifest.schema_revision}, "
              f"{len(manifest.tables)} tables, {manifest.total_rows} rows")
    return 0


def _restore(args: argparse.Namespace, cli: CliContext) -> int:
    source = Path(args.file).expanduser().resolve()
    if cli.settings.is_sqlite:
        folder = Path(make_url(cli.settings.database_url).database or ".").parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"cannot create data folder {folder}: {exc.strerror}") from None
    report = backup.restore_backup(source, cli.settings.database_url)
    m = report.manifest
    cli.print(f"restored {report.tables} tables, {report.rows} rows into {cli.settings.describe_backend()}")
    cli.print(f"from a {m.backend} backup of {m.created_at} (schema {m.schema_revision}, "
              f"version {m.app_version}); every table matches the manifest")
    if report.upgraded_to:
        cli.print(f"then upgraded the schema to {report.upgraded_to}")
    return 0


def _check(args: argparse.Namespace, cli: CliContext) -> int:
    db = cli.database(migrate=False)
    try:
        report = backup.check_database(db)
    finally:
        db.dispose()
    cli.print(f"database: {cli.settings.describe_backend()}")
    for line in report.lines():
        cli.print(line)
    cli.print("result: " + ("all checks passed" if report.ok else "PROBLEMS FOUND"))
    return 0 if report.ok else 1
