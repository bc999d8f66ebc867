"""What a CLI handler receives: settings, lazily opened services, output streams."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import IO, Any

from aurora_desktop.db.database import Database
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.clock import Clock, SystemClock
from aurora_desktop.services.container import Services
from aurora_desktop.settings import Settings
from aurora_desktop.startup import open_database, open_services


class CliError(Exception):
    """A one-line error for the administrator; exit status 1 (2 for usage errors)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class CliContext:
    settings: Settings
    out: IO[str] = field(default_factory=lambda: sys.stdout)
    err: IO[str] = field(default_factory=lambda: sys.stderr)
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    clock: Clock = field(default_factory=SystemClock)
    _services: Services | None = None

    @property
    def actor(self) -> Actor:
        return Actor.command_line()

    def services(self) -> Services:
        if self._services is None:
            self._services = open_services(self.settings, self.clock)
        return self._services

    def database(self, migrate: bool = False) -> Database:
        return open_database(self.settings, migrate=migrate)

    def print(self, *parts: object) -> None:
        print(*parts, file=self.out)

    def print_json(self, data: Any) -> None:
        print(json.dumps(data, indent=2, default=str), file=self.out)

    def close(self) -> None:
        if self._services is not None:
            self._services.ctx.db.dispose()


def parse_iso_date(value: str, field_name: str = "date"):  # noqa: ANN201 - date
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{field_name}: '{value}' is not a date in YYYY-MM-DD form", 2) from None


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text lines")
