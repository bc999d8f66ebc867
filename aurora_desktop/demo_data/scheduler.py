"""Day-by-day booking simulation: treatment courses with a label-plausible cadence in free slots.

Every visit occupies one chair slot inside the opening hours, a chair holds one visit per
slot, and a patient has at most one visit per day (one course per patient at a time).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from aurora_desktop.demo_data.context import BuildContext
from aurora_desktop.domain.enums import Indication, OralAdStrategy, SessionStatus

MONOTHERAPY_APPROVED = date(2025, 1, 21)


@dataclass(slots=True)
class Course:
    index: int
    patient: int  # patient index
    clinic: int  # clinic index
    indication: Indication
    strategy: OralAdStrategy
    target_dose: int
    length: int  # sessions planned (dropouts end early)
    maintenance_days: int
    start_day: date
    pref_slot: int
    next_due: date
    held: int = 0
    finished: bool = False
    frozen: bool = False  # not booked beyond the booking horizon
    last_day: date | None = None


@dataclass(slots=True)
class Visit:
    course: Course
    clinic: int
    chair: int  # index in clinic.chair_ids
    day: date
    start: datetime  # local aware
    status: SessionStatus
    number: int  # 1-based number of this held session in the course (0 if not held)


def _course_length(rng: random.Random, indication: Indication) -> int:
    if indication is Indication.MDSI:
        return rng.randint(4, 8)
    r = rng.random()
    if r < 0.30:
        return rng.randint(1, 3)
    if r < 0.62:
        return rng.randint(4, 8)
    if r < 0.88:
        return rng.randint(9, 13)
    return rng.randint(14, 30)


def _interval(course: Course, rng: random.Random) -> int:
    held = course.held
    if course.indication is Indication.MDSI or held < 8:
        return 3 if held % 2 else 4  # twice weekly
    if held < 12:
        return 7
    return course.maintenance_days


class Scheduler:
    def __init__(self, ctx: BuildContext, rng: random.Random, patient_homes: list[int],
                 busy_now: bool = False) -> None:
        self.ctx = ctx
        self.rng = rng
        # busy_now: every chair is in use in the slot running at "now" (benchmark floor board).
        self.busy_now = busy_now
        self.courses: list[Course] = []
        self.visits: list[Visit] = []
        self.pool: list[list[int]] = [[] for _ in ctx.clinics]
        for p, home in enumerate(patient_homes):
            self.pool[home].append(p)
        # About 1 in 12 patients never starts (referrals, enrollment pending).
        self.starters = [len(pool) - len(pool) // 12 for pool in self.pool]
        self.started = [0 for _ in ctx.clinics]
        self.active: list[list[Course]] = [[] for _ in ctx.clinics]

    def run(self) -> list[Visit]:
        ctx = self.ctx
        open_days_left = [self._open_days(c) for c in range(len(ctx.clinics))]
        day = ctx.first_day
        while day <= ctx.last_day:
            for c, clinic in enumerate(ctx.clinics):
                slots = clinic.slots(day)
                if not slots:
                    continue
                if day < ctx.today:
                    open_days_left[c] -= 1
                self._book_day(c, day, slots, max(open_days_left[c], 1))
            day += timedelta(days=1)
        return self.visits

    def _open_days(self, c: int) -> int:
        clinic = self.ctx.clinics[c]
        n, day = 0, self.ctx.first_day
        while day < self.ctx.today:
            n += bool(clinic.opening_hours[day.weekday()])
            day += timedelta(days=1)
        return n

    def _book_day(self, c: int, day: date, slots: list[datetime], days_left: int) -> None:
        ctx, rng = self.ctx, self.rng
        clinic = ctx.clinics[c]
        block = timedelta(minutes=clinic.block_minutes)
        free = [
            (s_idx, ch)
            for s_idx, start in enumerate(slots)
            for ch in range(len(clinic.chair_ids))
            if ctx.slot_free(clinic.chair_ids[ch], day, start, start + block)
        ]
        rng.shuffle(free)
        future = day > ctx.today
        horizon = (day - ctx.today).days
        due = [k for k in self.active[c] if not k.finished and not k.frozen and k.next_due <= day]
        due.sort(key=lambda k: (k.next_due, k.index))
        wanted: list[Course] = []
        for course in due:
            if future and rng.random() > max(0.15, 1.0 - horizon / (ctx.size.days_ahead + 6)):
                course.frozen = True  # not booked that far ahead yet
                continue
            wanted.append(course)
        # New patients start in what is left, spreading the pool evenly over the history.
        remaining = self.starters[c] - self.started[c]
        if remaining > 0:
            rate = remaining / days_left
            if future:
                rate *= max(0.0, 0.6 - horizon / (ctx.size.days_ahead * 2))
            n_new = int(rate) + (rng.random() < rate - int(rate))
            for _ in range(min(n_new, remaining)):
                wanted.append(self._start_course(c, day))
        for course in wanted:
            if not free:
                break  # fully booked; due patients slide to the next open day
            pick = next((f for f in free if f[0] == course.pref_slot), free[0])
            free.remove(pick)
            s_idx, chair = pick
            self._visit(course, c, chair, day, slots[s_idx])
        if self.busy_now and day == ctx.today:
            for s_idx, chair in sorted(free):
                if slots[s_idx] <= ctx.now < slots[s_idx] + block and self.started[c] < len(self.pool[c]):
                    self._visit(self._start_course(c, day), c, chair, day, slots[s_idx])

    def _start_course(self, c: int, day: date) -> Course:
        rng = self.rng
        patient = self.pool[c][self.started[c]]
        self.started[c] += 1
        indication = Indication.MDSI if rng.random() < 0.14 else Indication.TRD
        strategy = OralAdStrategy.ADJUNCTIVE
        if indication is Indication.TRD and day >= MONOTHERAPY_APPROVED and rng.random() < 0.22:
            strategy = OralAdStrategy.MONOTHERAPY
        target = 84 if indication is Indication.MDSI or rng.random() < 0.55 else 56
        course = Course(
            index=len(self.courses), patient=patient, clinic=c, indication=indication,
            strategy=strategy, target_dose=target, length=_course_length(rng, indication),
            maintenance_days=14 if rng.random() < 0.5 else 7, start_day=day,
            pref_slot=rng.randrange(4), next_due=day,
        )
        self.courses.append(course)
        self.active[c].append(course)
        return course

    def _visit(self, course: Course, c: int, chair: int, day: date, start: datetime) -> None:
        ctx, rng = self.ctx, self.rng
        status = self._status(day, start)
        held = status not in (SessionStatus.CANCELLED, SessionStatus.NO_SHOW)
        number = 0
        if held:
            course.held += 1
            number = course.held
            course.next_due = day + timedelta(days=_interval(course, rng))
            course.last_day = day
            if course.held >= course.length:
                course.finished = True
                self.active[c].remove(course)
        else:
            course.next_due = day + timedelta(days=rng.randint(1, 3))
        self.visits.append(Visit(course, c, chair, day, start, status, number))
        if day > ctx.today and not held:
            course.frozen = True

    def _status(self, day: date, start: datetime) -> SessionStatus:
        ctx, r = self.ctx, self.rng.random()
        now = ctx.now
        if day < ctx.today:
            if r < 0.05:
                return SessionStatus.CANCELLED
            if r < 0.075:
                return SessionStatus.NO_SHOW
            return SessionStatus.DISCHARGED
        if day > ctx.today:
            return SessionStatus.CANCELLED if r < 0.02 else SessionStatus.SCHEDULED
        # Today, relative to the real "now".
        end = start + timedelta(minutes=ctx.clinics[0].block_minutes)
        elapsed = (now - start).total_seconds() / 60
        if r < 0.03 and not (self.busy_now and start <= now < end):
            return SessionStatus.CANCELLED
        if now >= end:
            return SessionStatus.NO_SHOW if r < 0.05 else SessionStatus.DISCHARGED
        if elapsed >= 140:
            return SessionStatus.DISCHARGED
        if elapsed >= 25:
            return SessionStatus.MONITORING
        if elapsed >= 10:
            return SessionStatus.IN_PROGRESS
        if elapsed >= -20 and (elapsed >= 0 or r < 0.5):
            return SessionStatus.CHECKED_IN
        return SessionStatus.SCHEDULED
