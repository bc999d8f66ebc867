"""In-memory folded-name index for search-as-you-type, kept in step with the database by a fingerprint.

Why: a substring search ("any part of the name", accent- and case-insensitive) cannot use a
B-tree index, so `LIKE '%x%'` scans every patient row (tens of milliseconds on 20,000
patients, far more on PostgreSQL with 200,000). The active patients' search columns are
small (about 9 MB for 20,000 patients), so the service keeps them in memory, sorted the way
the results are shown, and searches them with C-speed `str.find` over one joined text.

Freshness: the index remembers a *fingerprint* of the patient and REMS-enrollment tables
(row count, highest id, sum of optimistic-lock versions, latest update). Every ORM update
bumps a row's version, every insert the count and the highest id, so any change made by any
process or PC changes the fingerprint. The fingerprint is re-read
- at once after this process commits anything (an engine "commit" listener marks it dirty), and
- otherwise at most once per `RECHECK_SECONDS` (changes made on another PC show up within that
  time plus the re-read). That periodic re-read runs in the background thread while the keystroke
  is answered from the index: the fingerprint scans both tables (300-380 ms on PostgreSQL with
  220,000 patients, 12 ms on SQLite with 20,000), which no keystroke should wait for.
When it differs, the index is rebuilt from the database (searches run in SQL meanwhile).
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from sqlalchemy import Connection, func, select

from aurora_desktop.db.models import Patient, RemsPatientEnrollment
from aurora_desktop.domain.enums import EnrollmentStatus

RECHECK_SECONDS = 1.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PatientHit:
    id: int
    mrn: str
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    rems_enrolled: bool

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


def fingerprint_statement():  # noqa: ANN201 - a Select
    """One round trip: what changes whenever a patient or an enrollment row is added or edited."""
    p, e = Patient.__table__.c, RemsPatientEnrollment.__table__.c
    return select(
        select(func.count()).select_from(Patient.__table__).scalar_subquery(),
        select(func.max(p.id)).scalar_subquery(),
        select(func.coalesce(func.sum(p.version), 0)).scalar_subquery(),
        select(func.max(p.updated_at)).scalar_subquery(),
        select(func.count()).select_from(RemsPatientEnrollment.__table__).scalar_subquery(),
        select(func.max(e.id)).scalar_subquery(),
        select(func.coalesce(func.sum(e.version), 0)).scalar_subquery(),
    )


class _Snapshot:
    """The active patients in display order, plus joined texts to search with `str.find`."""

    def __init__(self, rows: Sequence[tuple], enrolled: set[int]) -> None:
        # rows: (id, mrn, first, last, dob, phone, phone_digits, search_name, first_key, last_key)
        ordered = sorted(rows, key=itemgetter(9, 8, 0))
        self._rows = ordered
        self._enrolled = enrolled
        self.names = [r[7] for r in ordered]
        # "\n" never occurs in a folded name (fold() collapses whitespace), so a match never
        # spans two patients; line k starts at starts[k].
        self.name_text, self.name_starts = _joined(self.names)
        self.mrn_text, self.mrn_starts = _joined([r[1].upper() for r in ordered])
        self.digit_text, self.digit_starts = _joined([f"{r[6]}\t{r[1]}" for r in ordered])
        self.by_dob: dict[date, list[int]] = {}
        for k, r in enumerate(ordered):
            self.by_dob.setdefault(r[4], []).append(k)

    def hit(self, line: int) -> PatientHit:
        """The read model of one line (built only for the lines a search returns)."""
        r = self._rows[line]
        return PatientHit(r[0], r[1], r[2], r[3], r[4], r[5], r[0] in self._enrolled)


def _joined(parts: list[str]) -> tuple[str, list[int]]:
    starts, pos = [], 1
    for part in parts:
        starts.append(pos)
        pos += len(part) + 1
    return "\n" + "\n".join(parts) + "\n", starts


def _lines_containing(text: str, starts: list[int], needle: str,
                      shift: int = 0) -> Callable[[], int | None]:
    """An iterator (as a callable) over the line numbers whose text contains *needle*, in order."""
    pos = 0

    def next_line() -> int | None:
        nonlocal pos
        found = text.find(needle, pos)
        if found < 0:
            return None
        line = bisect_right(starts, found + shift) - 1
        pos = starts[line + 1] if line + 1 < len(starts) else len(text)
        return line

    return next_line


class PatientSearchIndex:
    """Per-process cache of the active patients' search columns; see the module docstring."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic,
                 recheck_seconds: float = RECHECK_SECONDS, background: bool = True) -> None:
        self._monotonic = monotonic
        self._recheck = recheck_seconds
        self.background = background  # rebuild in a thread (the GUI); False: inline (tests)
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._fingerprint: tuple | None = None
        self._checked_at = float("-inf")
        self._dirty = True
        self._building: threading.Thread | None = None
        self.rebuilds = 0  # for tests and diagnostics

    def mark_dirty(self, *_args: object) -> None:
        """Something was committed in this process: re-read the fingerprint on the next search."""
        self._dirty = True

    def current(self, connect: Callable[[], object]) -> _Snapshot | None:
        """The snapshot if it matches the database, else None (the caller searches in SQL).

        A changed fingerprint starts a rebuild - in a background thread unless `background`
        is False - so no keystroke waits for it (it reads every active patient: a few hundred
        milliseconds for 20,000); until it is ready searches run in SQL and stay exact.
        """
        with self._lock:
            now = self._monotonic()
            if self._snapshot is not None and not self._dirty:
                if now - self._checked_at < self._recheck:
                    return self._snapshot
                if self.background:  # only another PC can have changed it: verify off the keystroke
                    self._checked_at = now
                    self._start_rebuild(connect)
                    return self._snapshot
            with connect() as conn:
                self._dirty = False
                fingerprint = tuple(conn.execute(fingerprint_statement()).one())
                self._checked_at = now
                if self._snapshot is not None and fingerprint == self._fingerprint:
                    return self._snapshot
                if not self.background:
                    self._install(fingerprint, self._load(conn))
                    return self._snapshot
                self._snapshot = None  # stale: never answer from it again
            self._start_rebuild(connect)
            return None

    def _start_rebuild(self, connect: Callable[[], object]) -> None:
        """Verify the fingerprint and rebuild if it changed, in a thread (caller holds the lock)."""
        if self._building is None or not self._building.is_alive():
            self._building = threading.Thread(target=self._rebuild, args=(connect,), daemon=True,
                                              name="patient-search-index")
            self._building.start()

    def wait_for_rebuild(self, timeout: float | None = None) -> None:
        """Block until a running background rebuild has finished (tests, diagnostics)."""
        building = self._building
        if building is not None:
            building.join(timeout)

    def _rebuild(self, connect: Callable[[], object]) -> None:
        try:
            with connect() as conn:  # one snapshot of the fingerprint and the rows
                fingerprint = tuple(conn.execute(fingerprint_statement()).one())
                with self._lock:
                    if self._snapshot is not None and fingerprint == self._fingerprint:
                        self._checked_at = self._monotonic()  # the periodic check: unchanged
                        return
                    self._snapshot = None  # changed elsewhere: searches run in SQL until rebuilt
                snapshot = self._load(conn)
        except Exception:  # noqa: BLE001 - searches keep running in SQL; the next one retries
            log.warning("patient search index rebuild failed", exc_info=True)
            return
        with self._lock:
            self._install(fingerprint, snapshot)
            self._dirty = True  # a change during the rebuild: verify before the first answer

    def _install(self, fingerprint: tuple, snapshot: _Snapshot) -> None:
        self._snapshot, self._fingerprint = snapshot, fingerprint
        self._checked_at = self._monotonic()
        self.rebuilds += 1

    @staticmethod
    def _load(conn: Connection) -> _Snapshot:
        c = Patient.__table__.c
        rows = [tuple(r) for r in conn.execute(select(
            c.id, c.mrn, c.first_name, c.last_name, c.date_of_birth, c.phone, c.phone_digits,
            c.search_name, c.first_name_key, c.last_name_key).where(c.active.is_(True)))]
        e = RemsPatientEnrollment.__table__.c
        enrolled = set(conn.scalars(select(e.patient_id).where(e.status == EnrollmentStatus.ACTIVE)))
        return _Snapshot(rows, enrolled)


def find_names(snap: _Snapshot, tokens: list[str], limit: int) -> list[int]:
    """Lines whose folded name contains every token; scans with the longest (rarest) token."""
    lead = max(tokens, key=len)
    rest = [t for t in tokens if t != lead]
    next_line = _lines_containing(snap.name_text, snap.name_starts, lead)
    out: list[int] = []
    while len(out) < limit and (line := next_line()) is not None:
        if all(t in snap.names[line] for t in rest):
            out.append(line)
    return out


def find_in(text: str, starts: list[int], needle: str, limit: int, *, prefix: bool = False) -> list[int]:
    """Lines containing *needle* (or, with *prefix*, starting with it), first *limit* in order."""
    next_line = _lines_containing(text, starts, "\n" + needle if prefix else needle, shift=int(prefix))
    out: list[int] = []
    while len(out) < limit and (line := next_line()) is not None:
        out.append(line)
    return out
