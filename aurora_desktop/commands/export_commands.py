"""`aurora-admin export session-log | day-log | patient-history`: PDF exports (audited)."""

from __future__ import annotations

import argparse

from aurora_desktop.commands.base import CliContext, CliError, parse_iso_date
from aurora_desktop.reports import jobs
from aurora_desktop.reports.output import write_atomically


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="export PDF session logs, day logs, patient histories")
    e_sub = export.add_subparsers(dest="export_command", required=True, metavar="COMMAND")

    log = e_sub.add_parser("session-log", help="the session log of one treatment session")
    log.add_argument("session_id", type=int, help="session id (see `sessions list`)")
    _output(log)
    log.set_defaults(handler=_session_log)

    day = e_sub.add_parser("day-log", help="every session of one clinic on one day")
    day.add_argument("--clinic", required=True, help="clinic code, e.g. WP or BK")
    day.add_argument("--date", required=True, help="local date, YYYY-MM-DD")
    _output(day)
    day.set_defaults(handler=_day_log)

    history = e_sub.add_parser("patient-history", help="one patient's treatment history")
    history.add_argument("mrn", help="the patient's MRN")
    _output(history)
    history.set_defaults(handler=_patient_history)


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")


def _write(cli: CliContext, job: jobs.ReportJob, output: str) -> int:
    data = job.build()
    try:
        path = write_atomically(output, data)
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    jobs.record_output(cli.services(), cli.actor, "export", job, path.name)
    cli.print(f"wrote {path} ({len(data):,} bytes)")
    return 0


def _session_log(args: argparse.Namespace, cli: CliContext) -> int:
    job = jobs.session_log_job(cli.services(), cli.actor, args.session_id)
    return _write(cli, job, args.output)


def _day_log(args: argparse.Namespace, cli: CliContext) -> int:
    day = parse_iso_date(args.date, "--date")
    services = cli.services()
    clinic = services.clinics.get_by_code(args.clinic)
    return _write(cli, jobs.day_log_job(services, cli.actor, clinic.id, day), args.output)


def _patient_history(args: argparse.Namespace, cli: CliContext) -> int:
    job = jobs.patient_history_job(cli.services(), cli.actor, mrn=args.mrn)
    return _write(cli, job, args.output)
