"""One typed settings object: database URL, data directory, idle lock; read from args and env."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "AuroraDesktop"
APP_AUTHOR = "AuroraWellness"
ENV_DATABASE_URL = "AURORA_DATABASE_URL"
ENV_DATA_DIR = "AURORA_DATA_DIR"
ENV_BACKUP_DIR = "AURORA_BACKUP_DIR"
ENV_BACKUPS_TO_KEEP = "AURORA_BACKUPS_TO_KEEP"


@dataclass(frozen=True)
class Settings:
    """Resolved start-up settings shared by the GUI and the admin CLI."""

    data_dir: Path
    database_url: str
    idle_lock_minutes: int = 10
    backups_to_keep: int = 14
    backup_folder: Path | None = None  # automatic daily backups; default <data dir>/backups

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def backup_dir(self) -> Path:
        return self.backup_folder or self.data_dir / "backups"

    def describe_backend(self) -> str:
        """Human-readable backend for the status bar; never includes a password."""
        from sqlalchemy.engine import make_url

        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite":
            return f"SQLite: {url.database}"
        return f"PostgreSQL: {url.host or 'localhost'}/{url.database}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options the GUI and the CLI both accept."""
    parser.add_argument(
        "--database-url",
        help=f"SQLAlchemy URL, e.g. postgresql+psycopg://user@host/aurora (env {ENV_DATABASE_URL})",
    )
    parser.add_argument(
        "--data-dir",
        help=f"folder for the embedded database, logs and backups (env {ENV_DATA_DIR})",
    )


def resolve(
    database_url: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Arguments win over the environment, which wins over the per-user default."""
    env = os.environ if environ is None else environ
    chosen_dir = data_dir or env.get(ENV_DATA_DIR) or user_data_dir(APP_NAME, APP_AUTHOR)
    folder = Path(chosen_dir).expanduser().resolve()
    url = database_url or env.get(ENV_DATABASE_URL) or f"sqlite:///{folder / 'aurora.db'}"
    backup_folder = env.get(ENV_BACKUP_DIR)
    keep = env.get(ENV_BACKUPS_TO_KEEP, "").strip()
    if keep and (not keep.isdigit() or int(keep) < 1):
        raise ValueError(f"{ENV_BACKUPS_TO_KEEP} must be a whole number of at least 1, not '{keep}'")
    return Settings(
        data_dir=folder, database_url=url, backups_to_keep=int(keep) if keep else 14,
        backup_folder=Path(backup_folder).expanduser().resolve() if backup_folder else None,
    )


def from_namespace(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    return resolve(getattr(args, "database_url", None), getattr(args, "data_dir", None), environ)
