"""`aurora-admin audit verify|export`: check the hash chain, export events as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from aurora_desktop.commands.base import CliContext, CliError, parse_iso_date

EXIT_CHAIN_BROKEN = 4


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="audit trail: verify the hash chain, export CSV")
    a_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    verify = a_sub.add_parser(
        "verify", help=f"walk the hash chain; exit {EXIT_CHAIN_BROKEN} naming the first broken link")
    verify.set_defaults(handler=_verify)
    export = a_sub.add_parser("export", help="write the events of a date range as CSV")
    export.add_argument("--from", dest="start", required=True, help="first local day, YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, help="last local day, YYYY-MM-DD")
    export.add_argument("-o", "--output", required=True, help="CSV file to write ('-' for stdout)")
    export.set_defaults(handler=_export)


def _verify(args: argparse.Namespace, cli: CliContext) -> int:
    report = cli.services().audit_admin.verify(cli.actor)
    if report.ok:
        cli.print(f"audit trail intact: {report.checked} events verified")
        return 0
    cli.err.write(
        f"aurora-admin: audit trail BROKEN at event id {report.first_broken_id}: "
        f"{report.problem} ({report.checked} events checked)\n"
    )
    return EXIT_CHAIN_BROKEN


def _export(args: argparse.Namespace, cli: CliContext) -> int:
    start = parse_iso_date(args.start, "--from")
    end = parse_iso_date(args.end, "--to")
    if end < start:
        raise CliError("--to must not be before --from", 2)
    services = cli.services()
    clinics = services.clinics.list_clinics()
    zone = clinics[0].time_zone if clinics else "America/New_York"
    if args.output == "-":
        count = services.audit_admin.export_csv(cli.actor, start, end, cli.out, zone)
        cli.err.write(f"exported {count} events\n")
        return 0
    path = Path(args.output)
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            count = services.audit_admin.export_csv(cli.actor, start, end, handle, zone)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None
    cli.print(f"exported {count} events ({start.isoformat()} to {end.isoformat()}) to {path}")
    return 0
