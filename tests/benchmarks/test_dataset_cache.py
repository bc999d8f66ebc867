"""The benchmark cache: a set built at an older schema revision is upgraded, not rebuilt."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from aurora_desktop.db import migrations
from aurora_desktop.db.database import Database
from benchmarks import dataset


def test_an_older_revisions_set_is_upgraded_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset, "CACHE", tmp_path)
    old = tmp_path / "sqlite-small-seed7-0001.db"
    db = Database(f"sqlite:///{old}")
    migrations.upgrade(db.engine, "0001")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    now = "2026-11-25T19:10:00+00:00"
    old.with_suffix(".json").write_text(json.dumps({"now": now, "built_seconds": 60.0, "counts": {}}))
    monkeypatch.setattr(dataset, "_build", lambda *a, **k: pytest.fail("must not rebuild"))
    said: list[str] = []

    ready = dataset.prepare("small", 7, "sqlite", None, False, say=said.append)

    head = migrations.head_revision()
    path = tmp_path / f"sqlite-small-seed7-{head}.db"
    assert ready.url == f"sqlite:///{path}" and ready.now.isoformat() == now
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
    meta = json.loads(path.with_suffix(".json").read_text())
    assert meta["note"] == f"upgraded in place from {old.name}"
    assert any("upgrading a copy" in line for line in said)
    with sqlite3.connect(old) as conn:  # the older cache is left as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert dataset.prepare("small", 7, "sqlite", None, False, say=said.append).url == ready.url  # reused
