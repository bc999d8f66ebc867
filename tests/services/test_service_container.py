"""The service container builds each service on first use, exactly once, also across threads."""

from __future__ import annotations

import threading

from aurora_desktop.services.container import Services
from aurora_desktop.services.patient_search import PatientSearchService
from aurora_desktop.services.reports import ReportService
from tests.support.fresh_python import run_fresh


def test_each_service_is_built_once_on_first_use(sqlite_services: Services) -> None:
    fresh = Services(sqlite_services.ctx, sqlite_services.passwords)
    assert "reports" not in vars(fresh)
    reports = fresh.reports
    assert isinstance(reports, ReportService) and fresh.reports is reports
    assert fresh.auth.passwords is fresh.passwords  # the shared password hasher
    assert fresh.clinics.list_clinics()  # a lazily built service works on the shared database


def test_threads_asking_at_once_share_one_instance(sqlite_services: Services) -> None:
    fresh = Services(sqlite_services.ctx, sqlite_services.passwords)
    start = threading.Barrier(8)
    got: list[object] = []

    def ask() -> None:
        start.wait()
        got.append(fresh.patient_search)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(got) == 8 and isinstance(got[0], PatientSearchService)
    assert all(service is got[0] for service in got)


def test_the_container_imports_no_service_module_until_asked() -> None:
    code = ("import sys\n"
            "from aurora_desktop.services.container import Services\n"
            "Services.auth, Services.reports  # class access: the descriptors, nothing built\n"
            "print(sorted(m for m in ('aurora_desktop.services.auth', 'aurora_desktop.services.reports',"
            " 'aurora_desktop.services.scheduling') if m in sys.modules))\n")
    assert run_fresh(code) == "[]"
