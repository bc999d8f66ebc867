"""In-memory index for search-as-you-type over the active patients, kept in step with the database.

Why: a substring search ("any part of the name", accent- and case-insensitive) cannot use a
B-tree index, so `LIKE '%x%'` scans every patient row (tens of milliseconds on 20,000
patients, far more on PostgreSQL with 220,000). The service keeps the active patients' search
columns in memory instead (`patient_search_snapshot`: per-keystroke work bounded by the hits,
not by the number of patients).

Freshness: the index remembers a *fingerprint* of the patient and REMS-enrollment tables
(row count, highest id, sum of optimistic-lock versions, latest update). Every ORM update
bumps a row's version, every insert the count and the highest id, so any change made by any
process or PC changes the fingerprint. The fingerprint is re-read
- at once after this process commits a write to `patient` or `rems_patient_enrollment`
  (`patient_write_watch`; not after its reads, which on PostgreSQL end with COMMIT too, nor
  after other saves such as the audit event of a chart view), and
- otherwise at most once per `RECHECK_SECONDS` (changes made on another PC show up within that
  time plus the re-read). That periodic re-read runs in the background thread while the keystroke
  is answered from the index: the fingerprint scans both tables (300-380 ms on PostgreSQL with
  220,000 patients, 12 ms on SQLite with 20,000), which no keystroke should wait for.
When it differs, the index is brought up to date (searches run in SQL meanwhile): the ids and
versions of the active patients are compared with the snapshot's base, and only the changed,
new or no-longer-active patients are re-read into the overlay (`Snapshot`: removed base lines
plus extra rows); the enrolled set is re-read when the enrollment part changed. A full rebuild
happens only at first, after more than `OVERLAY_MAX` changed patients, or when the fingerprint
changed without any id or version doing so (an edit that bypassed the version counter).
"""

from __future__ import annotations

import logging
import threading
import time
from array import array
from collections.abc import Callable
from operator import itemgetter

from sqlalchemy import Connection, func, select

from aurora_desktop.db.models import Patient, RemsPatientEnrollment
from aurora_desktop.domain.enums import EnrollmentStatus
from aurora_desktop.services.patient_search_snapshot import ROW_FIELDS, PatientHit, Snapshot

__all__ = ["OVERLAY_MAX", "PatientHit", "PatientSearchIndex", "Snapshot", "fingerprint_statement"]

RECHECK_SECONDS = 1.0
OVERLAY_MAX = 2000  # changed patients kept as an overlay; more: rebuild the base
_IN_CHUNK = 500
log = logging.getLogger(__name__)


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


_PATIENT_PART = slice(0, 4)
_ENROLLMENT_PART = slice(4, 7)


class PatientSearchIndex:
    """Per-process cache of the active patients' search columns; see the module docstring."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic,
                 recheck_seconds: float = RECHECK_SECONDS, background: bool = True) -> None:
        self._monotonic = monotonic
        self._recheck = recheck_seconds
        self.background = background  # rebuild in a thread (the GUI); False: inline (tests)
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None  # None: stale or not built (search in SQL)
        self._fingerprint: tuple | None = None
        self._last: tuple[Snapshot, tuple] | None = None  # latest built, even when stale: the delta's basis
        self._checked_at = float("-inf")
        self._dirty = True
        self._building: threading.Thread | None = None
        self.rebuilds = 0  # snapshots installed (full or overlay), for tests and diagnostics
        self.full_builds = 0  # of which built from every active patient

    def mark_dirty(self, *_args: object) -> None:
        """Something was committed in this process: re-read the fingerprint on the next search."""
        self._dirty = True

    def current(self, connect: Callable[[], object]) -> Snapshot | None:
        """The snapshot if it matches the database, else None (the caller searches in SQL).

        A changed fingerprint starts an update - in a background thread unless `background`
        is False - so no keystroke waits for it; until it is ready searches run in SQL and
        stay exact.
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
                    self._install(fingerprint, self._refreshed(conn, fingerprint, self._last))
                    return self._snapshot
                self._snapshot = None  # stale: never answer from it again
            self._start_rebuild(connect)
            return None

    def _start_rebuild(self, connect: Callable[[], object]) -> None:
        """Verify the fingerprint and update if it changed, in a thread (caller holds the lock)."""
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
                    self._snapshot = None  # changed elsewhere: searches run in SQL until updated
                    last = self._last
                snapshot = self._refreshed(conn, fingerprint, last)
        except Exception:  # noqa: BLE001 - searches keep running in SQL; the next one retries
            log.warning("patient search index rebuild failed", exc_info=True)
            return
        with self._lock:
            self._install(fingerprint, snapshot)
            self._dirty = True  # a change during the rebuild: verify before the first answer

    def _install(self, fingerprint: tuple, snapshot: Snapshot) -> None:
        self._snapshot, self._fingerprint = snapshot, fingerprint
        self._last = (snapshot, fingerprint)
        self._checked_at = self._monotonic()
        self.rebuilds += 1

    def _refreshed(self, conn: Connection, fingerprint: tuple,
                   last: tuple[Snapshot, tuple] | None) -> Snapshot:
        """The snapshot for *fingerprint*: *last* plus an overlay of what changed, or a full build."""
        if last is None:
            return self._full(conn)
        previous, previous_fingerprint = last
        enrolled = previous.enrolled
        if fingerprint[_ENROLLMENT_PART] != previous_fingerprint[_ENROLLMENT_PART]:
            enrolled = _enrolled(conn)
        if fingerprint[_PATIENT_PART] == previous_fingerprint[_PATIENT_PART]:
            return Snapshot(previous.base, enrolled, previous.removed, previous.extras, previous.state)
        c = Patient.__table__.c
        state = conn.execute(select(c.id, c.version).where(c.active.is_(True)).order_by(c.id)).all()
        ids, versions = array("q", map(itemgetter(0), state)), array("q", map(itemgetter(1), state))
        del state
        updated = previous.updated(ids, versions, lambda changed: _rows(conn, changed), enrolled, OVERLAY_MAX)
        return self._full(conn, enrolled) if updated is None else updated

    def _full(self, conn: Connection, enrolled: set[int] | None = None) -> Snapshot:
        self.full_builds += 1
        return Snapshot.from_columns(_columns(conn), _enrolled(conn) if enrolled is None else enrolled)


def _search_columns():  # noqa: ANN202 - a Select
    c = Patient.__table__.c
    return select(*(c[name] for name in ROW_FIELDS)).where(c.active.is_(True))


def _columns(conn: Connection) -> list[list]:
    """Every active patient's search columns (`ROW_FIELDS`), one list per column, in id order;
    read in parts so that no row objects for all patients are held at once."""
    columns: list[list] = [[] for _ in ROW_FIELDS]
    for part in conn.execute(_search_columns().order_by(Patient.__table__.c.id)).partitions(10_000):
        for column, values in zip(columns, zip(*part, strict=True), strict=True):
            column.extend(values)
    return columns


def _rows(conn: Connection, ids: list[int]) -> list[tuple]:
    """The search columns (`ROW_FIELDS`) of the active patients among *ids*."""
    stmt, c = _search_columns(), Patient.__table__.c
    return [tuple(r) for k in range(0, len(ids), _IN_CHUNK)
            for r in conn.execute(stmt.where(c.id.in_(ids[k:k + _IN_CHUNK])))]


def _enrolled(conn: Connection) -> set[int]:
    e = RemsPatientEnrollment.__table__.c
    return set(conn.scalars(select(e.patient_id).where(e.status == EnrollmentStatus.ACTIVE)))
