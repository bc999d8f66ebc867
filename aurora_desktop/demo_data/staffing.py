"""Demo staff (front desk, nurses, prescribers with NPI, an administrator) and their roster."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from argon2 import PasswordHasher

from aurora_desktop.demo_data.context import BuildContext, ClinicInfo, local_at, utc
from aurora_desktop.demo_data.vocab import FEMALE_FIRST, LAST, MALE_FIRST
from aurora_desktop.domain.enums import Role
from aurora_desktop.domain.text import fold

DEMO_PASSWORD = "demo-password-1"  # documented in the README; every demo account uses it


def npi_check_digit(base9: str) -> str:
    """Luhn check digit of an NPI (the 9 digits prefixed with 80840, per CMS)."""
    digits = [int(c) for c in "80840" + base9]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_npi(rng: random.Random) -> str:
    base = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return base + npi_check_digit(base)


def demo_password_hash(seed: int) -> str:
    """Argon2id hash of DEMO_PASSWORD with a seed-derived salt, so the data is reproducible."""
    salt = random.Random(f"{seed}:salt").randbytes(16)
    return PasswordHasher().hash(DEMO_PASSWORD, salt=salt)


@dataclass
class Team:
    front_desk: list[int] = field(default_factory=list)
    nurses: list[int] = field(default_factory=list)
    prescribers: list[int] = field(default_factory=list)


@dataclass
class DayCrew:
    prescriber: int
    nurses: tuple[int, ...]
    front_desk: int


@dataclass
class Staffing:
    rows: list[dict]
    teams: list[Team]
    admin_id: int
    names: dict[int, str]
    shifts: list[dict] = field(default_factory=list)
    crews: dict[tuple[int, date], DayCrew] = field(default_factory=dict)


def _person(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FEMALE_FIRST if rng.random() < 0.6 else MALE_FIRST)
    return first, rng.choice(LAST)


def build_staff(ctx: BuildContext, rng: random.Random) -> Staffing:
    created = ctx.now - timedelta(days=ctx.size.days_back + 30)
    pw = demo_password_hash(ctx.seed)
    rows: list[dict] = []
    names: dict[int, str] = {}

    def add(username: str, full_name: str, roles: list[Role], creds: str, npi: str | None) -> int:
        base, n = username, 1
        while username in ctx.taken_usernames:
            n += 1
            username = f"{base}{n}"
        ctx.taken_usernames.add(username)
        staff_id = ctx.ids.take("staff_member")
        rows.append({
            "id": staff_id, "username": username, "full_name": full_name, "credentials": creds,
            "roles": [r.value for r in roles], "npi": npi, "phone": f"(914) 555-01{len(rows) % 100:02d}",
            "email": f"{username}@aurora-wellness.example", "password_hash": pw,
            "must_change_password": False, "failed_attempts": 0, "active": True,
            "created_at": created, "version": 1,
        })
        names[staff_id] = f"{full_name}, {creds}" if creds else full_name
        return staff_id

    admin_id = add("demo.admin", "Avery Administrator", [Role.ADMIN], "", None)
    teams: list[Team] = []
    for clinic in ctx.clinics:
        team = Team()
        big = clinic.index < 2
        for k in range(2 if big else 1):
            first, last = _person(rng)
            user = "demo.frontdesk" if clinic.index == 0 and k == 0 else _username(first, last)
            team.front_desk.append(add(user, f"{first} {last}", [Role.FRONT_DESK], "", None))
        for k in range(4 if big else 3):
            first, last = _person(rng)
            user = "demo.nurse" if clinic.index == 0 and k == 0 else _username(first, last)
            roles = [Role.NURSE, Role.FRONT_DESK] if k == 3 else [Role.NURSE]
            team.nurses.append(add(user, f"{first} {last}", roles, "RN", None))
        for k in range(2 if big else 1):
            first, last = _person(rng)
            user = "demo.prescriber" if clinic.index == 0 and k == 0 else _username(first, last)
            creds = "MD" if k == 0 else "PMHNP-BC"
            title = "Dr. " if creds == "MD" else ""
            team.prescribers.append(
                add(user, f"{title}{first} {last}", [Role.PRESCRIBER], creds, make_npi(rng))
            )
        teams.append(team)
    return Staffing(rows=rows, teams=teams, admin_id=admin_id, names=names)


def _username(first: str, last: str) -> str:
    clean = "".join(c for c in fold(last) if c.isalpha())
    return (fold(first)[:1] + clean)[:30]


def build_roster(ctx: BuildContext, staffing: Staffing) -> None:
    """A prescriber, nurses and front desk on site at every clinic on every open day."""
    day = ctx.first_day
    while day <= ctx.last_day:
        n = day.toordinal()
        for clinic in ctx.clinics:
            hours = clinic.opening_hours[day.weekday()]
            if not hours:
                continue
            team = staffing.teams[clinic.index]
            prescriber = team.prescribers[n % len(team.prescribers)]
            k = len(team.nurses)
            nurses = tuple(team.nurses[(n + j) % k] for j in range(min(3, k)))
            front = team.front_desk[n % len(team.front_desk)]
            staffing.crews[(clinic.index, day)] = DayCrew(prescriber, nurses, front)
            start, end = _shift_bounds(clinic, day)
            for staff_id in (prescriber, *nurses, front):
                staffing.shifts.append({
                    "id": ctx.ids.take("staff_shift"), "staff_id": staff_id, "clinic_id": clinic.id,
                    "starts_at": start, "ends_at": end, "note": "", "version": 1,
                })
        day += timedelta(days=1)


def _shift_bounds(clinic: ClinicInfo, day: date) -> tuple[datetime, datetime]:
    hours = clinic.opening_hours[day.weekday()]
    oh, om = (int(x) for x in hours[0].split(":"))
    ch, cm = (int(x) for x in hours[1].split(":"))
    start = local_at(day, oh, om) - timedelta(minutes=30)
    end = local_at(day, ch, cm) + timedelta(minutes=45)
    return utc(start), utc(end)
