"""Patient search from the in-memory index on both backends: what it matches and that it stays fresh."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import insert, text, update

from aurora_desktop.db.database import Database
from aurora_desktop.db.models import Patient
from aurora_desktop.domain.enums import EnrollmentStatus, Sex
from aurora_desktop.services.container import Services
from aurora_desktop.services.patient_search import search_patients
from aurora_desktop.services.patients import PatientForm

BASE = PatientForm(mrn="AW100001", first_name="Zoë", middle_name="Ana", last_name="O’Brien",
                   date_of_birth=date(1980, 5, 17), sex=Sex.FEMALE, phone="914-555-0123")
OTHERS = [
    replace(BASE, mrn="AW100002", first_name="María", middle_name="", last_name="García López",
            date_of_birth=date(1975, 1, 2), phone="(718) 555-0199"),
    replace(BASE, mrn="AW200003", first_name="Minh", middle_name="", last_name="Nguyen",
            date_of_birth=date(1990, 12, 31), phone="914 555 7788"),
]


class Ticks:
    """A hand-driven monotonic clock for the index's re-check interval."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _ids(services: Services, actor, query: str) -> list[int]:  # noqa: ANN001
    return [h.id for h in services.patient_search.search(actor, query)]


def _inline_index(services: Services) -> tuple[Ticks, object]:
    """The search index updated inline (no thread), its re-check interval driven by hand."""
    ticks = Ticks()
    index = services.patient_search.index
    index._monotonic = ticks  # noqa: SLF001
    index.background = False
    return ticks, index


def test_search_matches_any_part_of_the_name_mrn_dob_and_phone(services: Services, staff) -> None:  # noqa: ANN001
    desk = staff.front_desk
    services.patient_search.index.background = False  # every answer below from the index
    zoe = services.patients.create(desk, BASE).id
    maria, minh = (services.patients.create(desk, f).id for f in OTHERS)
    cases = {
        "zoe o'brien": [zoe], "ZOË": [zoe], "brie": [zoe], "ana": [zoe],  # accents, case, mid-name
        "lopez": [maria], "garcia lop": [maria], "ía": [maria], "e": [maria, minh, zoe],
        "AW1000": [zoe, maria], "mrn aw2": [minh], "aw100002": [maria],  # MRN prefix
        "05/17/1980": [zoe], "1975-01-02": [maria], "02/30/1980": [],  # date of birth
        "5550199": [maria], "(914) 555": [minh, zoe], "7788": [minh],  # phone digits
        "nobody": [], "   ": [], "\u0301": [],
    }
    for query, expected in cases.items():
        assert sorted(_ids(services, desk, query)) == sorted(expected), query
    # Results come in name order and honour the limit.
    assert _ids(services, desk, "e") == [maria, minh, zoe]
    assert [h.id for h in services.patient_search.search(desk, "e", limit=2)] == [maria, minh]
    # The in-memory index agrees with the plain SQL search on every case.
    with services.ctx.db.read() as session:
        for query in cases:
            assert sorted(h.id for h in search_patients(session, query)) == sorted(
                _ids(services, desk, query)), query


def test_search_sees_changes_at_once_in_process_and_from_other_processes(
        services: Services, staff, database_url: str) -> None:  # noqa: ANN001
    desk, doc = staff.front_desk, staff.prescriber
    ticks, index = _inline_index(services)
    zoe = services.patients.create(desk, BASE)
    assert _ids(services, desk, "o'brien") == [zoe.id]
    [hit] = services.patient_search.search(desk, "o'brien")
    assert hit.rems_enrolled is False and hit.phone == "(914) 555-0123"
    # Changes through the services (this process) show on the very next keystroke.
    services.patients.record_enrollment(doc, zoe.id, "RP123456", date(2026, 10, 1), EnrollmentStatus.ACTIVE)
    assert services.patient_search.search(desk, "o'brien")[0].rems_enrolled is True
    services.patients.update(desk, zoe.id, zoe.version, replace(BASE, last_name="Okafor"))
    assert _ids(services, desk, "o'brien") == [] and _ids(services, desk, "okafor") == [zoe.id]
    builds = index.rebuilds
    for _ in range(5):  # unchanged data: no re-read of the patients
        _ids(services, desk, "okafor")
    assert index.rebuilds == builds
    # Another process (its own engine) adds a patient: seen once the re-check interval passed.
    other = Database(database_url)
    try:
        with other.write_once() as s:
            s.execute(insert(Patient), {
                "mrn": "AW300001", "first_name": "Ines", "last_name": "Okafor",
                "search_name": "ines okafor", "first_name_key": "ines", "last_name_key": "okafor",
                "date_of_birth": date(1970, 1, 1), "sex": Sex.FEMALE,
                "created_at": datetime(2026, 11, 1, tzinfo=UTC)})
    finally:
        other.dispose()
    ticks.t += 0.5
    assert len(_ids(services, desk, "okafor")) == 1  # within the interval: the cached answer
    ticks.t += 1.0
    assert len(_ids(services, desk, "okafor")) == 2


def test_after_a_change_searches_stay_exact_while_the_index_rebuilds(services: Services, staff) -> None:  # noqa: ANN001
    desk = staff.front_desk
    index = services.patient_search.index
    assert index.background  # the default: no keystroke waits for a rebuild
    zoe = services.patients.create(desk, BASE)
    assert _ids(services, desk, "o'brien") == [zoe.id]  # answered in SQL meanwhile
    index.wait_for_rebuild(60)
    builds = index.rebuilds
    assert builds >= 1 and _ids(services, desk, "o'brien") == [zoe.id]  # now from the index
    assert index.rebuilds == builds
    services.patients.update(desk, zoe.id, zoe.version, replace(BASE, last_name="Okafor"))
    assert _ids(services, desk, "o'brien") == [] and _ids(services, desk, "okafor") == [zoe.id]
    index.wait_for_rebuild(60)
    assert _ids(services, desk, "okafor") == [zoe.id] and index.rebuilds == builds + 1


def test_the_periodic_recheck_runs_in_the_background(services: Services, staff, database_url: str) -> None:  # noqa: ANN001
    """No keystroke waits for the fingerprint (300+ ms on 220,000 patients on PostgreSQL)."""
    desk = staff.front_desk
    ticks = Ticks()
    index = services.patient_search.index
    index._monotonic = ticks  # noqa: SLF001 - drive the re-check interval by hand
    zoe = services.patients.create(desk, BASE)
    _ids(services, desk, "o'brien")
    index.wait_for_rebuild(60)
    assert _ids(services, desk, "o'brien") == [zoe.id]  # from the index
    builds = index.rebuilds
    ticks.t += 5.0  # interval passed, nothing changed: verified in the background, no rebuild
    assert _ids(services, desk, "o'brien") == [zoe.id]
    index.wait_for_rebuild(60)
    assert index.rebuilds == builds
    other = Database(database_url)  # another PC renames her
    try:
        with other.write_once() as s:
            s.execute(update(Patient).where(Patient.id == zoe.id).values(
                last_name="Okafor", last_name_key="okafor", search_name="zoe ana okafor",
                version=Patient.version + 1))
    finally:
        other.dispose()
    ticks.t += 5.0
    assert _ids(services, desk, "okafor") == []  # this keystroke: the index as it was
    index.wait_for_rebuild(60)
    assert _ids(services, desk, "okafor") == [zoe.id]  # then the change, on the next keystroke
    assert index.rebuilds == builds + 1


def test_changes_update_the_index_in_place_instead_of_rebuilding_it(
        services: Services, staff, database_url: str) -> None:  # noqa: ANN001
    """Edits, enrollments, new patients and a deactivation on another PC: each is re-read alone
    into the snapshot's overlay; the base (its word lists) is built once."""
    desk, doc = staff.front_desk, staff.prescriber
    ticks, index = _inline_index(services)
    zoe = services.patients.create(desk, BASE)
    maria, minh = (services.patients.create(desk, f) for f in OTHERS)
    assert _ids(services, desk, "e") == [maria.id, minh.id, zoe.id] and index.full_builds == 1
    services.patients.update(desk, zoe.id, zoe.version, replace(BASE, last_name="Adams"))
    assert _ids(services, desk, "e") == [zoe.id, maria.id, minh.id]  # Adams now sorts first
    assert _ids(services, desk, "o'brien") == [] and _ids(services, desk, "ADAMS") == [zoe.id]
    services.patients.record_enrollment(doc, maria.id, "RP654321", date(2026, 10, 1), EnrollmentStatus.ACTIVE)
    assert [h.rems_enrolled for h in services.patient_search.search(desk, "garcia")] == [True]
    ines = services.patients.create(desk, replace(BASE, mrn="AW100009", first_name="Inés", last_name="Ng"))
    assert _ids(services, desk, "e") == [zoe.id, maria.id, ines.id, minh.id]
    assert _ids(services, desk, "AW10000") == [zoe.id, maria.id, ines.id]
    other = Database(database_url)  # another PC deactivates Minh
    try:
        with other.write_once() as s:
            s.execute(update(Patient).where(Patient.id == minh.id).values(
                active=False, version=Patient.version + 1))
    finally:
        other.dispose()
    ticks.t += 5.0
    assert _ids(services, desk, "e") == [zoe.id, maria.id, ines.id]
    assert _ids(services, desk, "12/31/1990") == []
    assert index.full_builds == 1 and index.rebuilds >= 5  # every change from the overlay


def test_reads_between_keystrokes_do_not_make_the_index_re_check(services: Services, staff) -> None:  # noqa: ANN001
    """Only this process's saves mark the index dirty, not its reads (on PostgreSQL a read
    ends with COMMIT too): a keystroke after a schedule or chart read is answered from the
    index without re-reading the fingerprint (300+ ms on 220,000 patients)."""
    desk = staff.front_desk
    index = services.patient_search.index
    index.background = False
    zoe = services.patients.create(desk, BASE)
    assert _ids(services, desk, "o'brien") == [zoe.id]
    assert not index._dirty  # noqa: SLF001
    services.patient_chart.open_chart(desk, zoe.id)  # an ORM read session
    with services.ctx.db.read() as session:  # and a plain one
        session.get(Patient, zoe.id)
    assert not index._dirty  # noqa: SLF001
    services.patients.update(desk, zoe.id, zoe.version, replace(BASE, last_name="Okafor"))
    assert index._dirty  # noqa: SLF001 - a save: re-check before the next answer
    assert _ids(services, desk, "okafor") == [zoe.id] and not index._dirty  # noqa: SLF001
    with services.ctx.db.write_once() as session:  # a write in plain SQL counts too
        session.execute(text('UPDATE "patient" SET version = version + 1 WHERE id = :id'),
                        {"id": zoe.id})
    assert index._dirty  # noqa: SLF001
