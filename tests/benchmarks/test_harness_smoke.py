"""The benchmark harness works end to end in its small mode (no budgets asserted here)."""

from __future__ import annotations

import json

import pytest

from benchmarks import report, runner


@pytest.mark.slow
def test_small_mode_runs_and_writes_results(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    code = runner.main(["--size", "small", "--runs", "1", "--warmup", "0"])
    assert code == 0  # small mode never fails on budgets
    data = json.loads((tmp_path / "latest.json").read_text())
    names = {r["name"]: r for r in data}
    for key in ("patient search per keystroke (20k patients)", "floor board refresh (16 under observation)",
                "record one checkpoint (validate + write + audit + commit)",
                "cold start -> first window painted", "one session-log PDF",
                "batch export of 500 session logs", "longest event-loop stall during the batch",
                "sign-in -> main window with today's schedule", "peak RSS after schedule + floor board open"):
        assert names[key]["available"] and names[key]["median_ms"] > 0
    assert set(data[0]) >= {"name", "median_ms", "floor_ms", "ratio", "budget_ms", "budget_ratio", "ok"}
    assert "under observation" in names["floor board refresh (16 under observation)"]["note"]
