"""A scripted workflow through services and the CLI leaves no PHI in the diagnostic log."""

from __future__ import annotations

import logging
from datetime import date
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from aurora_desktop.db.models import Patient
from aurora_desktop.domain.enums import Sex
from aurora_desktop.domain.errors import AuroraError
from aurora_desktop.domain.text import fold
from aurora_desktop.logging_setup import configure_logging
from aurora_desktop.services.container import Services
from tests.cli.test_user_audit_cli import call

PHI = {
    "first": "Zelda", "last": "Quixote", "dob_iso": "1961-04-23", "dob_us": "04/23/1961",
    "phone": "(914) 555-0199", "phone_digits": "9145550199", "mrn": "WP-884211",
}
PW = "correct horse battery"


@pytest.fixture
def log_file(tmp_path: Path):  # noqa: ANN201
    root = logging.getLogger()
    level = root.level
    path = configure_logging(tmp_path / "logs", level=logging.DEBUG)
    yield path
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _add_patient(services: Services) -> int:
    def work(session) -> int:  # noqa: ANN001
        p = Patient(
            mrn=PHI["mrn"], first_name=PHI["first"], last_name=PHI["last"],
            search_name=fold(f"{PHI['first']} {PHI['last']}"), first_name_key=fold(PHI["first"]),
            last_name_key=fold(PHI["last"]), date_of_birth=date(1961, 4, 23), sex=Sex.FEMALE,
            phone=PHI["phone"], phone_digits=PHI["phone_digits"],
            created_at=services.ctx.clock.now(),
        )
        session.add(p)
        session.flush()
        return p.id

    return services.ctx.db.write(work)


def test_workflow_logs_carry_ids_not_phi(services: Services, staff, database_url: str,  # noqa: ANN001
                                         log_file: Path, tmp_path: Path) -> None:
    _add_patient(services)
    services.users.add_user(staff.admin, "zq.nurse", "Zelda Quixote", ["nurse"], PW,
                            must_change_password=False)
    # People type all sorts into the username box: an MRN, a name, a phone number.
    for typed in (PHI["mrn"], PHI["last"], PHI["phone"]):
        with pytest.raises(AuroraError):
            services.auth.sign_in(typed, PHI["dob_us"])
    for _ in range(5):
        with pytest.raises(AuroraError):
            services.auth.sign_in("zq.nurse", PHI["dob_iso"] + " x")
    with pytest.raises(AuroraError):
        services.users.add_user(staff.admin, "bad name", PHI["last"], ["nurse"], PW)
    nurse = staff.nurse
    assert services.patient_search.search(nurse, PHI["last"])
    elevated = services.auth.start_break_glass(nurse, f"covering for {PHI['last']} emergency")
    services.auth.end_break_glass(elevated)

    for argv in (["patients", "find", PHI["last"]], ["patients", "find", PHI["dob_iso"]],
                 ["patients", "find", PHI["phone"]], ["user", "list"], ["audit", "verify"],
                 ["audit", "export", "--from", "2026-12-01", "--to", "2026-12-01",
                  "-o", str(tmp_path / "a.csv")], ["user", "unlock", PHI["mrn"].lower()]):
        call(database_url, *argv)
    assert PHI["last"] in (tmp_path / "a.csv").read_text(encoding="utf-8")  # the export has PHI ...

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = "\n".join(p.read_text(encoding="utf-8") for p in log_file.parent.glob("*.log*"))
    assert "locked after 5 failed sign-ins" in text and "staff id" in text  # ... the log has ids
    leaked = {k: v for k, v in PHI.items() if v.lower() in text.lower()}
    assert leaked == {}
