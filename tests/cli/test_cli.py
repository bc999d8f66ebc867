"""`aurora-admin`: db, clinics, sessions, patients; bad input gets one line and non-zero."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from aurora_desktop.cli import run
from aurora_desktop.commands.base import CliContext
from aurora_desktop.db.database import Database
from aurora_desktop.settings import resolve


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    cli = CliContext(resolve(), out=out, err=err)
    code = run(list(argv), cli)
    return code, out.getvalue(), err.getvalue()


def test_db_status_then_upgrade(tmp_path: Path) -> None:
    base = ["--data-dir", str(tmp_path)]
    code, out, _ = call(*base, "db", "status")
    assert code == 3
    assert "(empty database)" in out and "upgrade needed" in out
    code, out, _ = call(*base, "db", "upgrade")
    assert code == 0 and "head" in out
    code, out, _ = call(*base, "db", "status")
    assert code == 0 and "up to date" in out
    assert (tmp_path / "aurora.db").exists()


def test_clinics_list_text_and_json(tmp_path: Path) -> None:
    code, out, _ = call("--data-dir", str(tmp_path), "clinics", "list")
    assert code == 0
    assert "WP\tAurora Wellness White Plains" in out and "8 chairs" in out
    code, out, _ = call("--data-dir", str(tmp_path), "clinics", "list", "--json")
    data = json.loads(out)
    assert [c["code"] for c in data] == ["WP", "BK"]


def test_sessions_list_rejects_unknown_clinic_and_bad_date(tmp_path: Path) -> None:
    code, _, err = call("--data-dir", str(tmp_path), "sessions", "list", "--clinic", "QQ",
                        "--date", "2026-12-01")
    assert code == 1 and err.strip() == "aurora-admin: error: clinic 'QQ' (known clinics: WP, BK) not found"
    code, _, err = call("--data-dir", str(tmp_path), "sessions", "list", "--clinic", "WP",
                        "--date", "12/01/2026")
    assert code == 2 and "YYYY-MM-DD" in err and err.count("\n") == 1


def test_bad_database_urls_give_one_line(tmp_path: Path) -> None:
    code, _, err = call("--database-url", "oracle://x@y/z", "db", "status")
    assert code == 1 and "unsupported database backend 'oracle'" in err and err.count("\n") == 1
    code, _, err = call("--database-url", "postgresql+psycopg://nobody@127.0.0.1:9/aurora",
                        "db", "status")
    assert code == 1 and "cannot open database" in err and "Traceback" not in err


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    assert call("--data-dir", str(tmp_path), "db", "upgrade")[0] == 0
    db = Database(f"sqlite:///{tmp_path / 'aurora.db'}")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    db.dispose()
    code, _, err = call("--data-dir", str(tmp_path), "clinics", "list")
    assert code == 1 and "newer than this Aurora Desktop" in err


def test_environment_variable_selects_the_data_dir(tmp_path: Path) -> None:
    env = {"AURORA_DATA_DIR": str(tmp_path / "env-dir"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "aurora_desktop.cli", "db", "upgrade"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env-dir" / "aurora.db").exists()


@pytest.mark.parametrize("argv", [["--help"], ["db", "--help"], ["sessions", "list", "--help"]])
def test_help_is_available(argv: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "aurora_desktop.cli", *argv],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "usage: aurora-admin" in result.stdout
