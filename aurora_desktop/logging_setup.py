"""Diagnostic logging to a rotating file in the data directory (record ids only, never PHI)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE_NAME = "aurora-desktop.log"


def configure_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Attach one rotating handler to the root logger (idempotent). Returns the log path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    # SQL text and parameters never go to the log (hide_parameters is also set on engines).
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return path
