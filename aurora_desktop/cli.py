"""`aurora-admin`: the administrator command line, using the same services as the GUI."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError

from aurora_desktop import __version__, settings
from aurora_desktop.commands import (
    audit_commands,
    backup_commands,
    db_commands,
    demo_commands,
    export_commands,
    lookup_commands,
    user_commands,
)
from aurora_desktop.commands.base import CliContext, CliError
from aurora_desktop.db.database import DatabaseUrlError
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.logging_setup import configure_logging
from aurora_desktop.startup import StartupError

COMMAND_MODULES = [
    db_commands, lookup_commands, backup_commands, user_commands, audit_commands, demo_commands,
    export_commands,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aurora-admin",
        description="Administer Aurora Desktop: database, users, clinics, exports, backups.",
    )
    parser.add_argument("--version", action="version", version=f"aurora-admin {__version__}")
    settings.add_arguments(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def run(argv: Sequence[str] | None = None, cli: CliContext | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        resolved = settings.from_namespace(args)
    except Exception as exc:  # noqa: BLE001 - any settings problem is a one-line error
        print(f"aurora-admin: error: {exc}", file=sys.stderr)
        return 2
    if cli is None:
        cli = CliContext(resolved)
    else:
        cli.settings = resolved
    if resolved.is_sqlite:
        with contextlib.suppress(OSError):  # an unusable data folder is reported later
            configure_logging(resolved.log_dir)
    try:
        return int(args.handler(args, cli) or 0)
    except CliError as exc:
        cli.err.write(f"aurora-admin: error: {exc}\n")
        return exc.status
    except (AuroraError, StartupError, DatabaseUrlError) as exc:
        cli.err.write(f"aurora-admin: error: {exc}\n")
        return 1
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        cli.err.write(f"aurora-admin: error: database error: {reason}\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - never show a traceback to the administrator
        logging.getLogger(__name__).exception("aurora-admin %s failed", args.command)
        cli.err.write(f"aurora-admin: error: unexpected {type(exc).__name__} (see the log)\n")
        return 1
    finally:
        cli.close()


def main() -> int:
    return run()


if __name__ == "__main__":
    raise SystemExit(main())
