"""The demo data set: builds on both backends, respects every booking rule, is reproducible."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from aurora_desktop.cli import run
from aurora_desktop.commands.base import CliContext
from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database
from aurora_desktop.db.models import (
    Clinic,
    DeviceAdministration,
    Discharge,
    MonitoringAlert,
    StaffMember,
    TreatmentPlan,
    TreatmentSession,
)
from aurora_desktop.demo_data import DEMO_PASSWORD, DemoDataRefused, build_demo_data
from aurora_desktop.demo_data.fingerprint import table_fingerprints
from aurora_desktop.demo_data.staffing import npi_check_digit
from aurora_desktop.domain.enums import INACTIVE_SESSION_STATUSES, Indication, SessionStatus
from aurora_desktop.services.actor import Actor
from aurora_desktop.settings import resolve
from tests.conftest import build_services

NY = ZoneInfo("America/New_York")


def _check_rules(services) -> dict[str, int]:  # noqa: ANN001
    with services.ctx.db.read() as s:
        clinics = {c.id: c for c in s.scalars(select(Clinic))}
        rows = s.scalars(select(TreatmentSession)).all()
        active = [r for r in rows if r.status not in INACTIVE_SESSION_STATUSES]
        by_chair, by_patient_day = defaultdict(list), set()
        for r in active:
            by_chair[r.chair_id].append((r.scheduled_start, r.scheduled_end))
            key = (r.patient_id, r.local_date)
            assert key not in by_patient_day, "two sessions for one patient on one day"
            by_patient_day.add(key)
            hours = clinics[r.clinic_id].opening_hours[r.local_date.weekday()]
            assert hours, "booked on a closed day"
            local_start, local_end = r.scheduled_start.astimezone(NY), r.scheduled_end.astimezone(NY)
            assert local_start.date() == r.local_date
            assert local_start.time() >= time.fromisoformat(hours[0])
            assert local_end.time() <= time.fromisoformat(hours[1])
        for spans in by_chair.values():
            spans.sort()
            for (_, end), (nxt, _) in zip(spans, spans[1:], strict=False):
                assert nxt >= end, "chair double-booked"
        # Dosed sessions carry whole devices, discharges respect the 2-hour minimum.
        for d in s.scalars(select(Discharge)):
            assert d.total_minutes >= 120
        devices = defaultdict(int)
        for dev in s.scalars(select(DeviceAdministration)):
            devices[dev.session_id] += 1
        for r in rows:
            if r.status is SessionStatus.DISCHARGED:
                assert devices[r.id] * 28 == r.dose_mg
        # TRD induction starts at 56 mg.
        plans = {p.id: p for p in s.scalars(select(TreatmentPlan))}
        first = {}
        for r in sorted(active, key=lambda r: r.scheduled_start):
            first.setdefault(r.patient_id, r)
        for r in first.values():
            if plans[r.plan_id].indication is Indication.TRD:
                assert r.planned_dose_mg == 56
        # Every alert on a discharged session has an action note.
        discharged = {r.id for r in rows if r.status is SessionStatus.DISCHARGED}
        for a in s.scalars(select(MonitoringAlert)):
            if a.session_id in discharged:
                assert a.action_note
        statuses = defaultdict(int)
        for r in rows:
            statuses[r.status.value] += 1
        return statuses


def test_small_build_is_plausible_and_audited(services, clock) -> None:  # noqa: ANN001
    actor = Actor.command_line()
    report = build_demo_data(services.ctx.db, actor, clock.now(), "small", seed=3)
    assert report.total("patient") == 160
    assert report.total("treatment_session") > 300
    assert report.total("monitoring_checkpoint") > 4 * report.total("discharge")
    statuses = _check_rules(services)
    assert statuses["discharged"] and statuses["scheduled"] and statuses["cancelled"]
    with services.ctx.db.read() as s:
        chain = services.ctx.audit.verify(s)
        assert chain.ok and chain.checked > 10
        prescribers = s.scalars(select(StaffMember).where(StaffMember.npi.is_not(None))).all()
        assert prescribers and all(p.npi[-1] == npi_check_digit(p.npi[:9]) for p in prescribers)
        demo_nurse = s.scalars(select(StaffMember).where(StaffMember.username == "demo.nurse")).one()
        assert PasswordHasher().verify(demo_nurse.password_hash, DEMO_PASSWORD)
    with pytest.raises(DemoDataRefused):
        build_demo_data(services.ctx.db, actor, clock.now(), "small", seed=3)


def test_same_seed_same_data_and_force_adds_without_conflicts(tmp_path: Path, clock) -> None:  # noqa: ANN001
    fingerprints = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        url = f"sqlite:///{tmp_path / name}.db"
        db = Database(url)
        migrations.upgrade(db.engine)
        db.dispose()
        services = build_services(url, clock)
        build_demo_data(services.ctx.db, Actor.command_line(), clock.now(), "small", seed=seed)
        with services.ctx.db.read() as s:
            fingerprints.append(table_fingerprints(s))
        if name == "c":
            # --force adds a second set beside the first, clear of its bookings.
            later = clock.now() + timedelta(hours=3)
            build_demo_data(services.ctx.db, Actor.command_line(), later, "small", seed=9, force=True)
            _check_rules(services)
        services.ctx.db.dispose()
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0]["treatment_session"] != fingerprints[2]["treatment_session"]


def test_cli_builds_then_refuses_a_second_run(tmp_path: Path) -> None:
    def call(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = run(["--data-dir", str(tmp_path), *argv], CliContext(resolve(), out=out, err=err))
        return code, out.getvalue(), err.getvalue()

    code, out, _ = call("demo-data", "--size", "small", "--seed", "2", "--quiet")
    assert code == 0 and "160 patients" in out and DEMO_PASSWORD in out
    code, _, err = call("demo-data", "--size", "small")
    assert code == 1 and "already has patients" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
