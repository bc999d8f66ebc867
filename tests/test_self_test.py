"""`aurora-desktop --self-test` passes on a working installation and names a failing step."""

from __future__ import annotations

import io

import pytest

from aurora_desktop import self_test
from aurora_desktop.app import main


def test_self_test_passes(qapp, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    for step in ("open database and migrate", "first-run data", "demo data (small)", "integrity check",
                 "backup and restore", "PDF", "main window"):
        assert f"  ok  {step}: " in out
    assert out.rstrip().endswith("self-test passed")
    pdf_line = next(line for line in out.splitlines() if line.startswith("  ok  PDF: "))
    assert "session log, " in pdf_line and " checkpoints, " in pdf_line  # the real reports code


def test_self_test_names_the_failing_step(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    def broken(*_args: object) -> str:
        raise OSError("no fonts")

    monkeypatch.setattr(self_test, "_pdf_step", broken)
    out = io.StringIO()
    assert self_test.run(out) == 1
    assert "self-test FAILED at step 'PDF': OSError: no fonts" in out.getvalue()
