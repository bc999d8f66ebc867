"""`aurora-admin user list|add|deactivate|unlock|reset-password|roles` (passwords never as arguments)."""

from __future__ import annotations

import argparse
import getpass

from aurora_desktop.commands.base import CliContext, CliError, add_json_flag
from aurora_desktop.domain.accounts import format_local_time, is_locked
from aurora_desktop.services.passwords import check_new_password

PASSWORD_HELP = "read the password from the first line of standard input instead of a prompt"


def register(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="staff accounts: list, add, deactivate, unlock, reset-password")
    u_sub = user.add_subparsers(dest="user_command", required=True, metavar="COMMAND")

    u_list = u_sub.add_parser("list", help="every account with roles and status")
    add_json_flag(u_list)
    u_list.set_defaults(handler=_list)

    add = u_sub.add_parser("add", help="create an account (the password is asked twice)")
    add.add_argument("--username", required=True, help="lower-case login name, e.g. nina.nurse")
    add.add_argument("--full-name", required=True, help='the person\'s name, e.g. "Nina Nurse"')
    add.add_argument("--role", action="append", required=True,
                     help="front_desk, nurse, prescriber or admin (repeat for several)")
    add.add_argument("--credentials", default="", help="e.g. RN, MD, NP")
    add.add_argument("--npi", help="10-digit NPI (prescribers)")
    add.add_argument("--keep-password", action="store_true",
                     help="do not ask for a new password at the first sign-in")
    add.add_argument("--password-stdin", action="store_true", help=PASSWORD_HELP)
    add.set_defaults(handler=_add)

    for name, handler, text in (
        ("deactivate", _deactivate, "stop an account from signing in (records keep the name)"),
        ("unlock", _unlock, "lift a lockout after failed sign-ins now"),
    ):
        cmd = u_sub.add_parser(name, help=text)
        cmd.add_argument("username")
        cmd.set_defaults(handler=handler)

    reset = u_sub.add_parser(
        "reset-password", help="set a temporary password; a new one is required at next sign-in")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help=PASSWORD_HELP)
    reset.set_defaults(handler=_reset)

    roles = u_sub.add_parser("roles", help="replace an account's roles")
    roles.add_argument("username")
    roles.add_argument("--role", action="append", required=True,
                       help="front_desk, nurse, prescriber or admin (repeat for several)")
    roles.set_defaults(handler=_roles)


def read_new_password(args: argparse.Namespace, cli: CliContext, username: str) -> str:
    """From stdin (one line) or an interactive prompt asked twice; checked against the policy."""
    if args.password_stdin:
        password = cli.stdin.readline().rstrip("\r\n")
        if not password:
            raise CliError("no password on standard input")
        check_new_password(password, username)
        return password
    try:
        first = getpass.getpass(f"New password for {username}: ")
        second = getpass.getpass("Repeat the password: ")
    except (EOFError, KeyboardInterrupt):
        raise CliError("cancelled: no password entered") from None
    check_new_password(first, username, second)
    return first


def _roles_arg(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def _time_zone(cli: CliContext) -> str:
    clinics = cli.services().clinics.list_clinics()
    return clinics[0].time_zone if clinics else "America/New_York"


def _list(args: argparse.Namespace, cli: CliContext) -> int:
    services = cli.services()
    users = services.users.list_users(cli.actor)
    now = services.ctx.clock.now()
    if args.json:
        cli.print_json([
            {"id": u.id, "username": u.username, "full_name": u.full_name,
             "roles": sorted(r.value for r in u.roles), "active": u.active,
             "locked_until": u.locked_until.isoformat() if u.locked_at(now) else None,
             "must_change_password": u.must_change_password}
            for u in users
        ])
        return 0
    zone = _time_zone(cli)
    for u in users:
        status = "active" if u.active else "deactivated"
        if u.active and is_locked(u.locked_until, now):
            status = f"locked until {format_local_time(u.locked_until, zone)}"
        change = "\tmust change password" if u.must_change_password else ""
        cli.print(f"{u.username}\t{u.full_name}\t{u.roles_text}\t{status}{change}")
    if not users:
        cli.err.write("no accounts yet: create the first with 'aurora-admin user add --role admin'\n")
    return 0


def _add(args: argparse.Namespace, cli: CliContext) -> int:
    username = args.username.strip().lower()
    password = read_new_password(args, cli, username)
    view = cli.services().users.add_user(
        cli.actor, username, args.full_name, _roles_arg(args.role), password,
        credentials=args.credentials, npi=args.npi, must_change_password=not args.keep_password,
    )
    cli.print(f"created {view.username} (id {view.id}): {view.roles_text}")
    return 0


def _deactivate(args: argparse.Namespace, cli: CliContext) -> int:
    users = cli.services().users
    view = users.deactivate(cli.actor, users.get_by_username(cli.actor, args.username).id)
    cli.print(f"deactivated {view.username}: can no longer sign in")
    return 0


def _unlock(args: argparse.Namespace, cli: CliContext) -> int:
    users = cli.services().users
    view = users.unlock(cli.actor, users.get_by_username(cli.actor, args.username).id)
    cli.print(f"unlocked {view.username}")
    return 0


def _reset(args: argparse.Namespace, cli: CliContext) -> int:
    users = cli.services().users
    target = users.get_by_username(cli.actor, args.username)
    password = read_new_password(args, cli, target.username)
    users.reset_password(cli.actor, target.id, password)
    cli.print(f"password reset for {target.username}: a new one is required at the next sign-in")
    return 0


def _roles(args: argparse.Namespace, cli: CliContext) -> int:
    users = cli.services().users
    target = users.get_by_username(cli.actor, args.username)
    view = users.set_roles(cli.actor, target.id, _roles_arg(args.role))
    cli.print(f"{view.username}: {view.roles_text}")
    return 0
