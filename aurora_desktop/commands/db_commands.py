"""`aurora-admin db upgrade|status`."""

from __future__ import annotations

import argparse

from aurora_desktop.commands.base import CliContext
from aurora_desktop.db import migrations


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database schema: upgrade, status")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    up = db_sub.add_parser("upgrade", help="apply all migrations up to the newest revision")
    up.set_defaults(handler=_upgrade)
    st = db_sub.add_parser("status", help="backend, current revision and newest revision")
    st.set_defaults(handler=_status)


def _upgrade(args: argparse.Namespace, cli: CliContext) -> int:
    db = cli.database(migrate=True)
    state = migrations.status(db.engine)
    db.dispose()
    cli.print(f"database at revision {state.current} (head {state.head})")
    return 0


def _status(args: argparse.Namespace, cli: CliContext) -> int:
    db = cli.database(migrate=False)
    state = migrations.status(db.engine)
    db.dispose()
    cli.print(f"backend:  {cli.settings.describe_backend()}")
    cli.print(f"current:  {state.current or '(empty database)'}")
    cli.print(f"head:     {state.head}")
    cli.print("status:   " + ("up to date" if state.up_to_date else "upgrade needed"))
    return 0 if state.up_to_date else 3
