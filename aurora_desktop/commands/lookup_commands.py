"""`aurora-admin clinics list`, `sessions list`, `patients find`."""

from __future__ import annotations

import argparse

from aurora_desktop.commands.base import CliContext, add_json_flag, parse_iso_date


def register(sub: argparse._SubParsersAction) -> None:
    clinics = sub.add_parser("clinics", help="clinics and chairs")
    c_sub = clinics.add_subparsers(dest="clinics_command", required=True, metavar="COMMAND")
    c_list = c_sub.add_parser("list", help="list clinics with their chairs")
    add_json_flag(c_list)
    c_list.set_defaults(handler=_clinics_list)

    sessions = sub.add_parser("sessions", help="booked sessions")
    s_sub = sessions.add_subparsers(dest="sessions_command", required=True, metavar="COMMAND")
    s_list = s_sub.add_parser("list", help="sessions of one clinic on one day")
    s_list.add_argument("--clinic", required=True, help="clinic code, e.g. WP or BK")
    s_list.add_argument("--date", required=True, help="local date, YYYY-MM-DD")
    add_json_flag(s_list)
    s_list.set_defaults(handler=_sessions_list)

    patients = sub.add_parser("patients", help="patient look-up")
    p_sub = patients.add_subparsers(dest="patients_command", required=True, metavar="COMMAND")
    p_find = p_sub.add_parser("find", help="find patients by name, MRN, date of birth or phone")
    p_find.add_argument("text", help="search text")
    add_json_flag(p_find)
    p_find.set_defaults(handler=_patients_find)


def _clinics_list(args: argparse.Namespace, cli: CliContext) -> int:
    clinics = cli.services().clinics.list_clinics()
    if args.json:
        cli.print_json([
            {"code": c.code, "name": c.name, "address": c.address, "time_zone": c.time_zone,
             "rems_setting_id": c.rems_setting_id, "rems_certified": c.rems_certified,
             "chairs": [ch.label for ch in c.chairs if ch.active]}
            for c in clinics
        ])
        return 0
    for c in clinics:
        active = sum(1 for ch in c.chairs if ch.active)
        cert = "REMS certified" if c.rems_certified else "NOT REMS certified"
        cli.print(f"{c.code}\t{c.name}\t{c.address}\t{active} chairs\t{cert}")
    return 0


def _sessions_list(args: argparse.Namespace, cli: CliContext) -> int:
    day = parse_iso_date(args.date, "--date")
    services = cli.services()
    clinic = services.clinics.get_by_code(args.clinic)
    rows = services.session_queries.sessions_for_days(cli.actor, clinic.id, day)
    if args.json:
        cli.print_json([
            {"id": r.id, "start": r.local_start.isoformat(), "end": r.local_end.isoformat(),
             "chair": r.chair_label, "mrn": r.patient_mrn, "status": r.status.value}
            for r in rows
        ])
        return 0
    for r in rows:
        cli.print(f"{r.id}\t{r.local_start:%H:%M}\t{r.chair_label}\t{r.patient_mrn}\t{r.status.value}")
    if not rows:
        cli.err.write(f"no sessions at {clinic.code} on {day.isoformat()}\n")
    return 0


def _patients_find(args: argparse.Namespace, cli: CliContext) -> int:
    hits = cli.services().patient_search.search(cli.actor, args.text)
    if args.json:
        cli.print_json([
            {"id": h.id, "mrn": h.mrn, "last_name": h.last_name, "first_name": h.first_name,
             "date_of_birth": h.date_of_birth.isoformat(), "rems_enrolled": h.rems_enrolled}
            for h in hits
        ])
        return 0
    for h in hits:
        flag = "" if h.rems_enrolled else "\tNOT REMS-ENROLLED"
        cli.print(f"{h.mrn}\t{h.display_name}\t{h.date_of_birth.isoformat()}{flag}")
    if not hits:
        cli.err.write("no matching patients\n")
    return 0
