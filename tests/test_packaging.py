"""The installed wheel (not the source tree) finds its migrations and resources."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_in_a_clean_venv_migrates_a_database(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(dist)],
        check=True, timeout=300,
    )
    wheel = next(dist.glob("aurora_desktop-*.whl"))
    env_dir = tmp_path / "venv"
    # System site-packages supply the (large) dependencies; the package itself comes
    # from the wheel, which the venv's own site-packages puts first on sys.path.
    venv.EnvBuilder(with_pip=False, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        check=True, timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    # A developer's PYTHONPATH (e.g. a worktree) would shadow the installed wheel.
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = (
        "import aurora_desktop, aurora_desktop.resources as r; "
        "print(aurora_desktop.__file__); print(r.migrations_dir()); print(r.data_dir('resources'))"
    )
    where = subprocess.run([str(python), "-c", probe], cwd=work, capture_output=True, text=True,
                           check=True, env=clean_env).stdout.splitlines()
    assert all(line.startswith(str(env_dir)) for line in where), where
    admin = env_dir / "bin" / "aurora-admin"
    result = subprocess.run(
        [str(admin), "--data-dir", str(tmp_path / "data"), "db", "upgrade"],
        cwd=work, capture_output=True, text=True, timeout=120, env=clean_env,
    )
    assert result.returncode == 0, result.stderr
    assert "revision 0001" in result.stdout or "revision" in result.stdout
