"""`aurora-admin export ...` writes audited PDFs; unknown ids get one line and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import func, select

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.services.clock import FakeClock
from tests.cli.test_cli import call
from tests.conftest import DEFAULT_NOW, build_services
from tests.support.session_data import build_session
from tests.support.staff import create_staff


def test_export_commands_write_pdfs_and_refuse_unknown_ids(tmp_path: Path) -> None:
    base = ["--data-dir", str(tmp_path / "data")]
    assert call(*base, "db", "upgrade")[0] == 0
    services = build_services(f"sqlite:///{tmp_path / 'data' / 'aurora.db'}", FakeClock(DEFAULT_NOW))
    built = build_session(services, create_staff(services))

    out_file = tmp_path / "out" / "log.pdf"
    code, out, err = call(*base, "export", "session-log", str(built.session_id), "-o", str(out_file))
    assert code == 0, err
    assert "wrote" in out and out_file.exists()
    text = " ".join(PdfReader(str(out_file)).pages[0].extract_text().split())
    assert "MRN-100234" in text and "SPRAVATO® Session Log" in text

    day_file = tmp_path / "day.pdf"
    code, _, err = call(*base, "export", "day-log", "--clinic", "wp", "--date", "2026-11-30",
                        "-o", str(day_file))
    assert code == 0, err
    assert "LOT-A1234" in PdfReader(str(day_file)).pages[0].extract_text()

    history = tmp_path / "history.pdf"
    assert call(*base, "export", "patient-history", "MRN-100234", "-o", str(history))[0] == 0
    assert history.read_bytes().startswith(b"%PDF")
    with services.ctx.db.read() as session:
        exports = session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "export"))
    assert exports == 3
    services.ctx.db.dispose()

    for argv, message in [
        (["session-log", "424242"], "session 424242 not found"),
        (["patient-history", "NO-SUCH"], "patient with MRN 'NO-SUCH' not found"),
        (["day-log", "--clinic", "QQ", "--date", "2026-11-30"], "clinic 'QQ'"),
    ]:
        missing = tmp_path / "missing.pdf"
        code, _, err = call(*base, "export", *argv, "-o", str(missing))
        assert code == 1 and message in err and err.count("\n") == 1, err
        assert not missing.exists()
    code, _, err = call(*base, "export", "day-log", "--clinic", "WP", "--date", "11/30/2026",
                        "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and err.count("\n") == 1
