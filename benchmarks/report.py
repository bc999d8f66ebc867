"""The results table (stdout) and JSON (benchmarks/results/latest.json)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.measure import Result

RESULTS = Path(__file__).resolve().parent / "results"


def _fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "-"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"


def table(results: list[Result]) -> str:
    head = ["operation", "median", "min", "max", "floor", "ratio", "budget", "result"]
    rows = []
    for r in results:
        if not r.available:
            rows.append([r.name, "-", "-", "-", "-", "-", _budget(r), "not available"])
            continue
        rows.append([
            r.name, _fmt(r.median_ms, r.unit),
            _fmt(min(r.samples_ms), r.unit), _fmt(max(r.samples_ms), r.unit),
            _fmt(r.floor_ms, r.unit), "-" if r.ratio is None else f"{r.ratio:.1f}x", _budget(r),
            {True: "pass", False: "FAIL", None: "-"}[r.ok],
        ])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=False)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=False)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)) + " |"
              for row in rows]
    return "\n".join(lines)


def _budget(r: Result) -> str:
    parts = []
    if r.budget_ms is not None:
        parts.append(f"<= {_fmt(r.budget_ms, r.unit)}")
    if r.budget_ratio is not None:
        parts.append(f"<= {r.budget_ratio:g}x")
    return ", ".join(parts) or "-"


def write_json(results: list[Result], backend: str, size: str, meta: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    data = [r.as_json() for r in results]
    latest = RESULTS / "latest.json"
    latest.write_text(json.dumps(data, indent=2) + "\n")
    (RESULTS / f"latest-{backend}-{size}.json").write_text(
        json.dumps({"meta": meta, "results": data}, indent=2) + "\n")
    return latest


def load_previous(backend: str, size: str) -> dict[str, dict]:
    path = RESULTS / f"latest-{backend}-{size}.json"
    if not path.exists():
        return {}
    return {r["name"]: r for r in json.loads(path.read_text())["results"]}
