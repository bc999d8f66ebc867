"""`aurora-admin demo-data`: fill an empty database with synthetic demo/benchmark data."""

from __future__ import annotations

import argparse

from aurora_desktop.commands.base import CliContext
from aurora_desktop.demo_data import DEMO_PASSWORD, SIZES, build_demo_data


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo-data",
        help="fill an empty database with synthetic demo data (never real patients)",
        description="Builds synthetic but clinically plausible staff, roster, patients, plans and "
        "sessions (past, today relative to now, and the coming weeks). The same seed gives the "
        "same data. Refuses a database that already has patients or sessions unless --force, "
        "which adds the demo data alongside (nothing is ever deleted). Every demo account's "
        f"password is '{DEMO_PASSWORD}'.",
    )
    demo.add_argument("--size", choices=sorted(SIZES), default="small",
                      help="small (seconds, for tests), reference (~100k sessions, benchmarks), "
                      "large (~1M sessions, PostgreSQL)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.add_argument("--force", action="store_true",
                      help="add demo data even though patients or sessions already exist")
    demo.add_argument("--quiet", action="store_true", help="no progress lines")
    demo.set_defaults(handler=_demo_data)


def _demo_data(args: argparse.Namespace, cli: CliContext) -> int:
    services = cli.services()
    say = (lambda _m: None) if args.quiet else (lambda m: cli.err.write(f"  {m}\n"))
    report = build_demo_data(
        services.ctx.db, cli.actor, cli.clock.now(), args.size, args.seed,
        force=args.force, audit=services.ctx.audit, progress=say,
    )
    c = report.counts
    cli.print(
        f"demo data '{report.size}' (seed {report.seed}) built in {report.seconds:.1f} s: "
        f"{c.get('staff_member', 0)} staff, {c.get('patient', 0)} patients, "
        f"{c.get('treatment_session', 0)} sessions, {c.get('monitoring_checkpoint', 0)} checkpoints"
    )
    cli.print(f"sign in as demo.admin, demo.frontdesk, demo.nurse or demo.prescriber "
              f"with password '{DEMO_PASSWORD}'")
    return 0
