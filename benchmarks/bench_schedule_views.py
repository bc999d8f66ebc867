"""Schedule day/week views of one clinic: query + model + paint vs a raw SQL fetch (median, ratio).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.bench_schedule_views [--size reference]

Builds the demo data set (`reference` = 2 clinics x 8 chairs, 5 years, ~100k sessions) in a
throw-away SQLite database (or an empty migrated --database-url), opens the Schedule page
offscreen and times a full reload (one query, layout) plus a synchronous repaint of the week
and the day view. The floor is the raw SQL fetch of the same rows in the same run.
Budget (quality bar): <= 100 ms median and <= 5x the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import text  # noqa: E402

from aurora_desktop.db import migrations  # noqa: E402
from aurora_desktop.db.database import Database  # noqa: E402
from aurora_desktop.demo_data import build_demo_data  # noqa: E402
from aurora_desktop.domain.enums import Role  # noqa: E402
from aurora_desktop.services.actor import Actor  # noqa: E402
from aurora_desktop.services.clock import FakeClock  # noqa: E402
from aurora_desktop.services.container import Services  # noqa: E402
from aurora_desktop.services.context import ServiceContext  # noqa: E402
from aurora_desktop.services.passwords import Passwords  # noqa: E402
from aurora_desktop.services.session_queries import local_day_bounds  # noqa: E402
from benchmarks.cases_gui import qt_app  # noqa: E402

VIEWER = Actor(None, "bench", "Benchmark", frozenset({Role.FRONT_DESK}), "bench")
RAW = text("""SELECT s.id, s.scheduled_start, s.scheduled_end, s.status, s.chair_id, p.last_name,
              p.first_name, s.planned_dose_mg FROM treatment_session s
              JOIN patient p ON p.id = s.patient_id JOIN treatment_chair c ON c.id = s.chair_id
              WHERE s.clinic_id = :clinic AND s.scheduled_start >= :start
              AND s.scheduled_start < :end ORDER BY s.scheduled_start""")


def median_ms(work, runs: int = 25) -> float:  # noqa: ANN001 - a callable
    work()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="reference")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db = Database(url)
    migrations.upgrade(db.engine)
    now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    clock = FakeClock(now)
    services = Services.build(ServiceContext(db, clock), Passwords.fast_for_tests())
    services.clinics.seed_defaults()
    print(f"building demo data '{args.size}' ({db.backend}) ...")
    build_demo_data(db, Actor.command_line(), now, args.size)

    from aurora_desktop.settings import resolve
    from aurora_desktop.ui.dialog_service import DialogService
    from aurora_desktop.ui.events import EventHub
    from aurora_desktop.ui.schedule.schedule_page import DAY, WEEK, SchedulePage
    from aurora_desktop.ui.schedule.week_view import week_start
    from aurora_desktop.ui.ui_context import UiContext

    app = qt_app()  # the app's Qt process set-up
    clinic = services.clinics.list_clinics()[0]
    ui = UiContext(services, resolve(database_url=url, data_dir=Path(tempfile.mkdtemp())),
                   EventHub(), DialogService(), VIEWER, clinic.id)
    page = SchedulePage(ui)
    page.poll_timer.stop()
    page.resize(1400, 900)
    page.show()
    app.processEvents()
    zone = ZoneInfo(clinic.time_zone)
    today = now.astimezone(zone).date()
    with db.engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM treatment_session")).scalar_one()
    print(f"{total:,} sessions in the database")
    for mode, label, first, days in ((WEEK, "week", week_start(today), 7),
                                     (DAY, "day", today, 1)):
        page.set_mode(mode)
        start, end = local_day_bounds(zone, first, days)

        def raw(start: datetime = start, end: datetime = end) -> None:
            with db.engine.connect() as conn:
                conn.execute(RAW, {"clinic": clinic.id, "start": start, "end": end}).all()

        view = page.week_view if mode == WEEK else page.day_view

        def full(view=view) -> None:  # noqa: ANN001
            page.reload()
            view.repaint()

        floor = median_ms(raw)
        measured = median_ms(full)
        rows = len(page.day_view.rows) if mode == DAY else sum(len(d) for d in view.by_day)
        print(f"{label} view ({rows} bookings): {measured:.1f} ms median "
              f"(floor {floor:.1f} ms, ratio {measured / max(floor, 0.01):.1f}x; "
              f"budget 100 ms, 5x)")
    page.close()
    page.deleteLater()
    app.processEvents()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
